//! Benchmarks of the dekkend aanbod on the real bundled data with the synthetic demo
//! profiles of seed 2026 (what `serve` makes on an empty database): building the model,
//! every SWV, need and level in the country in one run (own schools, and all schools),
//! the largest SWV with one row per PC4, need and level, and its coverage page. Run with
//! `cargo bench -p passend-web --bench coverage`; the README reports the results.

mod common;

use std::path::PathBuf;

use criterion::{Criterion, criterion_group, criterion_main};

use passend_core::generate::generate;
use passend_core::register::Register;
use passend_core::support::ProfileBook;
use passend_core::swv::SwvCode;
use passend_coverage::{Filter, Model, Params, Scope, analyse, analyse_all};
use passend_web::{ImportInfo, Snapshot, SupportData, state};

const DATE: jiff::civil::Date = jiff::civil::date(2026, 11, 28);

/// The SWV with the most open member schools.
fn largest(register: &Register) -> SwvCode {
    register
        .swvs()
        .max_by_key(|swv| register.open_members(*swv).count())
        .expect("the register has SWVs")
}

fn benches(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let bundle = passend_import::read_dir(&dir, &mut |_| {}).expect("bundled data imports");
    let a = bundle.assembled;
    let register = Register::new(a.vestigingen.clone(), a.memberships.clone(), a.pc4s.clone());
    let (profiles, basis) = generate(&register, &a.taxonomy, 2026, DATE);
    let book = ProfileBook::new(profiles, basis);
    let params = Params {
        threshold_km: a.coverage.threshold_km,
        detour: a.coverage.detour,
    };
    let swv = largest(&register);
    eprintln!(
        "{} vestigingen, {} needs, largest SWV {swv} ({} open schools)",
        register.vestigingen().len(),
        a.taxonomy.needs().len(),
        register.open_members(swv).count()
    );

    let mut group = c.benchmark_group("coverage");
    group.sample_size(10);
    group.bench_function("build the model (schools, offers, children per PC4)", |b| {
        b.iter(|| Model::build(&register, &book, a.taxonomy.clone(), DATE, params));
    });
    let model = Model::build(&register, &book, a.taxonomy.clone(), DATE, params);
    group.bench_function("every SWV, need and level, own schools", |b| {
        b.iter(|| analyse_all(&model, Scope::Swv, &Filter::default()));
    });
    group.bench_function("every SWV, need and level, all schools", |b| {
        b.iter(|| analyse_all(&model, Scope::National, &Filter::default()));
    });
    let detail = Filter {
        detail: true,
        ..Filter::default()
    };
    group.bench_function(format!("largest SWV ({swv}) with detail rows"), |b| {
        b.iter(|| analyse(&model, swv, Scope::Swv, &detail));
    });
    group.finish();

    // The page: the first request computes the SWV's report, later ones reuse it.
    let snapshot = Snapshot::build(
        register.clone(),
        &[],
        ImportInfo::default(),
        Some(SupportData {
            taxonomy: a.taxonomy.clone(),
            settings: a.coverage.clone(),
            book: book.clone(),
            date: DATE,
        }),
    );
    let app_state = state(snapshot);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let uri = format!("/swv/{swv}/dekking");
    let get = |uri: String| common::fetch(app_state.clone(), uri);
    let mut page = c.benchmark_group("coverage page");
    page.sample_size(20);
    page.bench_function(format!("{uri} (report cached)"), |b| {
        b.iter(|| runtime.block_on(get(uri.clone())));
    });
    page.bench_function(format!("{uri} with a scenario (a school closes)"), |b| {
        let school = register
            .open_members(swv)
            .next()
            .expect("the SWV has schools")
            .code;
        let uri = format!("{uri}?sluit={school}");
        b.iter(|| runtime.block_on(get(uri.clone())));
    });
    page.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
