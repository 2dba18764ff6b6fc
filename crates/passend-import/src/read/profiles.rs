//! School support profiles (schoolondersteuningsprofielen) and SWV basisondersteuning as
//! an SWV exchanges them, in CSV or JSON; `docs/profielen.md` describes both for SWV
//! staff, and [`crate::export`] writes the same formats.
//!
//! Profiles are all or nothing: a file that cannot be read at all is an [`ImportError`]
//! as for every other file, and a file that can be read but has wrong values gives every
//! wrong value with its line (CSV) or JSON path, and no profile at all. Each value is
//! checked against the register (the vestiging and SWV exist, specialist level only at a
//! school that admits with a TLV) and the stored taxonomy (the need exists).
//!
//! CSV: `;`-separated UTF-8 (a byte-order mark is fine) with the header
//! `VESTIGINGSCODE;SWV;BEHOEFTE;NIVEAU;PLAATSEN;VOORZIENINGEN;GELDIG_VANAF`; further
//! columns (an export's `LAT`, `LON`, `BRON`, `NAAM`) are allowed and only `BRON` is read.
//! A row is one of:
//!
//! - an offer: `VESTIGINGSCODE`, `BEHOEFTE`, `NIVEAU` and (not for basis) `PLAATSEN`;
//! - facilities: `VESTIGINGSCODE` and `VOORZIENINGEN` (codes separated by commas); with
//!   `VOORZIENINGEN` empty too it records a profile without offers or facilities;
//! - the SWV's basisondersteuning: `SWV`, `BEHOEFTE` and `NIVEAU` `basis` (or empty).
//!
//! Rows of one vestiging (or SWV) with the same `GELDIG_VANAF` form one version.
//! `GELDIG_VANAF` is `JJJJ-MM-DD` or `DD-MM-JJJJ`; empty means the context's default date.
//!
//! A profile whose rows all say `BRON` `synthetisch (seed N)` stays marked as synthetic,
//! so that demo data exported and read back is not taken for a school's real profile.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use jiff::civil::Date;
use serde_json::{Map, Value};

use passend_core::ids::VestigingCode;
use passend_core::register::{Register, Vestiging};
use passend_core::support::{
    Condition, Level, NeedCode, Offer, OfferError, ProfileSource, SupportProfile, SwvBasis,
    Taxonomy, check_offer,
};
use passend_core::swv::SwvCode;

use super::geo::json_error;
use crate::error::{ImportError, ImportErrorKind};
use crate::table;
use crate::text::{Encoding, decode};

/// The required columns of a profile CSV file, in order.
pub const HEADER: &[&str] = &[
    "VESTIGINGSCODE",
    "SWV",
    "BEHOEFTE",
    "NIVEAU",
    "PLAATSEN",
    "VOORZIENINGEN",
    "GELDIG_VANAF",
];

/// The optional column that marks synthetic profiles.
pub const SOURCE_COLUMN: &str = "BRON";

/// What a profile file is checked against.
#[derive(Clone, Copy, Debug)]
pub struct ProfileContext<'a> {
    /// The register: vestigingen, their kinds, and the SWVs.
    pub register: &'a Register,
    /// The stored taxonomy.
    pub taxonomy: &'a Taxonomy,
    /// The date of rows that leave `GELDIG_VANAF` empty (the import date).
    pub default_date: Date,
    /// The name recorded as the source of the profiles read (the file name).
    pub source_name: &'a str,
}

/// One wrong value: where (file and line and column, or file and JSON path) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileIssue {
    /// Where, in Dutch: `profielen.csv, regel 4, kolom NIVEAU`.
    pub place: String,
    /// What is wrong, in Dutch.
    pub message: String,
}

impl fmt::Display for ProfileIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// Why a profile file was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum ProfileError {
    /// The file cannot be read at all.
    #[error(transparent)]
    File(#[from] ImportError),
    /// The file has wrong values; every one is listed.
    #[error("{file}: {}; er is niets opgeslagen", errors(.issues.len()))]
    Invalid {
        /// The file.
        file: String,
        /// Every wrong value, in file order.
        issues: Vec<ProfileIssue>,
    },
}

fn errors(n: usize) -> String {
    if n == 1 {
        "1 fout".to_owned()
    } else {
        format!("{n} fouten")
    }
}

