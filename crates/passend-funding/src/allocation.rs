//! The SWV's internal allocation model: how the money it receives is divided over its
//! schools and boards, what goes to earmarked pots and what the SWV keeps.
//!
//! This is local policy, not law (domain-rules §4.7); the model is configurable. The
//! invariant, tested as a property: pots + school allocations + what the SWV keeps
//! equal the available budget to the cent. A percentage (a pot, the schools' share) is
//! rounded half up once; the variable part is divided over the schools by the largest
//! remainder method (each school gets its exact share rounded down to the cent, and the
//! cents left over go one by one to the largest remainders), so the schools' parts add
//! up to the schools' share exactly and no cent is created or lost.

use std::collections::BTreeMap;

use passend_core::ids::{BoardNumber, VestigingCode};
use passend_core::money::{Decimal, Money};

use crate::error::FundingError;

/// An earmarked pot, taken off the budget before the schools' share.
#[derive(Clone, PartialEq, Debug)]
pub struct Pot {
    /// Its name (`Arrangementen`, `Ambulante begeleiding`).
    pub name: String,
    /// How much.
    pub size: PotSize,
}

/// How big a pot is.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum PotSize {
    /// A fixed amount.
    Amount(Money),
    /// A percentage of the available budget.
    Percent(Decimal),
}

/// What the variable part per school is proportional to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Basis {
    /// Pupils.
    Pupils,
    /// Pupils times the weight of the school's kind.
    WeightedPupils,
}

/// The allocation model.
#[derive(Clone, PartialEq, Debug)]
pub struct Model {
    /// Earmarked pots, in order.
    pub pots: Vec<Pot>,
    /// The schools' share of what is left after the pots, in percent (the
    /// "scholenmodel", e.g. 52); the rest is the SWV's share.
    pub schools_percent: Decimal,
    /// A fixed amount per school (vaste voet), out of the schools' share.
    pub fixed_per_school: Money,
    /// What the rest of the schools' share is divided by.
    pub basis: Basis,
    /// Weights per school kind code (`bao`, `sbo`, `vo`, `pro` …) for `WeightedPupils`;
    /// a kind not listed weighs 1.
    pub weights: BTreeMap<String, Decimal>,
}

impl Default for Model {
    /// Everything to the schools, per pupil, no pots.
    fn default() -> Model {
        Model {
            pots: Vec::new(),
            schools_percent: Decimal::ONE_HUNDRED,
            fixed_per_school: Money::ZERO,
            basis: Basis::Pupils,
            weights: BTreeMap::new(),
        }
    }
}

/// One school the model divides over.
#[derive(Clone, PartialEq, Debug)]
pub struct School {
    /// The vestiging.
    pub code: VestigingCode,
    /// Its name.
    pub name: String,
    /// Its board, if known.
    pub board: Option<BoardNumber>,
    /// Its kind code (`bao`, `sbo`, `vo`, `pro`).
    pub kind: String,
    /// Its pupils at the budget's teldatum.
    pub pupils: u64,
}

/// What one school receives.
#[derive(Clone, PartialEq, Debug)]
pub struct SchoolShare {
    /// The school.
    pub school: School,
    /// The weight its pupils count with.
    pub weight: Decimal,
    /// The fixed part.
    pub fixed: Money,
    /// The variable part.
    pub variable: Money,
}

impl SchoolShare {
    /// Fixed plus variable.
    pub fn total(&self) -> Money {
        self.fixed + self.variable
    }
}

/// The result.
#[derive(Clone, PartialEq, Debug)]
pub struct Allocation {
    /// What was divided.
    pub available: Money,
    /// The pots with their amounts.
    pub pots: Vec<(String, Money)>,
    /// Per school, in the order given.
    pub schools: Vec<SchoolShare>,
    /// Per board (schools without a board are under `None`).
    pub boards: Vec<(Option<BoardNumber>, Money)>,
    /// What the SWV keeps: its share, plus `undivided`.
    pub swv_kept: Money,
    /// The schools' variable part that could not be divided because no school has
    /// pupils (or weight); it stays with the SWV and is included in `swv_kept`.
    pub undivided: Money,
}

impl Allocation {
    /// Everything allocated to schools.
    pub fn schools_total(&self) -> Money {
        self.schools.iter().map(SchoolShare::total).sum()
    }

    /// Everything in pots.
    pub fn pots_total(&self) -> Money {
        self.pots.iter().map(|(_, m)| *m).sum()
    }
}

