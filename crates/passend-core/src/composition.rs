//! The composition check: does every SWV hold the kinds of school the law requires, does
//! every vestiging belong where it must, and where is the data too thin to tell?
//!
//! Sources: WPO art. 18a lid 2 (PO: basisscholen, SBO, SO of clusters 3 and 4); WVO art.
//! 17a lid 2, now WVO 2020 art. 2.47 (VO: vmbo, havo, vwo, praktijkonderwijs, VSO of
//! clusters 3 and 4); WEC (clusters 1 and 2 outside the SWVs); domain-rules §1.1.

use std::fmt;

use crate::cluster::{Cluster, ClusterBasis, ClusterSet};
use crate::ids::VestigingCode;
use crate::membership::{GemeenteIndex, required_sectors};
use crate::register::{LocationBasis, MembershipBasis, Register, Vestiging};
use crate::school::{SchoolKind, Status, VoStructure};
use crate::swv::{Sector, SwvCode};

/// How serious a finding is.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Severity {
    /// The law is not met, or a vestiging is not where it must be.
    Error,
    /// Probably wrong, or the data is too thin to be sure.
    Warning,
    /// Worth knowing.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<Severity> {
        match code {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }

    /// Dutch label.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "fout",
            Severity::Warning => "waarschuwing",
            Severity::Info => "informatie",
        }
    }
}

