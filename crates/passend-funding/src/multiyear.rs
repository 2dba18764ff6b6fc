//! The budget of one SWV for one or more years: the counts (register, scenario or
//! prognosis), the TLV counts (entered, or estimated and following the participation
//! path), the DUO budget, the allocation, and the reserves against the signalling value.

use std::collections::HashMap;

use passend_core::ids::VestigingCode;
use passend_core::money::{Decimal, Money};
use passend_core::swv::Sector;

use crate::allocation::{self, Allocation, School};
use crate::budget::{self, Count, Inputs, PoInputs, VoInputs, YearBudget};
use crate::data::{Kind, SwvData};
use crate::error::FundingError;
use crate::formula::{self, CALENDAR_YEAR_FUNDING_FROM};
use crate::prognosis;
use crate::rates::{Projection, Rates};
use crate::scenario::Scenario;

/// One year of a multi-year view.
#[derive(Clone, PartialEq, Debug)]
pub struct YearResult {
    /// What DUO pays and deducts.
    pub budget: YearBudget,
    /// How the SWV divides it.
    pub allocation: Allocation,
    /// Other income (from the scenario).
    pub other_income: Money,
    /// Total baten: the DUO payment plus other income.
    pub total_income: Money,
    /// The Inspectie's signalling value for this year's baten.
    pub signalling: Money,
    /// Eigen vermogen at the start of the year, when the scenario gives it.
    pub equity_start: Option<Money>,
    /// Eigen vermogen at the end of the year (start plus the planned result).
    pub equity_end: Option<Money>,
    /// Whether any count of this year is a prognosis or an estimate.
    pub uses_prognosis: bool,
}

impl YearResult {
    /// The year.
    pub fn year(&self) -> i16 {
        self.budget.year
    }

    /// Eigen vermogen above the signalling value at the end of the year (zero if below).
    pub fn above_signalling(&self) -> Option<Money> {
        self.equity_end
            .map(|e| (e - self.signalling).at_least_zero())
    }
}

/// A budget over one or more years under one scenario.
#[derive(Clone, PartialEq, Debug)]
pub struct MultiYear {
    /// The scenario's name.
    pub scenario: String,
    /// The sector.
    pub sector: Sector,
    /// The years, in order.
    pub years: Vec<YearResult>,
}

/// The 1 October whose count a budget year uses. PO since 2023 counts on 1 February of
/// the year before, which DUO's open data do not publish; the nearest published count
/// of the same school year is 1 October two years before. PO before 2023 and VO count
/// on 1 October of the year before.
pub fn count_year(sector: Sector, year: i16) -> i16 {
    match sector {
        Sector::Po if year >= CALENDAR_YEAR_FUNDING_FROM => year - 2,
        _ => year - 1,
    }
}

/// Computes `years` budgets from `from` for an SWV in the register (`data`) or a
/// fictional one (`data` is `None`; the scenario then gives sector and counts).
pub fn compute(
    data: Option<&SwvData>,
    scenario: &Scenario,
    bundled: &Rates,
    from: i16,
    years: u16,
) -> Result<MultiYear, FundingError> {
    let sector = data
        .map(SwvData::sector)
        .or(scenario.sector)
        .or(scenario.swv.map(|s| s.sector()))
        .ok_or_else(|| {
            FundingError::Invalid(
                "het scenario noemt geen samenwerkingsverband ('swv') en geen sector ('sector = \"po\"' of \"vo\")".into(),
            )
        })?;
    if years == 0 || years > 25 {
        return Err(FundingError::Invalid(format!(
            "kies 1 tot 25 jaren, niet {years}"
        )));
    }
    let rates = scenario.apply_to(bundled);
    let projection = scenario
        .indexation
        .map_or(Projection::None, Projection::Indexed);
    let last_year = from + i16::try_from(years).unwrap_or(25) - 1;
    let counter = Counter::new(data, scenario, sector, count_year(sector, last_year));
    let mut equity = scenario.reserves.equity;
    let mut results = Vec::with_capacity(usize::from(years));
    for year in from..=last_year {
        let (inputs, schools) = counter.inputs(year)?;
        let uses_prognosis = inputs_estimated(&inputs);
        let budget = budget::year_budget(year, &inputs, &rates, projection)?;
        let other_income = scenario.reserves.other_income;
        let total_income = budget.total + other_income;
        let model = scenario.allocation.clone().unwrap_or_default();
        let allocation = allocation::allocate(total_income, &model, &schools)?;
        let equity_end = equity.map(|e| e + scenario.reserves.result_per_year);
        results.push(YearResult {
            signalling: formula::signaleringswaarde(total_income),
            budget,
            allocation,
            other_income,
            total_income,
            equity_start: equity,
            equity_end,
            uses_prognosis,
        });
        equity = equity_end;
    }
    Ok(MultiYear {
        scenario: scenario.display_name().to_owned(),
        sector,
        years: results,
    })
}

