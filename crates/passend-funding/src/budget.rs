//! One calendar year's budget of one SWV: every line with its count, rate, amount and
//! source, as DUO computes it.
//!
//! The lines add up to what DUO pays the SWV (`YearBudget::total`). A shortfall or an
//! uitputting appears as its own pair of lines, so that the sum stays the payment and
//! every step stays visible.

use passend_core::money::{Decimal, Money};
use passend_core::swv::Sector;

use crate::error::FundingError;
use crate::formula::{self, CALENDAR_YEAR_FUNDING_FROM};
use crate::rates::{Category, MissingRate, Projection, Rate, RateKey, Rates};

/// A count used in a budget, with where it comes from.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Count {
    /// The number.
    pub value: u64,
    /// Dutch description of its basis (`DUO-telling 1 oktober 2025`, `opgegeven in scenario`).
    pub basis: String,
    /// Whether it is an estimate or a prognosis rather than a count.
    pub estimated: bool,
}

impl Count {
    /// A counted or entered number.
    pub fn counted(value: u64, basis: impl Into<String>) -> Count {
        Count {
            value,
            basis: basis.into(),
            estimated: false,
        }
    }

    /// An estimate or a prognosis.
    pub fn estimate(value: u64, basis: impl Into<String>) -> Count {
        Count {
            value,
            basis: basis.into(),
            estimated: true,
        }
    }
}

/// What a PO budget needs besides the amounts.
#[derive(Clone, PartialEq, Debug)]
pub struct PoInputs {
    /// Pupils of the basisscholen (bo) in the SWV at the teldatum: the lichte base.
    pub bo: Count,
    /// Pupils of the SBO vestigingen in the SWV at the teldatum (with `bo` the zware base).
    pub sbo_pupils: Count,
    /// SBO pupils with a TLV of this SWV at the teldatum (deducted from lichte
    /// ondersteuning since 2023).
    pub sbo_tlv: Count,
    /// SO pupils with a TLV of this SWV per category, wherever the SO school is.
    pub so_tlv: [Count; 3],
    /// Before 2023 only: SBO pupils at 1 February, for the groeiregeling.
    pub sbo_february: Option<Count>,
}

/// What a VO budget needs besides the amounts.
#[derive(Clone, PartialEq, Debug)]
pub struct VoInputs {
    /// Bekostigde VO pupils (including PrO) in the SWV at 1 October of the year before.
    pub vo: Count,
    /// The SWV's LWOO and PrO percentage frozen at 1 October 2012, from its DUO beschikking.
    pub lwoo_pro_percentage_2012: Option<Decimal>,
    /// LWOO and PrO pupils for whom DUO pays aanvullende bekostiging to the school boards.
    pub lwoo_pro_pupils: Option<Count>,
    /// The correctiebedrag on lichte ondersteuning, as the DUO beschikking states it.
    pub correction: Option<Money>,
    /// VSO pupils with a TLV of this SWV per category, at 1 February of the year before.
    pub vso_tlv: [Count; 3],
}

/// The inputs of one sector.
#[derive(Clone, PartialEq, Debug)]
pub enum Inputs {
    /// A PO SWV.
    Po(PoInputs),
    /// A VO SWV.
    Vo(VoInputs),
}

impl Inputs {
    /// The sector.
    pub fn sector(&self) -> Sector {
        match self {
            Inputs::Po(_) => Sector::Po,
            Inputs::Vo(_) => Sector::Vo,
        }
    }
}

/// The part of the budget a line belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Section {
    /// Lichte ondersteuning (PO) or regionale ondersteuning and LWOO/PrO (VO).
    Lichte,
    /// Zware ondersteuning.
    Zware,
}

impl Section {
    /// Dutch heading.
    pub fn label(self) -> &'static str {
        match self {
            Section::Lichte => "Lichte ondersteuning",
            Section::Zware => "Zware ondersteuning",
        }
    }
}

