//! Benchmarks on the real bundled data: the full import into a fresh SQLite file, the
//! server's start-up (loading the register and the demo profiles of seed 2026 and
//! building the snapshot), and rendering
//! the page of the largest SWV. Run with `cargo bench -p passend-web`; the README
//! reports the results.

mod common;

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

use passend_core::generate::generate;
use passend_store::{ImportBatch, SettingsBatch, SourceFileRecord, Store};
use passend_web::{ImportInfo, Snapshot, SupportData, state};

const DATE: jiff::civil::Date = jiff::civil::date(2026, 11, 28);

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// Reads, parses, assembles and stores the bundled data in a new database file.
fn import_into(path: &std::path::Path) -> Store {
    let bundle = passend_import::read_dir(&data_dir(), &mut |_| {}).expect("bundled data imports");
    let store = Store::open(path).expect("store opens");
    let files: Vec<SourceFileRecord> = bundle
        .files
        .iter()
        .map(|f| SourceFileRecord {
            key: f.key.to_owned(),
            path: f.path.to_owned(),
            sha256: f.sha256.clone(),
            size: f.size,
        })
        .collect();
    let a = &bundle.assembled;
    store
        .save_import_with_settings(
            &ImportBatch {
                fingerprint: &bundle.fingerprint,
                data_dir: "data",
                finished_at: jiff::Timestamp::UNIX_EPOCH,
                files: &files,
                vestigingen: &a.vestigingen,
                memberships: &a.memberships,
                pc4s: &a.pc4s,
                findings: &a.findings,
                swv_names: &a.swv_names,
            },
            &SettingsBatch {
                taxonomy: &a.taxonomy,
                coverage: &a.coverage,
                retention: &a.retention,
            },
        )
        .expect("import is stored");
    store
}

/// Adds the demo profiles of seed 2026, as `serve` does on an empty database.
fn add_profiles(store: &Store) {
    let register = store.load_register().expect("loads");
    let taxonomy = store.load_taxonomy().expect("loads");
    let (profiles, basis) = generate(&register, &taxonomy, 2026, DATE);
    store.save_profiles(&profiles, &basis).expect("saves");
}

/// What `serve` loads at start-up: register, findings, and the support data.
fn load_snapshot(store: &Store) -> Snapshot {
    let register = store.load_register().expect("loads");
    let findings = store.data_findings().expect("loads");
    let support = SupportData {
        taxonomy: store.load_taxonomy().expect("loads"),
        settings: store.load_coverage_settings().expect("loads"),
        book: store.load_profiles().expect("loads"),
        date: DATE,
    };
    Snapshot::build(register, &findings, ImportInfo::default(), Some(support))
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");

    let mut import = c.benchmark_group("import");
    import.sample_size(10);
    let mut n = 0;
    import.bench_function("full import into a new SQLite file", |b| {
        b.iter(|| {
            n += 1;
            import_into(&dir.path().join(format!("bench-{n}.sqlite3")))
        });
    });
    import.bench_function("read and parse only", |b| {
        b.iter(|| passend_import::read_dir(&data_dir(), &mut |_| {}).expect("imports"));
    });
    import.finish();

    let store = import_into(&dir.path().join("serve.sqlite3"));
    add_profiles(&store);
    let mut startup = c.benchmark_group("startup");
    startup.sample_size(10);
    startup.bench_function("load register and profiles, build snapshot", |b| {
        b.iter(|| load_snapshot(&store));
    });
    startup.finish();

    let snapshot = load_snapshot(&store);
    let largest = snapshot
        .summaries
        .iter()
        .max_by_key(|(_, s)| s.open_total())
        .map(|(swv, _)| *swv)
        .expect("there are SWVs");
    eprintln!("largest SWV by open vestigingen: {largest}");
    let app_state = state(snapshot);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let fetch = |uri: String| common::fetch(app_state.clone(), uri);
    let mut pages = c.benchmark_group("pages");
    pages.bench_function(format!("page of the largest SWV ({largest})"), |b| {
        b.iter(|| runtime.block_on(fetch(format!("/swv/{largest}"))));
    });
    pages.bench_function(format!("API detail of the largest SWV ({largest})"), |b| {
        b.iter(|| runtime.block_on(fetch(format!("/api/v1/swv/{largest}"))));
    });
    pages.bench_function("national overview", |b| {
        b.iter(|| runtime.block_on(fetch("/".to_owned())));
    });
    pages.finish();
}

criterion_group!(register, benches);
criterion_main!(register);