fn inputs_estimated(inputs: &Inputs) -> bool {
    match inputs {
        Inputs::Po(p) => {
            p.bo.estimated
                || p.sbo_pupils.estimated
                || p.sbo_tlv.estimated
                || p.so_tlv.iter().any(|c| c.estimated)
        }
        Inputs::Vo(v) => v.vo.estimated || v.vso_tlv.iter().any(|c| c.estimated),
    }
}

/// Resolves the counts of each year.
struct Counter<'a> {
    data: Option<&'a SwvData>,
    scenario: &'a Scenario,
    sector: Sector,
    /// Prognoses per vestiging, for count years after the last count.
    forecasts: HashMap<VestigingCode, Vec<(i16, u32)>>,
}

/// A sum of counts per kind at one count year, and whether it is a prognosis.
#[derive(Clone, Copy, Default)]
struct KindTotals {
    bao: u64,
    sbo: u64,
    so: u64,
    vso: u64,
    so_vso: u64,
    vo: u64,
    pro: u64,
}

impl<'a> Counter<'a> {
    fn new(data: Option<&'a SwvData>, scenario: &'a Scenario, sector: Sector, until: i16) -> Self {
        let mut forecasts = HashMap::new();
        if let Some(data) = data
            && let Some(last) = data.last_count_year
            && until > last
        {
            let method = prognosis::Method::default();
            for school in &data.schools {
                forecasts.insert(
                    school.code,
                    prognosis::forecast(&method, &school.counts, last, until),
                );
            }
        }
        Counter {
            data,
            scenario,
            sector,
            forecasts,
        }
    }

    fn is_prognosis(&self, count_year: i16) -> bool {
        self.data
            .and_then(|d| d.last_count_year)
            .is_some_and(|last| count_year > last)
    }

    /// A school's count at a count year: counted, or from its prognosis.
    fn school_count(&self, school: &crate::data::SchoolHistory, count_year: i16) -> Option<u32> {
        if self.is_prognosis(count_year) {
            self.forecasts
                .get(&school.code)
                .and_then(|f| f.iter().find(|(y, _)| *y == count_year).map(|(_, n)| *n))
        } else {
            school.count(count_year)
        }
    }

    fn totals(&self, count_year: i16) -> Option<KindTotals> {
        let data = self.data?;
        let mut t = KindTotals::default();
        let mut any = false;
        for school in &data.schools {
            let Some(n) = self.school_count(school, count_year) else {
                continue;
            };
            any = true;
            let n = u64::from(n);
            match school.kind {
                Kind::Bao => t.bao += n,
                Kind::Sbo => t.sbo += n,
                Kind::So => t.so += n,
                Kind::Vso => t.vso += n,
                Kind::SoVso => t.so_vso += n,
                Kind::Vo => t.vo += n,
                Kind::Pro => t.pro += n,
            }
        }
        any.then_some(t)
    }

    fn basis(&self, year: i16, count_year: i16) -> String {
        let last = self
            .data
            .and_then(|d| d.last_count_year)
            .unwrap_or(count_year);
        let teldatum = if self.sector == Sector::Po && year >= CALENDAR_YEAR_FUNDING_FROM {
            format!(" (benadering van teldatum 1 februari {})", year - 1)
        } else {
            String::new()
        };
        if self.is_prognosis(count_year) {
            format!(
                "prognose per vestiging voor 1 oktober {count_year}, vanuit de DUO-telling van 1 oktober {last}{teldatum}"
            )
        } else {
            format!("DUO-telling 1 oktober {count_year}{teldatum}")
        }
    }