/// The profiles and SWV basis versions of a file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileFile {
    /// One per vestiging and date, in the order of first appearance.
    pub profiles: Vec<SupportProfile>,
    /// One per SWV and date, in the order of first appearance.
    pub basis: Vec<SwvBasis>,
}

/// The two formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProfileFormat {
    /// `;`-separated.
    Csv,
    /// JSON.
    Json,
}

impl ProfileFormat {
    /// By the file name's extension, else by the first character (`{` is JSON).
    pub fn detect(name: &str, bytes: &[u8]) -> ProfileFormat {
        let lower = name.to_lowercase();
        if lower.ends_with(".json") {
            return ProfileFormat::Json;
        }
        if lower.ends_with(".csv") {
            return ProfileFormat::Csv;
        }
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match body.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{') => ProfileFormat::Json,
            _ => ProfileFormat::Csv,
        }
    }
}

/// Reads and checks a profile file in either format.
pub fn read_profiles(
    file: &str,
    bytes: &[u8],
    ctx: &ProfileContext<'_>,
) -> Result<ProfileFile, ProfileError> {
    match ProfileFormat::detect(file, bytes) {
        ProfileFormat::Csv => read_profiles_csv(file, bytes, ctx),
        ProfileFormat::Json => read_profiles_json(file, bytes, ctx),
    }
}

// ---------------------------------------------------------------------------------------
// Values, shared by both formats. Each returns the Dutch message of what is wrong.

/// `JJJJ-MM-DD` or `DD-MM-JJJJ` (day and month may have one digit).
pub fn parse_date(input: &str) -> Result<Date, String> {
    let text = input.trim();
    let err = || {
        format!(
            "ongeldige datum '{text}': gebruik JJJJ-MM-DD (2026-08-01) of DD-MM-JJJJ (01-08-2026)"
        )
    };
    let parts: Vec<&str> = text.split('-').collect();
    let [a, b, c] = parts.as_slice() else {
        return Err(err());
    };
    let (y, m, d) = match (a.len(), c.len()) {
        (4, 1..=2) => (*a, *b, *c),
        (1..=2, 4) => (*c, *b, *a),
        _ => return Err(err()),
    };
    if b.is_empty() || b.len() > 2 {
        return Err(err());
    }
    let number = |s: &str| {
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse::<i16>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (number(y), number(m), number(d)) else {
        return Err(err());
    };
    Date::new(y, m as i8, d as i8).map_err(|_| err())
}

/// A whole number of places from 0.
pub fn parse_places(input: &str) -> Result<u32, String> {
    let text = input.trim();
    match text.parse::<i64>() {
        Ok(n) if n < 0 => Err(format!(
            "het aantal plaatsen kan niet negatief zijn ({text})"
        )),
        Ok(n) => u32::try_from(n).map_err(|_| format!("{text} plaatsen is te veel")),
        Err(_) => Err(format!(
            "'{text}' is geen aantal plaatsen: gebruik een heel getal vanaf 0"
        )),
    }
}

/// The level.
pub fn parse_level(input: &str) -> Result<Level, String> {
    Level::parse(input).ok_or_else(|| {
        format!(
            "onbekend niveau '{}': gebruik basis, extra of specialistisch",
            input.trim()
        )
    })
}

/// Comma-separated condition codes; every unknown one is a message.
pub fn parse_conditions(input: &str) -> (BTreeSet<Condition>, Vec<String>) {
    let mut out = BTreeSet::new();
    let mut wrong = Vec::new();
    for part in input.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match Condition::parse(part) {
            Some(c) => {
                out.insert(c);
            }
            None => wrong.push(unknown_condition(part)),
        }
    }
    (out, wrong)
}

fn unknown_condition(input: &str) -> String {
    let codes: Vec<&str> = Condition::ALL.iter().map(|c| c.code()).collect();
    format!(
        "onbekende voorziening '{input}': kies uit {}",
        codes.join(", ")
    )
}

/// The seed of a `BRON` that says `synthetisch (seed N)`.
pub fn synthetic_seed(source: &str) -> Option<u64> {
    source
        .trim()
        .to_lowercase()
        .strip_prefix("synthetisch (seed ")?
        .strip_suffix(')')?
        .trim()
        .parse()
        .ok()
}

// ---------------------------------------------------------------------------------------
// Collecting versions and issues.

