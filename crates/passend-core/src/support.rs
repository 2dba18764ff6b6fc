//! Support needs, levels and school support profiles (schoolondersteuningsprofiel, SOP)
//! as structured data.
//!
//! No binding national taxonomy exists: the basisondersteuning is agreed per SWV and a
//! school describes what it offers beyond it (WPO art. 18a lid 8; domain-rules §2.3,
//! §2.4, §6). passend therefore treats the list of needs as data an SWV can extend, and
//! a profile as "for this need, up to this level, with these places".

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::civil::Date;

use crate::ids::VestigingCode;
use crate::school::SchoolKind;
use crate::swv::SwvCode;

/// How far a school can go for a need (domain-rules §6.1). Ordered: a school that offers
/// a need at a higher level also serves the lower ones.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Level {
    /// Basisondersteuning: what every school of the SWV offers every pupil.
    Basis,
    /// Extra ondersteuning: an arrangement beyond the basis, with an OPP.
    Extra,
    /// Specialistisch: SBO, SO, VSO or PrO, admission with a TLV.
    Specialistisch,
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 3] = [Level::Basis, Level::Extra, Level::Specialistisch];

    /// Stable code: `basis`, `extra`, `specialistisch`.
    pub fn code(self) -> &'static str {
        match self {
            Level::Basis => "basis",
            Level::Extra => "extra",
            Level::Specialistisch => "specialistisch",
        }
    }

    /// Dutch label.
    pub fn label(self) -> &'static str {
        match self {
            Level::Basis => "basisondersteuning",
            Level::Extra => "extra ondersteuning",
            Level::Specialistisch => "specialistisch (met TLV)",
        }
    }

    /// Parses a code; also `basisondersteuning`, `extra ondersteuning` and `specialistisch onderwijs`.
    pub fn parse(input: &str) -> Option<Level> {
        match input.trim().to_lowercase().as_str() {
            "basis" | "basisondersteuning" | "1" => Some(Level::Basis),
            "extra" | "extra ondersteuning" | "arrangement" | "2" => Some(Level::Extra),
            "specialistisch" | "specialistisch onderwijs" | "gespecialiseerd" | "3" => {
                Some(Level::Specialistisch)
            }
            _ => None,
        }
    }

    /// Whether this level has places to count (basisondersteuning is for everyone).
    pub fn has_places(self) -> bool {
        self != Level::Basis
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why a need code is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "ongeldige code '{0}': gebruik kleine letters, cijfers en streepjes, ten hoogste 40 tekens"
)]
pub struct CodeError(pub String);

/// Code of a support need, such as `dyslexie` or `langdurig-ziek`: lower-case letters,
/// digits and hyphens, so that it can stand in files, URLs and the API unchanged.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NeedCode(String);

impl NeedCode {
    /// Parses a code; upper case and surrounding spaces are accepted and normalised.
    pub fn parse(input: &str) -> Result<NeedCode, CodeError> {
        let code = input.trim().to_lowercase();
        let ok = !code.is_empty()
            && code.len() <= 40
            && code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !code.starts_with('-');
        if ok {
            Ok(NeedCode(code))
        } else {
            Err(CodeError(input.to_owned()))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for NeedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for NeedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NeedCode({})", self.0)
    }
}

/// One support need with the parameters the demand estimate uses.
#[derive(Clone, PartialEq, Debug)]
pub struct Need {
    /// Code.
    pub code: NeedCode,
    /// Dutch name.
    pub label: String,
    /// Domain code, such as `leren`.
    pub domain: String,
    /// Dutch domain name.
    pub domain_label: String,
    /// Share of primary-age children with this need (0 to 1).
    pub prevalence_po: f64,
    /// Share of secondary-age children with this need (0 to 1).
    pub prevalence_vo: f64,
    /// Of the children with the need, the share that needs extra support or more.
    pub share_extra: f64,
    /// Of the children with the need, the share that needs specialist education.
    pub share_specialist: f64,
    /// Where the figures come from, in Dutch; "aanname" where no source was found.
    pub source: String,
}

impl Need {
    /// The share of children of the sector's age who need this at `level` or above.
    pub fn share_at(&self, secondary: bool, level: Level) -> f64 {
        let prevalence = if secondary {
            self.prevalence_vo
        } else {
            self.prevalence_po
        };
        prevalence
            * match level {
                Level::Basis => 1.0,
                Level::Extra => self.share_extra,
                Level::Specialistisch => self.share_specialist,
            }
    }
}

/// The list of needs in use.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Taxonomy {
    needs: Vec<Need>,
}

