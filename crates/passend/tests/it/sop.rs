//! `passend sop`, black box: generate demo profiles, export them, read the export back,
//! and refuse a file with a wrong line without changing anything.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

use crate::support::{Run, copy_of_shared_db, numbers, passend, shared};

fn export(db: &Path, args: &[&str]) -> Run {
    let mut all = vec!["sop", "export"];
    all.extend_from_slice(args);
    let run = passend(db, &all);
    assert_eq!(run.code, 0, "{run:?}");
    run
}

#[test]
fn generate_says_what_it_made_and_that_it_is_synthetic() {
    let g = &shared().generate;
    let lines: Vec<&str> = g.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", g.stdout);
    assert!(
        lines[0]
            .starts_with("Synthetische profielen gemaakt met seed 2026, geldig vanaf 2020-01-01: "),
        "{}",
        lines[0]
    );
    // Every open vestiging and every SWV gets one, all new.
    let made = numbers(lines[0]);
    let (profiles, swvs) = (made[made.len() - 2], made[made.len() - 1]);
    assert!(profiles > 8_000, "{}", lines[0]);
    assert_eq!(swvs, 152, "{}", lines[0]);
    assert!(
        lines[1].starts_with("Nieuwe versies: ")
            && lines[1].ends_with(" profielen en 152 basisondersteuningen; ongewijzigd: 0 profielen en 0 basisondersteuningen."),
        "{}",
        lines[1]
    );
    assert_eq!(numbers(lines[1]), [profiles, 152, 0, 0]);
    assert!(
        g.stderr
            .starts_with("Let op: dit zijn synthetische voorbeeldprofielen, geen echte"),
        "{}",
        g.stderr
    );

    // The same seed again: nothing new.
    let (_dir, db) = copy_of_shared_db();
    let again = passend(
        &db,
        &[
            "sop",
            "generate",
            "--seed",
            "2026",
            "--geldig-vanaf",
            "2020-01-01",
        ],
    );
    assert_eq!(again.code, 0, "{again:?}");
    assert!(
        again
            .stdout
            .contains("Nieuwe versies: 0 profielen en 0 basisondersteuningen;"),
        "{}",
        again.stdout
    );
}

#[test]
fn an_exported_csv_reads_back_as_nothing_changed_and_is_marked_synthetic() {
    let (dir, db) = copy_of_shared_db();
    let run = export(&db, &["--format", "csv"]);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "VESTIGINGSCODE;SWV;BEHOEFTE;NIVEAU;PLAATSEN;VOORZIENINGEN;GELDIG_VANAF;LAT;LON;BRON;NAAM"
    );
    // Every row says it is synthetic; school rows carry coordinates where the register
    // knows them (a few open vestigingen have none).
    let (mut schools, mut placed) = (0, 0);
    for line in &lines[1..] {
        let fields: Vec<&str> = line.split(';').collect();
        assert_eq!(fields[9], "synthetisch (seed 2026)", "{line}");
        if fields[0].is_empty() {
            continue;
        }
        schools += 1;
        if fields[7].is_empty() {
            continue;
        }
        placed += 1;
        let lat: f64 = fields[7].parse().unwrap();
        let lon: f64 = fields[8].parse().unwrap();
        assert!(
            (50.0..54.0).contains(&lat) && (3.0..8.0).contains(&lon),
            "{line}"
        );
    }
    assert!(
        placed * 100 > schools * 99,
        "{placed} of {schools} rows placed"
    );
    assert!(
        run.stderr.starts_with("Let op: ") && run.stderr.contains(" synthetisch"),
        "{}",
        run.stderr
    );

    let file = dir.path().join("profielen.csv");
    std::fs::write(&file, &run.stdout).unwrap();
    let back = passend(&db, &["sop", "import", file.to_str().unwrap()]);
    assert_eq!(back.code, 0, "{back:?}");
    assert!(
        back.stdout.starts_with("Er is niets veranderd: de ")
            && back
                .stdout
                .contains(" zijn gelijk aan de versies die al gelden."),
        "{}",
        back.stdout
    );
    assert!(
        back.stderr.contains("blijven dus voorbeeldgegevens"),
        "{}",
        back.stderr
    );
    assert_eq!(export(&db, &["--format", "csv"]).stdout, run.stdout);
}