struct Draft<'r> {
    vestiging: &'r Vestiging,
    valid_from: Date,
    offers: Vec<Offer>,
    /// Where each need was first offered, for the duplicate message.
    seen: BTreeMap<NeedCode, String>,
    conditions: BTreeSet<Condition>,
    seeds: BTreeSet<Option<u64>>,
}

struct BasisDraft {
    swv: SwvCode,
    valid_from: Date,
    needs: BTreeSet<NeedCode>,
    seen: BTreeMap<NeedCode, String>,
    seeds: BTreeSet<Option<u64>>,
}

struct Builder<'c, 'r> {
    file: &'c str,
    ctx: &'c ProfileContext<'r>,
    issues: Vec<ProfileIssue>,
    profiles: Vec<Draft<'r>>,
    profile_at: BTreeMap<(VestigingCode, Date), (usize, String)>,
    basis: Vec<BasisDraft>,
    basis_at: BTreeMap<(SwvCode, Date), (usize, String)>,
}

impl<'c, 'r> Builder<'c, 'r> {
    fn new(file: &'c str, ctx: &'c ProfileContext<'r>) -> Builder<'c, 'r> {
        Builder {
            file,
            ctx,
            issues: Vec::new(),
            profiles: Vec::new(),
            profile_at: BTreeMap::new(),
            basis: Vec::new(),
            basis_at: BTreeMap::new(),
        }
    }

    fn issue(&mut self, place: String, message: impl Into<String>) {
        self.issues.push(ProfileIssue {
            place,
            message: message.into(),
        });
    }

    /// Records the outcome of a check: the value, or an issue at `place`.
    fn check<T>(&mut self, place: String, result: Result<T, String>) -> Option<T> {
        result.map_err(|m| self.issue(place, m)).ok()
    }