/// Why a taxonomy is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TaxonomyError {
    /// A code appears twice.
    #[error("behoefte '{0}' staat er meer dan eens in")]
    Duplicate(String),
    /// A share is outside 0..1 or the specialist share exceeds the extra share.
    #[error("behoefte '{code}': {what}")]
    Share {
        /// The need.
        code: String,
        /// What is wrong.
        what: String,
    },
}

impl Taxonomy {
    /// A taxonomy from needs, in the given order; codes must be unique and shares sound.
    pub fn new(needs: Vec<Need>) -> Result<Taxonomy, TaxonomyError> {
        let mut seen = BTreeSet::new();
        for n in &needs {
            if !seen.insert(n.code.clone()) {
                return Err(TaxonomyError::Duplicate(n.code.to_string()));
            }
            for (name, value) in [
                ("prevalentie PO", n.prevalence_po),
                ("prevalentie VO", n.prevalence_vo),
                ("aandeel extra", n.share_extra),
                ("aandeel specialistisch", n.share_specialist),
            ] {
                if !(0.0..=1.0).contains(&value) {
                    return Err(TaxonomyError::Share {
                        code: n.code.to_string(),
                        what: format!("{name} moet tussen 0 en 100 % liggen"),
                    });
                }
            }
            if n.share_specialist > n.share_extra {
                return Err(TaxonomyError::Share {
                    code: n.code.to_string(),
                    what: "het aandeel specialistisch kan niet groter zijn dan het aandeel extra (wie specialistisch onderwijs nodig heeft, heeft ook extra ondersteuning nodig)".to_owned(),
                });
            }
        }
        Ok(Taxonomy { needs })
    }

    /// All needs, in file order.
    pub fn needs(&self) -> &[Need] {
        &self.needs
    }

    /// One need.
    pub fn need(&self, code: &NeedCode) -> Option<&Need> {
        self.needs.iter().find(|n| &n.code == code)
    }

    /// The position of a need (for dense tables).
    pub fn index(&self, code: &NeedCode) -> Option<usize> {
        self.needs.iter().position(|n| &n.code == code)
    }
}

/// A facility of the building or the school that some pupils need.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Condition {
    /// The building has no steps (drempelvrij), wheelchair-accessible.
    Drempelvrij,
    /// A lift to every floor.
    Lift,
    /// An adapted toilet.
    AangepastToilet,
    /// A care room (verzorgingsruimte).
    Verzorgingsruimte,
    /// A low-stimulus room (prikkelarme ruimte).
    PrikkelarmeRuimte,
    /// A time-out room.
    TimeOutRuimte,
    /// Small groups.
    KleineGroepen,
    /// Therapy on site (logopedie, fysiotherapie).
    TherapieOpSchool,
}

impl Condition {
    /// All conditions.
    pub const ALL: [Condition; 8] = [
        Condition::Drempelvrij,
        Condition::Lift,
        Condition::AangepastToilet,
        Condition::Verzorgingsruimte,
        Condition::PrikkelarmeRuimte,
        Condition::TimeOutRuimte,
        Condition::KleineGroepen,
        Condition::TherapieOpSchool,
    ];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            Condition::Drempelvrij => "drempelvrij",
            Condition::Lift => "lift",
            Condition::AangepastToilet => "aangepast-toilet",
            Condition::Verzorgingsruimte => "verzorgingsruimte",
            Condition::PrikkelarmeRuimte => "prikkelarme-ruimte",
            Condition::TimeOutRuimte => "time-out-ruimte",
            Condition::KleineGroepen => "kleine-groepen",
            Condition::TherapieOpSchool => "therapie-op-school",
        }
    }

    /// Dutch label.
    pub fn label(self) -> &'static str {
        match self {
            Condition::Drempelvrij => "gebouw zonder drempels of trappen",
            Condition::Lift => "lift",
            Condition::AangepastToilet => "aangepast toilet",
            Condition::Verzorgingsruimte => "verzorgingsruimte",
            Condition::PrikkelarmeRuimte => "prikkelarme ruimte",
            Condition::TimeOutRuimte => "time-outruimte",
            Condition::KleineGroepen => "kleine groepen",
            Condition::TherapieOpSchool => "therapie op school (logopedie, fysiotherapie)",
        }
    }

    /// Parses a code.
    pub fn parse(input: &str) -> Option<Condition> {
        let code = input.trim().to_lowercase().replace(' ', "-");
        Condition::ALL.into_iter().find(|c| c.code() == code)
    }
}

