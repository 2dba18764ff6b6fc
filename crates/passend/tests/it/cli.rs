//! The register commands, black box: import, check, swv, school, and the automatic
//! import when the data changed.

use std::collections::BTreeSet;

use passend_core::composition::Rule;
use passend_core::ids::VestigingCode;
use passend_core::swv::SwvCode;
use serde_json::Value;

use crate::support::{
    copy_of_data, copy_of_shared_db, data_dir, json, keys, numbers, passend, shared,
};

/// The history file, relative to the data directory.
const HISTORY: &str = "open/po/06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv";

// ---------------------------------------------------------------------------------------
// import

#[test]
fn import_prints_a_dutch_summary_and_a_second_import_changes_nothing() {
    let first = &shared().first_import;
    let data = data_dir();
    let lines: Vec<&str> = first.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", first.stdout);
    // 11,437 vestigingen: the distinct codes of all six school files together.
    let prefix = format!("Ingelezen uit {} in ", data.display());
    assert!(lines[0].starts_with(&prefix), "{}", lines[0]);
    assert!(
        lines[0].ends_with(" s: 11.437 vestigingen."),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("Nieuw: "), "{}", lines[1]);
    assert!(
        lines[1].contains(", gewijzigd: ") && lines[1].contains(", verdwenen: "),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains("Bevindingen bij het inlezen: "),
        "{}",
        lines[1]
    );
    assert_eq!(numbers(lines[1]), vec![11_437, 0, 0, 163]);
    assert_eq!(lines[2], "Bekijk alle bevindingen met: passend check");
    assert_eq!(
        first.stderr, "",
        "no progress bar when stderr is no terminal"
    );

    let (_dir, db) = copy_of_shared_db();
    let again = passend(&db, &["import", "--data", data.to_str().unwrap()]);
    assert_eq!(again.code, 0, "{again:?}");
    assert_eq!(
        again.stdout,
        format!(
            "De bestanden in {} zijn niet veranderd sinds de vorige import; er is niets gewijzigd.\nGebruik --force om toch opnieuw in te lezen.\n",
            data.display()
        )
    );

    let forced = passend(
        &db,
        &["import", "--force", "--data", data.to_str().unwrap()],
    );
    assert_eq!(forced.code, 0, "{forced:?}");
    let lines: Vec<&str> = forced.stdout.lines().collect();
    assert!(
        lines[0].ends_with(" s: 11.437 vestigingen."),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("Nieuw: "), "{}", lines[1]);
    assert_eq!(numbers(lines[1]), vec![0, 0, 0, 163]);
}

#[test]
fn a_broken_file_fails_the_import_and_leaves_the_store_as_it_was() {
    let (_dir, db) = copy_of_shared_db();
    let show = || passend(&db, &["swv", "show", "PO2001", "--format", "json"]);
    let before = show();
    assert_eq!(before.code, 0, "{before:?}");
    assert_eq!(json(&before)["code"], "PO2001");

    let original = std::fs::read(data_dir().join(HISTORY)).expect("the history file");
    let text = std::str::from_utf8(&original).unwrap();
    // Line 5001 cut after its first 20 of 38 fields.
    let cut_at = {
        let line_start = text.match_indices('\n').nth(4_999).unwrap().0 + 1;
        let line = &text[line_start..];
        line_start + line.match_indices(';').nth(19).unwrap().0
    };
    let cases: [(&str, Vec<u8>, String); 2] = [
        (
            "wrong header",
            text.replacen(";VESTIGINGSCODE;", ";VESTIGINGS_CODE;", 1)
                .into_bytes(),
            format!(
                "fout: {HISTORY}, regel 1, kolom 2: de kopregel klopt niet: verwacht 'VESTIGINGSCODE', gevonden 'VESTIGINGS_CODE'\n"
            ),
        ),
        (
            "truncated",
            original[..cut_at].to_vec(),
            format!(
                "fout: {HISTORY}, regel 5001: 20 velden in plaats van 38; is het bestand beschadigd of afgebroken?\n"
            ),
        ),
    ];
    for (what, bytes, message) in cases {
        let data = copy_of_data();
        std::fs::write(data.path().join(HISTORY), bytes).expect("write the broken file");
        let run = passend(&db, &["import", "--data", data.path().to_str().unwrap()]);
        assert_eq!(run.code, 1, "{what}: {run:?}");
        assert_eq!(run.stderr, message, "{what}");
        assert_eq!(run.stdout, "", "{what}");
        let after = show();
        assert_eq!(after.code, 0, "{what}: {after:?}");
        assert!(after.stdout == before.stdout, "{what}: the store changed");
    }
    // The failed imports recorded nothing: the bundled data is still the last import.
    let data = data_dir();
    let again = passend(&db, &["import", "--data", data.to_str().unwrap()]);
    assert!(again.stdout.contains("niet veranderd"), "{again:?}");
}