    fn vestiging(&self, input: &str) -> Result<&'r Vestiging, String> {
        let code = VestigingCode::parse(input).map_err(|e| e.to_string())?;
        self.ctx
            .register
            .vestiging(code)
            .ok_or_else(|| format!("vestiging {code} bestaat niet in het register"))
    }

    fn swv(&self, input: &str) -> Result<SwvCode, String> {
        let swv = SwvCode::parse(input).map_err(|e| e.to_string())?;
        if self.ctx.register.has_swv(swv) {
            Ok(swv)
        } else {
            Err(format!(
                "samenwerkingsverband {swv} bestaat niet in het register"
            ))
        }
    }

    fn need(&self, input: &str) -> Result<NeedCode, String> {
        NeedCode::parse(input)
            .ok()
            .filter(|c| self.ctx.taxonomy.need(c).is_some())
            .ok_or_else(|| {
                let codes: Vec<&str> = self
                    .ctx
                    .taxonomy
                    .needs()
                    .iter()
                    .map(|n| n.code.as_str())
                    .collect();
                format!(
                    "onbekende behoefte '{}': kies uit {} (instellingen/behoeften.csv)",
                    input.trim(),
                    codes.join(", ")
                )
            })
    }

    /// The draft of a vestiging's version of `date`. With `merge`, rows of the same
    /// vestiging and date add to one version (CSV); without, a second one is an error
    /// (JSON, where a version is one object).
    fn profile(
        &mut self,
        vestiging: &'r Vestiging,
        date: Date,
        merge: bool,
        here: &str,
    ) -> Result<usize, String> {
        let key = (vestiging.code, date);
        if let Some((i, first)) = self.profile_at.get(&key) {
            return if merge {
                Ok(*i)
            } else {
                Err(format!(
                    "er is al een profiel van {} geldig vanaf {date}, {first}",
                    vestiging.code
                ))
            };
        }
        self.profiles.push(Draft {
            vestiging,
            valid_from: date,
            offers: Vec::new(),
            seen: BTreeMap::new(),
            conditions: BTreeSet::new(),
            seeds: BTreeSet::new(),
        });
        let i = self.profiles.len() - 1;
        self.profile_at.insert(key, (i, here.to_owned()));
        Ok(i)
    }

    fn basis_draft(
        &mut self,
        swv: SwvCode,
        date: Date,
        merge: bool,
        here: &str,
    ) -> Result<usize, String> {
        let key = (swv, date);
        if let Some((i, first)) = self.basis_at.get(&key) {
            return if merge {
                Ok(*i)
            } else {
                Err(format!(
                    "er is al een basisondersteuning van {swv} geldig vanaf {date}, {first}"
                ))
            };
        }
        self.basis.push(BasisDraft {
            swv,
            valid_from: date,
            needs: BTreeSet::new(),
            seen: BTreeMap::new(),
            seeds: BTreeSet::new(),
        });
        let i = self.basis.len() - 1;
        self.basis_at.insert(key, (i, here.to_owned()));
        Ok(i)
    }

    /// Adds an offer after checking it against the school kind and the offers before;
    /// `here` says where it stands, with its preposition (`op regel 3`,
    /// `in profielen[0].aanbod[1]`). An error names the field it is about.
    fn offer(&mut self, draft: usize, offer: Offer, here: &str) -> Result<(), (String, Field)> {
        let d = &mut self.profiles[draft];
        if let Err(e) = check_offer(d.vestiging.kind, &offer) {
            let field = match e {
                OfferError::SpecialistAtRegularSchool { .. } => Field::Level,
                OfferError::PlacesAtBasis => Field::Places,
            };
            return Err((e.to_string(), field));
        }
        if let Some(first) = d.seen.get(&offer.need) {
            return Err((
                format!(
                    "behoefte '{}' staat voor {} (geldig vanaf {}) al {first}; geef één niveau per behoefte",
                    offer.need, d.vestiging.code, d.valid_from
                ),
                Field::Need,
            ));
        }
        d.seen.insert(offer.need.clone(), here.to_owned());
        d.offers.push(offer);
        Ok(())
    }

    fn basis_need(&mut self, draft: usize, need: NeedCode, here: &str) -> Result<(), String> {
        let d = &mut self.basis[draft];
        if let Some(first) = d.seen.get(&need) {
            return Err(format!(
                "behoefte '{need}' staat voor {} (geldig vanaf {}) al {first}",
                d.swv, d.valid_from
            ));
        }
        d.seen.insert(need.clone(), here.to_owned());
        d.needs.insert(need);
        Ok(())
    }

    fn finish(self) -> Result<ProfileFile, ProfileError> {
        if !self.issues.is_empty() {
            return Err(ProfileError::Invalid {
                file: self.file.to_owned(),
                issues: self.issues,
            });
        }
        let source = |seeds: &BTreeSet<Option<u64>>| match seeds.iter().collect::<Vec<_>>()[..] {
            [Some(seed)] => ProfileSource::Synthetic { seed: *seed },
            _ => ProfileSource::Imported {
                file: self.ctx.source_name.to_owned(),
            },
        };
        Ok(ProfileFile {
            profiles: self
                .profiles
                .iter()
                .map(|d| SupportProfile {
                    vestiging: d.vestiging.code,
                    valid_from: d.valid_from,
                    offers: d.offers.clone(),
                    conditions: d.conditions.clone(),
                    source: source(&d.seeds),
                })
                .collect(),
            basis: self
                .basis
                .iter()
                .map(|d| SwvBasis {
                    swv: d.swv,
                    valid_from: d.valid_from,
                    needs: d.needs.clone(),
                    source: source(&d.seeds),
                })
                .collect(),
        })
    }
}

/// Which value of an offer a message is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Need,
    Level,
    Places,
}

const MSG_BASIS_LEVEL: &str = "de basisondersteuning van een samenwerkingsverband heeft altijd niveau basis; extra ondersteuning en specialistisch onderwijs horen bij een vestiging";
const MSG_SWV_FACILITIES: &str =
    "voorzieningen horen bij een vestiging, niet bij een samenwerkingsverband";

// ---------------------------------------------------------------------------------------
// CSV

