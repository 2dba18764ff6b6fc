//! `passend coverage`, black box on the real data with the demo profiles: the matrix of
//! one SWV, the detail rows, the national scope, a scenario from a file, and wrong input.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::support::{json, keys, passend, shared};

fn coverage(args: &[&str]) -> crate::support::Run {
    let mut all = vec!["coverage"];
    all.extend_from_slice(args);
    passend(&shared().db, &all)
}

fn cells(report: &Value) -> BTreeMap<(String, String), Value> {
    report["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| {
            (
                (
                    c["need"].as_str().unwrap().to_owned(),
                    c["level"].as_str().unwrap().to_owned(),
                ),
                c.clone(),
            )
        })
        .collect()
}

#[test]
fn one_swv_as_text_shows_every_need_and_level_and_says_the_profiles_are_synthetic() {
    let run = coverage(&["--swv", "PO 22.01"]);
    assert_eq!(run.code, 0, "{run:?}");
    assert_eq!(run.stderr, "", "nothing to import or generate");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "Dekkend aanbod van PO 22.01 (alleen eigen scholen)."
    );
    assert!(lines[1].starts_with("LET OP: synthetische voorbeeldprofielen."));
    assert!(lines[2].contains("basis 6 km, extra 10 km, specialistisch 20 km"));
    // 15 needs × 3 levels, between the column heads and the empty line.
    let rows = lines
        .iter()
        .skip_while(|l| !l.starts_with("Behoefte "))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .count();
    assert_eq!(rows, 45, "{}", run.stdout);
    assert!(run.stdout.contains("Grootste hiaten"));
}

#[test]
fn json_has_the_api_shape_and_the_national_scope_never_covers_less() {
    let own = json(&coverage(&["--swv", "PO2201", "--format", "json"]));
    assert_eq!(
        keys(&own),
        [
            "cells",
            "date",
            "gaps",
            "scope",
            "settings",
            "swv",
            "synthetic"
        ]
        .into_iter()
        .collect()
    );
    assert_eq!(own["swv"], "PO2201");
    assert_eq!(own["synthetic"], true);
    let national = json(&coverage(&[
        "--swv", "PO2201", "--format", "json", "--scope", "national",
    ]));
    assert_eq!(national["scope"], "national");
    let (own, national) = (cells(&own), cells(&national));
    assert_eq!(own.len(), 45);
    for (key, cell) in &own {
        let wide = &national[key];
        // The same children; more schools can only bring more of them within reach.
        assert_eq!(cell["children"], wide["children"], "{key:?}");
        assert!(
            wide["within"].as_f64().unwrap() >= cell["within"].as_f64().unwrap() - 1e-9,
            "{key:?}: {cell} vs {wide}"
        );
        assert!(
            wide["schools"].as_u64() >= cell["schools"].as_u64(),
            "{key:?}"
        );
    }
}

