//! The JSON and CSV shapes of a budget: the API, `passend budget` and the page's
//! downloads all use these. Amounts are strings with two decimals and a point
//! (`"6634.52"`), so that no JSON reader turns them into floats.

use serde::Serialize;
use utoipa::ToSchema;

use passend_core::money::Money;
use passend_funding::allocation::Allocation;
use passend_funding::budget::{Line, Section};
use passend_funding::multiyear::{MultiYear, YearResult};

/// One budget line.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct BudgetLineDto {
    /// Stable code (`lichte_bruto`, `aftrek_so_laag`, `uitputting`).
    pub code: String,
    /// Dutch label.
    pub label: String,
    /// `lichte` or `zware`.
    pub section: String,
    /// The count, when the line is count × rate.
    pub count: Option<u64>,
    /// Where the count comes from, in Dutch.
    pub count_basis: Option<String>,
    /// Whether the count is an estimate or a prognosis.
    pub count_estimated: bool,
    /// The amount per pupil.
    pub rate: Option<String>,
    /// The rates-file code of the amount per pupil.
    pub rate_code: Option<String>,
    /// `officieel`, `gerapporteerd`, `aanname` or `geprojecteerd`.
    pub rate_status: Option<String>,
    /// The status in words.
    pub rate_status_label: Option<String>,
    /// The amount's source.
    pub rate_source: Option<String>,
    /// The source's address.
    pub rate_url: Option<String>,
    /// A note on the amount (version, teldatum, projection).
    pub rate_note: Option<String>,
    /// When set, the amount is count × rate × this percentage / 100, rounded half up
    /// once (the LWOO/PrO percentage of 1 October 2012); otherwise count × rate exactly.
    pub percent: Option<String>,
    /// The amount of the line: positive income, negative a deduction.
    pub amount: String,
    /// The article of law or DUO page the line follows.
    pub rule: String,
}

impl From<&Line> for BudgetLineDto {
    fn from(l: &Line) -> BudgetLineDto {
        let rate = l.rate.as_ref();
        BudgetLineDto {
            code: l.code.clone(),
            label: l.label.clone(),
            section: match l.section {
                Section::Lichte => "lichte",
                Section::Zware => "zware",
            }
            .to_owned(),
            count: l.count.as_ref().map(|c| c.value),
            count_basis: l.count.as_ref().map(|c| c.basis.clone()),
            count_estimated: l.count.as_ref().is_some_and(|c| c.estimated),
            rate: rate.map(|(_, r)| r.amount.plain()),
            rate_code: rate.map(|(k, _)| k.code().to_owned()),
            rate_status: rate.map(|(_, r)| r.status.code().to_owned()),
            rate_status_label: rate.map(|(_, r)| r.status.label()),
            rate_source: rate.map(|(_, r)| r.source.clone()),
            rate_url: rate.and_then(|(_, r)| r.url.clone()),
            rate_note: rate.and_then(|(_, r)| r.note.clone()),
            percent: l.percent.map(|p| p.normalize().to_string()),
            amount: l.amount.plain(),
            rule: l.rule.clone(),
        }
    }
}

/// One earmarked pot.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct PotDto {
    /// Its name.
    pub name: String,
    /// Its amount.
    pub amount: String,
}

/// What one school receives.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct SchoolShareDto {
    /// Vestigingscode.
    pub vestiging: String,
    /// Name.
    pub name: String,
    /// Board number.
    pub board: Option<String>,
    /// Kind code.
    pub kind: String,
    /// Pupils at the teldatum.
    pub pupils: u64,
    /// The weight its pupils count with.
    pub weight: String,
    /// Fixed amount.
    pub fixed: String,
    /// Variable amount.
    pub variable: String,
    /// Fixed plus variable.
    pub total: String,
}

/// What one board receives.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct BoardShareDto {
    /// Board number; null for schools without a known board.
    pub board: Option<String>,
    /// The sum of its schools.
    pub total: String,
}