/// Reads and checks a profile CSV file.
pub fn read_profiles_csv(
    file: &str,
    bytes: &[u8],
    ctx: &ProfileContext<'_>,
) -> Result<ProfileFile, ProfileError> {
    let table = table::read_allow_empty(file, bytes, Encoding::Utf8, HEADER)?;
    let source_column = table
        .header
        .iter()
        .position(|h| h.eq_ignore_ascii_case(SOURCE_COLUMN));
    let mut b = Builder::new(file, ctx);
    for row in &table.rows {
        let line = row.line;
        let at = |column: usize| format!("{file}, regel {line}, kolom {}", HEADER[column]);
        let here = format!("op regel {line}");
        let date = match row.opt(6) {
            None => Some(ctx.default_date),
            Some(text) => b.check(at(6), parse_date(text)),
        };
        let seed = source_column
            .and_then(|i| row.opt(i))
            .and_then(synthetic_seed);
        let need = row.opt(2).and_then(|n| b.check(at(2), b.need(n)));
        let level = row.opt(3).and_then(|l| b.check(at(3), parse_level(l)));
        let places = row.opt(4).and_then(|p| b.check(at(4), parse_places(p)));
        match (row.opt(0), row.opt(1)) {
            (Some(_), Some(_)) => b.issue(
                format!("{file}, regel {line}"),
                "vul VESTIGINGSCODE of SWV in, niet allebei: een regel gaat over één vestiging of over de basisondersteuning van één samenwerkingsverband",
            ),
            (None, None) => b.issue(
                format!("{file}, regel {line}"),
                "VESTIGINGSCODE en SWV zijn allebei leeg: vul er één in",
            ),
            (Some(code), None) => {
                let vestiging = b.check(at(0), b.vestiging(code));
                if row.opt(2).is_none() && (row.opt(3).is_some() || row.opt(4).is_some()) {
                    b.issue(at(2), "behoefte ontbreekt bij dit niveau of aantal plaatsen");
                }
                if row.opt(2).is_some() && row.opt(3).is_none() {
                    b.issue(
                        at(3),
                        "niveau ontbreekt: gebruik basis, extra of specialistisch",
                    );
                }
                let (conditions, wrong) = parse_conditions(row.get(5));
                for message in wrong {
                    b.issue(at(5), message);
                }
                let (Some(vestiging), Some(date)) = (vestiging, date) else {
                    continue;
                };
                let r = b.profile(vestiging, date, true, &here);
                let Some(draft) = b.check(at(0), r) else {
                    continue;
                };
                b.profiles[draft].seeds.insert(seed);
                b.profiles[draft].conditions.extend(conditions);
                if let (Some(need), Some(level)) = (need, level) {
                    let offer = Offer {
                        need,
                        level,
                        places,
                    };
                    if let Err((message, field)) = b.offer(draft, offer, &here) {
                        let column = match field {
                            Field::Need => 2,
                            Field::Level => 3,
                            Field::Places => 4,
                        };
                        b.issue(at(column), message);
                    }
                }
            }
            (None, Some(code)) => {
                let swv = b.check(at(1), b.swv(code));
                if level.is_some_and(|l| l != Level::Basis) {
                    b.issue(at(3), MSG_BASIS_LEVEL);
                }
                if row.opt(4).is_some() {
                    b.issue(at(4), OfferError::PlacesAtBasis.to_string());
                }
                if row.opt(5).is_some() {
                    b.issue(at(5), MSG_SWV_FACILITIES);
                }
                let (Some(swv), Some(date)) = (swv, date) else {
                    continue;
                };
                let r = b.basis_draft(swv, date, true, &here);
                let Some(draft) = b.check(at(1), r) else {
                    continue;
                };
                b.basis[draft].seeds.insert(seed);
                if let Some(need) = need
                    && let Err(message) = b.basis_need(draft, need, &here)
                {
                    b.issue(at(2), message);
                }
            }
        }
    }
    b.finish()
}

// ---------------------------------------------------------------------------------------
// JSON

const PROFILE_FIELDS: &[&str] = &[
    "vestiging",
    "geldig_vanaf",
    "aanbod",
    "voorzieningen",
    "bron",
    "naam",
    "lat",
    "lon",
];
const OFFER_FIELDS: &[&str] = &["behoefte", "niveau", "plaatsen"];
const BASIS_FIELDS: &[&str] = &["swv", "geldig_vanaf", "behoeften", "bron"];

/// Reads and checks a profile JSON file.
pub fn read_profiles_json(
    file: &str,
    bytes: &[u8],
    ctx: &ProfileContext<'_>,
) -> Result<ProfileFile, ProfileError> {
    let text = decode(file, bytes, Encoding::Utf8)?;
    let root: Value = serde_json::from_str(&text).map_err(|e| json_error(file, &e))?;
    let Value::Object(root) = root else {
        return Err(ImportError::new(
            file,
            ImportErrorKind::Format(
                "verwacht een JSON-object met de velden profielen en basisondersteuning".to_owned(),
            ),
        )
        .into());
    };
    let mut b = Builder::new(file, ctx);
    let at = |path: &str| format!("{file}, {path}");
    for key in root.keys() {
        if key != "profielen" && key != "basisondersteuning" {
            b.issue(
                at(key),
                format!("onbekend veld '{key}': verwacht profielen en basisondersteuning"),
            );
        }
    }
    if let Some(value) = root.get("basisondersteuning") {
        for (path, item) in list(&mut b, &at, "basisondersteuning", value) {
            json_basis(&mut b, &at, &path, item);
        }
    }
    if let Some(value) = root.get("profielen") {
        for (path, item) in list(&mut b, &at, "profielen", value) {
            json_profile(&mut b, &at, &path, item);
        }
    }
    b.finish()
}