macro_rules! rules {
    ($( $(#[$doc:meta])* $variant:ident = $id:literal, $title:literal; )*) => {
        /// Every rule a finding can come from. The ids are stable: scripts and SWVs
        /// filter on them.
        #[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
        pub enum Rule {
            $( $(#[$doc])* $variant, )*
        }

        impl Rule {
            /// Every rule, in documentation order.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant),*];

            /// The stable id, such as `po_missing_sbo`.
            pub fn id(self) -> &'static str {
                match self { $(Rule::$variant => $id,)* }
            }

            /// A short Dutch title.
            pub fn title(self) -> &'static str {
                match self { $(Rule::$variant => $title,)* }
            }

            /// Parses an id.
            pub fn from_id(id: &str) -> Option<Rule> {
                match id { $($id => Some(Rule::$variant),)* _ => None }
            }
        }
    };
}

rules! {
    /// A PO SWV without an open basisschool.
    PoMissingBao = "po_missing_bao", "PO-samenwerkingsverband zonder basisschool";
    /// A PO SWV without an open SBO vestiging.
    PoMissingSbo = "po_missing_sbo", "PO-samenwerkingsverband zonder SBO";
    /// A PO SWV without SO of cluster 3.
    PoMissingSoCluster3 = "po_missing_so_cluster_3", "PO-samenwerkingsverband zonder SO cluster 3";
    /// A PO SWV without SO of cluster 4.
    PoMissingSoCluster4 = "po_missing_so_cluster_4", "PO-samenwerkingsverband zonder SO cluster 4";
    /// A VO SWV without vmbo.
    VoMissingVmbo = "vo_missing_vmbo", "VO-samenwerkingsverband zonder vmbo";
    /// A VO SWV without havo.
    VoMissingHavo = "vo_missing_havo", "VO-samenwerkingsverband zonder havo";
    /// A VO SWV without vwo.
    VoMissingVwo = "vo_missing_vwo", "VO-samenwerkingsverband zonder vwo";
    /// A VO SWV without praktijkonderwijs.
    VoMissingPraktijkonderwijs = "vo_missing_praktijkonderwijs", "VO-samenwerkingsverband zonder praktijkonderwijs";
    /// A VO SWV without VSO.
    VoMissingVso = "vo_missing_vso", "VO-samenwerkingsverband zonder VSO";
    /// A vestiging that must belong to an SWV in a sector belongs to none.
    VestigingWithoutSwv = "vestiging_without_swv", "Vestiging zonder samenwerkingsverband";
    /// A vestiging belongs to more than one SWV in one sector.
    VestigingInSeveralSwvs = "vestiging_in_several_swvs", "Vestiging in meer dan één samenwerkingsverband per sector";
    /// A vestiging belongs to an SWV in a sector it does not teach in, or a cluster 1 or 2 school belongs to one.
    VestigingWrongMembership = "vestiging_wrong_membership", "Vestiging hoort niet in dit samenwerkingsverband";
    /// Memberships of a landelijk SWV that rest on an inference.
    LandelijkInferred = "landelijk_inferred", "Lidmaatschap landelijk samenwerkingsverband afgeleid";
    /// A vestiging placed by its municipality because its postcode is unknown.
    MembershipByGemeente = "membership_by_gemeente", "Lidmaatschap via gemeente (postcode onbekend)";
    /// The vestiging's PC4 is not in the regio-indeling.
    DataUnknownPc4 = "data_unknown_pc4", "Postcodegebied niet in de regio-indeling";
    /// The cluster of a (V)SO vestiging is unknown or rests on weak evidence.
    DataUnclassifiedCluster = "data_unclassified_cluster", "Cluster onbekend of onzeker";
    /// No address point for the vestiging.
    DataMissingCoordinates = "data_missing_coordinates", "Coördinaten ontbreken";
    /// Sources disagree about a vestiging.
    DataSourceConflict = "data_source_conflict", "Bronnen spreken elkaar tegen";
    /// A value in a source file could not be read.
    DataInvalidValue = "data_invalid_value", "Onleesbare waarde in bronbestand";
    /// A record appears more than once in a source file.
    DataDuplicate = "data_duplicate", "Dubbele regel in bronbestand";
    /// DUO's own SWV assignment differs from the area rule.
    DataDuoSwvDiffers = "data_duo_swv_differs", "DUO-toewijzing wijkt af van het gebied";
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One finding of the check.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Finding {
    /// The rule.
    pub rule: Rule,
    /// How serious.
    pub severity: Severity,
    /// The SWV it concerns, when one.
    pub swv: Option<SwvCode>,
    /// The vestiging it concerns, when one.
    pub vestiging: Option<VestigingCode>,
    /// What is wrong, in plain Dutch.
    pub message: String,
}

impl Finding {
    fn new(
        rule: Rule,
        severity: Severity,
        swv: Option<SwvCode>,
        vestiging: Option<VestigingCode>,
        message: String,
    ) -> Finding {
        Finding {
            rule,
            severity,
            swv,
            vestiging,
            message,
        }
    }
}

/// Sorts findings for display: by SWV (none last), severity, rule, vestiging.
pub fn sort_findings(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (
            a.swv.is_none(),
            a.swv,
            a.severity,
            a.rule,
            a.vestiging,
            &a.message,
        )
            .cmp(&(
                b.swv.is_none(),
                b.swv,
                b.severity,
                b.rule,
                b.vestiging,
                &b.message,
            ))
    });
}

/// The composition findings plus the import's data findings, sorted; with `only`, those
/// of one SWV.
pub fn all_findings(
    register: &Register,
    data_findings: &[Finding],
    only: Option<SwvCode>,
) -> Vec<Finding> {
    let mut findings = check(register, only);
    findings.extend(
        data_findings
            .iter()
            .filter(|f| only.is_none_or(|o| f.swv == Some(o)))
            .cloned(),
    );
    sort_findings(&mut findings);
    findings
}

/// Whether a finding concerns a sector: by its SWV, else by the kind of its vestiging
/// (a primary school without SWV is no VO matter); findings about neither count for both.
pub fn concerns_sector(finding: &Finding, register: &Register, sector: Sector) -> bool {
    match (
        finding.swv,
        finding.vestiging.and_then(|v| register.vestiging(v)),
    ) {
        (Some(swv), _) => swv.sector() == sector,
        (None, Some(v)) => v.kind.sectors().contains(&sector),
        (None, None) => true,
    }
}

/// Counts of findings per severity.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct SeverityCounts {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Infos.
    pub info: usize,
}

