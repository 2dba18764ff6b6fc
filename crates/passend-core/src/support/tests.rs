//! Tests of levels, need codes, offers and the profile book.

use jiff::civil::date;

use super::*;
use crate::ids::VestigingCode;

fn need(code: &str) -> NeedCode {
    NeedCode::parse(code).unwrap()
}

#[test]
fn levels_are_ordered_and_parse_in_dutch() {
    assert!(Level::Basis < Level::Extra && Level::Extra < Level::Specialistisch);
    assert_eq!(Level::parse("Extra ondersteuning"), Some(Level::Extra));
    assert_eq!(Level::parse("specialistisch"), Some(Level::Specialistisch));
    assert_eq!(Level::parse("veel"), None);
}

#[test]
fn need_codes_are_plain() {
    assert_eq!(need(" Langdurig-Ziek ").as_str(), "langdurig-ziek");
    assert!(NeedCode::parse("lang ziek").is_err());
    assert!(NeedCode::parse("").is_err());
    assert!(NeedCode::parse("-x").is_err());
    assert!(NeedCode::parse("é").is_err());
}

#[test]
fn specialist_offers_need_a_school_that_admits_with_a_tlv() {
    let offer = |level, places| Offer {
        need: need("zmlk"),
        level,
        places,
    };
    assert!(check_offer(SchoolKind::So, &offer(Level::Specialistisch, Some(10))).is_ok());
    assert!(check_offer(SchoolKind::Sbo, &offer(Level::Specialistisch, Some(10))).is_ok());
    assert!(
        check_offer(
            SchoolKind::Praktijkonderwijs,
            &offer(Level::Specialistisch, Some(10))
        )
        .is_ok()
    );
    assert_eq!(
        check_offer(SchoolKind::Bao, &offer(Level::Specialistisch, Some(10))),
        Err(OfferError::SpecialistAtRegularSchool { kind: "BAO" })
    );
    assert_eq!(
        check_offer(SchoolKind::Bao, &offer(Level::Basis, Some(3))),
        Err(OfferError::PlacesAtBasis)
    );
    assert!(check_offer(SchoolKind::Bao, &offer(Level::Extra, Some(3))).is_ok());
}

#[test]
fn taxonomy_rejects_duplicates_and_impossible_shares() {
    let n = |code: &str, extra: f64, spec: f64| Need {
        code: need(code),
        label: code.into(),
        domain: "leren".into(),
        domain_label: "Leren".into(),
        prevalence_po: 0.04,
        prevalence_vo: 0.04,
        share_extra: extra,
        share_specialist: spec,
        source: "test".into(),
    };
    assert!(Taxonomy::new(vec![n("a", 0.2, 0.1), n("b", 0.2, 0.1)]).is_ok());
    assert_eq!(
        Taxonomy::new(vec![n("a", 0.2, 0.1), n("a", 0.2, 0.1)]),
        Err(TaxonomyError::Duplicate("a".into()))
    );
    assert!(matches!(
        Taxonomy::new(vec![n("a", 0.1, 0.2)]),
        Err(TaxonomyError::Share { .. })
    ));
    assert!(matches!(
        Taxonomy::new(vec![n("a", 1.5, 0.2)]),
        Err(TaxonomyError::Share { .. })
    ));
}

#[test]
fn the_profile_in_force_is_the_newest_from_before_the_date_and_the_swv_basis_applies() {
    let v = VestigingCode::parse("00AA00").unwrap();
    let swv = SwvCode::parse("PO2201").unwrap();
    let version = |from, level| SupportProfile {
        vestiging: v,
        valid_from: from,
        offers: vec![Offer {
            need: need("dyslexie"),
            level,
            places: None,
        }],
        conditions: BTreeSet::new(),
        source: ProfileSource::Edited,
    };
    let book = ProfileBook::new(
        vec![
            version(date(2026, 8, 1), Level::Extra),
            version(date(2025, 8, 1), Level::Basis),
        ],
        vec![SwvBasis {
            swv,
            valid_from: date(2025, 1, 1),
            needs: [need("adhd"), need("dyslexie")].into(),
            source: ProfileSource::Edited,
        }],
    );
    assert_eq!(book.history(v).len(), 2);
    assert_eq!(
        book.profile_at(v, date(2026, 1, 1)).unwrap().offers[0].level,
        Level::Basis
    );
    assert_eq!(
        book.profile_at(v, date(2026, 9, 1)).unwrap().offers[0].level,
        Level::Extra
    );
    assert!(book.profile_at(v, date(2024, 1, 1)).is_none());
    let effective = book.effective(v, &[swv], date(2026, 9, 1));
    assert_eq!(
        effective[&need("adhd")].0,
        Level::Basis,
        "from the SWV basis"
    );
    assert_eq!(
        effective[&need("dyslexie")].0,
        Level::Extra,
        "own profile raises the basis"
    );
    assert!(
        !book
            .effective(v, &[], date(2026, 9, 1))
            .contains_key(&need("adhd")),
        "no SWV, no basis"
    );
}

#[test]
fn coverage_settings_default_to_the_shipped_file_and_check_their_values() {
    let mut s = CoverageSettings::default();
    assert_eq!(s.threshold(Level::Basis), 6.0);
    assert_eq!(s.threshold(Level::Specialistisch), 20.0);
    assert_eq!(s.value("omrijfactor"), Some(1.3));
    assert_eq!(s.source("omrijfactor"), CoverageSettings::DEFAULT_SOURCE);
    s.set("drempel_extra_km", 12.5, "ondersteuningsplan 2026")
        .unwrap();
    assert_eq!(s.threshold(Level::Extra), 12.5);
    assert_eq!(s.value("drempel_extra_km"), Some(12.5));
    assert_eq!(s.source("drempel_extra_km"), "ondersteuningsplan 2026");
    assert_eq!(
        s.set("drempel", 1.0, ""),
        Err(SettingError::UnknownKey("drempel".into()))
    );
    assert_eq!(
        s.set("drempel_basis_km", 0.0, ""),
        Err(SettingError::Threshold)
    );
    assert_eq!(
        s.set("drempel_basis_km", f64::NAN, ""),
        Err(SettingError::Threshold)
    );
    assert_eq!(s.set("omrijfactor", 0.9, ""), Err(SettingError::Detour));
    assert_eq!(
        s.threshold(Level::Basis),
        6.0,
        "a rejected value changes nothing"
    );
}
