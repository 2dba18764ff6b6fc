//! Clusters of speciaal onderwijs, the DUO onderwijssoort codes, and how a vestiging's
//! cluster is classified from the evidence at hand.
//!
//! Clusters 1 (visual) and 2 (deaf, hard of hearing, TOS) belong to no
//! samenwerkingsverband; clusters 3 and 4 belong to the SWV of their area
//! (WPO art. 18a lid 2; WEC; domain-rules §1.1).

use std::fmt;

/// A cluster of speciaal onderwijs (WEC).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Cluster {
    /// Cluster 1: visual impairment (Visio, Bartiméus).
    One = 1,
    /// Cluster 2: deaf, hard of hearing, taalontwikkelingsstoornis (Kentalis, Auris).
    Two = 2,
    /// Cluster 3: ZMLK, lichamelijk gehandicapt (LG), langdurig ziek somatisch (LZ/S),
    /// meervoudig gehandicapt (MG).
    Three = 3,
    /// Cluster 4: ZMOK, langdurig ziek psychiatrisch (LZ/P), pedologische instituten (PI).
    Four = 4,
}

impl Cluster {
    /// All clusters in order.
    pub const ALL: [Cluster; 4] = [Cluster::One, Cluster::Two, Cluster::Three, Cluster::Four];

    /// The cluster number.
    pub fn number(self) -> u8 {
        self as u8
    }

    /// Whether a school of this cluster belongs to a samenwerkingsverband.
    pub fn in_swv(self) -> bool {
        matches!(self, Cluster::Three | Cluster::Four)
    }
}

/// A set of clusters, as DUO writes `3/4` for a vestiging with onderwijssoorten of both.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ClusterSet(u8);

impl ClusterSet {
    /// The empty set.
    pub const EMPTY: ClusterSet = ClusterSet(0);

    /// A set of one cluster.
    pub fn only(cluster: Cluster) -> ClusterSet {
        ClusterSet(1 << cluster.number())
    }

    /// Adds a cluster.
    pub fn insert(&mut self, cluster: Cluster) {
        self.0 |= 1 << cluster.number();
    }

    /// The union of two sets.
    pub fn union(self, other: ClusterSet) -> ClusterSet {
        ClusterSet(self.0 | other.0)
    }

    /// Whether the cluster is in the set.
    pub fn contains(self, cluster: Cluster) -> bool {
        self.0 & (1 << cluster.number()) != 0
    }

    /// Whether the set is empty.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The clusters in order.
    pub fn iter(self) -> impl Iterator<Item = Cluster> {
        Cluster::ALL.into_iter().filter(move |c| self.contains(*c))
    }

    /// Whether every cluster in the set belongs to no SWV (only clusters 1 and 2).
    pub fn only_outside_swv(self) -> bool {
        !self.is_empty() && self.iter().all(|c| !c.in_swv())
    }

    /// Parses DUO's `CLUSTER` column: `3`, `4`, `3/4`; also `3,4` and `3 en 4`.
    pub fn parse(input: &str) -> Option<ClusterSet> {
        let mut set = ClusterSet::EMPTY;
        let normalized = input.replace(" en ", "/");
        for part in normalized.split(['/', ',', '+']) {
            let cluster = match part.trim() {
                "1" => Cluster::One,
                "2" => Cluster::Two,
                "3" => Cluster::Three,
                "4" => Cluster::Four,
                _ => return None,
            };
            set.insert(cluster);
        }
        (!set.is_empty()).then_some(set)
    }

    /// The raw bits, for storage.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// From stored bits.
    pub fn from_bits(bits: u8) -> ClusterSet {
        ClusterSet(bits & 0b1_1110)
    }
}

impl fmt::Display for ClusterSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self.iter().map(|c| c.number().to_string()).collect();
        f.write_str(&parts.join("/"))
    }
}

impl fmt::Debug for ClusterSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClusterSet({self})")
    }
}

/// The cluster a DUO onderwijssoort code belongs to (WEC categories; data/README.md).
pub fn cluster_of_onderwijssoort(code: &str) -> Option<Cluster> {
    Some(match code.trim().to_ascii_uppercase().as_str() {
        "VGK" | "MGDV" => Cluster::One,
        "DOVN" | "SH" | "ESM" | "DOBLN" | "MGA" | "MGB" => Cluster::Two,
        "ZMLK" | "LG" | "LZ/S" | "MGF" => Cluster::Three,
        "ZMOK" | "LZ/P" | "PI" => Cluster::Four,
        _ => return None,
    })
}

