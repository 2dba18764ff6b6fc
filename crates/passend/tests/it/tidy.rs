//! Tidy checks over the whole workspace, run as tests so that `cargo test` is the gate.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n == "target") {
                continue;
            }
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn workspace_files() -> Vec<PathBuf> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    rust_files(&crates, &mut files);
    assert!(files.len() > 40, "found the workspace's sources");
    files
}

#[test]
fn every_rust_file_starts_with_a_module_doc_comment() {
    let missing: Vec<String> = workspace_files()
        .into_iter()
        .filter(|p| !std::fs::read_to_string(p).unwrap().starts_with("//!"))
        .map(|p| p.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a leading //! line: {missing:#?}"
    );
}

#[test]
fn no_test_is_ignored() {
    let ignored: Vec<String> = workspace_files()
        .into_iter()
        .filter(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains(concat!("#[", "ignore"))
        })
        .map(|p| p.display().to_string())
        .collect();
    assert!(ignored.is_empty(), "ignored tests: {ignored:#?}");
}

#[test]
fn the_glossary_names_every_dutch_domain_type() {
    let glossary =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../GLOSSARY.md"))
            .unwrap();
    for ident in [
        "Swv",
        "SwvCode",
        "Vestiging",
        "VestigingCode",
        "Brin",
        "Pc4",
        "Peildatum",
        "Gemeente",
        "GemeenteCode",
        "VoStructure",
        "SpecialOffer",
        "Membership",
        "Participation",
        "SchoolKind::Sbo",
        "SchoolKind::Praktijkonderwijs",
        "Money",
        "Category",
        "RateKey::LichtePo",
        "RateStatus",
        "YearBudget",
        "ParticipationPath",
    ] {
        assert!(
            glossary.contains(&format!("`{ident}")),
            "GLOSSARY.md lacks `{ident}`"
        );
    }
}
