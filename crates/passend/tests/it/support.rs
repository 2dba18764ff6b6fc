//! Running the binary as a user runs it, and the shared database the tests start from.
//!
//! An import takes several seconds in a debug build, so the bundled data is imported
//! once, with the demo profiles of seed 2026 valid from 2020-01-01 (in force whatever the
//! clock says), into a shared database that the read-only tests use; tests that write
//! work on a copy of it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

/// What a run printed and how it ended.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
}

/// Runs `passend --db <db> <args>` in the database's directory, without the
/// environment variables that would change its defaults.
pub(crate) fn passend(db: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_passend"))
        .arg("--db")
        .arg(db)
        .args(args)
        .current_dir(db.parent().expect("the database is in a directory"))
        .env_remove("PASSEND_DB")
        .env_remove("PASSEND_DATA")
        .env_remove("PASSEND_ADDR")
        .env_remove("RUST_LOG")
        .output()
        .expect("passend runs");
    Run {
        code: output.status.code().expect("passend exits with a code"),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

/// The bundled data directory of the repository.
pub(crate) fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../data")
        .canonicalize()
        .expect("the bundled data directory exists")
}

/// The shared database, and what its import and `sop generate` printed.
pub(crate) struct Shared {
    pub(crate) db: PathBuf,
    pub(crate) first_import: Run,
    pub(crate) generate: Run,
}

pub(crate) fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        // In the target directory, not in a temporary one: a static is never dropped.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("passend-cli");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the shared directory");
        let db = dir.join("shared.sqlite3");
        let first_import = passend(&db, &["import", "--data", data_dir().to_str().unwrap()]);
        assert_eq!(first_import.code, 0, "{first_import:?}");
        // With profiles in place the read commands have nothing to generate, so they
        // print nothing on stderr.
        let generate = passend(
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
        assert_eq!(generate.code, 0, "{generate:?}");
        Shared {
            db,
            first_import,
            generate,
        }
    })
}

/// A temporary directory with a copy of the shared database.
pub(crate) fn copy_of_shared_db() -> (tempfile::TempDir, PathBuf) {
    let shared = shared();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = dir.path().join("passend.sqlite3");
    std::fs::copy(&shared.db, &db).expect("copy the database");
    // The importing process has ended, so SQLite has folded its WAL into the file; copy
    // any leftovers all the same.
    for suffix in ["-wal", "-shm"] {
        let from = PathBuf::from(format!("{}{suffix}", shared.db.display()));
        if from.exists() {
            std::fs::copy(&from, format!("{}{suffix}", db.display())).expect("copy");
        }
    }
    (dir, db)
}

/// A temporary copy of the bundled data directory.
pub(crate) fn copy_of_data() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read the data directory") {
            let entry = entry.expect("an entry");
            let target = to.join(entry.file_name());
            if entry.file_type().expect("a file type").is_dir() {
                copy(&entry.path(), &target);
            } else {
                std::fs::copy(entry.path(), &target).expect("copy a data file");
            }
        }
    }
    let dir = tempfile::tempdir().expect("a temporary directory");
    copy(&data_dir(), dir.path());
    dir
}

/// The whole numbers in a line, with Dutch thousands separators (`11.437`) removed.
pub(crate) fn numbers(line: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = line.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let separator =
            *c == '.' && !current.is_empty() && chars.get(i + 1).is_some_and(char::is_ascii_digit);
        if c.is_ascii_digit() {
            current.push(*c);
        } else if !separator && !current.is_empty() {
            out.push(current.parse().expect("digits"));
            current.clear();
        }
    }
    if !current.is_empty() {
        out.push(current.parse().expect("digits"));
    }
    out
}

/// The JSON a run printed.
pub(crate) fn json(run: &Run) -> Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

/// The keys of a JSON object.
pub(crate) fn keys(value: &Value) -> BTreeSet<&str> {
    value
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}
