//! Golden tests from the worked examples in the reference, and the invariants.

use expect_test::{Expect, expect};
use proptest::prelude::*;

use super::*;
use crate::rates::RateStatus;

fn euros(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn rate(amount: &str, status: RateStatus) -> Rate {
    Rate {
        amount: euros(amount),
        status,
        source: "test".into(),
        url: None,
        note: None,
    }
}

/// The amounts of domain-rules §4.4: Z_po 2023 (sector body quoting the regeling), the
/// 2024 SBO and SO amounts (one SWV's begroting), and an assumed L_po, all put in one
/// year as the §4.6 example does ("illustrative only, the years differ").
fn rates_2024() -> Rates {
    let mut rates = Rates {
        folder: "data/bekostiging".into(),
        ..Rates::default()
    };
    let y = 2024;
    rates.set(y, RateKey::ZwarePo, rate("477.27", RateStatus::Reported));
    rates.set(y, RateKey::Sbo, rate("6634.52", RateStatus::Reported));
    rates.set(
        y,
        RateKey::So(Category::Laag),
        rate("12938.34", RateStatus::Reported),
    );
    rates.set(
        y,
        RateKey::So(Category::Midden),
        rate("21053.23", RateStatus::Reported),
    );
    rates.set(
        y,
        RateKey::So(Category::Hoog),
        rate("31419.53", RateStatus::Reported),
    );
    rates.set(y, RateKey::LichtePo, rate("200.00", RateStatus::Assumed));
    rates
}

fn count(n: u64) -> Count {
    Count::counted(n, "test")
}

fn po(bo: u64, sbo_pupils: u64, sbo_tlv: u64, so: [u64; 3]) -> Inputs {
    Inputs::Po(PoInputs {
        bo: count(bo),
        sbo_pupils: count(sbo_pupils),
        sbo_tlv: count(sbo_tlv),
        so_tlv: so.map(count),
        sbo_february: None,
    })
}

fn render(budget: &YearBudget) -> String {
    let mut out = String::new();
    for line in &budget.lines {
        let count = line
            .count
            .as_ref()
            .map_or(String::new(), |c| c.value.to_string());
        let rate = line
            .rate
            .as_ref()
            .map_or(String::new(), |(_, r)| r.amount.plain());
        out.push_str(&format!(
            "{:<28} {:>7} × {:>9} = {:>13}\n",
            line.code,
            count,
            rate,
            line.amount.plain()
        ));
    }
    out.push_str(&format!("{:<28} {:>35}\n", "totaal", budget.total.plain()));
    if budget.uitputting > Money::ZERO {
        out.push_str(&format!("uitputting {}\n", budget.uitputting.plain()));
    }
    out
}

fn check(budget: &YearBudget, expected: Expect) {
    expected.assert_eq(&render(budget));
}

#[test]
fn po_worked_example_of_the_reference() {
    // domain-rules §4.6: 12,000 pupils → zware € 5,727,240.00; SO deduction 40/10/2 →
    // € 790,904.96. §4.5 (b): 25 SBO TLVs × € 6,634.52 = € 165,863.00.
    let budget = year_budget(
        2024,
        &po(11_750, 250, 25, [40, 10, 2]),
        &rates_2024(),
        Projection::None,
    )
    .unwrap();
    check(
        &budget,
        expect![[r#"
            lichte_bruto                   11750 ×    200.00 =    2350000.00
            aftrek_sbo                        25 ×   6634.52 =    -165863.00
            zware_bruto                    12000 ×    477.27 =    5727240.00
            aftrek_so_laag                    40 ×  12938.34 =    -517533.60
            aftrek_so_midden                  10 ×  21053.23 =    -210532.30
            aftrek_so_hoog                     2 ×  31419.53 =     -62839.06
            totaal                                                7120472.04
        "#]],
    );
    assert_eq!(budget.deductions(), euros("165863.00") + euros("790904.96"));
    assert_eq!(budget.section_total(Section::Zware), euros("4936335.04"));
    assert!(
        budget.warnings.iter().any(
            |w| w.contains("Lichte ondersteuning per bo-leerling (L_po)") && w.contains("aanname")
        ),
        "{:?}",
        budget.warnings
    );
    assert!(budget.period.contains("teldatum 1 februari 2023"));
}

#[test]
fn a_negative_lichte_balance_is_not_paid_and_the_shortfall_goes_to_zware() {
    // 100 bo-leerlingen × € 200 = € 20,000 against 10 SBO TLVs × € 6,634.52.
    let budget = year_budget(
        2024,
        &po(100, 50, 10, [0, 0, 0]),
        &rates_2024(),
        Projection::None,
    )
    .unwrap();
    check(
        &budget,
        expect![[r#"
            lichte_bruto                     100 ×    200.00 =      20000.00
            aftrek_sbo                        10 ×   6634.52 =     -66345.20
            lichte_niet_negatief                 ×           =      46345.20
            zware_bruto                      150 ×    477.27 =      71590.50
            aftrek_so_laag                     0 ×  12938.34 =          0.00
            aftrek_so_midden                   0 ×  21053.23 =          0.00
            aftrek_so_hoog                     0 ×  31419.53 =          0.00
            aftrek_tekort_lichte                 ×           =     -46345.20
            totaal                                                  25245.30
        "#]],
    );
    assert_eq!(budget.section_total(Section::Lichte), Money::ZERO);
    assert!(
        budget
            .line("aftrek_tekort_lichte")
            .unwrap()
            .rule
            .contains("open vraag")
    );
}

#[test]
fn deductions_beyond_zware_are_an_uitputting_for_the_schools() {
    let budget = year_budget(
        2024,
        &po(1_000, 0, 0, [0, 0, 20]),
        &rates_2024(),
        Projection::None,
    )
    .unwrap();
    check(
        &budget,
        expect![[r#"
            lichte_bruto                    1000 ×    200.00 =     200000.00
            aftrek_sbo                         0 ×   6634.52 =          0.00
            zware_bruto                     1000 ×    477.27 =     477270.00
            aftrek_so_laag                     0 ×  12938.34 =          0.00
            aftrek_so_midden                   0 ×  21053.23 =          0.00
            aftrek_so_hoog                    20 ×  31419.53 =    -628390.60
            uitputting                           ×           =     151120.60
            totaal                                                 200000.00
            uitputting 151120.60
        "#]],
    );
}

#[test]
fn every_missing_amount_is_named_at_once_with_year_and_file() {
    let err = year_budget(
        2026,
        &po(1_000, 10, 10, [1, 1, 1]),
        &rates_2024(),
        Projection::None,
    )
    .unwrap_err();
    let FundingError::MissingRates(missing) = &err else {
        panic!("{err}")
    };
    assert_eq!(missing.len(), 6);
    let text = err.to_string();
    assert!(text.starts_with("6 bedragen ontbreken:"), "{text}");
    assert!(text.contains("'lichte ondersteuning per bo-leerling (L_po)' voor 2026 (code 'lichte_po' in data/bekostiging/bedragen-2026.toml)"), "{text}");
    assert!(text.contains("data/bekostiging/bedragen-2026.toml"));
}

#[test]
fn a_projection_fills_the_gaps_only_when_asked_and_is_labelled() {
    let budget = year_budget(
        2026,
        &po(1_000, 10, 10, [1, 1, 1]),
        &rates_2024(),
        Projection::Indexed("2.5".parse().unwrap()),
    )
    .unwrap();
    let (_, rate) = budget.line("zware_bruto").unwrap().rate.as_ref().unwrap();
    // 477.27 × 1.025² = 501.4317… → 501.43
    assert_eq!(rate.amount, euros("501.43"));
    assert!(
        budget
            .warnings
            .iter()
            .any(|w| w.contains("geprojecteerd vanuit 2024"))
    );
}

#[test]
fn old_system_two_percent_rule_worked_example() {
    // domain-rules §4.5 (a), 2015/16 personeel amounts: 10,060 BAO + SBO pupils, 250 SBO
    // → cap 201, 49 above → € 209,173.16; growth to 262 on 1 February → € 35,842.44.
    let mut rates = Rates::default();
    let y = 2015;
    for (key, amount) in [
        (RateKey::LichtePo, "156.61"),
        (RateKey::ZwarePo, "318.83"),
        (RateKey::SboOverdracht, "4268.84"),
        (RateKey::SboGroei, "2986.87"),
        (RateKey::So(Category::Laag), "8220.95"),
        (RateKey::So(Category::Midden), "14381.55"),
        (RateKey::So(Category::Hoog), "21328.60"),
    ] {
        rates.set(y, key, rate(amount, RateStatus::Official));
    }
    let inputs = Inputs::Po(PoInputs {
        bo: count(9_810),
        sbo_pupils: count(250),
        sbo_tlv: count(0),
        so_tlv: [count(0), count(0), count(0)],
        sbo_february: Some(count(262)),
    });
    let budget = year_budget(2015, &inputs, &rates, Projection::None).unwrap();
    check(
        &budget,
        expect![[r#"
            lichte_bruto                    9810 ×    156.61 =    1536344.10
            overdracht_sbo_boven_2pct         49 ×   4268.84 =    -209173.16
            overdracht_sbo_groei              12 ×   2986.87 =     -35842.44
            zware_bruto                    10060 ×    318.83 =    3207429.80
            aftrek_so_laag                     0 ×   8220.95 =          0.00
            aftrek_so_midden                   0 ×  14381.55 =          0.00
            aftrek_so_hoog                     0 ×  21328.60 =          0.00
            totaal                                                4498758.30
        "#]],
    );
    assert!(budget.period.contains("schooljaar 2015/2016"));
}

#[test]
fn vo_budget_needs_the_2012_percentage() {
    let mut rates = Rates::default();
    for (key, amount) in [
        (RateKey::RegionaalVo, "100.00"),
        (RateKey::LwooProVo, "1000.00"),
        (RateKey::LwooProAanvullend, "5486.57"),
        (RateKey::ZwareVo, "781.39"),
        (RateKey::Vso(Category::Laag), "10000.00"),
        (RateKey::Vso(Category::Midden), "20000.00"),
        (RateKey::Vso(Category::Hoog), "30000.00"),
    ] {
        rates.set(2024, key, rate(amount, RateStatus::Assumed));
    }
    let mut vo = VoInputs {
        vo: count(10_000),
        lwoo_pro_percentage_2012: None,
        lwoo_pro_pupils: Some(count(100)),
        correction: Some(euros("-1234.56")),
        vso_tlv: [count(50), count(5), count(1)],
    };
    let err = year_budget(2024, &Inputs::Vo(vo.clone()), &rates, Projection::None).unwrap_err();
    assert!(err.to_string().contains("lwoo- en pro-percentage"), "{err}");
    vo.lwoo_pro_percentage_2012 = Some("8.25".parse().unwrap());
    let budget = year_budget(2024, &Inputs::Vo(vo), &rates, Projection::None).unwrap();
    check(
        &budget,
        expect![[r#"
            regionaal_bruto                10000 ×    100.00 =    1000000.00
            lwoo_pro_bruto                 10000 ×   1000.00 =     825000.00
            aftrek_lwoo_pro_direct           100 ×   5486.57 =    -548657.00
            correctiebedrag                      ×           =      -1234.56
            zware_bruto                    10000 ×    781.39 =    7813900.00
            aftrek_vso_laag                   50 ×  10000.00 =    -500000.00
            aftrek_vso_midden                  5 ×  20000.00 =    -100000.00
            aftrek_vso_hoog                    1 ×  30000.00 =     -30000.00
            totaal                                                8459008.44
        "#]],
    );
}

proptest! {
    #[test]
    fn lines_add_up_and_nothing_negative_is_paid(
        bo in 0u64..60_000,
        sbo_pupils in 0u64..3_000,
        sbo_tlv in 0u64..3_000,
        so in proptest::array::uniform3(0u64..800),
    ) {
        let budget = year_budget(2024, &po(bo, sbo_pupils, sbo_tlv, so), &rates_2024(), Projection::None).unwrap();
        let sum: Money = budget.lines.iter().map(|l| l.amount).sum();
        prop_assert_eq!(sum, budget.total);
        prop_assert!(budget.section_total(Section::Lichte) >= Money::ZERO);
        prop_assert!(budget.section_total(Section::Zware) >= Money::ZERO);
        prop_assert!(budget.total >= Money::ZERO);
    }

    #[test]
    fn the_deduction_grows_with_the_tlv_count(
        bo in 0u64..60_000,
        sbo_tlv in 0u64..3_000,
        so in proptest::array::uniform3(0u64..800),
        extra in 1u64..50,
        which in 0usize..4,
    ) {
        let base = year_budget(2024, &po(bo, 0, sbo_tlv, so), &rates_2024(), Projection::None).unwrap();
        let (mut sbo2, mut so2) = (sbo_tlv, so);
        if which == 3 { sbo2 += extra } else { so2[which] += extra }
        let more = year_budget(2024, &po(bo, 0, sbo2, so2), &rates_2024(), Projection::None).unwrap();
        prop_assert!(more.deductions() > base.deductions());
        prop_assert!(more.total <= base.total);
    }
}