impl SeverityCounts {
    /// Counts a list.
    pub fn of<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> SeverityCounts {
        let mut counts = SeverityCounts::default();
        for f in findings {
            match f.severity {
                Severity::Error => counts.error += 1,
                Severity::Warning => counts.warning += 1,
                Severity::Info => counts.info += 1,
            }
        }
        counts
    }
}

/// Runs every rule over the register; with `only`, keeps the findings of that SWV.
pub fn check(register: &Register, only: Option<SwvCode>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for swv in register.swvs().filter(|s| only.is_none_or(|o| o == *s)) {
        match swv.sector() {
            Sector::Po => check_po(register, swv, &mut findings),
            Sector::Vo => check_vo(register, swv, &mut findings),
        }
        check_landelijk(register, swv, &mut findings);
    }
    check_vestigingen(register, &mut findings);
    if let Some(only) = only {
        findings.retain(|f| f.swv == Some(only));
    }
    sort_findings(&mut findings);
    findings
}

/// The clusters of the part of a special vestiging that teaches in `sector`.
fn clusters_for(v: &Vestiging, sector: Sector) -> ClusterSet {
    match (&v.special_offer, sector) {
        (Some(offer), Sector::Po) if !offer.clusters().is_empty() => offer.so,
        (Some(offer), Sector::Vo) if !offer.clusters().is_empty() => offer.vso,
        _ => v.cluster.as_ref().map(|c| c.clusters).unwrap_or_default(),
    }
}

fn composition_severity(swv: SwvCode) -> (Severity, &'static str) {
    if swv.is_landelijk() {
        (
            Severity::Warning,
            " Dit is een landelijk samenwerkingsverband; de open data tonen niet welke speciale scholen ermee samenwerken.",
        )
    } else {
        (Severity::Error, "")
    }
}

fn check_po(register: &Register, swv: SwvCode, findings: &mut Vec<Finding>) {
    let open: Vec<&Vestiging> = register.open_members(swv).collect();
    let (severity, suffix) = composition_severity(swv);
    let has = |pred: &dyn Fn(&Vestiging) -> bool| open.iter().any(|v| pred(v));
    let mut missing = |rule: Rule, what: &str| {
        findings.push(Finding::new(
            rule,
            severity,
            Some(swv),
            None,
            format!("{swv} heeft geen open vestiging {what}; een PO-samenwerkingsverband omvat die in zijn gebied (WPO art. 18a lid 2).{suffix}"),
        ));
    };
    if !has(&|v| v.kind == SchoolKind::Bao) {
        missing(Rule::PoMissingBao, "van een basisschool (BAO)");
    }
    if !has(&|v| v.kind == SchoolKind::Sbo) {
        missing(Rule::PoMissingSbo, "voor speciaal basisonderwijs (SBO)");
    }
    let unknown_cluster = open
        .iter()
        .filter(|v| v.kind.is_special() && clusters_for(v, Sector::Po).is_empty())
        .count();
    for (cluster, rule) in [
        (Cluster::Three, Rule::PoMissingSoCluster3),
        (Cluster::Four, Rule::PoMissingSoCluster4),
    ] {
        if !has(&|v| v.kind.is_special() && clusters_for(v, Sector::Po).contains(cluster)) {
            let note = if unknown_cluster > 0 {
                format!(" ({unknown_cluster} SO-vestiging(en) met onbekend cluster)")
            } else {
                String::new()
            };
            missing(
                rule,
                &format!(
                    "voor speciaal onderwijs (SO) van cluster {}{note}",
                    cluster.number()
                ),
            );
        }
    }
}