/// Divides `available` over `schools` by `model`.
pub fn allocate(
    available: Money,
    model: &Model,
    schools: &[School],
) -> Result<Allocation, FundingError> {
    if model.schools_percent < Decimal::ZERO || model.schools_percent > Decimal::ONE_HUNDRED {
        return Err(FundingError::Invalid(format!(
            "het aandeel van de scholen is {} %; het moet tussen 0 en 100 % liggen",
            model.schools_percent
        )));
    }
    let mut pots = Vec::new();
    for pot in &model.pots {
        let amount = match pot.size {
            PotSize::Amount(m) => m,
            PotSize::Percent(p) => Money::round_half_up(available.scaled(p / Decimal::ONE_HUNDRED)),
        };
        if amount.is_negative() {
            return Err(FundingError::Invalid(format!(
                "het potje '{}' is negatief ({})",
                pot.name,
                amount.dutch()
            )));
        }
        pots.push((pot.name.clone(), amount));
    }
    let pots_total: Money = pots.iter().map(|(_, m)| *m).sum();
    let rest = available - pots_total;
    if rest.is_negative() {
        return Err(FundingError::Invalid(format!(
            "de potjes ({}) zijn groter dan het beschikbare budget ({})",
            pots_total.dutch(),
            available.dutch()
        )));
    }
    let schools_share =
        Money::round_half_up(rest.scaled(model.schools_percent / Decimal::ONE_HUNDRED));
    let fixed_total = model.fixed_per_school.times(schools.len() as u64);
    if fixed_total > schools_share {
        return Err(FundingError::Invalid(format!(
            "de vaste voet van {} voor {} scholen ({}) is groter dan het aandeel van de scholen ({})",
            model.fixed_per_school.dutch(),
            schools.len(),
            fixed_total.dutch(),
            schools_share.dutch()
        )));
    }
    let variable_pool = schools_share - fixed_total;
    let weights: Vec<Decimal> = schools
        .iter()
        .map(|s| match model.basis {
            Basis::Pupils => Decimal::from(s.pupils),
            Basis::WeightedPupils => {
                let w = model.weights.get(&s.kind).copied().unwrap_or(Decimal::ONE);
                Decimal::from(s.pupils) * w
            }
        })
        .collect();
    let weight_total: Decimal = weights.iter().sum();
    let variable = divide(variable_pool, &weights);
    let undivided = if weight_total.is_zero() {
        variable_pool
    } else {
        Money::ZERO
    };
    let shares: Vec<SchoolShare> = schools
        .iter()
        .zip(variable)
        .map(|(school, variable)| SchoolShare {
            school: school.clone(),
            weight: match model.basis {
                Basis::Pupils => Decimal::ONE,
                Basis::WeightedPupils => model
                    .weights
                    .get(&school.kind)
                    .copied()
                    .unwrap_or(Decimal::ONE),
            },
            fixed: model.fixed_per_school,
            variable,
        })
        .collect();
    let swv_kept = rest - schools_share + undivided;
    let mut boards: BTreeMap<Option<BoardNumber>, Money> = BTreeMap::new();
    for share in &shares {
        *boards.entry(share.school.board).or_default() += share.total();
    }
    Ok(Allocation {
        available,
        pots,
        schools: shares,
        boards: boards.into_iter().collect(),
        swv_kept,
        undivided,
    })
}