/// One need a school serves, up to a level, with its places for that level.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Offer {
    /// The need.
    pub need: NeedCode,
    /// The highest level offered for it.
    pub level: Level,
    /// Places for pupils at that level; `None` for basisondersteuning or when unknown.
    pub places: Option<u32>,
}

/// Where a profile comes from.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum ProfileSource {
    /// Made by `sop generate` from a seed: demo data, not a real school's profile.
    Synthetic {
        /// The seed.
        seed: u64,
    },
    /// Imported from a file.
    Imported {
        /// The file name, for the history.
        file: String,
    },
    /// Edited in the web application.
    Edited,
}

impl ProfileSource {
    /// Stable code.
    pub fn code(&self) -> &'static str {
        match self {
            ProfileSource::Synthetic { .. } => "synthetic",
            ProfileSource::Imported { .. } => "import",
            ProfileSource::Edited => "editor",
        }
    }

    /// The detail stored beside the code.
    pub fn detail(&self) -> String {
        match self {
            ProfileSource::Synthetic { seed } => seed.to_string(),
            ProfileSource::Imported { file } => file.clone(),
            ProfileSource::Edited => String::new(),
        }
    }

    /// Rebuilds from code and detail.
    pub fn from_stored(code: &str, detail: &str) -> Option<ProfileSource> {
        match code {
            "synthetic" => detail
                .parse()
                .ok()
                .map(|seed| ProfileSource::Synthetic { seed }),
            "import" => Some(ProfileSource::Imported {
                file: detail.to_owned(),
            }),
            "editor" => Some(ProfileSource::Edited),
            _ => None,
        }
    }

    /// Whether this is synthetic demo data.
    pub fn is_synthetic(&self) -> bool {
        matches!(self, ProfileSource::Synthetic { .. })
    }

    /// Dutch description.
    pub fn label(&self) -> String {
        match self {
            ProfileSource::Synthetic { seed } => {
                format!(
                    "synthetisch voorbeeld (gegenereerd met seed {seed}); geen echt profiel van deze school"
                )
            }
            ProfileSource::Imported { file } => format!("ingelezen uit {file}"),
            ProfileSource::Edited => "bewerkt in passend".to_owned(),
        }
    }
}

/// One version of a school's support profile.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SupportProfile {
    /// The vestiging.
    pub vestiging: VestigingCode,
    /// From when this version holds.
    pub valid_from: Date,
    /// Needs served, at most one offer per need.
    pub offers: Vec<Offer>,
    /// Facilities.
    pub conditions: BTreeSet<Condition>,
    /// Where it comes from.
    pub source: ProfileSource,
}

impl SupportProfile {
    /// The offer for a need.
    pub fn offer(&self, need: &NeedCode) -> Option<&Offer> {
        self.offers.iter().find(|o| &o.need == need)
    }

    /// Whether two versions say the same (ignoring date and source).
    pub fn same_content(&self, other: &SupportProfile) -> bool {
        let sorted = |p: &SupportProfile| {
            let mut offers = p.offers.clone();
            offers.sort_by(|a, b| a.need.cmp(&b.need));
            offers
        };
        self.vestiging == other.vestiging
            && sorted(self) == sorted(other)
            && self.conditions == other.conditions
    }
}

/// The basisondersteuning an SWV agreed for all its schools (WPO art. 18a lid 8 a).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct SwvBasis {
    /// The SWV.
    pub swv: SwvCode,
    /// From when it holds.
    pub valid_from: Date,
    /// The needs every member school serves at least at basis level.
    pub needs: BTreeSet<NeedCode>,
    /// Where it comes from.
    pub source: ProfileSource,
}

/// Why an offer is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OfferError {
    /// Specialist level at a school kind that does not give specialist education.
    #[error(
        "niveau specialistisch kan alleen bij SBO, SO, VSO, SO/VSO of praktijkonderwijs ({kind} geeft geen onderwijs met een TLV)"
    )]
    SpecialistAtRegularSchool {
        /// The kind, in Dutch.
        kind: &'static str,
    },
    /// Places at basis level.
    #[error("basisondersteuning heeft geen plaatsen: die is er voor alle leerlingen")]
    PlacesAtBasis,
}