    fn entered(
        &self,
        year: i16,
        what: impl Fn(&crate::scenario::YearCounts) -> Option<u64>,
    ) -> Option<Count> {
        let value = self.scenario.years.get(&year).and_then(what)?;
        Some(Count::counted(
            value,
            format!("opgegeven in scenario '{}'", self.scenario.display_name()),
        ))
    }

    /// A pupil count: entered, from the register (or its prognosis), or for a fictional
    /// SWV carried forward from the newest earlier entered year.
    fn pupils(
        &self,
        year: i16,
        what: &str,
        entered: impl Fn(&crate::scenario::YearCounts) -> Option<u64>,
        from_totals: impl Fn(&KindTotals) -> u64,
    ) -> Result<Count, FundingError> {
        if let Some(c) = self.entered(year, &entered) {
            return Ok(c);
        }
        let count_year = count_year(self.sector, year);
        if self.data.is_some() {
            return match self.totals(count_year) {
                Some(t) => Ok(Count {
                    value: from_totals(&t),
                    basis: self.basis(year, count_year),
                    estimated: self.is_prognosis(count_year),
                }),
                None => Err(FundingError::MissingInput {
                    what: format!("{what} (geen DUO-telling op 1 oktober {count_year})"),
                    year,
                    hint: "geef het aantal op in een scenario".into(),
                }),
            };
        }
        self.scenario
            .years
            .range(..year)
            .rev()
            .find_map(|(y, c)| entered(c).map(|v| (y, v)))
            .map(|(y, v)| {
                Count::estimate(v, format!("gelijk aan het opgegeven aantal voor {y}"))
            })
            .ok_or_else(|| FundingError::MissingInput {
                what: what.to_owned(),
                year,
                hint: format!(
                    "een samenwerkingsverband buiten het register heeft alle aantallen uit het scenario nodig: geef '{what}' op onder [jaren.{year}]"
                ),
            })
    }

    /// The pupils TLV participation is measured against.
    fn participation_base(&self, year: i16) -> Result<u64, FundingError> {
        Ok(match self.sector {
            Sector::Po => {
                self.pupils(year, "bo", |c| c.bo, |t| t.bao)?.value
                    + self
                        .pupils(year, "sbo_leerlingen", |c| c.sbo_pupils, |t| t.sbo)?
                        .value
            }
            Sector::Vo => self.pupils(year, "vo", |c| c.vo, |t| t.vo + t.pro)?.value,
        })
    }