/// The allocation of one year.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct AllocationDto {
    /// What was divided (total income).
    pub available: String,
    /// Earmarked pots.
    pub pots: Vec<PotDto>,
    /// Per school.
    pub schools: Vec<SchoolShareDto>,
    /// Per board.
    pub boards: Vec<BoardShareDto>,
    /// What the SWV keeps (its share, plus `undivided`).
    pub swv_kept: String,
    /// The schools' part that could not be divided because no school has pupils.
    pub undivided: String,
}

impl From<&Allocation> for AllocationDto {
    fn from(a: &Allocation) -> AllocationDto {
        AllocationDto {
            available: a.available.plain(),
            pots: a
                .pots
                .iter()
                .map(|(name, amount)| PotDto {
                    name: name.clone(),
                    amount: amount.plain(),
                })
                .collect(),
            schools: a
                .schools
                .iter()
                .map(|s| SchoolShareDto {
                    vestiging: s.school.code.to_string(),
                    name: s.school.name.clone(),
                    board: s.school.board.map(|b| b.to_string()),
                    kind: s.school.kind.clone(),
                    pupils: s.school.pupils,
                    weight: s.weight.normalize().to_string(),
                    fixed: s.fixed.plain(),
                    variable: s.variable.plain(),
                    total: s.total().plain(),
                })
                .collect(),
            boards: a
                .boards
                .iter()
                .map(|(b, m)| BoardShareDto {
                    board: b.map(|b| b.to_string()),
                    total: m.plain(),
                })
                .collect(),
            swv_kept: a.swv_kept.plain(),
            undivided: a.undivided.plain(),
        }
    }
}

/// One year of a budget.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct BudgetYearDto {
    /// The year.
    pub year: i16,
    /// What the year covers and its teldatum, in Dutch.
    pub period: String,
    /// Every line.
    pub lines: Vec<BudgetLineDto>,
    /// Lichte ondersteuning after deductions.
    pub lichte: String,
    /// Zware ondersteuning after deductions.
    pub zware: String,
    /// What DUO deducts (SBO, SO, VSO, LWOO/PrO direct, transfers).
    pub deductions: String,
    /// What DUO pays the SWV: the sum of the lines.
    pub total: String,
    /// Deductions beyond zware ondersteuning, charged to the schools in the area.
    pub uitputting: String,
    /// Other income from the scenario.
    pub other_income: String,
    /// Total baten.
    pub total_income: String,
    /// The Inspectie's signalling value for reserves.
    pub signalling_value: String,
    /// Eigen vermogen at the start of the year, when given.
    pub equity_start: Option<String>,
    /// Eigen vermogen at the end of the year, when given.
    pub equity_end: Option<String>,
    /// Eigen vermogen above the signalling value, when given.
    pub above_signalling: Option<String>,
    /// Whether counts are estimates or prognoses.
    pub uses_prognosis: bool,
    /// Warnings in Dutch: estimates, assumptions, projections.
    pub warnings: Vec<String>,
    /// The allocation over schools and boards.
    pub allocation: AllocationDto,
}

impl From<&YearResult> for BudgetYearDto {
    fn from(y: &YearResult) -> BudgetYearDto {
        let b = &y.budget;
        BudgetYearDto {
            year: b.year,
            period: b.period.clone(),
            lines: b.lines.iter().map(BudgetLineDto::from).collect(),
            lichte: b.section_total(Section::Lichte).plain(),
            zware: b.section_total(Section::Zware).plain(),
            deductions: b.deductions().plain(),
            total: b.total.plain(),
            uitputting: b.uitputting.plain(),
            other_income: y.other_income.plain(),
            total_income: y.total_income.plain(),
            signalling_value: y.signalling.plain(),
            equity_start: y.equity_start.map(Money::plain),
            equity_end: y.equity_end.map(Money::plain),
            above_signalling: y.above_signalling().map(Money::plain),
            uses_prognosis: y.uses_prognosis,
            warnings: b.warnings.clone(),
            allocation: AllocationDto::from(&y.allocation),
        }
    }
}

