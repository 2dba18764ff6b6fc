//! A placement instance as a JSON file (`docs/plaatsing.md` describes it):
//!
//! ```json
//! {
//!   "name": "PO2101, 500 leerlingen (synthetisch)",
//!   "seed": 2026,
//!   "schools": [
//!     { "id": "00AA00", "capacity": 20, "lat": 52.37, "lon": 4.89,
//!       "offers": [{ "need": "dyslexie", "level": "extra" }],
//!       "places": [{ "need": "dyslexie", "level": "extra", "capacity": 4 }] }
//!   ],
//!   "pupils": [
//!     { "id": "L1", "lat": 52.36, "lon": 4.90,
//!       "needs": [{ "need": "dyslexie", "level": "extra" }],
//!       "preferences": ["00AA00"], "lottery": 0.25 }
//!   ],
//!   "priorities": { "00AA00": ["L1"] },
//!   "candidates": { "L1": [{ "school": "00AA00", "cost": 1250 }] }
//! }
//! ```
//!
//! Every fault is an error naming the place in the file (`pupils[3].preferences[1]`)
//! and what is wrong, in Dutch; nothing is placed from a file with a fault.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use passend_core::geo::LatLon;
use passend_core::ids::VestigingCode;
use passend_core::support::{Level, NeedCode};
use passend_placement::{Candidate, Instance, NeedLevel, Place, Pupil, School};

use crate::error::{ImportError, ImportErrorKind};
use crate::text::{Encoding, decode};