    /// TLV counts of one kind (`sbo`, `so` or `vso`) per category (SBO uses index 0).
    fn tlv(&self, year: i16, kind: TlvKind) -> Result<[Count; 3], FundingError> {
        let entered = |c: &crate::scenario::YearCounts| -> Option<[u64; 3]> {
            match kind {
                TlvKind::Sbo => c.sbo_tlv.map(|n| [n, 0, 0]),
                TlvKind::So => all3(c.so_tlv),
                TlvKind::Vso => all3(c.vso_tlv),
            }
        };
        let name = format!("scenario '{}'", self.scenario.display_name());
        if let Some(v) = self.scenario.years.get(&year).and_then(entered) {
            return Ok(v.map(|n| Count::counted(n, format!("opgegeven in {name}"))));
        }
        let points = match kind {
            TlvKind::Sbo => self.scenario.participation.sbo_points_per_year,
            TlvKind::So => self.scenario.participation.so_points_per_year,
            TlvKind::Vso => self.scenario.participation.vso_points_per_year,
        };
        let cy = count_year(self.sector, year);
        // The base: the newest entered year before this one, or the register estimate
        // at the newest count.
        let entered_base = self
            .scenario
            .years
            .range(..year)
            .rev()
            .find_map(|(y, c)| entered(c).map(|v| (*y, v)));
        let (base_year, base, base_text) = match (entered_base, self.data) {
            (Some((y, v)), _) => (y, v, format!("opgegeven voor {y} in {name}")),
            (None, Some(data)) => {
                // The estimate at this year's count date itself: in prognosis years from
                // the forecast per vestiging, so that the SBO TLVs follow the SBO schools.
                let last = data.last_count_year.unwrap_or(cy);
                let t = self.totals(cy).unwrap_or_default();
                let when = if cy > last {
                    format!("volgens de prognose voor 1 oktober {cy}")
                } else {
                    format!("op 1 oktober {cy}")
                };
                let so_vso = Decimal::from(t.so_vso);
                let share = match kind {
                    TlvKind::So => data.so_share,
                    _ => Decimal::ONE - data.so_share,
                };
                let combined = u64::try_from(round_whole(so_vso * share)).unwrap_or(0);
                let percent =
                    |d: Decimal| passend_core::money::dutch_number(d * Decimal::ONE_HUNDRED, 1);
                let (value, text) = match kind {
                    TlvKind::Sbo => (
                        t.sbo,
                        format!("leerlingen van de sbo-vestigingen in het gebied {when}"),
                    ),
                    TlvKind::So => (
                        t.so + combined,
                        format!(
                            "leerlingen van de so-vestigingen in het gebied {when}, plus {} % van de so/vso-vestigingen (landelijke verhouding so:vso); alles in categorie laag, dus een ondergrens",
                            percent(data.so_share)
                        ),
                    ),
                    TlvKind::Vso => (
                        t.vso + combined,
                        format!(
                            "leerlingen van de vso-vestigingen in het gebied {when}, plus {} % van de so/vso-vestigingen; alles in categorie laag, dus een ondergrens",
                            percent(Decimal::ONE - data.so_share)
                        ),
                    ),
                };
                let text = format!(
                    "schatting: {text}; naar de ligging van de school, niet naar het swv dat de TLV afgaf"
                );
                // The participation path moves the estimate by its points of the pupils
                // for every year after the last count.
                let ahead = (cy - last).max(0);
                if points.is_zero() || ahead == 0 {
                    return Ok([Count::estimate(value, text), zero(), zero()]);
                }
                let pupils = self.participation_base(year)?;
                let shift = round_whole(
                    points * Decimal::from(ahead) * Decimal::from(pupils) / Decimal::ONE_HUNDRED,
                );
                let shifted = (Decimal::from(value) + shift).max(Decimal::ZERO);
                return Ok([
                    Count::estimate(
                        u64::try_from(shifted).unwrap_or(0),
                        format!(
                            "{text}; deelname {} procentpunt per jaar over {ahead} jaar",
                            crate::scenario::signed_percent(points)
                        ),
                    ),
                    zero(),
                    zero(),
                ]);
            }
            (None, None) => {
                return Err(FundingError::MissingInput {
                    what: format!("het aantal {}-TLV's", kind.code()),
                    year,
                    hint: format!(
                        "een samenwerkingsverband buiten het register heeft de TLV-aantallen uit het scenario nodig: geef ze op onder [jaren.{year}]"
                    ),
                });
            }
        };
        if base_year == year {
            return Ok(base.map(|n| Count::estimate(n, base_text.clone())));
        }
        // Follow the pupils and the participation path from the base year.
        let base_pupils = self.participation_base(base_year)?;
        let pupils = self.participation_base(year)?;
        let total: u64 = base.iter().sum();
        let years_ahead = Decimal::from(year - base_year);
        let rate = if base_pupils == 0 {
            Decimal::ZERO
        } else {
            Decimal::from(total) / Decimal::from(base_pupils)
        } + points * years_ahead / Decimal::ONE_HUNDRED;
        let target = u64::try_from(round_whole(rate.max(Decimal::ZERO) * Decimal::from(pupils)))
            .unwrap_or(0);
        let counts = split_like(target, base);
        let path = if points.is_zero() {
            String::new()
        } else {
            format!(
                ", deelname {} procentpunt per jaar",
                crate::scenario::signed_percent(points)
            )
        };
        Ok(counts.map(|n| {
            Count::estimate(
                n,
                format!("{base_text}; gevolgd met de leerlingaantallen naar {year}{path}"),
            )
        }))
    }