/// The items of a list with their paths; anything else is an issue.
fn list<'v>(
    b: &mut Builder<'_, '_>,
    at: &dyn Fn(&str) -> String,
    path: &str,
    value: &'v Value,
) -> Vec<(String, &'v Value)> {
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, item)| (format!("{path}[{i}]"), item))
            .collect(),
        Value::Null => Vec::new(),
        _ => {
            b.issue(at(path), "verwacht een lijst tussen [ en ]");
            Vec::new()
        }
    }
}

/// An object with only the known fields; anything else is an issue.
fn object<'v>(
    b: &mut Builder<'_, '_>,
    at: &dyn Fn(&str) -> String,
    path: &str,
    value: &'v Value,
    fields: &[&str],
) -> Option<&'v Map<String, Value>> {
    let Value::Object(map) = value else {
        b.issue(at(path), "verwacht een object tussen { en }");
        return None;
    };
    for key in map.keys() {
        if !fields.contains(&key.as_str()) {
            b.issue(
                at(&format!("{path}.{key}")),
                format!("onbekend veld '{key}': gebruik {}", fields.join(", ")),
            );
        }
    }
    Some(map)
}

/// A text field: `None` when absent or null; a non-text value is an issue.
fn text<'v>(
    b: &mut Builder<'_, '_>,
    at: &dyn Fn(&str) -> String,
    path: &str,
    map: &'v Map<String, Value>,
    key: &str,
) -> Option<&'v str> {
    match map.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            b.issue(
                at(&format!("{path}.{key}")),
                "verwacht tekst tussen aanhalingstekens",
            );
            None
        }
    }
}

/// A text field that must be there: absent, null or empty is an issue "… ontbreekt".
fn required<'v>(
    b: &mut Builder<'_, '_>,
    at: &dyn Fn(&str) -> String,
    path: &str,
    map: &'v Map<String, Value>,
    key: &str,
    missing: &str,
) -> Option<&'v str> {
    let found = text(b, at, path, map, key);
    let not_text = map.get(key).is_some_and(|v| !v.is_string() && !v.is_null());
    if found.is_none() && !not_text {
        b.issue(at(&format!("{path}.{key}")), missing);
    }
    found
}

/// `geldig_vanaf`: absent, null or empty means the default date.
fn json_date(
    b: &mut Builder<'_, '_>,
    at: &dyn Fn(&str) -> String,
    path: &str,
    map: &Map<String, Value>,
) -> Option<Date> {
    let here = format!("{path}.geldig_vanaf");
    match map.get("geldig_vanaf") {
        None | Some(Value::Null) => Some(b.ctx.default_date),
        Some(Value::String(s)) if s.trim().is_empty() => Some(b.ctx.default_date),
        Some(Value::String(s)) => b.check(at(&here), parse_date(s)),
        Some(_) => {
            b.issue(
                at(&here),
                "verwacht een datum als tekst, zoals \"2026-08-01\"",
            );
            None
        }
    }
}

