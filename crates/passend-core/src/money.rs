//! Money in euros, exact to the cent: a decimal, never a float.
//!
//! A `Money` always holds whole cents. Multiplying by a count stays exact; anything
//! that can produce fractions of a cent (a percentage, an indexation, a share) yields a
//! `Decimal` first and becomes `Money` only through [`Money::round_half_up`], the one
//! place where rounding happens. Rounding is half up (away from zero), as Dutch
//! financial rules and DUO's beschikkingen do it.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

pub use rust_decimal::Decimal;
use rust_decimal::RoundingStrategy;

/// An amount in euros with whole cents; may be negative (a deduction, a shortfall).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Default)]
pub struct Money(Decimal);

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Not a number at all.
    #[error("'{0}' is geen bedrag: verwacht bijvoorbeeld 6634.52")]
    NotANumber(String),
    /// More than two decimals: an amount is given in whole cents.
    #[error("'{0}' heeft meer dan twee decimalen: een bedrag is in hele centen")]
    FractionOfCent(String),
}

impl Money {
    /// Zero euros.
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// An amount from cents.
    pub fn from_cents(cents: i64) -> Money {
        Money(Decimal::new(cents, 2))
    }

    /// Whole euros.
    pub fn from_euros(euros: i64) -> Money {
        Money(Decimal::from(euros))
    }

    /// An exact decimal that has whole cents; `None` when it has fractions of a cent.
    pub fn exact(value: Decimal) -> Option<Money> {
        (value.round_dp(2) == value).then_some(Money(value.round_dp(2)))
    }

    /// The one rounding rule: to the cent, half up (away from zero).
    pub fn round_half_up(value: Decimal) -> Money {
        Money(value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
    }

    /// Parses `6634.52`, `6634,52`, `€ 6.634,52` or `-13.50`. With both separators the
    /// last one is the decimal mark. More than two decimals is an error, not a rounding.
    pub fn parse(input: &str) -> Result<Money, MoneyError> {
        let cleaned: String = input
            .trim()
            .trim_start_matches('€')
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let normalised = match (cleaned.rfind(','), cleaned.rfind('.')) {
            (Some(c), Some(d)) if c > d => cleaned.replace('.', "").replace(',', "."),
            (Some(_), Some(_)) => cleaned.replace(',', ""),
            (Some(_), None) => cleaned.replace(',', "."),
            _ => cleaned,
        };
        let value: Decimal = normalised
            .parse()
            .map_err(|_| MoneyError::NotANumber(input.trim().to_owned()))?;
        Money::exact(value).ok_or_else(|| MoneyError::FractionOfCent(input.trim().to_owned()))
    }

    /// The amount as a decimal.
    pub fn decimal(self) -> Decimal {
        self.0
    }

    /// The amount in cents.
    pub fn cents(self) -> i64 {
        let cents = self.0 * Decimal::ONE_HUNDRED;
        i64::try_from(cents).unwrap_or(if cents.is_sign_negative() {
            i64::MIN
        } else {
            i64::MAX
        })
    }

    /// This amount times a whole count: exact.
    pub fn times(self, count: u64) -> Money {
        Money(self.0 * Decimal::from(count))
    }

    /// This amount times a factor, unrounded: round it with [`Money::round_half_up`].
    pub fn scaled(self, factor: Decimal) -> Decimal {
        self.0 * factor
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    /// The larger of this amount and zero.
    pub fn at_least_zero(self) -> Money {
        self.max(Money::ZERO)
    }

    /// Dutch notation: `€ 6.634,52`, `-€ 13,50`.
    pub fn dutch(self) -> String {
        let sign = if self.is_negative() { "-" } else { "" };
        format!("{sign}€ {}", dutch_number(self.0.abs(), 2))
    }

    /// Plain notation for files: `6634.52` (always two decimals, no thousands separator).
    pub fn plain(self) -> String {
        format!("{:.2}", self.0)
    }
}

/// A decimal in Dutch notation with a fixed number of decimals: `1.234,50`.
pub fn dutch_number(value: Decimal, decimals: u32) -> String {
    let rounded = value.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
    let text = format!("{:.*}", decimals as usize, rounded.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.dutch())
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        // Decimal keeps a sign on zero; a deduction of nothing is € 0,00, not -€ 0,00.
        if self.0.is_zero() {
            Money::ZERO
        } else {
            Money(-self.0)
        }
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn amounts_parse_in_both_notations_and_never_round() {
        assert_eq!(Money::parse("6634.52"), Ok(Money::from_cents(663_452)));
        assert_eq!(Money::parse("6634,52"), Ok(Money::from_cents(663_452)));
        assert_eq!(Money::parse("€ 6.634,52"), Ok(Money::from_cents(663_452)));
        assert_eq!(Money::parse("6,634.52"), Ok(Money::from_cents(663_452)));
        assert_eq!(Money::parse("-13.50"), Ok(Money::from_cents(-1350)));
        assert_eq!(Money::parse("477"), Ok(Money::from_euros(477)));
        assert!(matches!(
            Money::parse("1.005"),
            Err(MoneyError::FractionOfCent(_))
        ));
        assert!(matches!(
            Money::parse("veel"),
            Err(MoneyError::NotANumber(_))
        ));
    }

    #[test]
    fn rounding_is_half_up_away_from_zero() {
        assert_eq!(Money::round_half_up(d("0.005")), Money::from_cents(1));
        assert_eq!(Money::round_half_up(d("0.0049")), Money::ZERO);
        assert_eq!(Money::round_half_up(d("-0.005")), Money::from_cents(-1));
        assert_eq!(Money::round_half_up(d("2.675")), Money::from_cents(268));
    }

    #[test]
    fn counts_multiply_exactly() {
        // domain-rules §4.5: 49 × €4,268.84 = €209,173.16.
        assert_eq!(
            Money::from_cents(426_884).times(49),
            Money::from_cents(20_917_316)
        );
    }

    #[test]
    fn dutch_notation() {
        assert_eq!(Money::from_cents(663_452).dutch(), "€ 6.634,52");
        assert_eq!(Money::from_cents(-1350).dutch(), "-€ 13,50");
        assert_eq!(Money::from_euros(5_727_240).dutch(), "€ 5.727.240,00");
        assert_eq!(Money::ZERO.dutch(), "€ 0,00");
        assert_eq!((-Money::ZERO).plain(), "0.00");
        assert_eq!(Money::from_cents(663_452).plain(), "6634.52");
        assert_eq!(dutch_number(d("1.2695"), 2), "1,27");
        assert_eq!(dutch_number(d("-1234567"), 0), "-1.234.567");
    }
}
