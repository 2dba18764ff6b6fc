//! A what-if scenario as an SWV writes it: a JSON file with a name and a list of changes.
//!
//! ```json
//! {
//!   "naam": "De Linde sluit, SBO De Wissel groeit",
//!   "wijzigingen": [
//!     { "sluit": "00AA00" },
//!     { "vestiging": "00AC00", "behoefte": "gedrag", "niveau": "extra", "plaatsen": 12 },
//!     { "vestiging": "00AC00", "behoefte": "dyslexie", "niveau": "geen" },
//!     { "vestiging": "00AC00", "behoefte": "gedrag", "plaatsen_erbij": 5 }
//!   ]
//! }
//! ```
//!
//! A change closes a school (`sluit`), sets what a school offers for a need (`niveau`
//! `basis`, `extra`, `specialistisch` or `geen`, with `plaatsen` for extra and
//! specialist), or adds places (`plaatsen_erbij`, negative to take them away). This
//! reader checks the form; whether the vestiging and the need exist is checked when the
//! scenario is applied to the register.

use serde_json::{Map, Value};

use passend_core::ids::VestigingCode;
use passend_core::support::{Level, NeedCode};
use passend_coverage::{Scenario, ScenarioChange};

use super::geo::json_error;
use crate::error::{ImportError, ImportErrorKind};
use crate::text::{Encoding, decode};

const CHANGE_KEYS: [&str; 6] = [
    "sluit",
    "vestiging",
    "behoefte",
    "niveau",
    "plaatsen",
    "plaatsen_erbij",
];

