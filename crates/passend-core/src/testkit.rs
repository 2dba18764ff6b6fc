//! A tiny text format for small registers in tests (feature `testkit`).
//!
//! ```text
//! # PC4 areas: pc4, gemeente, PO SWV, VO SWV ("-" for none)
//! pc4 9401 Assen PO2201 VO2201
//! # vestigingen: code, kind, postcode, then key=value attributes
//! school 00AA00 bao 9401AA name="De Linde" pupils=2025:120,2024:118
//! school 00AB00 so-vso 9401AB cluster=3 offer="SO ZMLK + VSO ZMLK"
//! school 00AC00 vo 9401AC structure=VBO/MAVO
//! ```
//! A school stands near the centre of its PC4 (each PC4 `nnnn` is put at latitude
//! `52 + (nnnn mod 100) / 100`, longitude `5 + (nnnn mod 100) / 100`).
//! Attributes: `name`, `pupils` (year:count, count may be `<5`), `cluster`, `offer`,
//! `denominatie`, `status=closed`, `gemeente`, `nolocation`, `structure` (VO), `board`.

use crate::cluster::{ClusterEvidence, ClusterSet, SpecialOffer, classify};
use crate::geo::LatLon;
use crate::ids::{Postcode, VestigingCode};
use crate::membership::{MembershipClaim, derive};
use crate::pupils::{Peildatum, PupilCount};
use crate::register::{
    CountRecord, Gemeente, Location, LocationBasis, Membership, Pc4Area, Register, Vestiging,
};
use crate::school::{SchoolKind, Status, VoStructure};
use crate::swv::SwvCode;

/// Parses a fixture into vestigingen and PC4 areas. Panics with the line on bad input:
/// fixtures are written by developers.
pub fn parse(text: &str) -> (Vec<Vestiging>, Vec<Pc4Area>) {
    let mut vestigingen = Vec::new();
    let mut pc4s = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let words = split_words(line);
        let ctx = || format!("fixture line {}: {line}", n + 1);
        match words[0].as_str() {
            "pc4" => {
                let swv = |s: &str| {
                    (s != "-")
                        .then(|| SwvCode::parse(s).unwrap_or_else(|e| panic!("{}: {e}", ctx())))
                };
                let pc4 =
                    crate::ids::Pc4::parse(&words[1]).unwrap_or_else(|e| panic!("{}: {e}", ctx()));
                let index = f64::from(pc4.get() % 100);
                pc4s.push(Pc4Area {
                    pc4,
                    in_regeling: true,
                    gemeente: words[2].clone(),
                    po_swv: swv(&words[3]),
                    vo_swv: swv(&words[4]),
                    note: None,
                    centroid: LatLon::new_in_netherlands(52.0 + index * 0.01, 5.0 + index * 0.01),
                    place: Some(words[2].clone()),
                    inhabitants: Some(1000),
                    under_15: Some(150),
                    age_15_to_25: Some(120),
                });
            }
            "school" => vestigingen.push(school(&words, &ctx())),
            other => panic!("{}: unknown record '{other}'", ctx()),
        }
    }
    // Put each school near the centre of its PC4 (slightly apart per vestigingsnummer),
    // so that distances in fixtures follow the postcodes.
    for v in &mut vestigingen {
        let centre = v
            .pc4()
            .and_then(|pc4| pc4s.iter().find(|a| a.pc4 == pc4))
            .and_then(|a| a.centroid);
        if let (Some(location), Some(centre)) = (v.location.as_mut(), centre) {
            let offset = f64::from(v.code.number()) * 0.001;
            location.point = LatLon {
                lat: centre.lat + offset,
                lon: centre.lon + offset,
            };
        }
    }
    (vestigingen, pc4s)
}

/// Parses a fixture and derives memberships into a register.
pub fn register(text: &str) -> Register {
    register_with_claims(text, &[])
}

/// Like [`register`], with override or landelijk claims.
pub fn register_with_claims(text: &str, claims: &[MembershipClaim]) -> Register {
    let (vestigingen, pc4s) = parse(text);
    let derivation = derive(&vestigingen, &pc4s, claims);
    let memberships: Vec<Membership> = derivation.memberships;
    Register::new(vestigingen, memberships, pc4s)
}

fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    words.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

fn school(words: &[String], ctx: &str) -> Vestiging {
    let code = VestigingCode::parse(&words[1]).unwrap_or_else(|e| panic!("{ctx}: {e}"));
    let mut structure = VoStructure::parse("VBO/MAVO/HAVO/VWO").expect("valid");
    let attr = |key: &str| {
        words[3..]
            .iter()
            .find_map(|w| w.strip_prefix(key).and_then(|rest| rest.strip_prefix('=')))
    };
    if let Some(s) = attr("structure") {
        structure = VoStructure::parse(s).unwrap_or_else(|| panic!("{ctx}: bad structure"));
    }
    let kind = match words[2].as_str() {
        "vo" => SchoolKind::from_vo_structure(structure),
        other => {
            SchoolKind::from_code(other, structure).unwrap_or_else(|| panic!("{ctx}: bad kind"))
        }
    };
    let postcode = (words[3] != "-")
        .then(|| Postcode::parse(&words[3]).unwrap_or_else(|e| panic!("{ctx}: {e}")));
    let name = attr("name").unwrap_or("School").to_owned();
    let special_offer =
        attr("offer").map(|o| SpecialOffer::parse(o).unwrap_or_else(|e| panic!("{ctx}: {e}")));
    let cluster = kind.is_special().then(|| {
        let duo = attr("cluster")
            .map(|c| ClusterSet::parse(c).unwrap_or_else(|| panic!("{ctx}: bad cluster")));
        classify(&ClusterEvidence {
            duo_vestiging: duo.map(|c| (c, attr("offer").unwrap_or(""))),
            name: &name,
            ..Default::default()
        })
    });
    let mut counts: Vec<CountRecord> = attr("pupils")
        .map(|p| {
            p.split(',')
                .map(|pair| {
                    let (year, count) = pair
                        .split_once(':')
                        .unwrap_or_else(|| panic!("{ctx}: bad pupils"));
                    CountRecord {
                        peildatum: Peildatum::october_first(year.parse().expect("year")),
                        count: PupilCount::parse(count).expect("count").expect("non-empty"),
                        source: "fixture".to_owned(),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    counts.sort_by_key(|c| c.peildatum);
    let location = match (attr("nolocation"), words.iter().any(|w| w == "nolocation")) {
        (None, false) => Some(Location {
            point: LatLon {
                lat: 52.0 + f64::from(code.number()) * 0.001,
                lon: 5.0,
            },
            basis: LocationBasis::AddressPoint,
        }),
        _ => None,
    };
    Vestiging {
        code,
        name,
        kind,
        status: if attr("status") == Some("closed") {
            Status::Closed
        } else {
            Status::Open
        },
        status_basis: "fixture".to_owned(),
        board: attr("board")
            .map(|b| crate::ids::BoardNumber::parse(b).unwrap_or_else(|e| panic!("{ctx}: {e}"))),
        denominatie: attr("denominatie").map(str::to_owned),
        street_address: None,
        postcode,
        place: None,
        gemeente: attr("gemeente").map(|g| Gemeente {
            code: None,
            name: g.to_owned(),
        }),
        province: None,
        location,
        website: None,
        cluster,
        special_offer,
        sources: vec!["fixture".to_owned()],
        counts,
    }
}