    fn inputs(&self, year: i16) -> Result<(Inputs, Vec<School>), FundingError> {
        let inputs = match self.sector {
            Sector::Po => {
                let bo = self.pupils(year, "bo", |c| c.bo, |t| t.bao)?;
                let sbo_pupils =
                    self.pupils(year, "sbo_leerlingen", |c| c.sbo_pupils, |t| t.sbo)?;
                let [sbo_tlv, _, _] = self.tlv(year, TlvKind::Sbo)?;
                let so_tlv = self.tlv(year, TlvKind::So)?;
                Inputs::Po(PoInputs {
                    bo,
                    sbo_pupils,
                    sbo_tlv,
                    so_tlv,
                    sbo_february: self.entered(year, |c| c.sbo_february),
                })
            }
            Sector::Vo => {
                let vo = self.pupils(year, "vo", |c| c.vo, |t| t.vo + t.pro)?;
                let vso_tlv = self.tlv(year, TlvKind::Vso)?;
                let correction = self.scenario.years.get(&year).and_then(|c| c.correction);
                Inputs::Vo(VoInputs {
                    vo,
                    lwoo_pro_percentage_2012: self.scenario.lwoo_pro_percentage_2012,
                    lwoo_pro_pupils: self
                        .entered(year, |c| c.lwoo_pro_pupils)
                        .or_else(|| self.latest_entered(year, |c| c.lwoo_pro_pupils))
                        .or_else(|| self.pro_estimate(year)),
                    correction,
                    vso_tlv,
                })
            }
        };
        Ok((inputs, self.schools(year)))
    }

    /// LWOO is not in the open data; PrO pupils of the PrO vestigingen are, so their
    /// count is a lower bound for the LWOO and PrO pupils DUO funds directly.
    fn pro_estimate(&self, year: i16) -> Option<Count> {
        let cy = count_year(self.sector, year);
        let t = self.totals(cy)?;
        Some(Count::estimate(
            t.pro,
            format!(
                "schatting: alleen de leerlingen van de pro-vestigingen ({}); lwoo staat niet in de open data, dus een ondergrens",
                self.basis(year, cy)
            ),
        ))
    }

    fn latest_entered(
        &self,
        year: i16,
        what: impl Fn(&crate::scenario::YearCounts) -> Option<u64>,
    ) -> Option<Count> {
        self.scenario
            .years
            .range(..year)
            .rev()
            .find_map(|(y, c)| what(c).map(|v| (y, v)))
            .map(|(y, v)| Count::estimate(v, format!("gelijk aan het opgegeven aantal voor {y}")))
    }

    /// The schools the allocation divides over, with their pupils at the count year.
    fn schools(&self, year: i16) -> Vec<School> {
        let Some(data) = self.data else {
            return self.scenario.schools.clone();
        };
        let cy = count_year(self.sector, year);
        data.schools
            .iter()
            .filter(|s| s.open && s.kind.receives_allocation())
            .filter_map(|s| {
                Some(School {
                    code: s.code,
                    name: s.name.clone(),
                    board: s.board,
                    kind: s.kind.code().to_owned(),
                    pupils: u64::from(self.school_count(s, cy)?),
                })
            })
            .collect()
    }
}

#[derive(Clone, Copy)]
enum TlvKind {
    Sbo,
    So,
    Vso,
}

impl TlvKind {
    fn code(self) -> &'static str {
        match self {
            TlvKind::Sbo => "sbo",
            TlvKind::So => "so",
            TlvKind::Vso => "vso",
        }
    }
}

fn all3(v: [Option<u64>; 3]) -> Option<[u64; 3]> {
    match v {
        [None, None, None] => None,
        [a, b, c] => Some([a.unwrap_or(0), b.unwrap_or(0), c.unwrap_or(0)]),
    }
}

/// Splits `total` over three categories in the proportions of `like` (all to the first
/// when `like` is all zero), by largest remainder so the parts add up to `total`.
fn split_like(total: u64, like: [u64; 3]) -> [u64; 3] {
    let sum: u64 = like.iter().sum();
    if sum == 0 {
        return [total, 0, 0];
    }
    let mut parts = [0u64; 3];
    let mut remainders = [(0u128, 0usize); 3];
    for i in 0..3 {
        let exact = u128::from(total) * u128::from(like[i]);
        parts[i] = u64::try_from(exact / u128::from(sum)).unwrap_or(0);
        remainders[i] = (exact % u128::from(sum), i);
    }
    let mut left = total - parts.iter().sum::<u64>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

/// A category without an estimate: the estimate puts everything in categorie laag.
fn zero() -> Count {
    Count::estimate(0, "schatting: alles in categorie laag, dus 0 hier")
}

/// Whole pupils, half up.
fn round_whole(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

#[cfg(test)]
mod tests;