/// Checks an offer against the school kind: specialist education needs a school that
/// may admit pupils with a TLV (WPO art. 40a; WEC art. 40; WVO art. 10f).
pub fn check_offer(kind: SchoolKind, offer: &Offer) -> Result<(), OfferError> {
    if offer.level == Level::Specialistisch
        && !(kind == SchoolKind::Sbo || kind.is_special() || kind.offers_praktijkonderwijs())
    {
        return Err(OfferError::SpecialistAtRegularSchool { kind: kind.short() });
    }
    if offer.level == Level::Basis && offer.places.is_some_and(|p| p > 0) {
        return Err(OfferError::PlacesAtBasis);
    }
    Ok(())
}

impl SwvBasis {
    /// Whether two versions say the same (ignoring date and source).
    pub fn same_content(&self, other: &SwvBasis) -> bool {
        self.swv == other.swv && self.needs == other.needs
    }
}

/// How far is near enough per level, and how much longer a road is than a straight line:
/// the settings of `instellingen/dekking.csv`. An SWV adjusts them to its
/// ondersteuningsplan; a key the file leaves out keeps its default.
#[derive(Clone, PartialEq, Debug)]
pub struct CoverageSettings {
    /// The largest distance (km over the road, as the leerlingenvervoer rules measure it)
    /// that counts as near enough, per level in the order of [`Level::ALL`]: basis,
    /// extra, specialistisch.
    pub threshold_km: [f64; 3],
    /// Without a road network, a road distance is estimated as the great-circle distance
    /// times this factor.
    pub detour: f64,
    /// Where each value comes from, by key (`drempel_basis_km` …), in Dutch; a key the
    /// file left out has [`CoverageSettings::DEFAULT_SOURCE`].
    pub sources: BTreeMap<String, String>,
}

/// Why a coverage setting is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingError {
    /// The key is not one of [`CoverageSettings::KEYS`].
    #[error(
        "onbekende sleutel '{0}': gebruik drempel_basis_km, drempel_extra_km, drempel_specialistisch_km of omrijfactor"
    )]
    UnknownKey(String),
    /// A threshold that is not a positive distance.
    #[error("een drempel moet groter zijn dan 0 km en ten hoogste 200 km")]
    Threshold,
    /// A detour factor below 1 (a road is never shorter than the straight line) or
    /// implausibly large.
    #[error("de omrijfactor moet tussen 1 en 3 liggen")]
    Detour,
}

impl CoverageSettings {
    /// The keys, in file order: the thresholds of basis, extra and specialistisch, then
    /// the detour factor.
    pub const KEYS: [&'static str; 4] = [
        "drempel_basis_km",
        "drempel_extra_km",
        "drempel_specialistisch_km",
        "omrijfactor",
    ];

    /// The source of a value the file did not set.
    pub const DEFAULT_SOURCE: &'static str = "standaardwaarde van passend (niet in het bestand)";

    /// The threshold of a level, in km.
    pub fn threshold(&self, level: Level) -> f64 {
        self.threshold_km[level_index(level)]
    }

    /// The value of a key.
    pub fn value(&self, key: &str) -> Option<f64> {
        match key {
            "omrijfactor" => Some(self.detour),
            _ => Level::ALL
                .iter()
                .position(|l| threshold_key(*l) == key)
                .map(|i| self.threshold_km[i]),
        }
    }

    /// Where a key's value comes from.
    pub fn source(&self, key: &str) -> &str {
        self.sources
            .get(key)
            .map_or(CoverageSettings::DEFAULT_SOURCE, String::as_str)
    }

    /// Sets one value with its source, after checking it.
    pub fn set(&mut self, key: &str, value: f64, source: &str) -> Result<(), SettingError> {
        if key == "omrijfactor" {
            if !(1.0..=3.0).contains(&value) {
                return Err(SettingError::Detour);
            }
            self.detour = value;
        } else {
            let i = Level::ALL
                .iter()
                .position(|l| threshold_key(*l) == key)
                .ok_or_else(|| SettingError::UnknownKey(key.to_owned()))?;
            if !(value > 0.0 && value <= 200.0) {
                return Err(SettingError::Threshold);
            }
            self.threshold_km[i] = value;
        }
        self.sources.insert(key.to_owned(), source.to_owned());
        Ok(())
    }
}