/// One line of a budget.
#[derive(Clone, PartialEq, Debug)]
pub struct Line {
    /// Stable code (`lichte_bruto`, `aftrek_so_laag`).
    pub code: String,
    /// Dutch label.
    pub label: String,
    /// The section.
    pub section: Section,
    /// The count the amount is computed from, if any.
    pub count: Option<Count>,
    /// The amount per pupil, if any, with its source.
    pub rate: Option<(RateKey, Rate)>,
    /// A percentage the count × rate is taken of (the LWOO/PrO percentage of 2012);
    /// the amount is then rounded half up once.
    pub percent: Option<Decimal>,
    /// The amount: positive is income, negative a deduction.
    pub amount: Money,
    /// The rule: article of law or DUO page the line follows.
    pub rule: String,
}

/// A year's budget.
#[derive(Clone, PartialEq, Debug)]
pub struct YearBudget {
    /// The calendar year (or, before 2023 in PO, the school year starting in it).
    pub year: i16,
    /// The sector.
    pub sector: Sector,
    /// What the year covers and which teldatum counts, in Dutch.
    pub period: String,
    /// The lines, in order.
    pub lines: Vec<Line>,
    /// What DUO pays the SWV: the sum of the lines.
    pub total: Money,
    /// What the (V)SO deductions exceed zware ondersteuning by, charged to the schools
    /// in the area (zero when there is no uitputting).
    pub uitputting: Money,
    /// Warnings in Dutch: estimates, assumptions, projections.
    pub warnings: Vec<String>,
}

impl YearBudget {
    /// The sum of a section's lines.
    pub fn section_total(&self, section: Section) -> Money {
        self.lines
            .iter()
            .filter(|l| l.section == section)
            .map(|l| l.amount)
            .sum()
    }

    /// The sum of the negative lines that are deductions by DUO (SBO, SO, VSO, transfers).
    pub fn deductions(&self) -> Money {
        -self
            .lines
            .iter()
            .filter(|l| l.code.starts_with("aftrek_") || l.code.starts_with("overdracht_"))
            .map(|l| l.amount)
            .sum::<Money>()
    }

    /// The sum of the gross income lines.
    pub fn gross(&self) -> Money {
        self.lines
            .iter()
            .filter(|l| l.code.ends_with("_bruto"))
            .map(|l| l.amount)
            .sum()
    }

    /// The line with a code.
    pub fn line(&self, code: &str) -> Option<&Line> {
        self.lines.iter().find(|l| l.code == code)
    }
}

const DUO_PO: &str = "DUO, Bekostiging samenwerkingsverbanden PO (teldatum 1 februari)";
const DUO_VO: &str = "DUO, Bekostiging samenwerkingsverbanden VO";
const RULE_ZWARE_PO: &str = "WPO art. 132 lid 3 (2015): per leerling van alle scholen in het swv (bo en sbo); DUO, Bekostiging samenwerkingsverbanden PO";
const RULE_SO: &str = "WPO art. 132 lid 4 (2015): in mindering bij het swv dat de TLV afgaf, waar de so-school ook staat; DUO verrekent";
const RULE_VSO: &str = "DUO, Bekostiging samenwerkingsverbanden VO: verminderd met wat vso-scholen direct ontvangen (teldatum 1 februari van het jaar ervoor); WVO art. 17a";
const RULE_SHORTFALL: &str = "Aanname: DUO zegt dat een negatief bedrag niet wordt uitbetaald; de zin daarna ('Dit bedrag wordt verminderd op …') is afgebroken. passend brengt het tekort in mindering op de zware ondersteuning (open vraag, domain-rules §8.2).";
const RULE_UITPUTTING: &str = "WPO art. 125a en WEC art. 119 (tekst 2015): wat de aftrek de zware ondersteuning te boven gaat, gaat ten laste van alle scholen in het gebied, naar leerlingaantal. Of dit na 2023 ongewijzigd geldt, is niet bevestigd.";