/// A read instance with what the file says about itself.
#[derive(Clone, Debug)]
pub struct PlacementFile {
    /// The instance.
    pub instance: Instance,
    /// Its name, if it has one.
    pub name: Option<String>,
    /// The seed it was generated with or asks for, if any.
    pub seed: Option<u64>,
    /// Whether it says it is synthetic (generated, not real pupils).
    pub synthetic: bool,
    /// SHA-256 of the file's bytes, hex: the output names it so a run can be checked.
    pub sha256: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInstance {
    name: Option<String>,
    description: Option<String>,
    seed: Option<u64>,
    synthetic: Option<bool>,
    schools: Vec<RawSchool>,
    pupils: Vec<RawPupil>,
    priorities: Option<BTreeMap<String, Vec<String>>>,
    candidates: Option<BTreeMap<String, Vec<RawCandidate>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchool {
    id: String,
    name: Option<String>,
    capacity: i64,
    lat: f64,
    lon: f64,
    offers: Vec<RawNeed>,
    #[serde(default)]
    places: Vec<RawPlace>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNeed {
    need: String,
    level: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlace {
    need: String,
    level: String,
    capacity: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPupil {
    id: String,
    lat: f64,
    lon: f64,
    needs: Vec<RawNeed>,
    preferences: Vec<String>,
    lottery: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCandidate {
    school: String,
    cost: i64,
}

/// The most pupils or schools an instance may have.
const MAX_ITEMS: usize = 2_000_000;

/// Reads an instance file.
pub fn read_placement(file: &str, bytes: &[u8]) -> Result<PlacementFile, ImportError> {
    let sha256 = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>();
    let text = decode(file, bytes, Encoding::Utf8)?;
    let raw: RawInstance = serde_json::from_str(&text).map_err(|e| serde_error(file, &e))?;
    let fail = |path: String, message: String| {
        ImportError::new(file, ImportErrorKind::Format(format!("{path}: {message}")))
    };
    let _ = &raw.description;
    if raw.schools.len() > MAX_ITEMS || raw.pupils.len() > MAX_ITEMS {
        return Err(fail(
            "(hoofdniveau)".to_owned(),
            format!("te groot: ten hoogste {MAX_ITEMS} scholen en leerlingen"),
        ));
    }

    let mut schools = Vec::with_capacity(raw.schools.len());
    let mut school_index: HashMap<VestigingCode, usize> = HashMap::with_capacity(raw.schools.len());
    for (i, s) in raw.schools.iter().enumerate() {
        let path = |field: &str| format!("schools[{i}].{field}");
        let id = VestigingCode::parse(&s.id).map_err(|_| {
            fail(
                path("id"),
                format!(
                    "'{}' is geen vestigingscode (vier tekens BRIN en twee cijfers, zoals 00AA00)",
                    s.id.trim()
                ),
            )
        })?;
        if let Some(first) = school_index.insert(id, i) {
            return Err(fail(
                path("id"),
                format!("school {id} staat er al in als schools[{first}]"),
            ));
        }
        let capacity = count(s.capacity).map_err(|m| fail(path("capacity"), m))?;
        let at = point(s.lat, s.lon).map_err(|m| fail(path("lat"), m))?;
        let mut offers: Vec<NeedLevel> = Vec::with_capacity(s.offers.len());
        for (j, o) in s.offers.iter().enumerate() {
            let what = need_level(&o.need, &o.level)
                .map_err(|m| fail(format!("schools[{i}].offers[{j}]"), m))?;
            if offers.iter().any(|x| x.need == what.need) {
                return Err(fail(
                    format!("schools[{i}].offers[{j}]"),
                    format!(
                        "behoefte {} staat er al in; geef per behoefte het hoogste niveau",
                        what.need
                    ),
                ));
            }
            offers.push(what);
        }
        let mut places: Vec<Place> = Vec::with_capacity(s.places.len());
        for (j, p) in s.places.iter().enumerate() {
            let at = format!("schools[{i}].places[{j}]");
            let what = need_level(&p.need, &p.level).map_err(|m| fail(at.clone(), m))?;
            if places.iter().any(|x| x.what == what) {
                return Err(fail(at, format!("plaatsen voor {what} staan er al in")));
            }
            let capacity = count(p.capacity).map_err(|m| fail(format!("{at}.capacity"), m))?;
            places.push(Place { what, capacity });
        }
        let _ = &s.name;
        schools.push(School {
            id,
            capacity,
            at,
            offers,
            places,
        });
    }

    let mut pupil_index: HashMap<&str, usize> = HashMap::with_capacity(raw.pupils.len());
    let mut pupils = Vec::with_capacity(raw.pupils.len());
    for (i, p) in raw.pupils.iter().enumerate() {
        let path = |field: &str| format!("pupils[{i}].{field}");
        let id = p.id.trim();
        if id.is_empty() || id.chars().count() > 64 || id.chars().any(char::is_control) {
            return Err(fail(
                path("id"),
                "een leerling-id is 1 tot 64 tekens, zonder regeleinden".to_owned(),
            ));
        }
        if let Some(first) = pupil_index.insert(id, i) {
            return Err(fail(
                path("id"),
                format!("leerling {id} staat er al in als pupils[{first}]"),
            ));
        }
        let at = point(p.lat, p.lon).map_err(|m| fail(path("lat"), m))?;
        let mut needs: Vec<NeedLevel> = Vec::with_capacity(p.needs.len());
        for (j, n) in p.needs.iter().enumerate() {
            let what = need_level(&n.need, &n.level)
                .map_err(|m| fail(format!("pupils[{i}].needs[{j}]"), m))?;
            if needs.iter().any(|x| x.need == what.need) {
                return Err(fail(
                    format!("pupils[{i}].needs[{j}]"),
                    format!("behoefte {} staat er al in", what.need),
                ));
            }
            needs.push(what);
        }
        let mut preferences = Vec::with_capacity(p.preferences.len());
        for (j, s) in p.preferences.iter().enumerate() {
            let at = format!("pupils[{i}].preferences[{j}]");
            let school = school_ref(s, &school_index).map_err(|m| fail(at.clone(), m))?;
            if preferences.contains(&school) {
                return Err(fail(
                    at,
                    format!("school {} staat al eerder in de voorkeuren", s.trim()),
                ));
            }
            preferences.push(school);
        }
        if let Some(l) = p.lottery
            && !l.is_finite()
        {
            return Err(fail(
                path("lottery"),
                "het lotnummer moet een getal zijn".to_owned(),
            ));
        }
        pupils.push(Pupil {
            id: id.to_owned(),
            at,
            needs,
            preferences,
            lottery: p.lottery,
        });
    }

    let mut priorities: Vec<Option<Vec<usize>>> = vec![None; schools.len()];
    for (school, order) in raw.priorities.iter().flatten() {
        let at = format!("priorities.{}", school.trim());
        let s = school_ref(school, &school_index).map_err(|m| fail(at.clone(), m))?;
        let mut list = Vec::with_capacity(order.len());
        let mut seen = vec![false; pupils.len()];
        for (j, id) in order.iter().enumerate() {
            let at = format!("{at}[{j}]");
            let p = *pupil_index.get(id.trim()).ok_or_else(|| {
                fail(
                    at.clone(),
                    format!("leerling {} staat niet in pupils", id.trim()),
                )
            })?;
            if std::mem::replace(&mut seen[p], true) {
                return Err(fail(
                    at,
                    format!("leerling {} staat er al eerder in", id.trim()),
                ));
            }
            list.push(p);
        }
        priorities[s] = Some(list);
    }

    let candidates = match &raw.candidates {
        None => Vec::new(),
        Some(map) => {
            let mut lists: Vec<Option<Vec<Candidate>>> = vec![None; pupils.len()];
            for (pupil, list) in map {
                let at = format!("candidates.{}", pupil.trim());
                let p = *pupil_index.get(pupil.trim()).ok_or_else(|| {
                    fail(
                        at.clone(),
                        format!("leerling {} staat niet in pupils", pupil.trim()),
                    )
                })?;
                let mine = lists[p].get_or_insert_with(Vec::new);
                for (j, c) in list.iter().enumerate() {
                    let at = format!("{at}[{j}]");
                    let school = school_ref(&c.school, &school_index)
                        .map_err(|m| fail(format!("{at}.school"), m))?;
                    if mine.iter().any(|x| x.school == school) {
                        return Err(fail(
                            at,
                            format!("school {} staat er al in", c.school.trim()),
                        ));
                    }
                    if !(0..=1_000_000_000_000).contains(&c.cost) {
                        return Err(fail(
                            format!("{at}.cost"),
                            format!("{} ligt niet tussen 0 en 10^12", c.cost),
                        ));
                    }
                    mine.push(Candidate {
                        school,
                        cost: c.cost,
                    });
                }
            }
            lists
        }
    };

    let instance = Instance {
        schools,
        pupils,
        priorities,
        candidates,
    };
    // Everything the core checks has been checked above with its place; should it
    // learn a new rule, its message still names the file.
    instance
        .check()
        .map_err(|e| ImportError::new(file, ImportErrorKind::Format(e.to_string())))?;
    Ok(PlacementFile {
        instance,
        name: raw
            .name
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty()),
        seed: raw.seed,
        synthetic: raw.synthetic.unwrap_or(false),
        sha256,
    })
}

fn count(value: i64) -> Result<u32, String> {
    if value < 0 {
        Err(format!("{value} is negatief; een capaciteit is 0 of meer"))
    } else {
        u32::try_from(value).map_err(|_| format!("{value} is te groot"))
    }
}

fn point(lat: f64, lon: f64) -> Result<LatLon, String> {
    if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) {
        Ok(LatLon { lat, lon })
    } else {
        Err(format!(
            "({lat}, {lon}) is geen positie; lat ligt tussen -90 en 90, lon tussen -180 en 180"
        ))
    }
}

fn need_level(need: &str, level: &str) -> Result<NeedLevel, String> {
    let need = NeedCode::parse(need).map_err(|e| e.to_string())?;
    let level = Level::parse(level).ok_or_else(|| {
        format!(
            "onbekend niveau '{}': gebruik basis, extra of specialistisch",
            level.trim()
        )
    })?;
    Ok(NeedLevel { need, level })
}

fn school_ref(id: &str, index: &HashMap<VestigingCode, usize>) -> Result<usize, String> {
    VestigingCode::parse(id)
        .ok()
        .and_then(|code| index.get(&code).copied())
        .ok_or_else(|| format!("school {} staat niet in schools", id.trim()))
}

/// serde's message in Dutch, with the position it gives.
fn serde_error(file: &str, e: &serde_json::Error) -> ImportError {
    let text = e.to_string();
    let quoted = |prefix: &str| {
        text.strip_prefix(prefix)
            .and_then(|rest| rest.split('`').next())
            .map(str::to_owned)
    };
    let message = if let Some(field) = quoted("unknown field `") {
        format!("onbekend veld '{field}'")
    } else if let Some(field) = quoted("missing field `") {
        format!("het veld '{field}' ontbreekt")
    } else if text.starts_with("invalid type") {
        match text
            .split(", expected ")
            .nth(1)
            .and_then(|t| t.split(" at line").next())
        {
            Some(expected) => format!("verkeerd type: verwacht {}", dutch_type(expected)),
            None => "verkeerd type".to_owned(),
        }
    } else if text.starts_with("duplicate field `") {
        format!(
            "veld '{}' staat er twee keer",
            quoted("duplicate field `").unwrap_or_default()
        )
    } else {
        return super::geo::json_error(file, e);
    };
    ImportError::at(
        file,
        e.line() as u64,
        Some(e.column().to_string()),
        ImportErrorKind::Format(message),
    )
}

fn dutch_type(expected: &str) -> &'static str {
    if expected.contains("string") {
        "een tekst"
    } else if expected.contains("sequence") {
        "een lijst"
    } else if expected.contains("map") || expected.contains("struct") {
        "een object"
    } else if expected.contains("bool") {
        "true of false"
    } else if expected.contains("i64") || expected.contains("u64") || expected.contains("f64") {
        "een getal"
    } else {
        "een andere waarde"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{
      "name": "klein",
      "seed": 3,
      "schools": [
        { "id": "00AA00", "capacity": 1, "lat": 52.0, "lon": 5.0,
          "offers": [{ "need": "dyslexie", "level": "extra" }],
          "places": [{ "need": "dyslexie", "level": "extra", "capacity": 1 }] },
        { "id": "00AB00", "capacity": 2, "lat": 52.1, "lon": 5.1, "offers": [] }
      ],
      "pupils": [
        { "id": "L1", "lat": 52.0, "lon": 5.0, "needs": [{ "need": "dyslexie", "level": "basis" }],
          "preferences": ["00AA00", "00AB00"], "lottery": 0.5 },
        { "id": "L2", "lat": 52.0, "lon": 5.0, "needs": [], "preferences": ["00ab00"] }
      ],
      "priorities": { "00AB00": ["L2", "L1"] },
      "candidates": { "L1": [{ "school": "00AA00", "cost": 10 }] }
    }"#;

    fn err(json: &str) -> String {
        read_placement("inst.json", json.as_bytes())
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_good_file_reads_with_indices_and_its_hash() {
        let f = read_placement("inst.json", GOOD.as_bytes()).unwrap();
        assert_eq!(f.name.as_deref(), Some("klein"));
        assert_eq!(f.seed, Some(3));
        assert_eq!(f.sha256.len(), 64);
        let i = &f.instance;
        assert_eq!(i.pupils[0].preferences, [0, 1]);
        assert_eq!(i.pupils[1].preferences, [1]);
        assert_eq!(i.priorities, [None, Some(vec![1, 0])]);
        assert_eq!(
            i.candidates[0],
            Some(vec![Candidate {
                school: 0,
                cost: 10
            }])
        );
        assert_eq!(i.candidates[1], None);
        assert_eq!(i.schools[0].places[0].capacity, 1);
    }

    #[test]
    fn every_fault_names_its_place_in_dutch() {
        assert_eq!(
            err(&GOOD.replace(
                r#""preferences": ["00ab00"]"#,
                r#""preferences": ["99ZZ99"]"#
            )),
            "inst.json: pupils[1].preferences[0]: school 99ZZ99 staat niet in schools"
        );
        assert_eq!(
            err(&GOOD.replace(r#""capacity": 2"#, r#""capacity": -2"#)),
            "inst.json: schools[1].capacity: -2 is negatief; een capaciteit is 0 of meer"
        );
        assert_eq!(
            err(&GOOD.replace(r#""id": "00AB00""#, r#""id": "00AA00""#)),
            "inst.json: schools[1].id: school 00AA00 staat er al in als schools[0]"
        );
        assert_eq!(
            err(&GOOD.replace(r#""id": "L2""#, r#""id": "L1""#)),
            "inst.json: pupils[1].id: leerling L1 staat er al in als pupils[0]"
        );
        assert_eq!(
            err(&GOOD.replace(r#""level": "basis""#, r#""level": "veel""#)),
            "inst.json: pupils[0].needs[0]: onbekend niveau 'veel': gebruik basis, extra of specialistisch"
        );
        assert_eq!(
            err(&GOOD.replace(r#"["L2", "L1"]"#, r#"["L2", "L9"]"#)),
            "inst.json: priorities.00AB00[1]: leerling L9 staat niet in pupils"
        );
        assert_eq!(
            err(&GOOD.replace(r#""lat": 52.1"#, r#""lat": 152.1"#)),
            "inst.json: schools[1].lat: (152.1, 5.1) is geen positie; lat ligt tussen -90 en 90, lon tussen -180 en 180"
        );
        assert_eq!(
            err(&GOOD.replace(r#""seed": 3,"#, r#""zaad": 3,"#)),
            "inst.json, regel 3, kolom 12: onbekend veld 'zaad'"
        );
        assert!(
            err(&GOOD.replace(r#""capacity": 1, "lat""#, r#""lat""#))
                .contains("het veld 'capacity' ontbreekt")
        );
        assert!(
            err(&GOOD.replace(r#""capacity": 1, "lat""#, r#""capacity": "veel", "lat""#))
                .contains("verkeerd type: verwacht een getal")
        );
        assert!(err(&GOOD[..200]).contains("houdt midden in de JSON op"));
        assert!(err("{ nee }").contains("ongeldige JSON"));
    }
}