impl Default for CoverageSettings {
    /// The defaults, the same as the shipped `dekking.csv`: 6 km for basis (the distance
    /// beyond which the common municipal leerlingenvervoer rules give a primary pupil
    /// transport), 10 km for extra and 20 km for specialistisch (assumptions of passend),
    /// and a detour factor of 1.3.
    fn default() -> CoverageSettings {
        CoverageSettings {
            threshold_km: [6.0, 10.0, 20.0],
            detour: 1.3,
            sources: BTreeMap::new(),
        }
    }
}

fn level_index(level: Level) -> usize {
    match level {
        Level::Basis => 0,
        Level::Extra => 1,
        Level::Specialistisch => 2,
    }
}

fn threshold_key(level: Level) -> &'static str {
    CoverageSettings::KEYS[level_index(level)]
}

/// The profiles in force: per vestiging its history, and per SWV its basis history.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ProfileBook {
    profiles: BTreeMap<VestigingCode, Vec<SupportProfile>>,
    basis: BTreeMap<SwvCode, Vec<SwvBasis>>,
}

impl ProfileBook {
    /// A book from all stored versions.
    pub fn new(profiles: Vec<SupportProfile>, basis: Vec<SwvBasis>) -> ProfileBook {
        let mut book = ProfileBook::default();
        for p in profiles {
            book.profiles.entry(p.vestiging).or_default().push(p);
        }
        for b in basis {
            book.basis.entry(b.swv).or_default().push(b);
        }
        for versions in book.profiles.values_mut() {
            versions.sort_by_key(|p| p.valid_from);
        }
        for versions in book.basis.values_mut() {
            versions.sort_by_key(|b| b.valid_from);
        }
        book
    }

    /// The profile of a vestiging in force on `date`: the newest version from on or
    /// before that date.
    pub fn profile_at(&self, vestiging: VestigingCode, date: Date) -> Option<&SupportProfile> {
        self.profiles
            .get(&vestiging)?
            .iter()
            .rev()
            .find(|p| p.valid_from <= date)
    }

    /// Every version of a vestiging's profile, oldest first.
    pub fn history(&self, vestiging: VestigingCode) -> &[SupportProfile] {
        self.profiles.get(&vestiging).map_or(&[], Vec::as_slice)
    }

    /// The SWV basis in force on `date`.
    pub fn basis_at(&self, swv: SwvCode, date: Date) -> Option<&SwvBasis> {
        self.basis
            .get(&swv)?
            .iter()
            .rev()
            .find(|b| b.valid_from <= date)
    }

    /// All profile versions.
    pub fn all_profiles(&self) -> impl Iterator<Item = &SupportProfile> {
        self.profiles.values().flatten()
    }

    /// All basis versions.
    pub fn all_basis(&self) -> impl Iterator<Item = &SwvBasis> {
        self.basis.values().flatten()
    }

    /// Whether any profile in force on `date` is synthetic.
    pub fn has_synthetic(&self, date: Date) -> bool {
        self.profiles.keys().any(|v| {
            self.profile_at(*v, date)
                .is_some_and(|p| p.source.is_synthetic())
        })
    }

    /// What a vestiging offers for every need on `date`: its own profile, raised to
    /// basis for the needs in the basisondersteuning of each SWV it belongs to.
    pub fn effective(
        &self,
        vestiging: VestigingCode,
        swvs: &[SwvCode],
        date: Date,
    ) -> BTreeMap<NeedCode, (Level, Option<u32>)> {
        let mut out: BTreeMap<NeedCode, (Level, Option<u32>)> = BTreeMap::new();
        for swv in swvs {
            if let Some(basis) = self.basis_at(*swv, date) {
                for need in &basis.needs {
                    out.entry(need.clone()).or_insert((Level::Basis, None));
                }
            }
        }
        if let Some(profile) = self.profile_at(vestiging, date) {
            for offer in &profile.offers {
                let entry = out
                    .entry(offer.need.clone())
                    .or_insert((offer.level, offer.places));
                if offer.level >= entry.0 {
                    *entry = (offer.level, offer.places);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