#[test]
fn a_missing_data_directory_is_a_dutch_error() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("passend.sqlite3");
    let missing = dir.path().join("geen-data");
    let run = passend(&db, &["import", "--data", missing.to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "fout: de map met open data bestaat niet: {}\n",
            missing.display()
        )
    );
    // An empty directory lacks every required file; the first is named.
    let empty = tempfile::tempdir().unwrap();
    let run = passend(&db, &["import", "--data", empty.path().to_str().unwrap()]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "fout: open/po/02.-alle-schoolvestigingen-basisonderwijs.csv: het bestand ontbreekt\n"
    );
}

// ---------------------------------------------------------------------------------------
// check

#[test]
fn check_as_json_lists_findings_and_exits_3_on_errors() {
    let db = &shared().db;
    let run = passend(db, &["check", "--format", "json"]);
    assert_eq!(run.code, 3, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    let value = json(&run);
    assert_eq!(keys(&value), BTreeSet::from(["findings"]));
    let findings = value["findings"].as_array().expect("an array");
    assert!(!findings.is_empty());
    let fields = BTreeSet::from(["rule", "severity", "swv", "vestiging", "message"]);
    for f in findings {
        assert_eq!(keys(f), fields, "{f}");
        assert!(Rule::from_id(f["rule"].as_str().unwrap()).is_some(), "{f}");
        assert!(
            ["error", "warning", "info"].contains(&f["severity"].as_str().unwrap()),
            "{f}"
        );
        assert!(
            f["swv"].is_null() || SwvCode::parse(f["swv"].as_str().unwrap()).is_ok(),
            "{f}"
        );
        assert!(
            f["vestiging"].is_null()
                || VestigingCode::parse(f["vestiging"].as_str().unwrap()).is_ok(),
            "{f}"
        );
        assert!(!f["message"].as_str().unwrap().is_empty(), "{f}");
    }
    // Among the errors: the six basisscholen whose PC4 is newer than the regeling.
    let unknown_pc4: BTreeSet<&str> = findings
        .iter()
        .filter(|f| f["rule"] == "data_unknown_pc4")
        .map(|f| {
            assert_eq!(f["severity"], "error");
            f["vestiging"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        unknown_pc4,
        BTreeSet::from(["06VO00", "10JF00", "31KB00", "31LJ00", "31LR00", "32KY00"])
    );

    // Only errors: still exit 3; only warnings and up: no info.
    let errors = passend(db, &["check", "--severity", "error", "--format", "json"]);
    assert_eq!(errors.code, 3);
    let errors = json(&errors);
    let errors = errors["findings"].as_array().unwrap();
    assert!(errors.iter().all(|f| f["severity"] == "error"));
    assert_eq!(
        errors.len(),
        findings.iter().filter(|f| f["severity"] == "error").count()
    );
    let warnings = json(&passend(
        db,
        &["check", "--severity", "warning", "--format", "json"],
    ));
    let warnings = warnings["findings"].as_array().unwrap();
    assert!(warnings.iter().all(|f| f["severity"] != "info"));
    assert_eq!(
        warnings.len(),
        findings.iter().filter(|f| f["severity"] != "info").count(),
        "errors and warnings, nothing dropped"
    );
    assert!(
        warnings.len() > errors.len(),
        "there are warnings in the national data"
    );
    // The Dutch name of a severity works too.
    let dutch = passend(db, &["check", "--severity", "fout", "--format", "json"]);
    assert_eq!(
        json(&dutch)["findings"].as_array().unwrap().len(),
        errors.len()
    );
}

#[test]
fn wrong_usage_is_reported_in_dutch_with_exit_code_2() {
    let db = &shared().db;
    let run = passend(db, &["check", "--severity", "erg"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with(
            "fout: ongeldige waarde 'erg' voor --severity <ERNST>; kies uit: error, warning, info"
        ),
        "{}",
        run.stderr
    );
    let run = passend(db, &["swv", "toon"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("fout: onbekende opdracht 'toon'"),
        "{}",
        run.stderr
    );
    let help = passend(db, &["--help"]);
    assert_eq!(help.code, 0);
    assert!(
        help.stdout.contains("Gebruik: passend [opties] <opdracht>"),
        "{}",
        help.stdout
    );
    assert!(
        help.stdout.contains("Opdrachten:") && !help.stdout.contains("Usage"),
        "{}",
        help.stdout
    );
}

#[test]
fn check_of_one_swv_accepts_every_spelling_of_its_code() {
    let db = &shared().db;
    let reference = passend(db, &["check", "--swv", "PO2001", "--format", "json"]);
    let value = json(&reference);
    let findings = value["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    assert!(findings.iter().all(|f| f["swv"] == "PO2001"), "{value}");
    // PO2001 has no errors: exit 0.
    assert!(findings.iter().all(|f| f["severity"] != "error"));
    assert_eq!(reference.code, 0);
    for spelling in ["PO 20.01", "po-20-01", " PO 2001 "] {
        let run = passend(db, &["check", "--swv", spelling, "--format", "json"]);
        assert_eq!(run.code, 0, "{spelling}: {}", run.stderr);
        assert!(run.stdout == reference.stdout, "{spelling}");
    }
    // Text output names the SWV in both spellings and counts in Dutch.
    let text = passend(db, &["check", "--swv", "PO 20.01"]);
    assert_eq!(text.code, 0);
    assert!(text.stdout.contains("PO2001 (PO 20.01)"), "{}", text.stdout);
    assert!(
        text.stdout
            .trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with("Totaal: 0 fouten, "),
        "{}",
        text.stdout
    );
}

#[test]
fn check_of_an_unknown_or_malformed_swv_fails_in_dutch() {
    let db = &shared().db;
    let run = passend(db, &["check", "--swv", "PO9999"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "fout: samenwerkingsverband PO9999 bestaat niet in het register\n"
    );
    let run = passend(db, &["check", "--swv", "XX12"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "fout: ongeldige code van een samenwerkingsverband 'XX12': verwacht PO of VO gevolgd door vier cijfers, zoals PO2001, PO 20.01 of VO-25-07\n"
    );
}

// ---------------------------------------------------------------------------------------
// swv

/// The PO SWV codes of the regio-indeling table, read straight from the file.
fn regional_po_codes() -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(data_dir().join("open/swv/regio-indeling-swv-pc4_2015-04-23.csv"))
            .expect("the regio table");
    text.lines()
        .skip(1)
        .filter_map(|line| line.split(';').nth(2))
        .map(str::trim)
        .filter(|code| code.starts_with("PO"))
        .map(str::to_owned)
        .collect()
}

#[test]
fn swv_list_po_lists_the_76_regional_swvs_and_po0001() {
    let regional = regional_po_codes();
    assert_eq!(regional.len(), 76);
    let mut expected = regional.clone();
    expected.insert("PO0001".to_owned());

    let db = &shared().db;
    let run = passend(db, &["swv", "list", "--sector", "po", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value = json(&run);
    let items = value["swvs"].as_array().expect("swvs");
    let codes: BTreeSet<String> = items
        .iter()
        .map(|i| i["code"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), items.len(), "no SWV twice");
    assert_eq!(codes, expected);
    let po0001 = items.iter().find(|i| i["code"] == "PO0001").unwrap();
    assert_eq!(po0001["landelijk"], true);
    assert!(items.iter().all(|i| i["sector"] == "PO"));

    let text = passend(db, &["swv", "list", "--sector", "po"]);
    assert_eq!(text.code, 0);
    let lines: Vec<&str> = text.stdout.lines().collect();
    assert_eq!(lines.last(), Some(&"77 samenwerkingsverbanden."));
    let listed: BTreeSet<String> = lines
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| SwvCode::parse(w).is_ok() && w.len() == 6)
        .map(str::to_owned)
        .collect();
    assert_eq!(listed, expected);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("PO0001") && l.contains("landelijk")),
        "{}",
        text.stdout
    );
}

#[test]
fn swv_show_as_json_has_the_documented_keys() {
    let db = &shared().db;
    let run = passend(db, &["swv", "show", "VO-25-07", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value = json(&run);
    assert_eq!(
        keys(&value),
        BTreeSet::from([
            "code",
            "dotted",
            "sector",
            "province",
            "landelijk",
            "name",
            "gemeenten",
            "pc4_count",
            "inhabitants",
            "under_15",
            "age_15_to_25",
            "groups",
            "participation",
            "national_participation",
            "series",
            "boards",
            "members",
            "findings",
        ])
    );
    assert_eq!(value["code"], "VO2507");
    // Every open member with a board is counted under exactly one board.
    let boards = value["boards"].as_array().unwrap();
    assert!(!boards.is_empty());
    let by_boards: u64 = boards.iter().map(|b| b["open"].as_u64().unwrap()).sum();
    let open_members = value["members"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] == "open")
        .count() as u64;
    assert!(
        by_boards <= open_members && by_boards > 0,
        "{by_boards} vs {open_members}"
    );
    assert_eq!(value["dotted"], "VO 25.07");
    assert_eq!(value["sector"], "VO");
    assert_eq!(value["province"], "Gelderland");
    assert_eq!(value["landelijk"], false);
    assert!(value["pc4_count"].as_u64().unwrap() > 0);
    let members = value["members"].as_array().unwrap();
    assert!(!members.is_empty());
    assert!(members.iter().all(|m| m["sector"] == "VO"), "{value}");
    assert!(
        value["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["swv"] == "VO2507")
    );
    // The same SWV in text, by another spelling.
    let text = passend(db, &["swv", "show", "vo 25.07"]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    assert!(
        text.stdout.starts_with("VO2507 (VO 25.07): Gelderland\n"),
        "{}",
        text.stdout
    );
    let unknown = passend(db, &["swv", "show", "VO9999"]);
    assert_eq!(unknown.code, 1);
    assert_eq!(
        unknown.stderr,
        "fout: samenwerkingsverband VO9999 bestaat niet in het register\n"
    );
}

// ---------------------------------------------------------------------------------------
// school

#[test]
fn school_show_prints_a_vestiging_and_rejects_unknown_codes_in_dutch() {
    let db = &shared().db;
    let run = passend(db, &["school", "show", "00AO01"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.starts_with(
            "00AO01 Voortgezet Speciaal Onderwijs Zeer Moeilijk Opvoedbare Kinderen De Bolster\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\nSoort: Voortgezet speciaal onderwijs (VSO)\n")
    );
    assert!(
        run.stdout.contains(
            "\nCluster: cluster 4 (VSO-deel: cluster 4); zekerheid hoog: DUO-kolom CLUSTER = 4"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\nLigging: 52,22975; 5,97921 (adrespunt uit de BAG)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\nSamenwerkingsverband VO: VO 25.05 (op grond van postcodegebied 7322"),
        "{}",
        run.stdout
    );

    let run = passend(db, &["school", "show", "00ao01", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let value = json(&run);
    assert_eq!(value["code"], "00AO01");
    assert_eq!(value["brin"], "00AO");
    assert_eq!(value["status"], "open");
    let memberships = value["memberships"].as_array().unwrap();
    assert_eq!(memberships.len(), 1);
    assert_eq!(memberships[0]["swv"], "VO2505");

    let run = passend(db, &["school", "show", "XYZ"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "fout: ongeldige vestigingscode 'XYZ': verwacht BRIN plus twee cijfers, zoals 00AO01\n"
    );
    let run = passend(db, &["school", "show", "99ZZ99"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "fout: vestiging 99ZZ99 bestaat niet in het register\n"
    );
}

#[test]
fn a_read_command_on_an_empty_database_imports_first_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("passend.sqlite3");
    let run = passend(&db, &["school", "show", "00AO01", "--format", "json"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let note = run.stderr.lines().next().unwrap_or_default();
    assert!(
        note.starts_with("De database was leeg; ")
            && note.contains(&format!(
                " vestigingen ingelezen uit {} in ",
                data_dir().display()
            ))
            && note.ends_with(" s."),
        "{}",
        run.stderr
    );
    assert_eq!(numbers(note)[0], 11_437, "{note}");
    // Then, as the store has no support profiles, the demo profiles of seed 2026.
    let profiles = run.stderr.lines().nth(1).unwrap_or_default();
    assert!(
        profiles.starts_with("Er waren nog geen ondersteuningsprofielen; ")
            && profiles.contains(" synthetische voorbeeldprofielen gemaakt (seed 2026)"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 2, "{}", run.stderr);
    assert_eq!(json(&run)["code"], "00AO01");
    // The second command finds the data and says nothing.
    let again = passend(&db, &["swv", "show", "PO2001", "--format", "json"]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stderr, "");
}

#[test]
fn an_edited_override_file_is_picked_up_by_the_next_command() {
    let (_db_dir, db) = copy_of_shared_db();
    let data = copy_of_data();
    let data_arg = data.path().to_str().unwrap();
    // Import from the copy, so later commands use that folder.
    let import = passend(&db, &["import", "--data", data_arg, "--force"]);
    assert_eq!(import.code, 0, "{}", import.stderr);
    let before = passend(&db, &["swv", "show", "PO2001", "--format", "json"]);
    assert_eq!(json(&before)["name"], Value::Null);
    assert_eq!(before.stderr, "", "nothing changed, nothing said");

    std::fs::write(
        data.path().join("overrides/swv-namen.csv"),
        "SWV;NAAM\nPO 20.01;Passend Onderwijs Groningen\n",
    )
    .unwrap();
    let after = passend(&db, &["swv", "show", "PO2001", "--format", "json"]);
    assert_eq!(after.code, 0, "{}", after.stderr);
    assert_eq!(json(&after)["name"], "Passend Onderwijs Groningen");
    assert!(
        after
            .stderr
            .starts_with("De bestanden zijn veranderd sinds de vorige import; "),
        "{}",
        after.stderr
    );
    // A data folder that does not exist is an error, not a silent fallback.
    let missing = passend(
        &db,
        &["serve", "--data", "/bestaat/niet", "--addr", "127.0.0.1:0"],
    );
    assert_eq!(missing.code, 1);
    assert_eq!(
        missing.stderr,
        "fout: de map met open data bestaat niet: /bestaat/niet\n"
    );
}
