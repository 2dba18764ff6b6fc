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
            "gebruiker_toegevoegd"
        ]
    );
    assert!(
        entries
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor"] == "opdrachtregel" && e["record"] == "gebruiker:jansen")
    );
    let verify = run(&db, &["audit", "verify"], "");
    assert_eq!(verify.code, 0, "{verify:?}");
    assert!(verify.stdout.contains("3 items, de keten is ongebroken"));
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
    let verify = run(&db, &["audit", "verify"], "");
    assert!(verify.stdout.contains("0 items"), "{verify:?}");
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
