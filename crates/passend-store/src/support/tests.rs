//! Settings replaced by each import; profiles kept as history, all or nothing.

use std::collections::BTreeMap;

use jiff::civil::date;
use passend_core::register::Register;
use passend_core::support::Need;
use passend_core::testkit;

use super::*;
use crate::{ImportBatch, Membership};

const FIXTURE: &str = "
pc4 9401 Assen PO2201 VO2201
school 00AA00 bao 9401AA pupils=2025:380
school 00AB00 so-vso 9401AB cluster=3/4 offer=\"SO ZMLK + VSO ZMOK\" pupils=2025:120
";

fn code(s: &str) -> VestigingCode {
    VestigingCode::parse(s).unwrap()
}

fn need(s: &str) -> NeedCode {
    NeedCode::parse(s).unwrap()
}

fn taxonomy(codes: &[&str]) -> Taxonomy {
    Taxonomy::new(
        codes
            .iter()
            .map(|c| Need {
                code: need(c),
                label: c.to_uppercase(),
                domain: "leren".into(),
                domain_label: "Leren".into(),
                prevalence_po: 0.04,
                prevalence_vo: 0.023,
                share_extra: 0.25,
                share_specialist: 0.01,
                source: format!("bron van {c}"),
            })
            .collect(),
    )
    .unwrap()
}

fn import(store: &Store, register: &Register, settings: SettingsBatch<'_>) {
    let names = BTreeMap::new();
    let memberships: Vec<Membership> = register.memberships().to_vec();
    store
        .save_import_with_settings(
            &ImportBatch {
                fingerprint: "abc",
                data_dir: "data",
                finished_at: "2026-11-28T08:00:00Z".parse().unwrap(),
                files: &[],
                vestigingen: register.vestigingen(),
                memberships: &memberships,
                pc4s: register.pc4s(),
                findings: &[],
                swv_names: &names,
            },
            &settings,
        )
        .unwrap();
}

fn profile(v: &str, from: Date, offers: &[(&str, Level, Option<u32>)]) -> SupportProfile {
    SupportProfile {
        vestiging: code(v),
        valid_from: from,
        offers: offers
            .iter()
            .map(|(n, level, places)| Offer {
                need: need(n),
                level: *level,
                places: *places,
            })
            .collect(),
        conditions: [Condition::Drempelvrij, Condition::Lift].into(),
        source: ProfileSource::Imported {
            file: "profielen.csv".into(),
        },
    }
}

fn basis(swv: &str, from: Date, needs: &[&str]) -> SwvBasis {
    SwvBasis {
        swv: SwvCode::parse(swv).unwrap(),
        valid_from: from,
        needs: needs.iter().map(|n| need(n)).collect(),
        source: ProfileSource::Synthetic { seed: 2026 },
    }
}

#[test]
fn settings_load_back_and_each_import_replaces_them() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.load_taxonomy().unwrap(), Taxonomy::default());
    assert_eq!(
        store.load_coverage_settings().unwrap(),
        CoverageSettings::default()
    );
    let register = testkit::register(FIXTURE);
    let first = taxonomy(&["dyslexie", "adhd", "ass"]);
    let mut coverage = CoverageSettings::default();
    coverage.set("drempel_extra_km", 12.5, "plan 2026").unwrap();
    coverage.set("omrijfactor", 1.25, "eigen meting").unwrap();
    import(
        &store,
        &register,
        SettingsBatch {
            taxonomy: &first,
            coverage: &coverage,
            retention: &passend_core::retention::RetentionPolicy::default(),
        },
    );
    assert_eq!(store.load_taxonomy().unwrap(), first, "in file order");
    assert_eq!(store.load_coverage_settings().unwrap(), coverage);

    let second = taxonomy(&["tos"]);
    import(
        &store,
        &register,
        SettingsBatch {
            taxonomy: &second,
            coverage: &CoverageSettings::default(),
            retention: &passend_core::retention::RetentionPolicy::default(),
        },
    );
    assert_eq!(store.load_taxonomy().unwrap(), second);
    assert_eq!(
        store.load_coverage_settings().unwrap(),
        CoverageSettings::default()
    );
}

#[test]
fn profiles_load_back_as_saved() {
    let store = Store::open_in_memory().unwrap();
    assert!(!store.has_profiles().unwrap());
    let d = date(2026, 8, 1);
    let profiles = vec![
        profile(
            "00AA00",
            d,
            &[
                ("dyslexie", Level::Extra, Some(6)),
                ("adhd", Level::Basis, None),
            ],
        ),
        profile("00AB00", d, &[("zmlk", Level::Specialistisch, Some(40))]),
    ];
    let basis = vec![basis("PO2201", d, &["dyslexie", "adhd"])];
    let outcome = store.save_profiles(&profiles, &basis).unwrap();
    assert_eq!(
        outcome,
        ProfilesOutcome {
            profiles_added: 2,
            profiles_unchanged: 0,
            basis_added: 1,
            basis_unchanged: 0
        }
    );
    assert!(store.has_profiles().unwrap());
    let book = store.load_profiles().unwrap();
    let loaded = book.profile_at(code("00AA00"), d).unwrap();
    // Offers come back ordered by need; everything else as saved.
    let mut expected = profiles[0].clone();
    expected.offers.sort_by(|a, b| a.need.cmp(&b.need));
    assert_eq!(loaded, &expected);
    assert_eq!(book.profile_at(code("00AB00"), d), Some(&profiles[1]));
    assert_eq!(
        book.basis_at(SwvCode::parse("PO2201").unwrap(), d),
        Some(&basis[0])
    );
}