/// Computes one year's budget. Every missing amount is reported at once.
pub fn year_budget(
    year: i16,
    inputs: &Inputs,
    rates: &Rates,
    projection: Projection,
) -> Result<YearBudget, FundingError> {
    let mut lookup = Lookup {
        year,
        rates,
        projection,
        missing: Vec::new(),
    };
    let mut b = Builder::default();
    let period = match inputs {
        Inputs::Po(po) if year >= CALENDAR_YEAR_FUNDING_FROM => {
            po_calendar(&mut b, &mut lookup, po);
            format!("kalenderjaar {year}, teldatum 1 februari {}", year - 1)
        }
        Inputs::Po(po) => {
            po_school_year(&mut b, &mut lookup, po);
            format!(
                "schooljaar {year}/{}, teldatum 1 oktober {} (bekostiging tot 2023)",
                year + 1,
                year - 1
            )
        }
        Inputs::Vo(vo) => {
            vo_calendar(&mut b, &mut lookup, vo, year)?;
            format!(
                "kalenderjaar {year}, teldatum 1 oktober {} (vso-aftrek: 1 februari {})",
                year - 1,
                year - 1
            )
        }
    };
    if !lookup.missing.is_empty() {
        return Err(FundingError::MissingRates(lookup.missing));
    }
    let warnings = warnings(&b.lines);
    let total = b.lines.iter().map(|l| l.amount).sum();
    Ok(YearBudget {
        year,
        sector: inputs.sector(),
        period,
        lines: b.lines,
        total,
        uitputting: b.uitputting,
        warnings,
    })
}

/// The warnings of a budget, in Dutch: each estimated basis once with the lines that
/// use it, then each assumed or projected amount.
fn warnings(lines: &[Line]) -> Vec<String> {
    let mut estimates: Vec<(String, Vec<String>)> = Vec::new();
    for line in lines {
        let Some(count) = line.count.as_ref().filter(|c| c.estimated) else {
            continue;
        };
        let basis = count
            .basis
            .strip_prefix("schatting: ")
            .unwrap_or(&count.basis)
            .to_owned();
        let name = lower_first(&line.label);
        match estimates.iter_mut().find(|(b, _)| *b == basis) {
            Some((_, names)) => names.push(name),
            None => estimates.push((basis, vec![name])),
        }
    }
    let mut out: Vec<String> = estimates
        .into_iter()
        .map(|(basis, names)| format!("Geschat aantal ({}): {basis}.", names.join("; ")))
        .collect();
    for line in lines {
        if let Some((key, rate)) = line.rate.as_ref().filter(|(_, r)| r.status.is_uncertain()) {
            let text = format!(
                "{}: {}, {}.",
                capitalise(key.label()),
                rate.amount.dutch(),
                rate.status.label()
            );
            if !out.contains(&text) {
                out.push(text);
            }
        }
    }
    out
}

/// A whole number in Dutch notation: `48.949`.
fn whole(n: u64) -> String {
    passend_core::money::dutch_number(Decimal::from(n), 0)
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct Lookup<'a> {
    year: i16,
    rates: &'a Rates,
    projection: Projection,
    missing: Vec<MissingRate>,
}

impl Lookup<'_> {
    /// The rate, or a zero placeholder while recording what is missing.
    fn get(&mut self, key: RateKey) -> Rate {
        match self.rates.get(self.year, key, self.projection) {
            Ok(rate) => rate,
            Err(missing) => {
                if !self.missing.contains(&missing) {
                    self.missing.push(missing);
                }
                Rate {
                    amount: Money::ZERO,
                    status: crate::rates::RateStatus::Assumed,
                    source: String::new(),
                    url: None,
                    note: None,
                }
            }
        }
    }
}

/// What a count × rate line is, besides its numbers.
struct LineSpec<'a> {
    section: Section,
    code: &'a str,
    label: String,
    /// A deduction: the amount is subtracted.
    deduct: bool,
    rule: &'a str,
}

#[derive(Default)]
struct Builder {
    lines: Vec<Line>,
    uitputting: Money,
}

impl Builder {
    /// A line of count × rate; returns the (unsigned) amount.
    fn rate_line(&mut self, spec: LineSpec<'_>, count: &Count, key: RateKey, rate: Rate) -> Money {
        let amount = rate.amount.times(count.value);
        let signed = if spec.deduct { -amount } else { amount };
        self.lines.push(Line {
            code: spec.code.into(),
            label: spec.label,
            section: spec.section,
            count: Some(count.clone()),
            rate: Some((key, rate)),
            percent: None,
            amount: signed,
            rule: spec.rule.into(),
        });
        amount
    }

