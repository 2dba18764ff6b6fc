//! The multi-year budget on a small register: counts, estimates, prognosis,
//! participation path, fictional SWVs and reserves.

use passend_core::swv::SwvCode;

use super::*;
use crate::data::National;
use crate::rates::{Category, Rate, RateKey, RateStatus};
use crate::scenario::{ParticipationPath, Reserves, YearCounts};

const REGION: &str = "
pc4 9401 Assen PO2201 VO2201
school 01AA00 bao 9401AA board=1 pupils=2019:200,2020:200,2021:200,2022:200,2023:200,2024:200,2025:200
school 02AA00 bao 9401AB board=2 pupils=2019:100,2020:110,2021:120,2022:130,2023:140,2024:150,2025:160
school 03AA00 sbo 9401AC board=1 pupils=2019:50,2020:50,2021:50,2022:50,2023:50,2024:50,2025:50
school 04AA00 so 9401AD pupils=2019:30,2020:30,2021:30,2022:30,2023:30,2024:30,2025:30
school 05AA00 so-vso 9401AE pupils=2023:100,2024:100,2025:100
school 06AA00 vso 9401AF pupils=2023:50,2024:50,2025:50
";

fn data() -> SwvData {
    let register = passend_core::testkit::register(REGION);
    let national = National::of(&register);
    SwvData::from_register(&register, SwvCode::parse("PO2201").unwrap(), &national)
}

fn rates() -> Rates {
    let mut rates = Rates::default();
    for year in 2023..=2030 {
        for (key, amount) in [
            (RateKey::LichtePo, "200.00"),
            (RateKey::ZwarePo, "500.00"),
            (RateKey::Sbo, "6000.00"),
            (RateKey::So(Category::Laag), "12000.00"),
            (RateKey::So(Category::Midden), "20000.00"),
            (RateKey::So(Category::Hoog), "30000.00"),
        ] {
            rates.set(
                year,
                key,
                Rate {
                    amount: Money::parse(amount).unwrap(),
                    status: RateStatus::Assumed,
                    source: "test".into(),
                    url: None,
                    note: None,
                },
            );
        }
    }
    rates
}

#[test]
fn a_po_year_counts_on_the_october_of_the_same_school_year() {
    let data = data();
    // The national SO share: SO 30 / (SO 30 + VSO 50) = 0.375.
    assert_eq!(data.so_share, "0.375".parse().unwrap());
    let result = compute(Some(&data), &Scenario::default(), &rates(), 2025, 1).unwrap();
    let y = &result.years[0];
    let lichte = y.budget.line("lichte_bruto").unwrap();
    let count = lichte.count.as_ref().unwrap();
    // Budget 2025 counts on 1 February 2024 ≈ 1 October 2023: 200 + 140.
    assert_eq!(count.value, 340);
    assert!(count.basis.contains("1 oktober 2023"), "{}", count.basis);
    assert!(
        count
            .basis
            .contains("benadering van teldatum 1 februari 2024")
    );
    assert!(!count.estimated);
    // SO TLVs estimated: 30 SO + 37.5 → 38 of the combined vestiging, all in laag.
    let so = y
        .budget
        .line("aftrek_so_laag")
        .unwrap()
        .count
        .clone()
        .unwrap();
    assert_eq!(so.value, 68);
    assert!(
        so.estimated && so.basis.contains("ondergrens"),
        "{}",
        so.basis
    );
    assert_eq!(
        y.budget
            .line("aftrek_sbo")
            .unwrap()
            .count
            .as_ref()
            .unwrap()
            .value,
        50
    );
    // Allocation over the two bao and the sbo by default, everything to the schools.
    assert_eq!(y.allocation.schools.len(), 3);
    assert_eq!(
        y.allocation.schools_total() + y.allocation.swv_kept,
        y.total_income
    );
    assert!(y.uses_prognosis);
}

#[test]
fn later_years_follow_the_prognosis_and_the_participation_path() {
    let data = data();
    let base = compute(Some(&data), &Scenario::default(), &rates(), 2026, 4).unwrap();
    // 2026 counts on 1 October 2024 (counted); 2028 on 1 October 2026 (prognosis).
    let c2026 = base.years[0]
        .budget
        .line("lichte_bruto")
        .unwrap()
        .count
        .clone()
        .unwrap();
    assert!(!c2026.estimated);
    let c2028 = base.years[2]
        .budget
        .line("lichte_bruto")
        .unwrap()
        .count
        .clone()
        .unwrap();
    assert!(
        c2028.estimated && c2028.basis.contains("prognose"),
        "{}",
        c2028.basis
    );
    let scenario = Scenario {
        name: "SO-deelname +0,3 punt".into(),
        participation: ParticipationPath {
            so_points_per_year: "0.3".parse().unwrap(),
            ..ParticipationPath::default()
        },
        ..Scenario::default()
    };
    let more = compute(Some(&data), &scenario, &rates(), 2026, 4).unwrap();
    for (b, m) in base.years.iter().zip(&more.years) {
        let so = |y: &YearResult| {
            y.budget
                .line("aftrek_so_laag")
                .unwrap()
                .count
                .as_ref()
                .unwrap()
                .value
        };
        if count_year(Sector::Po, b.year()) > 2025 {
            assert!(so(m) > so(b), "{}: {} vs {}", b.year(), so(m), so(b));
            assert!(m.budget.deductions() > b.budget.deductions());
        } else {
            assert_eq!(so(m), so(b));
        }
    }
    assert_eq!(more.scenario, "SO-deelname +0,3 punt");
}

#[test]
fn a_fictional_swv_needs_its_counts_from_the_scenario() {
    let mut scenario = Scenario {
        name: "Nieuw swv".into(),
        sector: Some(Sector::Po),
        ..Scenario::default()
    };
    let err = compute(None, &scenario, &rates(), 2025, 1).unwrap_err();
    assert!(err.to_string().contains("'bo'"), "{err}");
    scenario.years.insert(
        2025,
        YearCounts {
            bo: Some(10_000),
            sbo_pupils: Some(200),
            sbo_tlv: Some(210),
            so_tlv: [Some(100), Some(10), Some(5)],
            ..YearCounts::default()
        },
    );
    scenario.reserves = Reserves {
        equity: Some(Money::from_euros(1_000_000)),
        other_income: Money::from_euros(10_000),
        result_per_year: Money::from_euros(-200_000),
    };
    let result = compute(None, &scenario, &rates(), 2025, 3).unwrap();
    let y = &result.years[0];
    // 10,000 × 200 − 210 × 6,000 + 10,200 × 500 − (100 × 12,000 + 10 × 20,000 + 5 × 30,000)
    assert_eq!(
        y.budget.total,
        Money::from_euros(2_000_000 - 1_260_000 + 5_100_000 - 1_550_000)
    );
    assert_eq!(y.total_income, y.budget.total + Money::from_euros(10_000));
    // 3.5 % of 4,300,000 = 150,500 → floor 250,000.
    assert_eq!(y.signalling, Money::from_euros(250_000));
    assert_eq!(y.equity_end, Some(Money::from_euros(800_000)));
    assert_eq!(y.above_signalling(), Some(Money::from_euros(550_000)));
    // Later years carry the counts forward, labelled.
    let later = result.years[2]
        .budget
        .line("lichte_bruto")
        .unwrap()
        .count
        .clone()
        .unwrap();
    assert!(later.estimated && later.basis.contains("2025"));
    assert_eq!(result.years[2].equity_end, Some(Money::from_euros(400_000)));
}
