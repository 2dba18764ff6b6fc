//! Benchmarks of the budget (passend-funding) on the real bundled data: the budget of
//! every SWV in the country for five years (2026–2030) in one run, and one SWV for one
//! year with its API JSON, the cost of one request. The bundled amounts are incomplete
//! on purpose, so every SWV uses the example scenario of its sector
//! (`data/bekostiging/voorbeeld-po.toml` or `voorbeeld-vo.toml`: assumed amounts and an
//! indexation of 2.5 % a year). Run with `cargo bench -p passend-web --bench budget`;
//! the README reports the results.

use std::path::{Path, PathBuf};

use criterion::{Criterion, criterion_group, criterion_main};

use passend_core::money::Money;
use passend_core::register::Register;
use passend_core::swv::{Sector, SwvCode};
use passend_funding::data::{National, SwvData};
use passend_funding::multiyear::{self, MultiYear};
use passend_funding::rates::Rates;
use passend_funding::scenario::Scenario;
use passend_import::read::funding::{Format, RATES_FOLDER, read_budget_scenario, read_rates};
use passend_web::dto::budget::BudgetDto;

/// The first budget year and the number of years of the national run.
const FROM: i16 = 2026;
const YEARS: u16 = 5;

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// Every `bedragen-<jaar>.toml`, as `passend` reads them.
fn rates(dir: &Path) -> Rates {
    let folder = dir.join(RATES_FOLDER);
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&folder).expect("the rates folder reads") {
        let entry = entry.expect("a directory entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("bedragen-") && name.ends_with(".toml") {
            files.push((
                name,
                std::fs::read(entry.path()).expect("a rates file reads"),
            ));
        }
    }
    files.sort();
    read_rates(&format!("data/{RATES_FOLDER}"), &files).expect("the bundled rates read")
}

fn scenario(dir: &Path, name: &str) -> Scenario {
    let bytes = std::fs::read(dir.join(RATES_FOLDER).join(name)).expect("the scenario reads");
    read_budget_scenario(&format!("data/{RATES_FOLDER}/{name}"), &bytes, Format::Toml)
        .expect("the example scenario reads")
}

/// The example scenarios per sector.
struct Scenarios {
    po: Scenario,
    vo: Scenario,
}

impl Scenarios {
    fn of(&self, swv: SwvCode) -> &Scenario {
        match swv.sector() {
            Sector::Po => &self.po,
            Sector::Vo => &self.vo,
        }
    }
}

/// The budgets of `swvs`, from the register: what the timed run does.
fn every_swv(
    register: &Register,
    swvs: &[SwvCode],
    scenarios: &Scenarios,
    rates: &Rates,
) -> Vec<MultiYear> {
    let national = National::of(register);
    swvs.iter()
        .map(|&swv| {
            let data = SwvData::from_register(register, swv, &national);
            multiyear::compute(Some(&data), scenarios.of(swv), rates, FROM, YEARS)
                .expect("checked in the setup")
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let dir = data_dir();
    let bundle = passend_import::read_dir(&dir, &mut |_| {}).expect("bundled data imports");
    let a = bundle.assembled;
    let register = Register::new(a.vestigingen, a.memberships, a.pc4s).with_swv_names(a.swv_names);
    let rates = rates(&dir);
    let scenarios = Scenarios {
        po: scenario(&dir, "voorbeeld-po.toml"),
        vo: scenario(&dir, "voorbeeld-vo.toml"),
    };

    // Which SWVs the run computes: a landelijk SWV without members or counts has no
    // budget to compute; an SWV whose budget fails is reported here and left out.
    let national = National::of(&register);
    let mut swvs = Vec::new();
    let mut skipped = Vec::new();
    let mut failed = Vec::new();
    let mut total_2026 = Vec::new();
    for swv in register.swvs() {
        let data = SwvData::from_register(&register, swv, &national);
        if swv.is_landelijk() && data.schools.iter().all(|s| s.counts.is_empty()) {
            skipped.push(swv);
            continue;
        }
        match multiyear::compute(Some(&data), scenarios.of(swv), &rates, FROM, YEARS) {
            Ok(m) => {
                total_2026.push(m.years[0].budget.total);
                swvs.push(swv);
            }
            Err(e) => failed.push((swv, e.to_string())),
        }
    }
    eprintln!(
        "{} SWVs in the register: {} computed ({} PO, {} VO), {} landelijk without members or counts skipped {skipped:?}, {} failed",
        register.swvs().count(),
        swvs.len(),
        swvs.iter().filter(|s| s.sector() == Sector::Po).count(),
        swvs.iter().filter(|s| s.sector() == Sector::Vo).count(),
        skipped.len(),
        failed.len(),
    );
    let landelijk: Vec<_> = swvs.iter().filter(|s| s.is_landelijk()).collect();
    if !landelijk.is_empty() {
        eprintln!("landelijk SWVs computed: {landelijk:?}");
    }
    for (swv, error) in &failed {
        eprintln!("  {swv} fails and is left out: {error}");
    }
    eprintln!(
        "national sum of the DUO payment (total) for {FROM}: {}",
        total_2026.into_iter().sum::<Money>().dutch()
    );

    let mut group = c.benchmark_group("budget");
    group.sample_size(10);
    group.bench_function("every SWV, five years (2026–2030)", |b| {
        b.iter(|| every_swv(&register, &swvs, &scenarios, &rates));
    });

    // One request: the largest PO SWV (most open schools), one year, and its JSON.
    let largest = swvs
        .iter()
        .copied()
        .filter(|s| s.sector() == Sector::Po)
        .max_by_key(|&s| register.open_members(s).count())
        .expect("a PO SWV is computed");
    let data = SwvData::from_register(&register, largest, &national);
    eprintln!(
        "largest PO SWV {largest} ({} open schools, {} schools in its budget)",
        register.open_members(largest).count(),
        data.schools.len()
    );
    // What a request does with the register's National facts at hand.
    let compute_one = || {
        let data = SwvData::from_register(&register, largest, &national);
        let m = multiyear::compute(Some(&data), &scenarios.po, &rates, FROM, 1)
            .expect("checked in the setup");
        (data, m)
    };
    let one_year = || {
        let (data, m) = compute_one();
        serde_json::to_string(&BudgetDto::of(
            Some(largest.to_string()),
            data.name.clone(),
            &m,
        ))
        .expect("the DTO serialises")
    };
    eprintln!("its JSON for {FROM}: {} bytes", one_year().len());
    group.bench_function("National facts (once per run)", |b| {
        b.iter(|| National::of(&register));
    });
    group.bench_function(format!("one SWV ({largest}), one year"), |b| {
        b.iter(compute_one);
    });
    group.bench_function(format!("one SWV ({largest}), one year, as JSON"), |b| {
        b.iter(one_year);
    });
    group.finish();
}

criterion_group!(group, benches);
criterion_main!(group);