/// Divides `pool` in proportion to `weights` by the largest remainder method: every part
/// is the exact share rounded down to the cent, and the cents left over go one each to
/// the largest remainders (the earlier school first on a tie). All zero weights give
/// all zero parts.
fn divide(pool: Money, weights: &[Decimal]) -> Vec<Money> {
    let total: Decimal = weights.iter().sum();
    if total.is_zero() || weights.is_empty() {
        return vec![Money::ZERO; weights.len()];
    }
    let pool_cents = Decimal::from(pool.cents());
    let mut parts: Vec<(i64, Decimal)> = weights
        .iter()
        .map(|w| {
            let exact = pool_cents * *w / total;
            let floor = exact.floor();
            (i64::try_from(floor).unwrap_or(0), exact - floor)
        })
        .collect();
    let left = pool.cents() - parts.iter().map(|(c, _)| c).sum::<i64>();
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| parts[b].1.cmp(&parts[a].1).then(a.cmp(&b)));
    for &i in order.iter().take(usize::try_from(left.max(0)).unwrap_or(0)) {
        parts[i].0 += 1;
    }
    parts
        .into_iter()
        .map(|(c, _)| Money::from_cents(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn euros(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn school(code: &str, board: u32, kind: &str, pupils: u64) -> School {
        School {
            code: VestigingCode::parse(code).unwrap(),
            name: code.into(),
            board: Some(BoardNumber::parse(&board.to_string()).unwrap()),
            kind: kind.into(),
            pupils,
        }
    }

    #[test]
    fn scholenmodel_with_pots_fixed_amount_and_weights() {
        let model = Model {
            pots: vec![
                Pot {
                    name: "Arrangementen".into(),
                    size: PotSize::Amount(euros("100000")),
                },
                Pot {
                    name: "Ambulante begeleiding".into(),
                    size: PotSize::Percent("10".parse().unwrap()),
                },
            ],
            schools_percent: "52".parse().unwrap(),
            fixed_per_school: euros("5000"),
            basis: Basis::WeightedPupils,
            weights: [("sbo".to_string(), "2".parse().unwrap())].into(),
        };
        let schools = [
            school("01AA00", 1, "bao", 300),
            school("02BB00", 1, "bao", 100),
            school("03CC00", 2, "sbo", 100),
        ];
        let a = allocate(euros("1000000"), &model, &schools).unwrap();
        // Pots: 100,000 + 10 % of 1,000,000 = 200,000. Rest 800,000; schools 52 % =
        // 416,000; fixed 3 × 5,000; variable 401,000 over weights 300 : 100 : 200.
        assert_eq!(a.pots_total(), euros("200000"));
        assert_eq!(a.schools[0].total(), euros("205500.00"));
        assert_eq!(a.schools[1].total(), euros("71833.33"));
        assert_eq!(a.schools[2].total(), euros("138666.67"));
        assert_eq!(a.swv_kept, euros("384000.00"));
        assert_eq!(a.undivided, Money::ZERO);
        assert_eq!(
            a.boards,
            vec![
                (Some(BoardNumber::parse("1").unwrap()), euros("277333.33")),
                (Some(BoardNumber::parse("2").unwrap()), euros("138666.67"))
            ]
        );
    }

    #[test]
    fn the_largest_remainder_divides_every_cent() {
        let one = Decimal::ONE;
        assert_eq!(
            divide(Money::from_cents(100), &[one, one, one]),
            vec![
                Money::from_cents(34),
                Money::from_cents(33),
                Money::from_cents(33)
            ]
        );
        assert_eq!(
            divide(Money::from_cents(1), &[one, Decimal::TWO, one]),
            vec![Money::ZERO, Money::from_cents(1), Money::ZERO]
        );
        assert_eq!(
            divide(Money::from_cents(500), &[Decimal::ZERO, Decimal::ZERO]),
            vec![Money::ZERO, Money::ZERO]
        );
    }

    #[test]
    fn impossible_models_are_refused_with_the_reason() {
        let schools = [school("01AA00", 1, "bao", 10)];
        let model = Model {
            fixed_per_school: euros("2000"),
            ..Model::default()
        };
        let err = allocate(euros("1000"), &model, &schools).unwrap_err();
        assert!(err.to_string().contains("vaste voet"), "{err}");
        let model = Model {
            schools_percent: "120".parse().unwrap(),
            ..Model::default()
        };
        assert!(allocate(euros("1000"), &model, &schools).is_err());
        let model = Model {
            pots: vec![Pot {
                name: "Arrangementen".into(),
                size: PotSize::Amount(euros("2000")),
            }],
            ..Model::default()
        };
        let err = allocate(euros("1000"), &model, &schools).unwrap_err();
        assert!(err.to_string().contains("potjes"), "{err}");
    }

    proptest! {
        #[test]
        fn allocations_plus_what_the_swv_keeps_equal_the_budget(
            cents in 0i64..5_000_000_000,
            pupils in proptest::collection::vec(0u64..2_000, 0..60),
            percent in 0u32..=100,
            fixed_cents in 0i64..100_000,
            pot_percent in 0u32..30,
            weighted in any::<bool>(),
        ) {
            let available = Money::from_cents(cents);
            let schools: Vec<School> = pupils
                .iter()
                .enumerate()
                .map(|(i, &p)| school(&format!("{:02}AA{:02}", i % 100, i / 100), (i % 7) as u32 + 1, if i % 5 == 0 { "sbo" } else { "bao" }, p))
                .collect();
            let model = Model {
                pots: vec![Pot { name: "Arrangementen".into(), size: PotSize::Percent(Decimal::from(pot_percent)) }],
                schools_percent: Decimal::from(percent),
                fixed_per_school: Money::from_cents(fixed_cents),
                basis: if weighted { Basis::WeightedPupils } else { Basis::Pupils },
                weights: [("sbo".to_string(), "1.75".parse().unwrap())].into(),
            };
            match allocate(available, &model, &schools) {
                Ok(a) => {
                    prop_assert_eq!(a.pots_total() + a.schools_total() + a.swv_kept, available);
                    let boards: Money = a.boards.iter().map(|(_, m)| *m).sum();
                    prop_assert_eq!(boards, a.schools_total());
                    prop_assert!(a.schools.iter().all(|s| !s.total().is_negative()));
                    // The schools' variable parts never exceed what there was to divide,
                    // and nothing stays undivided while a school has pupils.
                    prop_assert!(a.schools.iter().all(|s| !s.variable.is_negative()));
                    if schools.iter().any(|s| s.pupils > 0) {
                        prop_assert_eq!(a.undivided, Money::ZERO);
                    }
                }
                Err(FundingError::Invalid(_)) => {
                    prop_assert!(model.fixed_per_school.times(schools.len() as u64) > Money::round_half_up((available - Money::round_half_up(available.scaled(Decimal::from(pot_percent) / Decimal::ONE_HUNDRED))).scaled(Decimal::from(percent) / Decimal::ONE_HUNDRED)));
                }
                Err(other) => prop_assert!(false, "{other}"),
            }
        }
    }
}