/// Reads a scenario file.
pub fn read_scenario(file: &str, bytes: &[u8]) -> Result<Scenario, ImportError> {
    let text = decode(file, bytes, Encoding::Utf8)?;
    let root: Value = serde_json::from_str(&text).map_err(|e| json_error(file, &e))?;
    let fail = |path: &str, message: String| {
        let mut e = ImportError::new(file, ImportErrorKind::Format(message));
        e.column = Some(path.to_owned());
        e
    };
    let Value::Object(root) = root else {
        return Err(fail(
            "(hoofdniveau)",
            "verwacht een object met \"naam\" en \"wijzigingen\"".to_owned(),
        ));
    };
    if let Some(key) = root
        .keys()
        .find(|k| !["naam", "wijzigingen"].contains(&k.as_str()))
    {
        return Err(fail(
            key,
            format!("onbekend veld '{key}'; een scenario heeft alleen \"naam\" en \"wijzigingen\""),
        ));
    }
    let name = match root.get("naam") {
        None => "scenario".to_owned(),
        Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_owned(),
        Some(_) => {
            return Err(fail(
                "naam",
                "de naam moet een niet-lege tekst zijn".to_owned(),
            ));
        }
    };
    let Some(Value::Array(items)) = root.get("wijzigingen") else {
        return Err(fail(
            "wijzigingen",
            "verwacht een lijst \"wijzigingen\" met ten minste één wijziging".to_owned(),
        ));
    };
    if items.is_empty() {
        return Err(fail(
            "wijzigingen",
            "de lijst met wijzigingen is leeg".to_owned(),
        ));
    }
    let changes = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let path = format!("wijzigingen[{i}]");
            change(item).map_err(|(field, message)| {
                let at = if field.is_empty() {
                    path.clone()
                } else {
                    format!("{path}.{field}")
                };
                fail(&at, format!("wijziging {}: {message}", i + 1))
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Scenario { name, changes })
}

type FieldError = (&'static str, String);

fn change(item: &Value) -> Result<ScenarioChange, FieldError> {
    let Value::Object(map) = item else {
        return Err(("", "verwacht een object".to_owned()));
    };
    if let Some(key) = map.keys().find(|k| !CHANGE_KEYS.contains(&k.as_str())) {
        return Err((
            "",
            format!("onbekend veld '{key}'; kies uit {}", CHANGE_KEYS.join(", ")),
        ));
    }
    if map.contains_key("sluit") {
        if map.len() > 1 {
            return Err((
                "sluit",
                "een sluiting staat op zichzelf; zet andere wijzigingen in een eigen object"
                    .to_owned(),
            ));
        }
        return Ok(ScenarioChange::Close {
            vestiging: vestiging(map, "sluit")?,
        });
    }
    let vestiging = vestiging(map, "vestiging")?;
    let need = match map.get("behoefte") {
        Some(Value::String(s)) => NeedCode::parse(s).map_err(|e| ("behoefte", e.to_string()))?,
        Some(_) => return Err(("behoefte", "verwacht een code als tekst".to_owned())),
        None => return Err(("behoefte", "de behoefte ontbreekt".to_owned())),
    };
    match (map.get("niveau"), map.get("plaatsen_erbij")) {
        (Some(_), Some(_)) => Err((
            "plaatsen_erbij",
            "kies \"niveau\" (met \"plaatsen\") of \"plaatsen_erbij\", niet allebei".to_owned(),
        )),
        (Some(level), None) => {
            let level = match level {
                Value::String(s) if s.trim().eq_ignore_ascii_case("geen") => None,
                Value::String(s) => Some(Level::parse(s).ok_or_else(|| {
                    (
                        "niveau",
                        format!("onbekend niveau '{s}': kies basis, extra, specialistisch of geen"),
                    )
                })?),
                _ => return Err(("niveau", "verwacht een niveau als tekst".to_owned())),
            };
            let places = match map.get("plaatsen") {
                None | Some(Value::Null) => None,
                Some(v) => Some(v.as_u64().and_then(|p| u32::try_from(p).ok()).ok_or_else(
                    || {
                        (
                            "plaatsen",
                            format!("verwacht een geheel aantal van 0 of meer, gevonden {v}"),
                        )
                    },
                )?),
            };
            if places.is_some() && !level.is_some_and(Level::has_places) {
                return Err((
                    "plaatsen",
                    "plaatsen horen bij extra of specialistische ondersteuning".to_owned(),
                ));
            }
            Ok(ScenarioChange::SetOffer {
                vestiging,
                need,
                level,
                places,
            })
        }
        (None, Some(delta)) => {
            if map.contains_key("plaatsen") {
                return Err((
                    "plaatsen",
                    "\"plaatsen\" hoort bij \"niveau\"; gebruik hier alleen \"plaatsen_erbij\""
                        .to_owned(),
                ));
            }
            let places = delta.as_i64().filter(|p| p.abs() <= 100_000).ok_or_else(|| {
                (
                    "plaatsen_erbij",
                    format!("verwacht een geheel getal (negatief om plaatsen weg te nemen), gevonden {delta}"),
                )
            })?;
            Ok(ScenarioChange::AddPlaces {
                vestiging,
                need,
                places,
            })
        }
        (None, None) => Err((
            "",
            "zeg wat er verandert: \"sluit\", \"niveau\" of \"plaatsen_erbij\"".to_owned(),
        )),
    }
}

fn vestiging(map: &Map<String, Value>, key: &'static str) -> Result<VestigingCode, FieldError> {
    match map.get(key) {
        Some(Value::String(s)) => VestigingCode::parse(s).map_err(|e| (key, e.to_string())),
        Some(_) => Err((key, "verwacht een vestigingscode als tekst".to_owned())),
        None => Err((key, "de vestiging ontbreekt".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Scenario, String> {
        read_scenario("plan.json", json.as_bytes()).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_every_kind_of_change() {
        let s = read(
            r#"{"naam": "Plan", "wijzigingen": [
                {"sluit": "00AA00"},
                {"vestiging": "00AC00", "behoefte": "gedrag", "niveau": "extra", "plaatsen": 12},
                {"vestiging": "00AC00", "behoefte": "dyslexie", "niveau": "geen"},
                {"vestiging": "00AC00", "behoefte": "gedrag", "plaatsen_erbij": -3}
            ]}"#,
        )
        .unwrap();
        let v = |c: &str| VestigingCode::parse(c).unwrap();
        let n = |c: &str| NeedCode::parse(c).unwrap();
        assert_eq!(s.name, "Plan");
        assert_eq!(
            s.changes,
            [
                ScenarioChange::Close {
                    vestiging: v("00AA00")
                },
                ScenarioChange::SetOffer {
                    vestiging: v("00AC00"),
                    need: n("gedrag"),
                    level: Some(Level::Extra),
                    places: Some(12)
                },
                ScenarioChange::SetOffer {
                    vestiging: v("00AC00"),
                    need: n("dyslexie"),
                    level: None,
                    places: None
                },
                ScenarioChange::AddPlaces {
                    vestiging: v("00AC00"),
                    need: n("gedrag"),
                    places: -3
                },
            ]
        );
    }

    #[test]
    fn says_what_and_where_is_wrong() {
        for (json, expected) in [
            (
                "{",
                "plan.json, regel 1, kolom 1: het bestand houdt midden in de JSON op",
            ),
            ("[]", "plan.json, kolom (hoofdniveau): verwacht een object"),
            (
                r#"{"wijzigingen": []}"#,
                "kolom wijzigingen: de lijst met wijzigingen is leeg",
            ),
            (
                r#"{"naam": "x", "extra": 1, "wijzigingen": []}"#,
                "onbekend veld 'extra'",
            ),
            (
                r#"{"wijzigingen": [{"sluit": "00AA00"}, {"vestiging": "00AA00", "behoefte": "gedrag", "niveau": "extra", "plaatsen": -2}]}"#,
                "kolom wijzigingen[1].plaatsen: wijziging 2: verwacht een geheel aantal van 0 of meer, gevonden -2",
            ),
            (
                r#"{"wijzigingen": [{"vestiging": "00AA00", "behoefte": "gedrag", "niveau": "hoog"}]}"#,
                "wijzigingen[0].niveau: wijziging 1: onbekend niveau 'hoog'",
            ),
            (
                r#"{"wijzigingen": [{"vestiging": "00AA00", "behoefte": "gedrag", "niveau": "basis", "plaatsen": 3}]}"#,
                "plaatsen horen bij extra of specialistische ondersteuning",
            ),
            (
                r#"{"wijzigingen": [{"vestiging": "00AA00", "behoefte": "gedrag"}]}"#,
                "zeg wat er verandert",
            ),
            (
                r#"{"wijzigingen": [{"sluit": "00AA00", "behoefte": "gedrag"}]}"#,
                "een sluiting staat op zichzelf",
            ),
            (
                r#"{"wijzigingen": [{"sluit": "AA"}]}"#,
                "wijzigingen[0].sluit: wijziging 1:",
            ),
            (
                r#"{"wijzigingen": [{"vestiging": "00AA00", "behoefte": "gedrag", "plaatsen_erbij": 1.5}]}"#,
                "verwacht een geheel getal",
            ),
        ] {
            let got = read(json).unwrap_err();
            assert!(
                got.contains(expected),
                "{json}\n  gives {got}\n  lacks {expected}"
            );
        }
    }
}