    fn plain_line(&mut self, section: Section, code: &str, label: &str, amount: Money, rule: &str) {
        self.lines.push(Line {
            code: code.into(),
            label: label.into(),
            section,
            count: None,
            rate: None,
            percent: None,
            amount,
            rule: rule.into(),
        });
    }

    /// The (V)SO deductions per category; returns their sum.
    fn category_deductions(
        &mut self,
        lookup: &mut Lookup<'_>,
        counts: &[Count; 3],
        key: fn(Category) -> RateKey,
        prefix: &str,
        rule: &str,
    ) -> Money {
        let mut sum = Money::ZERO;
        for category in Category::ALL {
            let count = &counts[category.index()];
            let rate_key = key(category);
            let rate = lookup.get(rate_key);
            sum += self.rate_line(
                LineSpec {
                    section: Section::Zware,
                    code: &format!("aftrek_{prefix}_{}", category.code()),
                    label: format!(
                        "Aftrek {}-leerlingen met een TLV van dit swv, {}",
                        prefix,
                        category.label()
                    ),
                    deduct: true,
                    rule,
                },
                count,
                rate_key,
                rate,
            );
        }
        sum
    }

    /// Zware ondersteuning after deductions: adds the uitputting pair when needed.
    fn close_zware(&mut self, gross: Money, deductions: Money) {
        let (_, uitputting) = formula::zware(gross, deductions);
        if uitputting > Money::ZERO {
            self.plain_line(
                Section::Zware,
                "uitputting",
                "Uitputting: tekort ten laste van de scholen in het gebied",
                uitputting,
                RULE_UITPUTTING,
            );
            self.uitputting = uitputting;
        }
    }
}

fn po_calendar(b: &mut Builder, lookup: &mut Lookup<'_>, po: &PoInputs) {
    let l_po = lookup.get(RateKey::LichtePo);
    let gross = b.rate_line(
        LineSpec {
            section: Section::Lichte,
            code: "lichte_bruto",
            label: "Lichte ondersteuning: bedrag per bo-leerling".into(),
            deduct: false,
            rule: DUO_PO,
        },
        &po.bo,
        RateKey::LichtePo,
        l_po,
    );
    let o_sbo = lookup.get(RateKey::Sbo);
    let sbo_deduction = b.rate_line(LineSpec { section: Section::Lichte, code: "aftrek_sbo", label: "Aftrek sbo-leerlingen met een TLV van dit swv".into(), deduct: true, rule: "DUO, Bekostiging samenwerkingsverbanden PO: per sbo-TLV van dit swv het ondersteuningsbedrag dat een sbo-school per leerling ontvangt (sinds 2023 voor elke sbo-leerling, niet alleen boven 2 %)" }, &po.sbo_tlv, RateKey::Sbo, o_sbo);
    let (_, shortfall) = formula::lichte_po(gross, sbo_deduction);
    if shortfall > Money::ZERO {
        b.plain_line(
            Section::Lichte,
            "lichte_niet_negatief",
            "Lichte ondersteuning wordt niet negatief uitbetaald",
            shortfall,
            "DUO, Bekostiging samenwerkingsverbanden PO: 'Als dit een negatief bedrag is, dan wordt er niets uitbetaald.'",
        );
    }
    let all_pupils = Count {
        value: po.bo.value + po.sbo_pupils.value,
        basis: format!(
            "bo {} + sbo {} ({})",
            whole(po.bo.value),
            whole(po.sbo_pupils.value),
            po.bo.basis
        ),
        estimated: po.bo.estimated || po.sbo_pupils.estimated,
    };
    let z_po = lookup.get(RateKey::ZwarePo);
    let zware_gross = b.rate_line(
        LineSpec {
            section: Section::Zware,
            code: "zware_bruto",
            label: "Zware ondersteuning: bedrag per leerling (bo en sbo)".into(),
            deduct: false,
            rule: RULE_ZWARE_PO,
        },
        &all_pupils,
        RateKey::ZwarePo,
        z_po,
    );
    let mut deductions = b.category_deductions(lookup, &po.so_tlv, RateKey::So, "so", RULE_SO);
    if shortfall > Money::ZERO {
        b.plain_line(
            Section::Zware,
            "aftrek_tekort_lichte",
            "Tekort lichte ondersteuning, in mindering op zware ondersteuning",
            -shortfall,
            RULE_SHORTFALL,
        );
        deductions += shortfall;
    }
    b.close_zware(zware_gross, deductions);
}