fn check_vo(register: &Register, swv: SwvCode, findings: &mut Vec<Finding>) {
    let open: Vec<&Vestiging> = register.open_members(swv).collect();
    let (severity, suffix) = composition_severity(swv);
    let structure = |v: &Vestiging| v.kind.vo_structure().unwrap_or_default();
    let has = |pred: &dyn Fn(&Vestiging) -> bool| open.iter().any(|v| pred(v));
    let mut missing = |rule: Rule, what: &str| {
        findings.push(Finding::new(
            rule,
            severity,
            Some(swv),
            None,
            format!("{swv} heeft geen open vestiging {what}; een VO-samenwerkingsverband omvat die in zijn gebied (WVO 2020 art. 2.47).{suffix}"),
        ));
    };
    if !has(&|v| structure(v).has_vmbo()) {
        missing(Rule::VoMissingVmbo, "met vmbo");
    }
    if !has(&|v| structure(v).contains(VoStructure::HAVO)) {
        missing(Rule::VoMissingHavo, "met havo");
    }
    if !has(&|v| structure(v).contains(VoStructure::VWO)) {
        missing(Rule::VoMissingVwo, "met vwo");
    }
    if !has(&|v| v.kind.offers_praktijkonderwijs()) {
        missing(Rule::VoMissingPraktijkonderwijs, "met praktijkonderwijs");
    }
    if !has(&|v| matches!(v.kind, SchoolKind::Vso | SchoolKind::SoVso)) {
        missing(
            Rule::VoMissingVso,
            "voor voortgezet speciaal onderwijs (VSO)",
        );
    }
}

fn check_landelijk(register: &Register, swv: SwvCode, findings: &mut Vec<Finding>) {
    let inferred = register
        .members(swv)
        .filter(|(v, m)| {
            v.status == Status::Open
                && matches!(&m.basis, MembershipBasis::Landelijk(e) if e.contains("vermoedelijk"))
        })
        .count();
    if inferred > 0 {
        findings.push(Finding::new(
            Rule::LandelijkInferred,
            Severity::Info,
            Some(swv),
            None,
            format!(
                "Het lidmaatschap van {inferred} vestiging(en) van {swv} is afgeleid uit hun denominatie (Reformatorisch): de gebundelde open data bevatten geen ledenlijst van dit landelijke samenwerkingsverband. Leg afwijkingen vast in data/overrides/lidmaatschap.csv."
            ),
        ));
    }
}

