//! `passend user` and `passend audit`, black box, on a fresh database of their own.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::Value;

use crate::support::Run;

/// Runs passend with a password on standard input (and none in the environment).
fn run(db: &Path, args: &[&str], stdin: &str) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_passend"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PASSEND_WACHTWOORD")
        .env_remove("PASSEND_DB")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("passend runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().unwrap(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

#[test]
fn the_first_administrator_is_made_on_the_command_line_and_every_change_is_audited() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let none = run(&db, &["user", "list"], "");
    assert!(
        none.stdout.contains("Er zijn nog geen gebruikers"),
        "{none:?}"
    );

    let add = run(
        &db,
        &[
            "user",
            "add",
            "Jansen",
            "--naam",
            "J. Jansen",
            "--rol",
            "beheerder@PO2201",
            "--rol",
            "school@PO2201:00AA00",
        ],
        "correct paard batterij\n",
    );
    assert_eq!(add.code, 0, "{add:?}");
    assert_eq!(add.stdout, "Gebruiker jansen toegevoegd met 2 rol(len).\n");
    assert!(!add.stdout.contains("batterij") && !add.stderr.contains("batterij"));

    let list = run(&db, &["user", "list", "--format", "json"], "");
    let users: Value = serde_json::from_str(&list.stdout).unwrap();
    assert_eq!(users[0]["username"], "jansen");
    assert_eq!(users[0]["grants"][1]["vestiging"], "00AA00");
    assert!(!list.stdout.contains("argon2"), "no hash in any output");

    // The password is stored as an argon2id hash, never as text.
    let conn = rusqlite_free_read(&db);
    assert!(
        conn.contains("$argon2id$"),
        "an argon2id PHC string is stored"
    );
    assert!(!conn.contains("correct paard batterij"));

    assert_eq!(run(&db, &["user", "disable", "jansen"], "").code, 0);
    let reset = run(
        &db,
        &["user", "reset", "JANSEN"],
        "een ander goed wachtwoord\n",
    );
    assert_eq!(reset.code, 0, "{reset:?}");
    let audit = run(&db, &["audit", "list", "--format", "json"], "");
    let entries: Value = serde_json::from_str(&audit.stdout).unwrap();
    let actions: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "wachtwoord_gewijzigd",
            "gebruiker_uitgeschakeld",
            "gebruikers_bekeken",
            "gebruiker_toegevoegd",
            "gebruikers_bekeken"
        ]
    );
    assert!(
        entries
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor"] == "opdrachtregel"
                && (e["record"] == "gebruiker:jansen" || e["record"] == "gebruikers"))
    );
    let verify = run(&db, &["audit", "verify"], "");
    assert_eq!(verify.code, 0, "{verify:?}");
    // The five above and the look at the audit log itself.
    assert!(
        verify.stdout.contains("6 items, de keten is ongebroken"),
        "{verify:?}"
    );
}

#[test]
fn wrong_input_changes_nothing_and_says_why_in_dutch() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    for (args, stdin, message) in [
        (
            vec![
                "user",
                "add",
                "piet",
                "--naam",
                "P",
                "--rol",
                "lezer@PO2201",
            ],
            "kort\n",
            "het wachtwoord is te kort",
        ),
        (
            vec![
                "user",
                "add",
                "piet",
                "--naam",
                "P",
                "--rol",
                "koning@PO2201",
            ],
            "correct paard batterij\n",
            "onbekende rol 'koning'",
        ),
        (
            vec![
                "user",
                "add",
                "piet",
                "--naam",
                "P",
                "--rol",
                "school@PO2201",
            ],
            "correct paard batterij\n",
            "een schoolrol hoort bij één vestiging",
        ),
        (
            vec!["user", "add", "piet", "--naam", "P", "--rol", "lezer@XX99"],
            "correct paard batterij\n",
            "--rol lezer@XX99",
        ),
        (
            vec![
                "user",
                "add",
                "piet pan",
                "--naam",
                "P",
                "--rol",
                "lezer@PO2201",
            ],
            "correct paard batterij\n",
            "ongeldige gebruikersnaam",
        ),
        (
            vec![
                "user",
                "add",
                "piet",
                "--naam",
                "P",
                "--rol",
                "lezer@PO2201",
            ],
            "piet-wachtwoord-123\n",
            "bevat de gebruikersnaam",
        ),
        (
            vec!["user", "disable", "niemand"],
            "",
            "er is geen gebruiker 'niemand'",
        ),
        (
            vec!["user", "reset", "niemand"],
            "",
            "er is geen gebruiker 'niemand'",
        ),
    ] {
        let r = run(&db, &args, stdin);
        assert_eq!(r.code, 1, "{args:?}: {r:?}");
        assert!(r.stderr.contains(message), "{args:?}: {}", r.stderr);
        assert_eq!(r.stdout, "");
    }
    let list = run(&db, &["user", "list", "--format", "json"], "");
    assert_eq!(list.stdout.trim(), "[]");
    // Nothing was changed; only the look at the (empty) user list is recorded.
    let verify = run(&db, &["audit", "verify"], "");
    assert!(verify.stdout.contains("1 items"), "{verify:?}");
}