fn po_school_year(b: &mut Builder, lookup: &mut Lookup<'_>, po: &PoInputs) {
    const RULE_2PCT: &str = "WPO art. 118 lid 6, 120 lid 4 en 124 lid 2 (tekst 2015): het Rijk bekostigt sbo tot 2 % van alle bao- en sbo-leerlingen op 1 oktober (half naar boven afgerond); voor elke sbo-leerling daarboven draagt het swv over";
    let l_po = lookup.get(RateKey::LichtePo);
    b.rate_line(
        LineSpec {
            section: Section::Lichte,
            code: "lichte_bruto",
            label: "Lichte ondersteuning: bedrag per leerling van de basisscholen".into(),
            deduct: false,
            rule: "WPO art. 132 lid 1 en 118 lid 2 (tekst 2015): per leerling van de basisscholen",
        },
        &po.bo,
        RateKey::LichtePo,
        l_po,
    );
    let cap = formula::sbo_cap(po.bo.value + po.sbo_pupils.value);
    let excess = formula::sbo_excess(po.sbo_pupils.value, cap);
    let excess_count = Count {
        value: excess,
        basis: format!(
            "{} sbo-leerlingen − grens {} (2 % van {} bao- en sbo-leerlingen, half naar boven afgerond)",
            po.sbo_pupils.value,
            cap,
            po.bo.value + po.sbo_pupils.value
        ),
        estimated: po.sbo_pupils.estimated || po.bo.estimated,
    };
    let overdracht = lookup.get(RateKey::SboOverdracht);
    b.rate_line(
        LineSpec {
            section: Section::Lichte,
            code: "overdracht_sbo_boven_2pct",
            label: "Overdracht voor sbo-leerlingen boven 2 %".into(),
            deduct: true,
            rule: RULE_2PCT,
        },
        &excess_count,
        RateKey::SboOverdracht,
        overdracht,
    );
    if let Some(february) = &po.sbo_february {
        let growth = formula::sbo_growth(po.sbo_pupils.value, february.value);
        let growth_count = Count {
            value: growth,
            basis: format!(
                "sbo op 1 februari {} − sbo op 1 oktober {}",
                february.value, po.sbo_pupils.value
            ),
            estimated: february.estimated || po.sbo_pupils.estimated,
        };
        let groei = lookup.get(RateKey::SboGroei);
        b.rate_line(LineSpec { section: Section::Lichte, code: "overdracht_sbo_groei", label: "Overdracht voor sbo-groei tussen 1 oktober en 1 februari".into(), deduct: true, rule: "WPO art. 124 lid 1 en 5 (tekst 2015); DUO, groeibekostiging SBO: groei na 1 oktober betaalt het swv" }, &growth_count, RateKey::SboGroei, groei);
    }
    let all_pupils = Count {
        value: po.bo.value + po.sbo_pupils.value,
        basis: format!(
            "bao {} + sbo {}",
            whole(po.bo.value),
            whole(po.sbo_pupils.value)
        ),
        estimated: po.bo.estimated || po.sbo_pupils.estimated,
    };
    let z_po = lookup.get(RateKey::ZwarePo);
    let gross = b.rate_line(
        LineSpec {
            section: Section::Zware,
            code: "zware_bruto",
            label: "Zware ondersteuning: bedrag per leerling (bao en sbo)".into(),
            deduct: false,
            rule: RULE_ZWARE_PO,
        },
        &all_pupils,
        RateKey::ZwarePo,
        z_po,
    );
    let deductions = b.category_deductions(lookup, &po.so_tlv, RateKey::So, "so", RULE_SO);
    b.close_zware(gross, deductions);
}

