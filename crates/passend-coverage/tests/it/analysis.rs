//! Level ordering, scope rules, a snapshot of the matrix, and scenarios.

use expect_test::expect;
use passend_core::ids::VestigingCode;
use passend_core::support::Level;
use passend_core::swv::SwvCode;
use passend_coverage::{
    Filter, GapKind, Params, Report, Scenario, ScenarioChange, Scope, analyse, compare,
};

use crate::support::{model, model_with, need};

fn swv(code: &str) -> SwvCode {
    SwvCode::parse(code).unwrap()
}

fn matrix(report: &Report) -> String {
    report
        .cells
        .iter()
        .map(|c| {
            format!(
                "{:<9} {:<14} kinderen {:>6.2} binnen {:>6.2} scholen {} plaatsen {:>3} tekort {:>5.2} max {}",
                c.need.as_str(),
                c.level.code(),
                c.children,
                c.within,
                c.sites,
                c.places,
                c.short,
                c.max_km.map_or("-".to_owned(), |k| format!("{k:.1} km")),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_small_swv_matrix() {
    let report = analyse(&model(), swv("PO2201"), Scope::Swv, &Filter::default());
    expect![[r#"
        dyslexie  basis          kinderen   6.40 binnen   6.40 scholen 2 plaatsen   0 tekort  0.00 max 0.0 km
        dyslexie  extra          kinderen   1.60 binnen   1.60 scholen 1 plaatsen   2 tekort  0.00 max 1.3 km
        dyslexie  specialistisch kinderen   0.00 binnen   0.00 scholen 0 plaatsen   0 tekort  0.00 max -
        zmlk      basis          kinderen   0.64 binnen   0.00 scholen 0 plaatsen   0 tekort  0.00 max -
        zmlk      extra          kinderen   0.64 binnen   0.00 scholen 0 plaatsen   0 tekort  0.00 max -
        zmlk      specialistisch kinderen   0.51 binnen   0.00 scholen 0 plaatsen   0 tekort  0.00 max -"#]]
    .assert_eq(&matrix(&report));
    assert!(
        report.synthetic,
        "the profiles are synthetic and the report says so"
    );
}

#[test]
fn a_higher_level_serves_the_lower_ones() {
    // 00AC00 offers ZMLK only at specialist level: it also counts for basis and extra.
    let report = analyse(&model(), swv("PO2301"), Scope::Swv, &Filter::default());
    for level in Level::ALL {
        let cell = report.cell(&need("zmlk"), level).unwrap();
        assert_eq!(cell.sites, 1, "{level}");
        assert_eq!(cell.within, cell.children, "{level}");
    }
    // And basis dyslexia comes from the SWV's agreed basisondersteuning, which holds for
    // every member school: the basisschool 00AD00 and the SO school 00AC00.
    assert_eq!(
        report.cell(&need("dyslexie"), Level::Basis).unwrap().sites,
        2
    );
    assert_eq!(
        report.cell(&need("dyslexie"), Level::Extra).unwrap().sites,
        0
    );
}

#[test]
fn the_swv_scope_counts_only_own_schools_and_the_national_scope_any() {
    let model = model();
    let own = analyse(&model, swv("PO2201"), Scope::Swv, &Filter::default());
    let zmlk = own.cell(&need("zmlk"), Level::Specialistisch).unwrap();
    assert_eq!((zmlk.sites, zmlk.within), (0, 0.0));
    let gap_kinds: Vec<GapKind> = own
        .gaps
        .iter()
        .filter(|g| g.need == need("zmlk") && g.level == Level::Specialistisch)
        .map(|g| g.kind)
        .collect();
    assert_eq!(gap_kinds, [GapKind::NoSchool, GapKind::NoSchool]);

    let national = analyse(&model, swv("PO2201"), Scope::National, &Filter::default());
    let zmlk = national.cell(&need("zmlk"), Level::Specialistisch).unwrap();
    assert_eq!(zmlk.sites, 1, "the SO school of the neighbour counts");
    // It lies about 14 km away: within the 20 km specialist threshold.
    assert!(
        zmlk.within > 0.0 && (zmlk.within - zmlk.children).abs() < 1e-9,
        "{zmlk:?}"
    );
}

#[test]
fn the_threshold_is_a_road_distance() {
    // The farther PC4 of PO2201 lies about 13 km from the neighbour's SO school as the crow
    // flies. With a detour factor of 1.3 that is about 17 km over the road, within 20 km;
    // with 1.6 it is about 21 km, too far, although the straight line is well within 20 km.
    let params = |detour| Params {
        threshold_km: [6.0, 10.0, 20.0],
        detour,
    };
    for (detour, all_within) in [(1.3, true), (1.6, false)] {
        let report = analyse(
            &model_with(params(detour)),
            swv("PO2201"),
            Scope::National,
            &Filter::default(),
        );
        let zmlk = report.cell(&need("zmlk"), Level::Specialistisch).unwrap();
        let farthest = zmlk.max_km.unwrap();
        assert!(farthest > 12.5 && farthest < 13.5, "{zmlk:?}");
        assert_eq!(
            (zmlk.within - zmlk.children).abs() < 1e-9,
            all_within,
            "detour {detour}: {zmlk:?}"
        );
        let too_far: Vec<_> = report
            .gaps
            .iter()
            .filter(|g| g.need == need("zmlk") && g.level == Level::Specialistisch)
            .collect();
        assert_eq!(too_far.is_empty(), all_within, "{too_far:?}");
        for g in too_far {
            assert_eq!(g.kind, GapKind::TooFar);
            assert!((g.road_km.unwrap() - g.nearest_km.unwrap() * detour).abs() < 1e-9);
            assert!(g.road_km.unwrap() > 20.0 && g.nearest_km.unwrap() < 20.0);
        }
    }
}

#[test]
fn detail_rows_carry_coordinates_nearest_school_and_road_estimate() {
    let filter = Filter {
        needs: Some(vec![need("dyslexie")]),
        levels: Some(vec![Level::Extra]),
        detail: true,
    };
    let report = analyse(&model(), swv("PO2201"), Scope::Swv, &filter);
    assert_eq!(report.cells.len(), 1);
    assert_eq!(report.details.len(), 2, "one row per PC4");
    let row = &report.details[0];
    assert_eq!(row.pc4.to_string(), "9401");
    assert_eq!(row.nearest, VestigingCode::parse("00AA00").ok());
    let km = row.nearest_km.unwrap();
    assert!((row.road_km.unwrap() - km * 1.3).abs() < 1e-9);
    assert!(row.access.is_some(), "extra support has places");
}

#[test]
fn too_few_places_is_a_gap_and_a_scenario_can_close_it() {
    // Two extra places for dyslexia, while about 0.3 children are expected nearby: enough.
    // Make demand exceed places by taking the places away, then add them back.
    let model = model();
    let target = VestigingCode::parse("00AA00").unwrap();
    let scarce = Scenario {
        name: "minder plaatsen".into(),
        changes: vec![ScenarioChange::SetOffer {
            vestiging: target,
            need: need("dyslexie"),
            level: Some(Level::Extra),
            places: Some(0),
        }],
    }
    .apply(&model)
    .unwrap();
    let before = analyse(&scarce, swv("PO2201"), Scope::Swv, &Filter::default());
    let cell = before.cell(&need("dyslexie"), Level::Extra).unwrap();
    assert!(cell.short > 0.0);
    assert!(before.gaps.iter().any(|g| g.kind == GapKind::TooFewPlaces));

    let more = Scenario {
        name: "plaatsen erbij".into(),
        changes: vec![ScenarioChange::AddPlaces {
            vestiging: target,
            need: need("dyslexie"),
            places: 5,
        }],
    }
    .apply(&scarce)
    .unwrap();
    let after = analyse(&more, swv("PO2201"), Scope::Swv, &Filter::default());
    let changes = compare(&before, &after);
    assert_eq!(changes.len(), 1);
    assert!(changes[0].short_delta() < 0.0);
    assert_eq!(changes[0].after.places, 5);
}

#[test]
fn closing_the_only_school_leaves_no_school_and_the_original_model_unchanged() {
    let model = model();
    let close = Scenario {
        name: "sluiting".into(),
        changes: vec![ScenarioChange::Close {
            vestiging: VestigingCode::parse("00AC00").unwrap(),
        }],
    };
    let changed = close.apply(&model).unwrap();
    let after = analyse(&changed, swv("PO2301"), Scope::Swv, &Filter::default());
    assert_eq!(
        after
            .cell(&need("zmlk"), Level::Specialistisch)
            .unwrap()
            .sites,
        0
    );
    assert!(
        after
            .gaps
            .iter()
            .any(|g| g.kind == GapKind::NoSchool && g.need == need("zmlk"))
    );
    assert_eq!(
        model.sites.len(),
        changed.sites.len() + 1,
        "the original keeps the school"
    );

    let wrong = Scenario {
        name: "fout".into(),
        changes: vec![ScenarioChange::AddPlaces {
            vestiging: VestigingCode::parse("00AD00").unwrap(),
            need: need("zmlk"),
            places: 3,
        }],
    };
    assert_eq!(
        wrong.apply(&model).unwrap_err().to_string(),
        "wijziging 1: 00AD00 biedt voor 'zmlk' geen extra of specialistische ondersteuning; geef eerst een niveau op"
    );
}

#[test]
fn cluster_1_and_2_schools_count_for_every_swv_though_they_belong_to_none() {
    use jiff::civil::date;
    use passend_core::support::{
        Need, NeedCode, Offer, ProfileBook, ProfileSource, SupportProfile, Taxonomy,
    };
    use passend_coverage::Model;

    // A cluster 2 school (TOS) in Zwolle, 8012, belongs to no SWV.
    let region = format!(
        "{}school 00AF00 so 8012AF cluster=2 offer=\"SO ZMOK\" pupils=2025:40\n",
        crate::support::REGION
    );
    let register = passend_core::testkit::register(&region);
    let school = VestigingCode::parse("00AF00").unwrap();
    assert_eq!(register.memberships_of(school).count(), 0);
    let tos = NeedCode::parse("tos").unwrap();
    let taxonomy = Taxonomy::new(vec![Need {
        code: tos.clone(),
        label: "TOS".into(),
        domain: "communicatie".into(),
        domain_label: "Communicatie en taal".into(),
        prevalence_po: 0.05,
        prevalence_vo: 0.03,
        share_extra: 0.4,
        share_specialist: 0.1,
        source: "test".into(),
    }])
    .unwrap();
    let book = ProfileBook::new(
        vec![SupportProfile {
            vestiging: school,
            valid_from: date(2026, 8, 1),
            offers: vec![Offer {
                need: tos.clone(),
                level: Level::Specialistisch,
                places: Some(30),
            }],
            conditions: Default::default(),
            source: ProfileSource::Synthetic { seed: 1 },
        }],
        Vec::new(),
    );
    let model = Model::build(
        &register,
        &book,
        taxonomy,
        date(2026, 9, 1),
        Params::default(),
    );
    for swv_code in ["PO2201", "PO2301"] {
        let report = analyse(&model, swv(swv_code), Scope::Swv, &Filter::default());
        let cell = report.cell(&tos, Level::Specialistisch).unwrap();
        assert_eq!(cell.sites, 1, "{swv_code}: the cluster 2 school counts");
    }
}
