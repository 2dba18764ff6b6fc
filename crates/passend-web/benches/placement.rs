//! Benchmarks of placement on the real bundled data (all primary schools of the country
//! with the synthetic demo profiles of seed 2026) and synthetic pupils from
//! `passend place generate`'s generator:
//!
//! - deferred acceptance on a national instance of 100,000 pupils with 10 preferences
//!   each, the instance read from its JSON file measured apart;
//! - minimum cost on 20,000 pupils with their 20 nearest schools that can serve them as
//!   candidates;
//! - how both grow with the number of pupils (four sizes each, printed as a table).
//!
//! Run with `cargo bench -p passend-web --bench placement`; the README reports the
//! results.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use rstar::RTree;
use rstar::primitives::GeomWithData;

use passend_core::generate::generate;
use passend_core::geo::project;
use passend_core::register::Register;
use passend_core::support::ProfileBook;
use passend_core::swv::Sector;
use passend_coverage::{Model, Params};
use passend_placement::generate::{Spec, generate as generate_instance};
use passend_placement::instance::distance_m;
use passend_placement::{Candidate, Instance, deferred_acceptance, min_cost};
use passend_web::dto::placement::InstanceDto;

const DATE: jiff::civil::Date = jiff::civil::date(2026, 11, 28);

fn model() -> (Model, HashMap<passend_core::ids::VestigingCode, u32>) {
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
    let sizes = passend_placement::generate::school_sizes(&register);
    (
        Model::build(&register, &book, a.taxonomy, DATE, params),
        sizes,
    )
}

fn national(
    model: &Model,
    sizes: &HashMap<passend_core::ids::VestigingCode, u32>,
    pupils: usize,
) -> Instance {
    generate_instance(
        model,
        sizes,
        Spec {
            swv: None,
            sector: Sector::Po,
            pupils,
            seed: 2026,
        },
    )
    .expect("an instance")
}

/// The 20 nearest schools that can serve each pupil, at their distance, as candidates.
fn with_candidates(mut instance: Instance) -> Instance {
    let tree: RTree<GeomWithData<[f64; 2], usize>> = RTree::bulk_load(
        instance
            .schools
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let xy = project(s.at);
                GeomWithData::new([xy.x, xy.y], i)
            })
            .collect(),
    );
    instance.candidates = instance
        .pupils
        .iter()
        .map(|p| {
            let xy = project(p.at);
            Some(
                tree.nearest_neighbor_iter([xy.x, xy.y])
                    .map(|g| g.data)
                    .filter(|&s| {
                        passend_placement::eligibility::serves(
                            &instance.schools[s].offers,
                            &p.needs,
                        )
                        .is_ok()
                    })
                    .take(20)
                    .map(|s| Candidate {
                        school: s,
                        cost: distance_m(p.at, instance.schools[s].at),
                    })
                    .collect(),
            )
        })
        .collect();
    instance
}

fn json(instance: &Instance) -> Vec<u8> {
    let dto = InstanceDto::new(instance, "bench".into(), String::new(), 2026, true, &|_| {
        None
    });
    serde_json::to_vec(&dto).expect("serialises")
}

/// The fastest of `runs` timings.
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn benches(c: &mut Criterion) {
    let (model, sizes) = model();
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);

    eprintln!("\nDeferred acceptance, national PO instance, 10 preferences per pupil:");
    eprintln!(
        "{:>9} {:>8} {:>12} {:>12} {:>10} {:>8}",
        "pupils", "schools", "JSON read", "placing", "placed", "1st"
    );
    for n in [12_500, 25_000, 50_000, 100_000] {
        let instance = national(&model, &sizes, n);
        let bytes = json(&instance);
        let read = best(3, || {
            let _ = passend_import::read::placement::read_placement("bench.json", &bytes)
                .expect("reads");
        });
        let placing = best(5, || {
            let _ = deferred_acceptance(&instance, 2026);
        });
        let t = deferred_acceptance(&instance, 2026).totals();
        eprintln!(
            "{n:>9} {:>8} {:>12} {:>12} {:>9.1}% {:>7.1}%",
            instance.schools.len(),
            ms(read),
            ms(placing),
            100.0 * t.placed as f64 / n as f64,
            100.0 * t.first_choice
        );
    }

    eprintln!(
        "\nMinimum cost, national PO instance, the 20 nearest schools that can serve each pupil as candidates:"
    );
    eprintln!(
        "{:>9} {:>10} {:>12} {:>10}",
        "pupils", "arcs", "placing", "placed"
    );
    for n in [2_500, 5_000, 10_000, 20_000] {
        let instance = with_candidates(national(&model, &sizes, n));
        let arcs: usize = instance.candidates.iter().flatten().map(Vec::len).sum();
        let placing = best(3, || {
            let _ = min_cost(&instance, 2026).expect("solves");
        });
        let t = min_cost(&instance, 2026).expect("solves").totals();
        eprintln!(
            "{n:>9} {arcs:>10} {:>12} {:>9.1}%",
            ms(placing),
            100.0 * t.placed as f64 / n as f64
        );
    }
    eprintln!();

    let mut group = c.benchmark_group("placement");
    group.sample_size(10);
    let big = national(&model, &sizes, 100_000);
    let bytes = json(&big);
    group.bench_function("read 100,000-pupil instance JSON", |b| {
        b.iter(|| {
            passend_import::read::placement::read_placement("bench.json", &bytes).expect("reads")
        })
    });
    group.bench_function("da-stb 100,000 pupils x 10 preferences", |b| {
        b.iter(|| deferred_acceptance(&big, 2026))
    });
    let twenty = with_candidates(national(&model, &sizes, 20_000));
    group.bench_function("min-cost 20,000 pupils x 20 candidates", |b| {
        b.iter(|| min_cost(&twenty, 2026).expect("solves"))
    });
    group.finish();
}

criterion_group!(placement, benches);
criterion_main!(placement);