/// What a (V)SO vestiging offers per part, parsed from DUO's `ONDERWIJS` column such as
/// `SO ZMLK + VSO ZMLK,LG + RP-VSO ZMOK`.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct SpecialOffer {
    /// Clusters of the SO part (primary age); belongs to the PO SWV.
    pub so: ClusterSet,
    /// Clusters of the VSO part (secondary age); belongs to the VO SWV.
    pub vso: ClusterSet,
    /// Whether any part is a residentiële plaatsing (`RP-`).
    pub residential: bool,
}

/// Why an `ONDERWIJS` value could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("onbekend onderdeel '{part}' in onderwijsaanbod '{input}'")]
pub struct SpecialOfferError {
    /// The whole value.
    pub input: String,
    /// The part that was not understood.
    pub part: String,
}

impl SpecialOffer {
    /// Parses DUO's `ONDERWIJS` column.
    pub fn parse(input: &str) -> Result<SpecialOffer, SpecialOfferError> {
        let mut offer = SpecialOffer::default();
        for part in input.split('+').map(str::trim).filter(|p| !p.is_empty()) {
            let err = || SpecialOfferError {
                input: input.to_owned(),
                part: part.to_owned(),
            };
            let (prefix, codes) = part.split_once(char::is_whitespace).ok_or_else(err)?;
            let (residential, level) = match prefix.strip_prefix("RP-") {
                Some(level) => (true, level),
                None => (false, prefix),
            };
            let target = match level {
                "SO" => &mut offer.so,
                "VSO" => &mut offer.vso,
                _ => return Err(err()),
            };
            for code in codes.split(',') {
                target.insert(cluster_of_onderwijssoort(code).ok_or_else(err)?);
            }
            offer.residential |= residential;
        }
        Ok(offer)
    }

    /// All clusters offered in either part.
    pub fn clusters(&self) -> ClusterSet {
        self.so.union(self.vso)
    }
}

/// On what a cluster classification rests, strongest first.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ClusterBasis {
    /// The SWV's own override file.
    Override,
    /// DUO's `CLUSTER` column for this vestiging.
    DuoVestiging,
    /// DUO's `CLUSTER` column of the other vestigingen of the same BRIN, all equal.
    DuoBrin,
    /// Words in the name (Visio, Kentalis, ZMLK, ZMOK...).
    Name,
    /// Nothing to go on.
    Unknown,
}

impl ClusterBasis {
    /// Stable code for storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            ClusterBasis::Override => "override",
            ClusterBasis::DuoVestiging => "duo-vestiging",
            ClusterBasis::DuoBrin => "duo-brin",
            ClusterBasis::Name => "name",
            ClusterBasis::Unknown => "unknown",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<ClusterBasis> {
        [
            ClusterBasis::Override,
            ClusterBasis::DuoVestiging,
            ClusterBasis::DuoBrin,
            ClusterBasis::Name,
            ClusterBasis::Unknown,
        ]
        .into_iter()
        .find(|b| b.code() == code)
    }
}

/// How sure a classification is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Confidence {
    /// A guess from words in a name, or nothing at all.
    Low,
    /// Derived from related records (the same BRIN).
    Medium,
    /// Stated by DUO for this vestiging, or set by the SWV itself.
    High,
}

impl Confidence {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Confidence> {
        match code {
            "low" => Some(Confidence::Low),
            "medium" => Some(Confidence::Medium),
            "high" => Some(Confidence::High),
            _ => None,
        }
    }

    /// Dutch label.
    pub fn label(self) -> &'static str {
        match self {
            Confidence::Low => "laag",
            Confidence::Medium => "middel",
            Confidence::High => "hoog",
        }
    }
}

/// The cluster of a (V)SO vestiging with the evidence behind it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ClusterClassification {
    /// The clusters; empty when unknown.
    pub clusters: ClusterSet,
    /// The clusters it could be when the evidence leaves a choice (for example a BRIN
    /// whose vestigingen differ); equals `clusters` when that is known.
    pub possible: ClusterSet,
    /// What the classification rests on.
    pub basis: ClusterBasis,
    /// How sure it is.
    pub confidence: Confidence,
    /// The evidence in Dutch, for people: which column or word, with its value.
    pub evidence: String,
}

impl ClusterClassification {
    /// Whether the cluster is known.
    pub fn is_known(&self) -> bool {
        !self.clusters.is_empty()
    }

    /// Whether this vestiging must belong to a samenwerkingsverband: yes for clusters
    /// 3 and 4, no for clusters 1 and 2. When the cluster is unknown, membership is
    /// presumed (most (V)SO is cluster 3 or 4) and the caller reports the uncertainty.
    pub fn swv_member(&self) -> bool {
        !self.possible.only_outside_swv()
    }
}

