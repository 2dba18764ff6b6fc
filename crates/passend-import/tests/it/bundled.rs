//! Imports the whole bundled data set and checks it against the files.

use std::path::PathBuf;
use std::sync::OnceLock;

use passend_import::{Bundle, read_dir};

pub(crate) fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

pub(crate) fn bundle() -> &'static Bundle {
    static BUNDLE: OnceLock<Bundle> = OnceLock::new();
    BUNDLE.get_or_init(|| read_dir(&data_dir(), &mut |_| {}).expect("the bundled data imports"))
}

#[test]
fn explore() {
    let t = std::time::Instant::now();
    let b = bundle();
    eprintln!("took {:?}", t.elapsed());
    let a = &b.assembled;
    eprintln!(
        "vestigingen {} memberships {} pc4s {} findings {}",
        a.vestigingen.len(),
        a.memberships.len(),
        a.pc4s.len(),
        a.findings.len()
    );
    let mut kinds = std::collections::BTreeMap::new();
    for v in &a.vestigingen {
        *kinds.entry((v.kind.short(), v.status.code())).or_insert(0) += 1;
    }
    eprintln!("{kinds:?}");
    let mut rules = std::collections::BTreeMap::new();
    for f in &a.findings {
        *rules.entry((f.rule.id(), f.severity.code())).or_insert(0) += 1;
    }
    eprintln!("{rules:?}");
    for f in a
        .findings
        .iter()
        .filter(|f| f.rule.id() == "data_source_conflict" && !f.message.contains("adrespunt"))
        .take(12)
    {
        eprintln!("{:?} {:?} {}", f.swv, f.vestiging, f.message);
    }
}