/// The database file's bytes as text (lossy), to look for what must not be there.
fn rusqlite_free_read(db: &Path) -> String {
    // Checkpoint-free read: the WAL may hold the newest pages, so read both.
    let mut text = String::from_utf8_lossy(&std::fs::read(db).unwrap()).into_owned();
    if let Ok(wal) = std::fs::read(db.with_extension("sqlite3-wal")) {
        text.push_str(&String::from_utf8_lossy(&wal));
    }
    text
}

#[test]
fn a_backup_restores_the_database_as_it_was_and_keeps_the_old_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let add = |name: &str| {
        run(
            &db,
            &["user", "add", name, "--naam", name, "--rol", "lezer@PO2201"],
            "correct paard batterij\n",
        )
    };
    assert_eq!(add("eerste").code, 0);
    let copy = dir.path().join("kopie.sqlite3");
    let backup = run(&db, &["backup", copy.to_str().unwrap()], "");
    assert_eq!(backup.code, 0, "{backup:?}");
    assert!(backup.stdout.starts_with("Reservekopie geschreven naar"));
    let again = run(&db, &["backup", copy.to_str().unwrap()], "");
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("bestaat al"), "{again:?}");

    assert_eq!(add("tweede").code, 0);
    let restore = run(&db, &["restore", copy.to_str().unwrap()], "");
    assert_eq!(restore.code, 0, "{restore:?}");
    let list = run(&db, &["user", "list", "--format", "json"], "");
    let users: Value = serde_json::from_str(&list.stdout).unwrap();
    let names: Vec<&str> = users
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["eerste"], "the state of the backup");
    assert!(dir.path().join("p.sqlite3.voor-herstel").exists());
    assert_eq!(run(&db, &["audit", "verify"], "").code, 0);

    // Something that is not a passend database is refused, and nothing changes.
    let junk = dir.path().join("rommel.sqlite3");
    std::fs::write(&junk, b"dit is geen database").unwrap();
    let bad = run(&db, &["restore", junk.to_str().unwrap()], "");
    assert_eq!(bad.code, 1);
    assert!(bad.stderr.contains("geen database van passend"), "{bad:?}");
    let missing = run(
        &db,
        &["restore", dir.path().join("weg.sqlite3").to_str().unwrap()],
        "",
    );
    assert_eq!(missing.code, 1, "{missing:?}");
    let list = run(&db, &["user", "list", "--format", "json"], "");
    assert!(list.stdout.contains("eerste") && !list.stdout.contains("tweede"));
}