/// A budget for one or more years under one scenario.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct BudgetDto {
    /// The SWV code; null for a fictional SWV from a scenario.
    pub swv: Option<String>,
    /// The SWV's name, when known.
    pub swv_name: Option<String>,
    /// `PO` or `VO`.
    pub sector: String,
    /// The scenario's name (`Basis` without one).
    pub scenario: String,
    /// The years.
    pub years: Vec<BudgetYearDto>,
}

impl BudgetDto {
    /// Builds the DTO.
    pub fn of(swv: Option<String>, swv_name: Option<String>, m: &MultiYear) -> BudgetDto {
        BudgetDto {
            swv,
            swv_name,
            sector: m.sector.code().to_owned(),
            scenario: m.scenario.clone(),
            years: m.years.iter().map(BudgetYearDto::from).collect(),
        }
    }
}

/// An amount for a Dutch spreadsheet: decimal comma, no thousands separator.
fn csv_money(plain: &str) -> String {
    plain.replace('.', ",")
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new())
}

fn finish(out: csv::Writer<Vec<u8>>) -> String {
    // Writing to memory cannot fail, and every field is valid UTF-8.
    String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The CSV of budgets: one row per year and line, then the totals of each year, for a
/// Dutch spreadsheet (semicolons, decimal commas).
pub fn budget_csv(dtos: &[BudgetDto]) -> String {
    let mut out = writer();
    let header = [
        "scenario",
        "swv",
        "jaar",
        "code",
        "omschrijving",
        "aantal",
        "grondslag_aantal",
        "schatting",
        "bedrag_per_leerling",
        "status_bedrag",
        "bron_bedrag",
        "bedrag",
        "regel",
    ];
    let _ = out.write_record(header);
    for dto in dtos {
        let swv = dto.swv.clone().unwrap_or_default();
        for y in &dto.years {
            for l in &y.lines {
                let _ = out.write_record([
                    dto.scenario.clone(),
                    swv.clone(),
                    y.year.to_string(),
                    l.code.clone(),
                    l.label.clone(),
                    l.count.map(|c| c.to_string()).unwrap_or_default(),
                    l.count_basis.clone().unwrap_or_default(),
                    if l.count_estimated { "ja" } else { "nee" }.to_owned(),
                    l.rate.as_deref().map(csv_money).unwrap_or_default(),
                    l.rate_status.clone().unwrap_or_default(),
                    l.rate_source.clone().unwrap_or_default(),
                    csv_money(&l.amount),
                    l.rule.clone(),
                ]);
            }
            for (code, label, amount) in [
                ("totaal_lichte", "Lichte ondersteuning na aftrek", &y.lichte),
                ("totaal_zware", "Zware ondersteuning na aftrek", &y.zware),
                ("totaal_duo", "Totaal van DUO", &y.total),
                ("overige_baten", "Overige baten", &y.other_income),
                ("totale_baten", "Totale baten", &y.total_income),
                (
                    "signaleringswaarde",
                    "Signaleringswaarde reserves",
                    &y.signalling_value,
                ),
            ] {
                let _ = out.write_record([
                    dto.scenario.clone(),
                    swv.clone(),
                    y.year.to_string(),
                    code.to_owned(),
                    label.to_owned(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    csv_money(amount),
                    String::new(),
                ]);
            }
        }
    }
    finish(out)
}

/// The CSV of the allocation per school for every year.
pub fn allocation_csv(dto: &BudgetDto) -> String {
    let mut out = writer();
    let _ = out.write_record([
        "scenario",
        "swv",
        "jaar",
        "vestiging",
        "naam",
        "bestuur",
        "soort",
        "leerlingen",
        "gewicht",
        "vast",
        "variabel",
        "totaal",
    ]);
    for y in &dto.years {
        for s in &y.allocation.schools {
            let _ = out.write_record([
                dto.scenario.clone(),
                dto.swv.clone().unwrap_or_default(),
                y.year.to_string(),
                s.vestiging.clone(),
                s.name.clone(),
                s.board.clone().unwrap_or_default(),
                s.kind.clone(),
                s.pupils.to_string(),
                s.weight.replace('.', ","),
                csv_money(&s.fixed),
                csv_money(&s.variable),
                csv_money(&s.total),
            ]);
        }
    }
    finish(out)
}