fn check_vestigingen(register: &Register, findings: &mut Vec<Finding>) {
    // Which SWV a municipality most likely belongs to, to point an unplaced vestiging's
    // finding at the SWV that should look at it.
    let by_gemeente = GemeenteIndex::new(register.pc4s());
    let likely = |v: &Vestiging, sector: Sector| -> Option<SwvCode> {
        by_gemeente.only_swv(&v.gemeente.as_ref()?.name, sector)
    };

    for v in register
        .vestigingen()
        .iter()
        .filter(|v| v.status == Status::Open)
    {
        let memberships: Vec<_> = register.memberships_of(v.code).collect();
        let required = required_sectors(v);
        let label = format!("{} {}", v.code, v.name);

        for sector in Sector::ALL {
            let in_sector: Vec<_> = memberships.iter().filter(|m| m.sector == sector).collect();
            let must = required.contains(&sector);
            if in_sector.len() > 1 {
                let codes: Vec<String> = in_sector.iter().map(|m| m.swv.to_string()).collect();
                for m in &in_sector {
                    findings.push(Finding::new(
                        Rule::VestigingInSeveralSwvs,
                        Severity::Error,
                        Some(m.swv),
                        Some(v.code),
                        format!(
                            "{label} staat in meer dan één {sector}-samenwerkingsverband: {}.",
                            codes.join(", ")
                        ),
                    ));
                }
            }
            if !must {
                for m in &in_sector {
                    let why = match &v.cluster {
                        Some(c) if !c.swv_member() => {
                            format!("cluster {} hoort bij geen samenwerkingsverband", c.clusters)
                        }
                        _ => format!("deze vestiging geeft geen {sector}-onderwijs"),
                    };
                    findings.push(Finding::new(
                        Rule::VestigingWrongMembership,
                        Severity::Error,
                        Some(m.swv),
                        Some(v.code),
                        format!("{label} staat in {} maar {why}.", m.swv),
                    ));
                }
            }
            if must && in_sector.is_empty() {
                let (rule, severity, why) = match (
                    v.pc4(),
                    v.pc4()
                        .and_then(|p| register.pc4(p))
                        .filter(|a| a.in_regeling),
                ) {
                    (Some(pc4), None) => (
                        Rule::DataUnknownPc4,
                        Severity::Error,
                        format!(
                            "postcodegebied {pc4} staat niet in de Regeling regio-indeling (stand 2015); deze vestiging is aan geen {sector}-samenwerkingsverband gekoppeld"
                        ),
                    ),
                    (Some(pc4), Some(area)) => (
                        Rule::VestigingWithoutSwv,
                        Severity::Error,
                        format!(
                            "de Regeling regio-indeling noemt voor postcodegebied {pc4} geen {sector}-samenwerkingsverband ('{}')",
                            area.note.as_deref().unwrap_or("")
                        ),
                    ),
                    (None, _) => (
                        Rule::VestigingWithoutSwv,
                        Severity::Error,
                        format!(
                            "de postcode is onbekend en de gemeente ligt niet geheel in één {sector}-samenwerkingsverband"
                        ),
                    ),
                };
                let swv = likely(v, sector);
                let hint = match swv {
                    Some(s) => format!(
                        " Vermoedelijk hoort zij bij {s} (gemeente {}).",
                        v.gemeente.as_ref().map(|g| g.name.as_str()).unwrap_or("")
                    ),
                    None => String::new(),
                };
                findings.push(Finding::new(
                    rule,
                    severity,
                    swv,
                    Some(v.code),
                    format!("{label}: {why}.{hint}"),
                ));
            }
        }

        // Data findings, reported to every SWV the vestiging belongs to.
        let targets: Vec<Option<SwvCode>> = if memberships.is_empty() {
            vec![required.first().and_then(|s| likely(v, *s))]
        } else {
            memberships.iter().map(|m| Some(m.swv)).collect()
        };
        for m in memberships
            .iter()
            .filter(|m| matches!(m.basis, MembershipBasis::Gemeente(_)))
        {
            findings.push(Finding::new(
                Rule::MembershipByGemeente,
                Severity::Warning,
                Some(m.swv),
                Some(v.code),
                format!("{label}: de postcode is onbekend; de vestiging is via haar gemeente aan {} gekoppeld.", m.swv),
            ));
        }
        if v.kind.is_special()
            && let Some(c) = &v.cluster
        {
            let weak =
                !c.is_known() || matches!(c.basis, ClusterBasis::Name | ClusterBasis::Unknown);
            if weak {
                let what = if c.is_known() {
                    format!("cluster {} is alleen {}", c.clusters, c.evidence)
                } else {
                    format!("het cluster is onbekend ({})", c.evidence)
                };
                let membership = if c.swv_member() {
                    " Lidmaatschap van het samenwerkingsverband is aangenomen."
                } else {
                    ""
                };
                for swv in &targets {
                    findings.push(Finding::new(
                            Rule::DataUnclassifiedCluster,
                            Severity::Warning,
                            *swv,
                            Some(v.code),
                            format!("{label}: {what}.{membership} Leg het cluster vast in data/overrides/cluster.csv."),
                        ));
                }
            }
        }
        let location_problem = match v.location {
            None => Some((
                Severity::Warning,
                "geen coördinaten: de vestiging staat niet op de kaart",
            )),
            Some(l) if l.basis == LocationBasis::Pc4Centroid => Some((
                Severity::Info,
                "geen adrespunt: de vestiging staat op de kaart in het midden van haar postcodegebied",
            )),
            Some(_) => None,
        };
        if let Some((severity, text)) = location_problem {
            for swv in &targets {
                findings.push(Finding::new(
                    Rule::DataMissingCoordinates,
                    severity,
                    *swv,
                    Some(v.code),
                    format!("{label}: {text}."),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests;
