//! A process killed in the middle of an import leaves the database as it was: intact,
//! and without any part of the unfinished import.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use passend_store::Store;

use crate::support::{copy_of_shared_db, data_dir};

/// What must not change: vestigingen, pupil counts and memberships, and the runs.
fn state(db: &std::path::Path) -> (usize, u64, usize, i64) {
    Store::check_backup(db).expect("the database is intact");
    let store = Store::open(db).unwrap();
    let register = store.load_register().unwrap();
    let counts: u64 = register
        .vestigingen()
        .iter()
        .map(|v| v.counts.len() as u64)
        .sum();
    let run = store.last_import().unwrap().map_or(0, |r| r.id);
    (
        register.vestigingen().len(),
        counts,
        register.memberships().len(),
        run,
    )
}

#[test]
fn killing_an_import_at_any_moment_leaves_the_old_state_or_the_new_one() {
    let (_dir, db) = copy_of_shared_db();
    let before = state(&db);
    let mut killed_midway = 0;
    // Kill points spread over reading, parsing and writing; the import rewrites the
    // same data, so the finished import and the untouched database look the same, and
    // anything in between would show as missing rows.
    for delay_ms in [300u64, 900, 1_800, 2_700, 3_600, 4_800, 6_500] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_passend"))
            .arg("--db")
            .arg(&db)
            .args(["import", "--force", "--data", data_dir().to_str().unwrap()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let mut finished = false;
        while started.elapsed() < Duration::from_millis(delay_ms) {
            if child.try_wait().unwrap().is_some() {
                finished = true;
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        if !finished {
            child.kill().unwrap();
            killed_midway += 1;
        }
        child.wait().unwrap();
        let after = state(&db);
        assert_eq!(
            (after.0, after.1, after.2),
            (before.0, before.1, before.2),
            "after a kill at {delay_ms} ms the register is whole"
        );
        assert!(
            after.3 >= before.3,
            "the run log only grows: {} → {}",
            before.3,
            after.3
        );
        if finished {
            break;
        }
    }
    assert!(
        killed_midway > 0,
        "at least one import was killed while running"
    );
}
