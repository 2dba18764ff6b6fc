//! The funding formulas as plain arithmetic, each with the article or DUO page it follows.
//!
//! These functions know nothing of lines, labels or sources; [`crate::budget`] builds the
//! budget lines from them. Every amount here is a count times a rate (exact) or goes
//! through `Money::round_half_up` once.

use passend_core::money::{Decimal, Money};

/// From this calendar year PO SWVs are funded per calendar year on teldatum 1 February
/// of the previous year, and the 2 % rule and the groeiregeling for SBO are gone
/// (Wet vereenvoudiging bekostiging po; DUO, "dit verandert vanaf 1 januari 2023").
pub const CALENDAR_YEAR_FUNDING_FROM: i16 = 2023;

/// Lichte ondersteuning PO since 2023 (DUO, Bekostiging samenwerkingsverbanden PO,
/// teldatum 1 februari): the gross amount minus the SBO deduction, paid only when
/// positive. Returns `(paid, shortfall)`: what DUO pays, and how much the SBO deduction
/// exceeds the gross amount.
pub fn lichte_po(gross: Money, sbo_deduction: Money) -> (Money, Money) {
    let rest = gross - sbo_deduction;
    (rest.at_least_zero(), (-rest).at_least_zero())
}

/// Zware ondersteuning after the (V)SO deductions and any shortfall carried over.
/// When the deductions exceed the gross amount the SWV receives nothing and the
/// excess is taken from the funding of all schools in the area, pro rata their pupils
/// (uitputting: WPO art. 125a, WEC art. 119, text of 2015). Returns `(paid, uitputting)`.
pub fn zware(gross: Money, deductions: Money) -> (Money, Money) {
    let rest = gross - deductions;
    (rest.at_least_zero(), (-rest).at_least_zero())
}

/// The SBO cap of the old system: 2 % of the pupils of all BAO and SBO vestigingen in the
/// SWV at 1 October, "rekenkundig afgerond op een geheel getal" (WPO art. 118 lid 6,
/// 120 lid 4, text of 2015), that is half up.
pub fn sbo_cap(bao_and_sbo_pupils: u64) -> u64 {
    // 2 % of n, rounded half up, in integers: (2n + 50) / 100.
    (2 * bao_and_sbo_pupils + 50) / 100
}

/// SBO pupils above the 2 % cap, for whom the SWV transfers (WPO art. 124 lid 2).
pub fn sbo_excess(sbo_pupils: u64, cap: u64) -> u64 {
    sbo_pupils.saturating_sub(cap)
}

/// SBO growth between 1 October and 1 February, which the SWV funds (WPO art. 124 lid 1;
/// DUO, groeibekostiging SBO).
pub fn sbo_growth(sbo_october: u64, sbo_february: u64) -> u64 {
    sbo_february.saturating_sub(sbo_october)
}

/// The signalling value for reserves of an SWV: max(3.5 % of total income, € 250,000),
/// rounded half up to the cent (Inspectie, letter of 2020, as reported by Infinite
/// Financieel, "signaleringswaarde mogelijk bovenmatige reserves"; domain-rules §5.1).
pub fn signaleringswaarde(total_income: Money) -> Money {
    let share = Money::round_half_up(total_income.scaled(Decimal::new(35, 3)));
    share.max(Money::from_euros(250_000))
}

/// The LWOO/PrO budget of a VO SWV: the amount per pupil × the pupils × the SWV's LWOO
/// and PrO percentage frozen at 1 October 2012, rounded half up once (DUO, Bekostiging
/// samenwerkingsverbanden VO; passendonderwijs.nl, de huidige bekostigingssystematiek).
pub fn lwoo_pro_budget(per_pupil: Money, vo_pupils: u64, percentage_2012: Decimal) -> Money {
    Money::round_half_up(
        per_pupil.scaled(Decimal::from(vo_pupils) * percentage_2012 / Decimal::ONE_HUNDRED),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn euros(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    #[test]
    fn lichte_ondersteuning_is_never_paid_below_zero() {
        // DUO S10: "Als dit een negatief bedrag is, dan wordt er niets uitbetaald."
        assert_eq!(
            lichte_po(euros("100000"), euros("165863")),
            (Money::ZERO, euros("65863"))
        );
        assert_eq!(
            lichte_po(euros("300000"), euros("165863")),
            (euros("134137"), Money::ZERO)
        );
    }

    #[test]
    fn two_percent_cap_worked_example() {
        // domain-rules §4.5 (a): 10,060 BAO + SBO pupils → round(201.2) = 201; 250 SBO
        // pupils → 49 above the cap; 49 × € 4,268.84 = € 209,173.16.
        let cap = sbo_cap(10_060);
        assert_eq!(cap, 201);
        let excess = sbo_excess(250, cap);
        assert_eq!(excess, 49);
        assert_eq!(euros("4268.84").times(excess), euros("209173.16"));
        // Growth 250 → 262 between 1 October and 1 February: 12 × € 2,986.87.
        let growth = sbo_growth(250, 262);
        assert_eq!(growth, 12);
        assert_eq!(euros("2986.87").times(growth), euros("35842.44"));
    }

    #[test]
    fn two_percent_cap_rounds_half_up() {
        assert_eq!(sbo_cap(10_025), 201); // 200.5 → 201
        assert_eq!(sbo_cap(10_024), 200); // 200.48 → 200
        assert_eq!(sbo_cap(0), 0);
        assert_eq!(sbo_excess(10, 201), 0);
        assert_eq!(sbo_growth(262, 250), 0);
    }

    #[test]
    fn signalling_value_worked_examples() {
        // domain-rules §5.1: baten € 20,000,000 → € 700,000; € 5,000,000 → floor € 250,000.
        assert_eq!(signaleringswaarde(euros("20000000")), euros("700000"));
        assert_eq!(signaleringswaarde(euros("5000000")), euros("250000"));
        // 3.5 % of € 10,000,000.10 = € 350,000.0035 → € 350,000.00.
        assert_eq!(signaleringswaarde(euros("10000000.10")), euros("350000.00"));
    }

    #[test]
    fn zware_ondersteuning_worked_example_and_uitputting() {
        // domain-rules §4.6: 12,000 × € 477.27 = € 5,727,240.00; deduction 40 × 12,938.34
        // + 10 × 21,053.23 + 2 × 31,419.53 = € 790,904.96.
        let gross = euros("477.27").times(12_000);
        assert_eq!(gross, euros("5727240.00"));
        let deduction =
            euros("12938.34").times(40) + euros("21053.23").times(10) + euros("31419.53").times(2);
        assert_eq!(deduction, euros("790904.96"));
        assert_eq!(zware(gross, deduction), (euros("4936335.04"), Money::ZERO));
        assert_eq!(
            zware(euros("100"), euros("250")),
            (Money::ZERO, euros("150"))
        );
    }

    #[test]
    fn lwoo_pro_budget_rounds_once() {
        // 1,001 pupils × 8.5 % × € 1,000.01 = € 85,085.85085 → € 85,085.85.
        assert_eq!(
            lwoo_pro_budget(euros("1000.01"), 1_001, "8.5".parse().unwrap()),
            euros("85085.85")
        );
    }
}