#[test]
fn a_file_with_a_wrong_line_changes_nothing_and_names_the_line() {
    let (dir, db) = copy_of_shared_db();
    let before = export(&db, &["--format", "csv"]).stdout;
    let mut lines: Vec<String> = before.lines().map(str::to_owned).collect();
    // An offer of a school (the SWV basis rows come first).
    let offer = lines
        .iter()
        .position(|l| l.contains(";extra;"))
        .expect("an offer at extra level");
    let mut fields: Vec<String> = lines[offer].split(';').map(str::to_owned).collect();
    fields[3] = "heel veel".into();
    let original = std::mem::replace(&mut lines[offer], fields.join(";"));
    // And a real edit elsewhere, which must not be stored either.
    let other = lines
        .iter()
        .rposition(|l| l.contains(";specialistisch;"))
        .unwrap();
    let mut fields: Vec<String> = lines[other].split(';').map(str::to_owned).collect();
    fields[4] = "999".into();
    lines[other] = fields.join(";");
    let file = dir.path().join("fout.csv");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();

    let run = passend(&db, &["sop", "import", file.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{run:?}");
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        format!(
            "fout: {}, regel {}, kolom NIVEAU: onbekend niveau 'heel veel': gebruik basis, extra of specialistisch\n\
             1 fout in {}; er is niets opgeslagen en de opgeslagen profielen zijn niet veranderd.\n",
            file.display(),
            offer + 1,
            file.display()
        )
    );
    assert_eq!(export(&db, &["--format", "csv"]).stdout, before);

    // With the line as it was, the edit is one new version.
    lines[offer] = original;
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    let run = passend(&db, &["sop", "import", file.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{run:?}");
    assert!(
        run.stdout
            .contains("Nieuwe versies: 1 profiel en 0 basisondersteuningen;"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_exported_json_reads_back_and_one_swv_exports_only_its_schools() {
    let (dir, db) = copy_of_shared_db();
    let file = dir.path().join("po2001.json");
    let run = export(
        &db,
        &[
            "--swv",
            "PO 20.01",
            "--format",
            "json",
            "--uitvoer",
            file.to_str().unwrap(),
        ],
    );
    assert!(
        run.stdout.contains(" geschreven naar ") && run.stdout.contains("po2001.json"),
        "{}",
        run.stdout
    );
    let text = std::fs::read_to_string(&file).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    let basis = value["basisondersteuning"].as_array().unwrap();
    assert_eq!(basis.len(), 1);
    assert_eq!(basis[0]["swv"], "PO2001");
    assert_eq!(basis[0]["bron"], "synthetisch (seed 2026)");
    let profiles = value["profielen"].as_array().unwrap();
    assert!(profiles.len() > 100, "{}", profiles.len());
    for p in profiles {
        assert_eq!(p["bron"], "synthetisch (seed 2026)", "{p}");
        assert!(p["lat"].is_f64() && p["lon"].is_f64(), "{p}");
    }
    // Only the members of PO2001.
    let members: BTreeSet<String> = {
        let show = passend(&db, &["swv", "show", "PO2001", "--format", "json"]);
        let v: Value = serde_json::from_str(&show.stdout).unwrap();
        v["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["code"].as_str().unwrap().to_owned())
            .collect()
    };
    for p in profiles {
        assert!(members.contains(p["vestiging"].as_str().unwrap()), "{p}");
    }

    let back = passend(&db, &["sop", "import", file.to_str().unwrap()]);
    assert_eq!(back.code, 0, "{back:?}");
    assert!(
        back.stdout.starts_with("Er is niets veranderd: "),
        "{}",
        back.stdout
    );
    let again = export(&db, &["--swv", "PO2001", "--format", "json"]);
    assert_eq!(again.stdout, text);
}

#[test]
fn wrong_arguments_are_dutch_errors() {
    let db = &shared().db;
    let run = passend(db, &["sop", "export"]);
    assert_eq!(run.code, 2, "{run:?}");
    assert!(
        run.stderr
            .starts_with("fout: ontbrekend argument: --format <FORMAAT>"),
        "{}",
        run.stderr
    );
    let run = passend(db, &["sop", "export", "--format", "csv", "--swv", "PO9999"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "fout: samenwerkingsverband PO9999 bestaat niet in het register\n"
    );
    let run = passend(
        db,
        &[
            "sop",
            "generate",
            "--seed",
            "1",
            "--geldig-vanaf",
            "2026-02-30",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "fout: --geldig-vanaf: ongeldige datum '2026-02-30': gebruik JJJJ-MM-DD (2026-08-01) of DD-MM-JJJJ (01-08-2026)\n"
    );
    let run = passend(db, &["sop", "import", "bestaat-niet.csv"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "fout: bestaat-niet.csv: het bestand ontbreekt\n"
    );
}

/// The code blocks of a Markdown file that follow a line starting with ```` ```lang ````.
fn code_blocks(text: &str, lang: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line.trim_start() == format!("```{lang}") => current = Some(String::new()),
            Some(block) if line.trim_start() == "```" => {
                out.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    out
}

#[test]
fn the_examples_of_the_documentation_import() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/profielen.md"),
    )
    .unwrap();
    let csv = code_blocks(&doc, "")
        .into_iter()
        .find(|b| b.starts_with("VESTIGINGSCODE;"))
        .expect("a CSV example");
    let json = code_blocks(&doc, "json")
        .into_iter()
        .next()
        .expect("a JSON example");
    let (dir, db) = copy_of_shared_db();
    for (name, text) in [("voorbeeld.csv", csv), ("voorbeeld.json", json)] {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let run = passend(&db, &["sop", "import", file.to_str().unwrap()]);
        assert_eq!(run.code, 0, "{name}: {run:?}");
        assert!(
            run.stdout.starts_with("Ingelezen uit ")
                || run.stdout.starts_with("Er is niets veranderd"),
            "{name}: {}",
            run.stdout
        );
    }
}