/// The evidence available for one vestiging.
#[derive(Clone, Debug, Default)]
pub struct ClusterEvidence<'a> {
    /// A row in the SWV's override file: the clusters and the SWV's note.
    pub override_row: Option<(ClusterSet, &'a str)>,
    /// DUO's `CLUSTER` for this vestiging, with the raw `ONDERWIJS` for the evidence.
    pub duo_vestiging: Option<(ClusterSet, &'a str)>,
    /// The distinct DUO `CLUSTER` values of the other vestigingen of the same BRIN.
    pub duo_brin: Vec<ClusterSet>,
    /// The vestiging's name.
    pub name: &'a str,
}

/// Classifies the cluster of a (V)SO vestiging: the override file first, then DUO's
/// value for the vestiging, then DUO's values for its BRIN when they agree, then words
/// in the name; "unknown" when nothing points anywhere.
pub fn classify(evidence: &ClusterEvidence<'_>) -> ClusterClassification {
    let known = |clusters: ClusterSet, basis, confidence, evidence: String| ClusterClassification {
        clusters,
        possible: clusters,
        basis,
        confidence,
        evidence,
    };
    if let Some((clusters, note)) = evidence.override_row {
        let note = if note.trim().is_empty() {
            "geen toelichting"
        } else {
            note.trim()
        };
        return known(
            clusters,
            ClusterBasis::Override,
            Confidence::High,
            format!("vastgesteld door het samenwerkingsverband ({note})"),
        );
    }
    if let Some((clusters, onderwijs)) = evidence.duo_vestiging {
        return known(
            clusters,
            ClusterBasis::DuoVestiging,
            Confidence::High,
            format!(
                "DUO-kolom CLUSTER = {clusters}, onderwijsaanbod {}",
                onderwijs.trim()
            ),
        );
    }
    match evidence.duo_brin.as_slice() {
        [] => {}
        [single] => {
            return known(
                *single,
                ClusterBasis::DuoBrin,
                Confidence::Medium,
                format!("alle andere vestigingen van dit BRIN hebben bij DUO cluster {single}"),
            );
        }
        several => {
            let possible = several
                .iter()
                .fold(ClusterSet::EMPTY, |acc, s| acc.union(*s));
            let listed: Vec<String> = several.iter().map(ToString::to_string).collect();
            return ClusterClassification {
                clusters: ClusterSet::EMPTY,
                possible,
                basis: ClusterBasis::DuoBrin,
                confidence: Confidence::Low,
                evidence: format!(
                    "de andere vestigingen van dit BRIN verschillen bij DUO: cluster {}",
                    listed.join(" en ")
                ),
            };
        }
    }
    let (clusters, words) = clusters_from_name(evidence.name);
    if !clusters.is_empty() {
        return known(
            clusters,
            ClusterBasis::Name,
            Confidence::Low,
            format!("afgeleid uit de naam ({})", words.join(", ")),
        );
    }
    ClusterClassification {
        clusters: ClusterSet::EMPTY,
        possible: ClusterSet::EMPTY,
        basis: ClusterBasis::Unknown,
        confidence: Confidence::Low,
        evidence: "geen clustergegevens bij DUO en niets in de naam".to_owned(),
    }
}

/// Words in a school's name that point to a cluster. Used only when DUO gives nothing:
/// names can mislead (DUO's `21IZ00` "... cluster 4" is right, `26MN*` "... Speciaal
/// Basisonderwijs De Rank" is ZMLK), so the result has low confidence.
pub fn clusters_from_name(name: &str) -> (ClusterSet, Vec<&'static str>) {
    const WORDS: [(&str, Cluster); 17] = [
        ("visio", Cluster::One),
        ("bartimeus", Cluster::One),
        ("bartiméus", Cluster::One),
        ("kentalis", Cluster::Two),
        ("auris", Cluster::Two),
        ("simea", Cluster::Two),
        ("siméa", Cluster::Two),
        ("zmlk", Cluster::Three),
        ("lz", Cluster::Three),
        ("lg", Cluster::Three),
        ("mg", Cluster::Three),
        ("mytyl", Cluster::Three),
        ("tyltyl", Cluster::Three),
        ("mytylschool", Cluster::Three),
        ("tyltylschool", Cluster::Three),
        ("zmok", Cluster::Four),
        ("cluster-4", Cluster::Four),
    ];
    let lower = name.to_lowercase().replace("cluster 4", "cluster-4");
    let tokens: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut set = ClusterSet::EMPTY;
    let mut found = Vec::new();
    for (word, cluster) in WORDS {
        if tokens
            .iter()
            .any(|t| *t == word || t.split('-').any(|part| part == word))
        {
            set.insert(cluster);
            found.push(word);
        }
    }
    (set, found)
}

#[cfg(test)]
mod tests;