/// `passend retention run`: the terms come from `instellingen/bewaartermijnen.csv`
/// with the import; a dry run changes nothing; a real run anonymises a disabled account,
/// empties the audit log behind a checkpoint and records that it did; a broken terms
/// file stops before anything changes.
#[test]
fn retention_runs_on_the_terms_of_the_settings_file_and_is_audited() {
    let (_dir, db) = crate::support::copy_of_shared_db();
    let add = run(
        &db,
        &[
            "user",
            "add",
            "oud",
            "--naam",
            "Oud Lid",
            "--rol",
            "medewerker@PO2101",
        ],
        "een-lang-wachtwoord-42\n",
    );
    assert_eq!(add.code, 0, "{add:?}");
    assert_eq!(run(&db, &["user", "disable", "oud"], "").code, 0);
    let listed = run(&db, &["user", "list"], "");
    assert!(
        listed
            .stdout
            .contains("(uitgeschakeld; wordt geanonimiseerd vanaf "),
        "{listed:?}"
    );

    // With the shipped terms nothing is due yet; a dry run says so and records nothing.
    let entries_before =
        crate::support::json(&run(&db, &["audit", "list", "--format", "json"], ""));
    let dry = run(&db, &["retention", "run", "--dry-run"], "");
    assert_eq!(dry.code, 0, "{dry:?}");
    assert!(dry.stdout.contains("Proefrun op "), "{dry:?}");
    assert!(dry.stdout.contains("er is niets gewijzigd"), "{dry:?}");
    assert!(
        dry.stdout
            .contains("uitgeschakelde gebruikersaccounts: 1 jaar vanaf het uitschakelen van het account, daarna anonimiseren"),
        "{dry:?}"
    );
    assert!(
        dry.stdout.contains("bron: AVG art. 5 lid 1 onder e"),
        "{dry:?}"
    );
    assert!(
        dry.stdout
            .contains("uitgeschakelde gebruikersaccounts: 0 te anonimiseren"),
        "{dry:?}"
    );
    // After the dry run the newest entry is still the look at the audit log before it.
    let entries_after = crate::support::json(&run(&db, &["audit", "list", "--format", "json"], ""));
    assert_eq!(entries_after[0]["action"], "auditlog_bekeken");
    assert_eq!(
        entries_after[0]["seq"].as_i64(),
        entries_before[0]["seq"].as_i64().map(|s| s + 1)
    );

    // A terms file that cannot be read stops the run with file, line and column.
    let data = crate::support::copy_of_data();
    let terms = data.path().join("instellingen/bewaartermijnen.csv");
    std::fs::write(
        &terms,
        "CATEGORIE;TERMIJN;BRON\nsessie;0 dagen;test\ngebruiker;een jaar;test\nauditregel;0 dagen;test\n",
    )
    .unwrap();
    let data_arg = data.path().to_str().unwrap();
    let bad = run(&db, &["retention", "run", "--data", data_arg], "");
    assert_ne!(bad.code, 0);
    assert!(
        bad.stderr.contains(
            "instellingen/bewaartermijnen.csv, regel 3, kolom TERMIJN: 'een jaar' is geen termijn"
        ),
        "{bad:?}"
    );
    assert_eq!(run(&db, &["user", "list"], "").stdout, listed.stdout);

    // Terms of zero days: everything about a person is due now.
    std::fs::write(
        &terms,
        "CATEGORIE;TERMIJN;BRON\nsessie;0 dagen;test\ngebruiker;0 dagen;test\nauditregel;0 dagen;besluit bestuur 1-12-2026\n",
    )
    .unwrap();
    let done = run(&db, &["retention", "run", "--data", data_arg], "");
    assert_eq!(done.code, 0, "{done:?}");
    assert!(done.stdout.contains("Uitgevoerd op "), "{done:?}");
    assert!(
        done.stdout.contains("bron: besluit bestuur 1-12-2026"),
        "{done:?}"
    );
    assert!(
        done.stdout.contains(
            "uitgeschakelde gebruikersaccounts: 1 geanonimiseerd\n    oud (uitgeschakeld "
        ),
        "{done:?}"
    );
    assert!(
        done.stdout
            .contains("regels in het auditlog: 6 verwijderd (regel 1 tot en met 6"),
        "{done:?}"
    );
    assert!(
        done.stdout
            .contains("De keten van het auditlog gaat verder vanaf regel 7 met hash "),
        "{done:?}"
    );
    assert!(
        done.stdout.contains("Vastgelegd in het auditlog."),
        "{done:?}"
    );

    let listed = run(&db, &["user", "list"], "").stdout;
    assert!(!listed.contains("oud "), "{listed}");
    assert!(listed.contains("verwijderd-1"), "{listed}");
    assert!(
        listed.contains("(geanonimiseerd na de bewaartermijn)"),
        "{listed}"
    );
    let enable = run(&db, &["user", "enable", "verwijderd-1"], "");
    assert_ne!(enable.code, 0);
    assert!(
        enable
            .stderr
            .contains("geanonimiseerd en kan niet meer worden gewijzigd"),
        "{enable:?}"
    );

    let verify = run(&db, &["audit", "verify"], "");
    assert_eq!(verify.code, 0, "{verify:?}");
    assert!(
        verify
            .stdout
            .contains("De oudste 6 items (tot en met 6) zijn op "),
        "{verify:?}"
    );
    let entries = run(&db, &["audit", "list", "--format", "json"], "");
    let actions: Vec<String> = crate::support::json(&entries)
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        actions,
        [
            "gebruikers_bekeken",
            "bewaartermijnen_uitgevoerd",
            "auditlog_ingekort",
            "gebruiker_geanonimiseerd"
        ]
    );
    // The name is gone from the account; the audit log no longer holds it either.
    assert!(
        !entries.stdout.contains("gebruiker:oud"),
        "{}",
        entries.stdout
    );
}
