//! Tests of the synthetic profile generator.

use jiff::civil::date;

use super::*;
use crate::support::{Need, Taxonomy};
use crate::testkit;

fn taxonomy() -> Taxonomy {
    let codes = [
        "dyslexie",
        "dyscalculie",
        "adhd",
        "ass",
        "gedrag",
        "hoogbegaafd",
        "tos",
        "jonge-kind",
        "lvb",
        "zmlk",
        "lichamelijk",
        "langdurig-ziek",
        "meervoudig",
        "visueel",
        "auditief",
    ];
    Taxonomy::new(
        codes
            .iter()
            .map(|c| Need {
                code: NeedCode::parse(c).unwrap(),
                label: (*c).into(),
                domain: "d".into(),
                domain_label: "D".into(),
                prevalence_po: 0.02,
                prevalence_vo: 0.02,
                share_extra: 0.3,
                share_specialist: 0.1,
                source: "test".into(),
            })
            .collect(),
    )
    .unwrap()
}

const FIXTURE: &str = "
pc4 9401 Assen PO2201 VO2201
school 00AA00 bao 9401AA pupils=2025:400
school 00AB00 sbo 9401AB pupils=2025:100
school 00AC00 so-vso 9401AC cluster=3/4 offer=\"SO ZMLK + VSO ZMOK\" pupils=2025:90
school 00AD00 vo 9401AD structure=PRO pupils=2023:150
school 00AE00 bao 9401AE status=closed
";

#[test]
fn profiles_follow_the_documented_rules() {
    let register = testkit::register(FIXTURE);
    let (profiles, basis) = generate(&register, &taxonomy(), 7, date(2026, 8, 1));
    assert_eq!(profiles.len(), 4, "closed schools get none");
    assert!(
        profiles
            .iter()
            .all(|p| p.source == ProfileSource::Synthetic { seed: 7 })
    );
    let of = |code: &str| {
        profiles
            .iter()
            .find(|p| p.vestiging.to_string() == code)
            .unwrap()
    };
    let level = |code: &str, need: &str| {
        of(code)
            .offer(&NeedCode::parse(need).unwrap())
            .map(|o| o.level)
    };
    assert_eq!(level("00AB00", "lvb"), Some(Level::Specialistisch));
    assert_eq!(level("00AB00", "gedrag"), Some(Level::Extra));
    assert_eq!(level("00AC00", "zmlk"), Some(Level::Specialistisch));
    assert_eq!(
        level("00AC00", "gedrag"),
        Some(Level::Specialistisch),
        "cluster 4 part"
    );
    assert!(of("00AC00").conditions.contains(&Condition::Drempelvrij));
    assert_eq!(level("00AD00", "lvb"), Some(Level::Specialistisch));
    // Places come from pupil counts: SBO 100 pupils → 110 specialist places.
    assert_eq!(
        of("00AB00")
            .offer(&NeedCode::parse("lvb").unwrap())
            .unwrap()
            .places,
        Some(110)
    );
    // No regular school offers specialist education.
    assert!(
        of("00AA00")
            .offers
            .iter()
            .all(|o| o.level != Level::Specialistisch)
    );
    let po = basis
        .iter()
        .find(|b| b.swv.to_string() == "PO2201")
        .unwrap();
    assert!(po.needs.contains(&NeedCode::parse("jonge-kind").unwrap()));
    let vo = basis
        .iter()
        .find(|b| b.swv.to_string() == "VO2201")
        .unwrap();
    assert!(!vo.needs.contains(&NeedCode::parse("jonge-kind").unwrap()));
}

#[test]
fn the_same_seed_gives_the_same_profiles_and_another_seed_others() {
    let many: String = (0..60)
        .map(|i| format!("school {:02}AA00 bao 9401AA pupils=2025:300\n", i))
        .collect();
    let register_many = testkit::register(&format!("pc4 9401 Assen PO2201 VO2201\n{many}"));
    let a = generate(&register_many, &taxonomy(), 1, date(2026, 8, 1));
    let b = generate(&register_many, &taxonomy(), 1, date(2026, 8, 1));
    let c = generate(&register_many, &taxonomy(), 2, date(2026, 8, 1));
    assert_eq!(a, b);
    assert_ne!(a.0, c.0);
    // About a quarter of basisscholen offer extra support for dyslexia (25 % chance).
    let dyslexie = NeedCode::parse("dyslexie").unwrap();
    let share = a.0.iter().filter(|p| p.offer(&dyslexie).is_some()).count();
    assert!((5..=30).contains(&share), "{share} of 60");
}
