//! Everything an SWV may enter or change for a budget: counts, TLVs, amounts, the
//! indexation, the participation path, the reserves and the allocation model.
//!
//! A scenario is read from a file (`passend-import`, TOML or JSON) or built from a web
//! form; an empty scenario means "the register, the bundled amounts and the defaults".

use std::collections::BTreeMap;

use passend_core::money::{Decimal, Money};
use passend_core::swv::{Sector, SwvCode};

use crate::allocation::{Model, School};
use crate::rates::{Category, Rate, RateKey, RateStatus, Rates};

/// Counts an SWV enters for one budget year (its teldatum); each replaces the register
/// count or the estimate.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct YearCounts {
    /// Bo pupils (PO).
    pub bo: Option<u64>,
    /// Pupils of the SBO vestigingen (PO).
    pub sbo_pupils: Option<u64>,
    /// SBO pupils at 1 February, for the old groeiregeling (PO before 2023).
    pub sbo_february: Option<u64>,
    /// Bekostigde VO pupils (VO).
    pub vo: Option<u64>,
    /// SBO TLVs of this SWV (PO).
    pub sbo_tlv: Option<u64>,
    /// SO TLVs of this SWV per category (PO).
    pub so_tlv: [Option<u64>; 3],
    /// VSO TLVs of this SWV per category (VO).
    pub vso_tlv: [Option<u64>; 3],
    /// LWOO and PrO pupils funded directly (VO).
    pub lwoo_pro_pupils: Option<u64>,
    /// The correctiebedrag from the DUO beschikking (VO).
    pub correction: Option<Money>,
}

/// A yearly change in participation, in percentage points per year, applied to the
/// years after the last count (a prognosis), never to counted years.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct ParticipationPath {
    /// SBO TLVs as a share of the pupils.
    pub sbo_points_per_year: Decimal,
    /// SO TLVs as a share of the pupils.
    pub so_points_per_year: Decimal,
    /// VSO TLVs as a share of the pupils.
    pub vso_points_per_year: Decimal,
}

/// The reserves: the equity at the start and what happens to it each year.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Reserves {
    /// Eigen vermogen at 1 January of the first year shown.
    pub equity: Option<Money>,
    /// Other income per year (interest, subsidies), part of the total baten.
    pub other_income: Money,
    /// Planned result per year: positive adds to the reserves, negative spends them.
    pub result_per_year: Money,
}

/// A scenario.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Scenario {
    /// Its name, shown above its column (`SO-deelname +0,3 punt`).
    pub name: String,
    /// Where it was read, for sources and errors (`scenario.toml`).
    pub origin: String,
    /// The SWV it is for; `None` for a fictional or future SWV.
    pub swv: Option<SwvCode>,
    /// A name for a fictional SWV.
    pub swv_name: Option<String>,
    /// The sector of a fictional SWV.
    pub sector: Option<Sector>,
    /// Counts per budget year.
    pub years: BTreeMap<i16, YearCounts>,
    /// Amounts per year, replacing or adding to the bundled ones.
    pub rates: Vec<(i16, RateKey, Rate)>,
    /// Projection of missing amounts from the last known year, in percent per year.
    pub indexation: Option<Decimal>,
    /// All amounts changed by this percentage ("bedragen +2,5 %").
    pub rates_change_percent: Option<Decimal>,
    /// The LWOO and PrO percentage at 1 October 2012 (VO).
    pub lwoo_pro_percentage_2012: Option<Decimal>,
    /// The participation path.
    pub participation: ParticipationPath,
    /// The reserves.
    pub reserves: Reserves,
    /// The allocation model; `None` uses [`Model::default`].
    pub allocation: Option<Model>,
    /// The schools of a fictional SWV, for the allocation.
    pub schools: Vec<School>,
}

impl Scenario {
    /// The name to show: the scenario's own, or `Basis`.
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            "Basis"
        } else {
            &self.name
        }
    }

    /// The bundled amounts with this scenario's amounts and change applied.
    pub fn apply_to(&self, bundled: &Rates) -> Rates {
        let mut rates = bundled.clone();
        for (year, key, rate) in &self.rates {
            rates.set(*year, *key, rate.clone());
        }
        if let Some(percent) = self.rates_change_percent.filter(|p| !p.is_zero()) {
            let factor = Decimal::ONE + percent / Decimal::ONE_HUNDRED;
            for year in rates.years.values_mut() {
                for rate in year.rates.values_mut() {
                    let before = rate.amount;
                    rate.amount = Money::round_half_up(before.scaled(factor));
                    rate.status = RateStatus::Assumed;
                    rate.note = Some(format!(
                        "scenario '{}': {} {} %",
                        self.display_name(),
                        before.dutch(),
                        signed_percent(percent)
                    ));
                }
            }
        }
        rates
    }

    /// An entered TLV count of a category, for a sector.
    pub fn tlv(&self, year: i16, sector: Sector, category: Category) -> Option<u64> {
        let y = self.years.get(&year)?;
        match sector {
            Sector::Po => y.so_tlv[category.index()],
            Sector::Vo => y.vso_tlv[category.index()],
        }
    }
}

/// `+2,5` or `-1`: a percentage with its sign, Dutch decimal comma.
pub fn signed_percent(percent: Decimal) -> String {
    let text = passend_core::money::dutch_number(percent.normalize(), percent.normalize().scale());
    if percent.is_sign_negative() {
        text
    } else {
        format!("+{text}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rates_change_scales_every_amount_and_marks_it_assumed() {
        let mut bundled = Rates::default();
        bundled.set(
            2024,
            RateKey::Sbo,
            Rate {
                amount: Money::parse("6634.52").unwrap(),
                status: RateStatus::Reported,
                source: "SWV Kop van Noord-Holland".into(),
                url: None,
                note: None,
            },
        );
        let scenario = Scenario {
            name: "Bedragen +2,5 %".into(),
            rates_change_percent: Some("2.5".parse().unwrap()),
            ..Scenario::default()
        };
        let rates = scenario.apply_to(&bundled);
        let rate = &rates.years[&2024].rates[&RateKey::Sbo];
        // 6634.52 × 1.025 = 6800.383 → 6800.38
        assert_eq!(rate.amount, Money::parse("6800.38").unwrap());
        assert_eq!(rate.status, RateStatus::Assumed);
        assert!(rate.note.as_deref().unwrap().contains("+2,5 %"));
        assert_eq!(signed_percent("-0.3".parse().unwrap()), "-0,3");
    }
}