#[test]
fn unchanged_content_adds_no_version_and_changes_keep_the_history() {
    let store = Store::open_in_memory().unwrap();
    let (d1, d2) = (date(2026, 8, 1), date(2027, 8, 1));
    let v1 = profile("00AA00", d1, &[("dyslexie", Level::Extra, Some(6))]);
    store
        .save_profiles(std::slice::from_ref(&v1), &[basis("PO2201", d1, &["adhd"])])
        .unwrap();

    // The same content later, from another source and with offers in another order:
    // nothing new.
    let mut same = v1.clone();
    same.valid_from = d2;
    same.source = ProfileSource::Synthetic { seed: 7 };
    let outcome = store
        .save_profiles(&[same], &[basis("PO2201", d2, &["adhd"])])
        .unwrap();
    assert!(outcome.nothing_changed(), "{outcome:?}");
    assert_eq!(
        (outcome.profiles_unchanged, outcome.basis_unchanged),
        (1, 1)
    );

    // Changed content a year later: a new version; the old one still holds before it.
    let v2 = profile("00AA00", d2, &[("dyslexie", Level::Extra, Some(8))]);
    let outcome = store
        .save_profiles(
            std::slice::from_ref(&v2),
            &[basis("PO2201", d2, &["adhd", "ass"])],
        )
        .unwrap();
    assert_eq!((outcome.profiles_added, outcome.basis_added), (1, 1));
    let book = store.load_profiles().unwrap();
    assert_eq!(book.history(code("00AA00")), &[v1.clone(), v2.clone()]);
    assert_eq!(book.profile_at(code("00AA00"), date(2027, 1, 1)), Some(&v1));
    assert_eq!(book.profile_at(code("00AA00"), d2), Some(&v2));

    // The old content again, on the old date: it is what holds then, so nothing new.
    assert!(
        store
            .save_profiles(std::slice::from_ref(&v1), &[])
            .unwrap()
            .nothing_changed()
    );

    // A correction on the same date is a new version that wins; the first is kept.
    let fix = profile("00AA00", d2, &[("dyslexie", Level::Extra, Some(9))]);
    assert_eq!(
        store
            .save_profiles(std::slice::from_ref(&fix), &[])
            .unwrap()
            .profiles_added,
        1
    );
    let book = store.load_profiles().unwrap();
    assert_eq!(book.history(code("00AA00")).len(), 3);
    assert_eq!(book.profile_at(code("00AA00"), d2), Some(&fix));
}

#[test]
fn a_failed_save_stores_nothing() {
    let store = Store::open_in_memory().unwrap();
    let d = date(2026, 8, 1);
    let good = profile("00AA00", d, &[("dyslexie", Level::Extra, Some(6))]);
    // Two offers for one need break the primary key half-way through the save.
    let bad = profile(
        "00AB00",
        d,
        &[
            ("zmlk", Level::Specialistisch, Some(40)),
            ("zmlk", Level::Extra, Some(4)),
        ],
    );
    assert!(
        store
            .save_profiles(&[good.clone(), bad], &[basis("PO2201", d, &["adhd"])])
            .is_err()
    );
    assert!(!store.has_profiles().unwrap(), "not even the good profile");
    assert_eq!(store.load_profiles().unwrap(), ProfileBook::default());
}

#[test]
fn profiles_survive_a_re_import_that_removes_their_vestiging() {
    let store = Store::open_in_memory().unwrap();
    let register = testkit::register(FIXTURE);
    let tax = taxonomy(&["dyslexie"]);
    let settings = SettingsBatch {
        taxonomy: &tax,
        coverage: &CoverageSettings::default(),
        retention: &passend_core::retention::RetentionPolicy::default(),
    };
    import(&store, &register, settings);
    let p = profile(
        "00AB00",
        date(2026, 8, 1),
        &[("zmlk", Level::Specialistisch, Some(40))],
    );
    store.save_profiles(std::slice::from_ref(&p), &[]).unwrap();

    let smaller = testkit::register(
        "
pc4 9401 Assen PO2201 VO2201
school 00AA00 bao 9401AA pupils=2025:380
",
    );
    import(&store, &smaller, settings);
    assert!(
        store
            .load_register()
            .unwrap()
            .vestiging(code("00AB00"))
            .is_none()
    );
    assert_eq!(store.load_profiles().unwrap().history(code("00AB00")), &[p]);
}