#[test]
fn detail_rows_give_pc4_coordinates_and_the_nearest_school() {
    let run = coverage(&[
        "--swv", "PO2201", "--need", "dyslexie", "--level", "extra", "--detail", "--format", "csv",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let mut lines = run.stdout.lines();
    assert_eq!(
        lines.next().unwrap(),
        "swv;pc4;lat;lon;behoefte;niveau;kinderen;dichtstbijzijnde_vestiging;afstand_km;weg_km;plaatsen_per_kind;synthetisch"
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(';').collect()).collect();
    assert!(rows.len() > 50, "PO2201 has many PC4s: {}", rows.len());
    for row in &rows {
        assert_eq!(row.len(), 12, "{row:?}");
        assert_eq!(
            (row[0], row[4], row[5], row[11]),
            ("PO2201", "dyslexie", "extra", "ja")
        );
        let number = |s: &str| s.replace(',', ".").parse::<f64>().unwrap();
        let (lat, lon) = (number(row[2]), number(row[3]));
        assert!(
            (52.5..53.6).contains(&lat) && (6.0..7.3).contains(&lon),
            "{row:?}"
        );
        assert_eq!(row[7].len(), 6, "a vestigingscode: {row:?}");
        let (km, road) = (number(row[8]), number(row[9]));
        assert!((road - km * 1.3).abs() < 0.01, "{row:?}");
    }
}

#[test]
fn all_swvs_in_one_run() {
    let run = coverage(&["--format", "csv"]);
    assert_eq!(run.code, 0, "{run:?}");
    let rows: Vec<&str> = run.stdout.lines().skip(1).collect();
    let swvs: std::collections::BTreeSet<&str> =
        rows.iter().map(|l| l.split(';').next().unwrap()).collect();
    // Every regional SWV (76 PO, 74 VO), 45 cells each.
    assert_eq!(swvs.len(), 150);
    assert_eq!(rows.len(), 150 * 45);
    let text = coverage(&[]);
    assert!(
        text.stdout
            .starts_with("Dekkend aanbod van alle 150 regionale samenwerkingsverbanden."),
        "{}",
        text.stdout
    );
}

#[test]
fn a_scenario_file_shows_what_closing_a_school_changes() {
    // The school nearest to the most children with a ZMLK need at specialist level.
    let detail = json(&coverage(&[
        "--swv",
        "PO2201",
        "--need",
        "zmlk",
        "--level",
        "specialistisch",
        "--detail",
        "--format",
        "json",
    ]));
    let school = detail["details"][0]["nearest"].as_str().unwrap().to_owned();
    let before = &detail["cells"][0];
    assert!(before["schools"].as_u64().unwrap() >= 1);

    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.json");
    std::fs::write(
        &plan,
        format!(r#"{{"naam": "{school} sluit", "wijzigingen": [{{"sluit": "{school}"}}]}}"#),
    )
    .unwrap();
    let run = coverage(&[
        "--swv",
        "PO2201",
        "--need",
        "zmlk",
        "--level",
        "specialistisch",
        "--scenario",
        plan.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.code, 0, "{run:?}");
    let out = json(&run);
    assert_eq!(out["scenario"]["name"], format!("{school} sluit"));
    let change = &out["scenario"]["changes"][0];
    assert_eq!(change["need"], "zmlk");
    assert_eq!(
        change["after"]["schools"].as_u64().unwrap() + 1,
        change["before"]["schools"].as_u64().unwrap()
    );
    assert!(change["after"]["within"].as_f64() < change["before"]["within"].as_f64());

    // As text.
    let text = coverage(&["--swv", "PO2201", "--scenario", plan.to_str().unwrap()]);
    assert!(
        text.stdout.contains(&format!("Scenario: {school} sluit")),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("Zeer moeilijk lerend (ZMLK)"));
}

#[test]
fn wrong_input_is_a_dutch_error_that_says_what_and_where() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("plan.json");
    std::fs::write(
        &broken,
        r#"{"wijzigingen": [{"vestiging": "00AA00", "behoefte": "dyslexie", "niveau": "hoog"}]}"#,
    )
    .unwrap();
    let unknown = dir.path().join("onbekend.json");
    std::fs::write(&unknown, r#"{"wijzigingen": [{"sluit": "00ZZ99"}]}"#).unwrap();
    let broken = broken.to_str().unwrap();
    let unknown = unknown.to_str().unwrap();
    for (args, expected) in [
        (
            vec!["--swv", "PO2201", "--need", "dyslexia"],
            "fout: --need: onbekende ondersteuningsbehoefte 'dyslexia'; bekend zijn dyslexie,",
        ),
        (
            vec!["--swv", "PO2201", "--level", "hoog"],
            "fout: --level: onbekend niveau 'hoog'",
        ),
        (
            vec!["--swv", "PO9999"],
            "fout: samenwerkingsverband PO9999 bestaat niet in het register",
        ),
        (
            vec!["--swv", "PO0001"],
            "fout: PO 00.01 is een landelijk samenwerkingsverband zonder eigen gebied",
        ),
        (
            vec!["--scenario", broken],
            "fout: --scenario werkt per samenwerkingsverband; geef ook --swv CODE",
        ),
        (
            vec!["--swv", "PO2201", "--scenario", broken],
            "kolom wijzigingen[0].niveau: wijziging 1: onbekend niveau 'hoog'",
        ),
        (
            vec!["--swv", "PO2201", "--scenario", unknown],
            "wijziging 1: vestiging 00ZZ99 is geen open school met een bekende ligging",
        ),
        (
            vec!["--swv", "PO2201", "--scenario", "/nergens/plan.json"],
            "fout: /nergens/plan.json: het bestand ontbreekt",
        ),
        (
            vec!["--swv", "PO2201", "--datum", "31-02-2026"],
            "fout: --datum:",
        ),
    ] {
        let run = coverage(&args);
        assert_eq!(run.code, 1, "{args:?}: {run:?}");
        assert!(run.stderr.contains(expected), "{args:?}: {}", run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
    }
    let run = coverage(&["--format", "xml"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(run.stderr.contains("xml"), "{}", run.stderr);
}