fn vo_calendar(
    b: &mut Builder,
    lookup: &mut Lookup<'_>,
    vo: &VoInputs,
    year: i16,
) -> Result<(), FundingError> {
    let r_vo = lookup.get(RateKey::RegionaalVo);
    b.rate_line(
        LineSpec {
            section: Section::Lichte,
            code: "regionaal_bruto",
            label: "Regionale ondersteuning: bedrag per vo-leerling".into(),
            deduct: false,
            rule: DUO_VO,
        },
        &vo.vo,
        RateKey::RegionaalVo,
        r_vo,
    );
    let percentage = vo
        .lwoo_pro_percentage_2012
        .ok_or_else(|| FundingError::MissingInput {
            what: "het lwoo- en pro-percentage van dit swv op 1 oktober 2012".into(),
            year,
            hint: "geef het op als 'lwoo_pro_percentage_2012' bovenaan een scenario; het staat in de DUO-beschikking".into(),
        })?;
    let b_lwoopro = lookup.get(RateKey::LwooProVo);
    let budget = formula::lwoo_pro_budget(b_lwoopro.amount, vo.vo.value, percentage);
    b.lines.push(Line {
        code: "lwoo_pro_bruto".into(),
        label: "Lwoo/pro-budget: bedrag per vo-leerling × het lwoo/pro-percentage van 1 oktober 2012"
            .to_owned(),
        section: Section::Lichte,
        count: Some(vo.vo.clone()),
        rate: Some((RateKey::LwooProVo, b_lwoopro)),
        percent: Some(percentage),
        amount: budget,
        rule: "DUO, Bekostiging samenwerkingsverbanden VO; passendonderwijs.nl, de huidige bekostigingssystematiek lwoo en pro (percentage bevroren op 1 oktober 2012; afgerond op de cent)".into(),
    });
    let pupils = vo
        .lwoo_pro_pupils
        .as_ref()
        .ok_or_else(|| FundingError::MissingInput {
            what: "het aantal lwoo- en pro-leerlingen waarvoor DUO de scholen direct bekostigt"
                .into(),
            year,
            hint: format!(
                "geef het op als 'lwoo_pro_leerlingen' onder [jaren.{year}] in een scenario"
            ),
        })?;
    let aanvullend = lookup.get(RateKey::LwooProAanvullend);
    b.rate_line(LineSpec { section: Section::Lichte, code: "aftrek_lwoo_pro_direct", label: "Aftrek aanvullende bekostiging lwoo/pro die de scholen direct ontvangen".into(), deduct: true, rule: "DUO, Bekostiging samenwerkingsverbanden VO: 'De uitkomst van dit bedrag wordt verminderd met de aanvullende bekostiging lwoo of pro'; DUO, aanvullende bekostiging lwoo/pro" }, pupils, RateKey::LwooProAanvullend, aanvullend);
    if let Some(correction) = vo.correction {
        b.plain_line(
            Section::Lichte,
            "correctiebedrag",
            "Correctiebedrag (zoals in de DUO-beschikking)",
            correction,
            "DUO, Bekostiging samenwerkingsverbanden VO (oudere versie van de pagina): correctiebedrag onder lichte ondersteuning; bedrag uit de beschikking, niet berekend",
        );
    }
    let z_vo = lookup.get(RateKey::ZwareVo);
    let gross = b.rate_line(LineSpec { section: Section::Zware, code: "zware_bruto", label: "Zware ondersteuning: bedrag per vo-leerling".into(), deduct: false, rule: "DUO, Bekostiging samenwerkingsverbanden VO: bekostigde leerlingen op 1 oktober van het jaar ervoor × normbedrag (art. 25 lid 1 Definitieve regeling WPO en WEC 2023)" }, &vo.vo, RateKey::ZwareVo, z_vo);
    let deductions = b.category_deductions(lookup, &vo.vso_tlv, RateKey::Vso, "vso", RULE_VSO);
    b.close_zware(gross, deductions);
    Ok(())
}

#[cfg(test)]
mod tests;