fn json_profile(b: &mut Builder<'_, '_>, at: &dyn Fn(&str) -> String, path: &str, item: &Value) {
    let Some(map) = object(b, at, path, item, PROFILE_FIELDS) else {
        return;
    };
    let date = json_date(b, at, path, map);
    let seed = text(b, at, path, map, "bron").and_then(synthetic_seed);
    let vestiging_path = format!("{path}.vestiging");
    let vestiging = required(b, at, path, map, "vestiging", "vestiging ontbreekt")
        .and_then(|code| b.check(at(&vestiging_path), b.vestiging(code)));
    let draft = match (vestiging, date) {
        (Some(v), Some(d)) => {
            let r = b.profile(v, d, false, &format!("in {path}"));
            b.check(at(&vestiging_path), r)
        }
        _ => None,
    };
    if let Some(draft) = draft {
        b.profiles[draft].seeds.insert(seed);
    }
    if let Some(value) = map.get("voorzieningen") {
        for (cpath, c) in list(b, at, &format!("{path}.voorzieningen"), value) {
            match c.as_str().map(|s| (s, Condition::parse(s))) {
                Some((_, Some(condition))) => {
                    if let Some(draft) = draft {
                        b.profiles[draft].conditions.insert(condition);
                    }
                }
                Some((s, None)) => b.issue(at(&cpath), unknown_condition(s)),
                None => b.issue(at(&cpath), "verwacht de code van een voorziening als tekst"),
            }
        }
    }
    let Some(value) = map.get("aanbod") else {
        return;
    };
    for (opath, o) in list(b, at, &format!("{path}.aanbod"), value) {
        let Some(omap) = object(b, at, &opath, o, OFFER_FIELDS) else {
            continue;
        };
        let need_path = format!("{opath}.behoefte");
        let level_path = format!("{opath}.niveau");
        let places_path = format!("{opath}.plaatsen");
        let need = required(b, at, &opath, omap, "behoefte", "behoefte ontbreekt")
            .and_then(|n| b.check(at(&need_path), b.need(n)));
        let level = required(
            b,
            at,
            &opath,
            omap,
            "niveau",
            "niveau ontbreekt: gebruik basis, extra of specialistisch",
        )
        .and_then(|l| b.check(at(&level_path), parse_level(l)));
        let places = match omap.get("plaatsen") {
            None | Some(Value::Null) => Some(None),
            Some(Value::Number(n)) => {
                let result = match (n.as_u64(), n.as_i64()) {
                    (Some(p), _) => {
                        u32::try_from(p).map_err(|_| format!("{p} plaatsen is te veel"))
                    }
                    (None, Some(neg)) => Err(format!(
                        "het aantal plaatsen kan niet negatief zijn ({neg})"
                    )),
                    _ => Err(format!(
                        "'{n}' is geen aantal plaatsen: gebruik een heel getal vanaf 0"
                    )),
                };
                b.check(at(&places_path), result).map(Some)
            }
            Some(Value::String(s)) => b.check(at(&places_path), parse_places(s)).map(Some),
            Some(other) => {
                b.issue(
                    at(&places_path),
                    format!("'{other}' is geen aantal plaatsen: gebruik een heel getal vanaf 0"),
                );
                None
            }
        };
        if let (Some(draft), Some(need), Some(level), Some(places)) = (draft, need, level, places) {
            let offer = Offer {
                need,
                level,
                places,
            };
            if let Err((message, field)) = b.offer(draft, offer, &format!("in {opath}")) {
                let p = match field {
                    Field::Need => &need_path,
                    Field::Level => &level_path,
                    Field::Places => &places_path,
                };
                b.issue(at(p), message);
            }
        }
    }
}

fn json_basis(b: &mut Builder<'_, '_>, at: &dyn Fn(&str) -> String, path: &str, item: &Value) {
    let Some(map) = object(b, at, path, item, BASIS_FIELDS) else {
        return;
    };
    let date = json_date(b, at, path, map);
    let seed = text(b, at, path, map, "bron").and_then(synthetic_seed);
    let swv_path = format!("{path}.swv");
    let swv = required(b, at, path, map, "swv", "swv ontbreekt")
        .and_then(|code| b.check(at(&swv_path), b.swv(code)));
    let draft = match (swv, date) {
        (Some(s), Some(d)) => {
            let r = b.basis_draft(s, d, false, &format!("in {path}"));
            b.check(at(&swv_path), r)
        }
        _ => None,
    };
    if let Some(draft) = draft {
        b.basis[draft].seeds.insert(seed);
    }
    let Some(value) = map.get("behoeften") else {
        return;
    };
    for (npath, n) in list(b, at, &format!("{path}.behoeften"), value) {
        let Some(input) = n.as_str() else {
            b.issue(at(&npath), "verwacht de code van een behoefte als tekst");
            continue;
        };
        let Some(need) = b.check(at(&npath), b.need(input)) else {
            continue;
        };
        if let Some(draft) = draft
            && let Err(message) = b.basis_need(draft, need, &format!("in {npath}"))
        {
            b.issue(at(&npath), message);
        }
    }
}

#[cfg(test)]
mod tests;
