//! The budget of one SWV: one year with every line and its source and the allocation
//! over schools and boards (`/swv/{code}/begroting`), and the multi-year view with
//! charts and scenarios side by side (`/swv/{code}/meerjarenbegroting`). Both take a
//! scenario from form fields (GET, so a view can be shared as a link) or from a pasted
//! scenario file (POST), and export as CSV and XLSX.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use passend_core::money::{Decimal, Money};
use passend_core::swv::{Sector, SwvCode};
use passend_funding::allocation::{Basis, Pot, PotSize};
use passend_funding::budget::Section;
use passend_funding::data::SwvData;
use passend_funding::multiyear::{self, MultiYear, YearResult};
use passend_funding::scenario::{Scenario, signed_percent};
use passend_funding::{FundingError, rates::RateStatus};

use super::coverage::known_swv;
use super::{ChartView, render};
use crate::dto::budget::{BudgetDto, allocation_csv, budget_csv};
use crate::error::{AppError, Failure};
use crate::nl;
use crate::routes::AppState;
use crate::snapshot::{FundingData, Snapshot};
use crate::svg::Series;

/// The scenario fields of the budget pages and the API. Empty fields are ignored, so
/// a form can send them all.
#[derive(Deserialize, Default, Debug, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct BudgetQuery {
    /// The year (one-year view).
    pub(crate) jaar: Option<String>,
    /// The first year (multi-year view).
    pub(crate) van: Option<String>,
    /// The number of years (multi-year view, 1 to 10).
    pub(crate) jaren: Option<String>,
    /// `ja`: start from the example scenario with labelled assumed amounts.
    pub(crate) voorbeeld: Option<String>,
    /// Project missing amounts from the last known year with this indexation (% per year).
    pub(crate) indexatie: Option<String>,
    /// Change of SBO participation, percentage points per year (prognosis years).
    pub(crate) sbo_punten: Option<String>,
    /// Change of SO participation, percentage points per year (prognosis years).
    pub(crate) so_punten: Option<String>,
    /// Change of VSO participation, percentage points per year (prognosis years).
    pub(crate) vso_punten: Option<String>,
    /// All amounts changed by this percentage.
    pub(crate) bedragen_procent: Option<String>,
    /// Eigen vermogen at the start of the first year.
    pub(crate) eigen_vermogen: Option<String>,
    /// Planned result per year (negative spends reserves).
    pub(crate) resultaat: Option<String>,
    /// Other income per year.
    pub(crate) overige_baten: Option<String>,
    /// The schools' share in percent (scholenmodel).
    pub(crate) scholen_procent: Option<String>,
    /// Fixed amount per school.
    pub(crate) vaste_voet: Option<String>,
    /// `leerlingen` or `gewogen_leerlingen`.
    pub(crate) grondslag: Option<String>,
    /// Weight of an SBO pupil (weighted basis).
    pub(crate) gewicht_sbo: Option<String>,
    /// Earmarked pot for arrangements (amount).
    pub(crate) arrangementen: Option<String>,
    /// Earmarked pot for ambulante begeleiding (amount).
    pub(crate) ambulant: Option<String>,
    /// Multi-year: the SO participation variant, points per year (default 0.3).
    pub(crate) variant_so: Option<String>,
    /// Multi-year: the rates variant, percent (default 2.5).
    pub(crate) variant_bedragen: Option<String>,
    /// Download: `csv`, `csv-verdeling` or `xlsx` (API also `json`).
    pub(crate) format: Option<String>,
}

/// A pasted scenario file (POST).
#[derive(Deserialize, Debug)]
pub(crate) struct ScenarioForm {
    /// The scenario as TOML.
    scenario: String,
    /// The year to compute.
    jaar: Option<String>,
}

fn field(value: Option<&String>) -> Option<&str> {
    value.map(|s| s.trim()).filter(|s| !s.is_empty())
}

fn decimal(
    value: Option<&String>,
    what: &str,
    min: i64,
    max: i64,
) -> Result<Option<Decimal>, AppError> {
    let Some(text) = field(value) else {
        return Ok(None);
    };
    let d: Decimal = text
        .replace(['%', ' '], "")
        .replace(',', ".")
        .parse()
        .map_err(|_| AppError::BadRequest(format!("{what}: '{text}' is geen getal.")))?;
    if d < Decimal::from(min) || d > Decimal::from(max) {
        return Err(AppError::BadRequest(format!(
            "{what}: {text} ligt buiten {min} tot {max}."
        )));
    }
    Ok(Some(d))
}

fn money(value: Option<&String>, what: &str) -> Result<Option<Money>, AppError> {
    let Some(text) = field(value) else {
        return Ok(None);
    };
    Money::parse(text)
        .map(Some)
        .map_err(|e| AppError::BadRequest(format!("{what}: {e}.")))
}

fn year(value: Option<&String>, what: &str, default: i16) -> Result<i16, AppError> {
    match field(value) {
        None => Ok(default),
        Some(text) => text
            .parse::<i16>()
            .ok()
            .filter(|y| (2000..=2040).contains(y))
            .ok_or_else(|| {
                AppError::BadRequest(format!(
                    "{what}: '{text}' is geen jaar tussen 2000 en 2040."
                ))
            }),
    }
}

/// The first budget year whose counts are all published: PO counts on the October two
/// years before, so with counts up to 1 October 2025 that is 2027 for PO, 2026 for VO.
pub(crate) fn default_year(snap: &Snapshot, sector: Sector) -> i16 {
    let last = match sector {
        Sector::Po => snap.funding_national.last_po_count,
        Sector::Vo => snap.funding_national.last_vo_count,
    };
    match (sector, last) {
        (Sector::Po, Some(y)) => y + 1,
        (Sector::Vo, Some(y)) => y + 1,
        (_, None) => 2026,
    }
}

/// Builds the scenario of a query: the example (when asked) with the fields applied.
pub(crate) fn scenario_of(
    funding: &FundingData,
    sector: Sector,
    q: &BudgetQuery,
) -> Result<Scenario, AppError> {
    let example = wants_example(q);
    let mut s = if example {
        funding.examples.get(&sector).cloned().ok_or_else(|| {
            AppError::NotFound(
                "Er is geen voorbeeldscenario voor deze sector meegeleverd.".to_owned(),
            )
        })?
    } else {
        Scenario::default()
    };
    let mut names: Vec<String> = Vec::new();
    if let Some(p) = decimal(q.indexatie.as_ref(), "Indexatie", -50, 50)? {
        s.indexation = Some(p);
        names.push(format!("indexatie {} %", signed_percent(p)));
    }
    for (value, what, slot) in [
        (
            &q.sbo_punten,
            "Sbo-deelname",
            &mut s.participation.sbo_points_per_year,
        ),
        (
            &q.so_punten,
            "So-deelname",
            &mut s.participation.so_points_per_year,
        ),
        (
            &q.vso_punten,
            "Vso-deelname",
            &mut s.participation.vso_points_per_year,
        ),
    ] {
        if let Some(p) = decimal(value.as_ref(), what, -10, 10)? {
            *slot = p;
            if !p.is_zero() {
                names.push(format!("{what} {} punt per jaar", signed_percent(p)));
            }
        }
    }
    if let Some(p) = decimal(q.bedragen_procent.as_ref(), "Bedragen", -50, 100)? {
        s.rates_change_percent = Some(p);
        if !p.is_zero() {
            names.push(format!("bedragen {} %", signed_percent(p)));
        }
    }
    if let Some(m) = money(q.eigen_vermogen.as_ref(), "Eigen vermogen")? {
        s.reserves.equity = Some(m);
    }
    if let Some(m) = money(q.resultaat.as_ref(), "Resultaat per jaar")? {
        s.reserves.result_per_year = m;
    }
    if let Some(m) = money(q.overige_baten.as_ref(), "Overige baten")? {
        if m.is_negative() {
            return Err(AppError::BadRequest(
                "Overige baten zijn niet negatief.".to_owned(),
            ));
        }
        s.reserves.other_income = m;
    }
    let mut model = s.allocation.clone().unwrap_or_default();
    let mut custom_model = s.allocation.is_some();
    if let Some(p) = decimal(q.scholen_procent.as_ref(), "Aandeel scholen", 0, 100)? {
        model.schools_percent = p;
        custom_model = true;
    }
    if let Some(m) = money(q.vaste_voet.as_ref(), "Vaste voet")? {
        if m.is_negative() {
            return Err(AppError::BadRequest(
                "De vaste voet is niet negatief.".to_owned(),
            ));
        }
        model.fixed_per_school = m;
        custom_model = true;
    }
    match field(q.grondslag.as_ref()) {
        None | Some("leerlingen") => {}
        Some("gewogen_leerlingen") => {
            model.basis = Basis::WeightedPupils;
            custom_model = true;
        }
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "Onbekende grondslag '{other}': kies leerlingen of gewogen_leerlingen."
            )));
        }
    }
    if let Some(w) = decimal(q.gewicht_sbo.as_ref(), "Gewicht sbo", 0, 100)? {
        model.weights.insert("sbo".to_owned(), w);
        custom_model = true;
    }
    for (value, name) in [
        (&q.arrangementen, "Arrangementen"),
        (&q.ambulant, "Ambulante begeleiding"),
    ] {
        if let Some(m) = money(value.as_ref(), name)? {
            if m.is_negative() {
                return Err(AppError::BadRequest(format!(
                    "Het potje {name} is niet negatief."
                )));
            }
            model.pots.retain(|p| p.name != name);
            model.pots.push(Pot {
                name: name.to_owned(),
                size: PotSize::Amount(m),
            });
            custom_model = true;
        }
    }
    if custom_model {
        s.allocation = Some(model);
    }
    let base = if example {
        s.name.clone()
    } else {
        String::new()
    };
    s.name = match (base.is_empty(), names.is_empty()) {
        (true, true) => String::new(),
        (true, false) => nl::capitalise(&names.join("; ")),
        (false, true) => base,
        (false, false) => format!("{base}; {}", names.join("; ")),
    };
    Ok(s)
}

/// The funding data, or a Dutch 404 when the server was started without it.
pub(crate) fn funding(snap: &Snapshot) -> Result<&FundingData, AppError> {
    snap.funding.as_ref().ok_or_else(|| {
        AppError::NotFound(
            "Deze server heeft geen bedragen voor de bekostiging (map bekostiging in de data)."
                .to_owned(),
        )
    })
}

/// Computes a budget for an SWV of the register.
pub(crate) fn compute(
    snap: &Snapshot,
    swv: SwvCode,
    scenario: &Scenario,
    from: i16,
    years: u16,
) -> Result<MultiYear, AppError> {
    let funding = funding(snap)?;
    let data = SwvData::from_register(&snap.register, swv, &snap.funding_national);
    multiyear::compute(Some(&data), scenario, &funding.rates, from, years)
        .map_err(|e| AppError::BadRequest(e.to_string()))
}

/// The query string of the scenario fields, for links and downloads.
fn query_string(q: &BudgetQuery) -> String {
    let pairs = [
        ("jaar", &q.jaar),
        ("van", &q.van),
        ("jaren", &q.jaren),
        ("voorbeeld", &q.voorbeeld),
        ("indexatie", &q.indexatie),
        ("sbo_punten", &q.sbo_punten),
        ("so_punten", &q.so_punten),
        ("vso_punten", &q.vso_punten),
        ("bedragen_procent", &q.bedragen_procent),
        ("eigen_vermogen", &q.eigen_vermogen),
        ("resultaat", &q.resultaat),
        ("overige_baten", &q.overige_baten),
        ("scholen_procent", &q.scholen_procent),
        ("vaste_voet", &q.vaste_voet),
        ("grondslag", &q.grondslag),
        ("gewicht_sbo", &q.gewicht_sbo),
        ("arrangementen", &q.arrangementen),
        ("ambulant", &q.ambulant),
        ("variant_so", &q.variant_so),
        ("variant_bedragen", &q.variant_bedragen),
    ];
    pairs
        .iter()
        .filter_map(|(k, v)| field(v.as_ref()).map(|v| format!("{k}={}", url_escape(v))))
        .collect::<Vec<_>>()
        .join("&")
}

fn url_escape(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A line as the page shows it.
pub(crate) struct LineView {
    label: String,
    code: String,
    count: String,
    rate: String,
    amount: String,
    negative: bool,
    count_basis: String,
    estimated: bool,
    status: String,
    status_class: &'static str,
    source: String,
    url: String,
    note: String,
    rule: String,
}

pub(crate) struct SectionView {
    label: &'static str,
    lines: Vec<LineView>,
    total: String,
}

pub(crate) struct ShareView {
    code: String,
    name: String,
    board: String,
    kind: String,
    pupils: String,
    fixed: String,
    variable: String,
    total: String,
}

fn status_class(status: RateStatus) -> &'static str {
    match status {
        RateStatus::Official => "st-official",
        RateStatus::Reported => "st-reported",
        RateStatus::Assumed => "st-assumed",
        RateStatus::Projected { .. } => "st-projected",
    }
}

fn sections(y: &YearResult) -> Vec<SectionView> {
    [Section::Lichte, Section::Zware]
        .into_iter()
        .map(|section| SectionView {
            label: section.label(),
            lines: y
                .budget
                .lines
                .iter()
                .filter(|l| l.section == section)
                .map(|l| {
                    let rate = l.rate.as_ref();
                    LineView {
                        label: l.label.clone(),
                        code: l.code.clone(),
                        count: l
                            .count
                            .as_ref()
                            .map(|c| nl::number(c.value))
                            .unwrap_or_default(),
                        rate: rate
                            .map(|(_, r)| match l.percent {
                                Some(p) => format!(
                                    "{} × {} %",
                                    r.amount.dutch(),
                                    passend_core::money::dutch_number(
                                        p.normalize(),
                                        p.normalize().scale()
                                    )
                                ),
                                None => r.amount.dutch(),
                            })
                            .unwrap_or_default(),
                        amount: l.amount.dutch(),
                        negative: l.amount.is_negative(),
                        count_basis: l
                            .count
                            .as_ref()
                            .map(|c| c.basis.clone())
                            .unwrap_or_default(),
                        estimated: l.count.as_ref().is_some_and(|c| c.estimated),
                        status: rate.map(|(_, r)| r.status.label()).unwrap_or_default(),
                        status_class: rate.map_or("", |(_, r)| status_class(r.status)),
                        source: rate.map(|(_, r)| r.source.clone()).unwrap_or_default(),
                        url: rate.and_then(|(_, r)| r.url.clone()).unwrap_or_default(),
                        note: rate.and_then(|(_, r)| r.note.clone()).unwrap_or_default(),
                        rule: l.rule.clone(),
                    }
                })
                .collect(),
            total: y.budget.section_total(section).dutch(),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "budget.html")]
pub(crate) struct BudgetPage {
    nav: &'static str,
    code: String,
    dotted: String,
    name: String,
    sector: &'static str,
    year: i16,
    years: Vec<i16>,
    q: BudgetQuery,
    query: String,
    scenario_name: String,
    example_checked: bool,
    error: Option<String>,
    example_link: String,
    result: Option<YearView>,
    pasted: String,
}

pub(crate) struct YearView {
    period: String,
    sections: Vec<SectionView>,
    total: String,
    uitputting: String,
    other_income: String,
    total_income: String,
    signalling: String,
    equity_end: String,
    above: String,
    warnings: Vec<String>,
    pots: Vec<(String, String)>,
    schools_count: String,
    schools_total: String,
    swv_kept: String,
    undivided: String,
    boards: Vec<(String, String, String)>,
    schools: Vec<ShareView>,
}

fn year_view(y: &YearResult) -> YearView {
    let a = &y.allocation;
    let mut per_board: std::collections::BTreeMap<Option<passend_core::ids::BoardNumber>, usize> =
        std::collections::BTreeMap::new();
    for s in &a.schools {
        *per_board.entry(s.school.board).or_default() += 1;
    }
    YearView {
        period: nl::capitalise(&y.budget.period),
        sections: sections(y),
        total: y.budget.total.dutch(),
        uitputting: if y.budget.uitputting > Money::ZERO {
            y.budget.uitputting.dutch()
        } else {
            String::new()
        },
        other_income: if y.other_income > Money::ZERO {
            y.other_income.dutch()
        } else {
            String::new()
        },
        total_income: y.total_income.dutch(),
        signalling: y.signalling.dutch(),
        equity_end: y.equity_end.map(Money::dutch).unwrap_or_default(),
        above: y
            .above_signalling()
            .filter(|m| *m > Money::ZERO)
            .map(Money::dutch)
            .unwrap_or_default(),
        warnings: y.budget.warnings.clone(),
        pots: a.pots.iter().map(|(n, m)| (n.clone(), m.dutch())).collect(),
        schools_count: nl::number(a.schools.len() as u64),
        schools_total: a.schools_total().dutch(),
        swv_kept: a.swv_kept.dutch(),
        undivided: if a.undivided == Money::ZERO {
            String::new()
        } else {
            a.undivided.dutch()
        },
        boards: a
            .boards
            .iter()
            .map(|(b, m)| {
                (
                    b.map_or("zonder bekend bestuur".to_owned(), |b| {
                        format!("bestuur {b}")
                    }),
                    nl::number(per_board.get(b).copied().unwrap_or(0) as u64),
                    m.dutch(),
                )
            })
            .collect(),
        schools: a
            .schools
            .iter()
            .map(|s| ShareView {
                code: s.school.code.to_string(),
                name: s.school.name.clone(),
                board: s.school.board.map(|b| b.to_string()).unwrap_or_default(),
                kind: s.school.kind.to_uppercase(),
                pupils: nl::number(s.school.pupils),
                fixed: s.fixed.dutch(),
                variable: s.variable.dutch(),
                total: s.total().dutch(),
            })
            .collect(),
    }
}

fn swv_title(snap: &Snapshot, swv: SwvCode) -> String {
    snap.register
        .swv_name(swv)
        .map(str::to_owned)
        .unwrap_or_else(|| {
            swv.province()
                .map_or("landelijk samenwerkingsverband".to_owned(), |p| {
                    p.name().to_owned()
                })
        })
}

/// The SWV of the path, or a redirect to its usual spelling with the same fields.
fn swv_or_redirect(
    snap: &Snapshot,
    raw: &str,
    page: &str,
    q: &BudgetQuery,
) -> Result<Result<SwvCode, Response>, Failure> {
    let swv = known_swv(snap, raw).map_err(AppError::page)?;
    if raw == swv.to_string() {
        return Ok(Ok(swv));
    }
    let query = query_string(q);
    let target = if query.is_empty() {
        format!("/swv/{swv}/{page}")
    } else {
        format!("/swv/{swv}/{page}?{query}")
    };
    Ok(Err(Redirect::permanent(&target).into_response()))
}

fn wants_example(q: &BudgetQuery) -> bool {
    field(q.voorbeeld.as_ref()).is_some_and(|v| v == "ja" || v == "on" || v == "true")
}

/// `GET /swv/{code}/begroting`.
pub(crate) async fn page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(q): Query<BudgetQuery>,
) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    let swv = match swv_or_redirect(&snap, &raw, "begroting", &q)? {
        Ok(swv) => swv,
        Err(redirect) => return Ok(redirect),
    };
    tokio::task::spawn_blocking(move || year_page(&snap, swv, q, None))
        .await
        .map_err(|e| AppError::Internal(format!("begroting: {e}")).page())?
}

/// `POST /swv/{code}/begroting`: a pasted scenario file.
pub(crate) async fn post(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(form): Form<ScenarioForm>,
) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    let swv = known_swv(&snap, &raw).map_err(AppError::page)?;
    if form.scenario.len() > 200_000 {
        return Err(AppError::BadRequest(
            "Het scenario is te groot (meer dan 200.000 tekens).".to_owned(),
        )
        .page());
    }
    let q = BudgetQuery {
        jaar: form.jaar.clone(),
        ..BudgetQuery::default()
    };
    tokio::task::spawn_blocking(move || year_page(&snap, swv, q, Some(form.scenario)))
        .await
        .map_err(|e| AppError::Internal(format!("begroting: {e}")).page())?
}

fn pasted_scenario(swv: SwvCode, text: &str) -> Result<Scenario, String> {
    let s = passend_import::read::funding::read_budget_scenario(
        "geplakt scenario",
        text.as_bytes(),
        passend_import::read::funding::Format::Toml,
    )
    .map_err(|e| e.to_string())?;
    if let Some(other) = s.swv.filter(|o| *o != swv) {
        return Err(format!("Het scenario is voor {other}, niet voor {swv}."));
    }
    Ok(s)
}

fn year_page(
    snap: &Snapshot,
    swv: SwvCode,
    q: BudgetQuery,
    pasted: Option<String>,
) -> Result<Response, Failure> {
    let funding = funding(snap).map_err(AppError::page)?;
    let sector = swv.sector();
    let year = year(q.jaar.as_ref(), "Jaar", default_year(snap, sector)).map_err(AppError::page)?;
    let scenario = match &pasted {
        Some(text) => pasted_scenario(swv, text),
        None => scenario_of(funding, sector, &q).map_err(|e| e.to_string()),
    };
    let format = field(q.format.as_ref()).map(str::to_owned);
    let outcome = scenario.and_then(|s| {
        let data = SwvData::from_register(&snap.register, swv, &snap.funding_national);
        multiyear::compute(Some(&data), &s, &funding.rates, year, 1)
            .map(|m| (s, m))
            .map_err(|e| error_text(&e))
    });
    if let (Some(format), Ok((_, m))) = (format.as_deref(), &outcome) {
        return download(snap, swv, m, format, &format!("begroting-{swv}-{year}"))
            .map_err(AppError::page);
    }
    let example_checked = wants_example(&q);
    let mut example_q = q.clone();
    example_q.voorbeeld = Some("ja".to_owned());
    example_q.jaar = Some(year.to_string());
    let (scenario_name, error, result) = match &outcome {
        Ok((s, m)) => (
            s.display_name().to_owned(),
            None,
            Some(year_view(&m.years[0])),
        ),
        Err(e) => (String::new(), Some(e.clone()), None),
    };
    let page = BudgetPage {
        nav: "swv",
        code: swv.to_string(),
        dotted: swv.dotted(),
        name: swv_title(snap, swv),
        sector: sector.code(),
        year,
        years: (2023..=2032).collect(),
        query: query_string(&q),
        q,
        scenario_name,
        example_checked,
        error,
        example_link: format!("/swv/{swv}/begroting?{}", query_string(&example_q)),
        result,
        pasted: pasted.unwrap_or_default(),
    };
    let mut response = render(&page)?;
    if page.error.is_some() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        response.extensions_mut().insert(crate::error::OwnBody);
    }
    Ok(response)
}

fn error_text(e: &FundingError) -> String {
    let text = e.to_string();
    nl::capitalise(&text)
}

/// A download of a computed budget: CSV of the lines, CSV of the allocation, or XLSX.
fn download(
    snap: &Snapshot,
    swv: SwvCode,
    m: &MultiYear,
    format: &str,
    stem: &str,
) -> Result<Response, AppError> {
    let dto = BudgetDto::of(
        Some(swv.to_string()),
        snap.register.swv_name(swv).map(str::to_owned),
        m,
    );
    download_dtos(&[dto], format, stem)
}

pub(crate) fn download_dtos(
    dtos: &[BudgetDto],
    format: &str,
    stem: &str,
) -> Result<Response, AppError> {
    match format {
        "csv" => Ok(attachment(
            "text/csv; charset=utf-8",
            &format!("{stem}.csv"),
            budget_csv(dtos).into_bytes(),
        )),
        "csv-verdeling" => {
            let text: String = dtos.iter().map(allocation_csv).collect::<Vec<_>>().join("");
            Ok(attachment(
                "text/csv; charset=utf-8",
                &format!("{stem}-verdeling.csv"),
                text.into_bytes(),
            ))
        }
        "xlsx" => {
            let bytes = crate::xlsx::budget_workbook(dtos)
                .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
            Ok(attachment(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                &format!("{stem}.xlsx"),
                bytes,
            ))
        }
        other => Err(AppError::BadRequest(format!(
            "Onbekend formaat '{other}': kies csv, csv-verdeling of xlsx."
        ))),
    }
}

fn attachment(content_type: &str, filename: &str, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ),
        ],
        body,
    )
        .into_response()
}

// ---------------------------------------------------------------------------------
// Multi-year view.

#[derive(Template)]
#[template(path = "budget_years.html")]
pub(crate) struct YearsPage {
    nav: &'static str,
    code: String,
    dotted: String,
    name: String,
    sector: &'static str,
    q: BudgetQuery,
    query: String,
    from: i16,
    count: u16,
    example_checked: bool,
    variant_so: String,
    variant_rates: String,
    error: Option<String>,
    example_link: String,
    scenarios: Vec<String>,
    rows: Vec<YearsRow>,
    reserves: Vec<ReserveRow>,
    charts: Vec<(String, ChartView)>,
    warnings: Vec<String>,
    prognosis_note: String,
}

pub(crate) struct YearsRow {
    year: i16,
    prognosis: bool,
    cells: Vec<(String, String, String)>,
}

pub(crate) struct ReserveRow {
    year: i16,
    income: String,
    signalling: String,
    equity: String,
    verdict: String,
    above: bool,
}

/// `GET /swv/{code}/meerjarenbegroting`.
pub(crate) async fn years_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(q): Query<BudgetQuery>,
) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    let swv = match swv_or_redirect(&snap, &raw, "meerjarenbegroting", &q)? {
        Ok(swv) => swv,
        Err(redirect) => return Ok(redirect),
    };
    tokio::task::spawn_blocking(move || build_years(&snap, swv, q))
        .await
        .map_err(|e| AppError::Internal(format!("meerjarenbegroting: {e}")).page())?
}

/// The base scenario and its two variants for the side-by-side view.
pub(crate) fn variants(
    funding: &FundingData,
    sector: Sector,
    q: &BudgetQuery,
) -> Result<Vec<Scenario>, AppError> {
    let base = scenario_of(funding, sector, q)?;
    let so =
        decimal(q.variant_so.as_ref(), "Variant deelname", -10, 10)?.unwrap_or(Decimal::new(3, 1));
    let rates = decimal(q.variant_bedragen.as_ref(), "Variant bedragen", -50, 100)?
        .unwrap_or(Decimal::new(25, 1));
    let (label, kind) = match sector {
        Sector::Po => ("So-deelname", "so"),
        Sector::Vo => ("Vso-deelname", "vso"),
    };
    let mut participation = base.clone();
    match kind {
        "so" => participation.participation.so_points_per_year += so,
        _ => participation.participation.vso_points_per_year += so,
    }
    participation.name = format!("{label} {} punt per jaar", signed_percent(so));
    let mut rates_variant = base.clone();
    rates_variant.rates_change_percent =
        Some(base.rates_change_percent.unwrap_or_default() + rates);
    rates_variant.name = format!("Bedragen {} %", signed_percent(rates));
    Ok(vec![base, participation, rates_variant])
}

fn build_years(snap: &Snapshot, swv: SwvCode, q: BudgetQuery) -> Result<Response, Failure> {
    let funding = funding(snap).map_err(AppError::page)?;
    let sector = swv.sector();
    let from = year(q.van.as_ref(), "Van", default_year(snap, sector)).map_err(AppError::page)?;
    let count: u16 = match field(q.jaren.as_ref()) {
        None => 5,
        Some(t) => t
            .parse()
            .ok()
            .filter(|n| (1..=10).contains(n))
            .ok_or_else(|| {
                AppError::BadRequest(format!("Jaren: '{t}' is geen aantal van 1 tot 10.")).page()
            })?,
    };
    let scenarios = variants(funding, sector, &q).map_err(AppError::page)?;
    let data = SwvData::from_register(&snap.register, swv, &snap.funding_national);
    let results: Result<Vec<MultiYear>, String> = scenarios
        .iter()
        .map(|s| {
            multiyear::compute(Some(&data), s, &funding.rates, from, count)
                .map_err(|e| error_text(&e))
        })
        .collect();
    let format = field(q.format.as_ref()).map(str::to_owned);
    if let (Some(format), Ok(results)) = (format.as_deref(), &results) {
        let name = snap.register.swv_name(swv).map(str::to_owned);
        let dtos: Vec<BudgetDto> = results
            .iter()
            .map(|m| BudgetDto::of(Some(swv.to_string()), name.clone(), m))
            .collect();
        return download_dtos(&dtos, format, &format!("meerjarenbegroting-{swv}-{from}"))
            .map_err(AppError::page);
    }
    let example_checked = wants_example(&q);
    let mut example_q = q.clone();
    example_q.voorbeeld = Some("ja".to_owned());
    let mut page = YearsPage {
        nav: "swv",
        code: swv.to_string(),
        dotted: swv.dotted(),
        name: swv_title(snap, swv),
        sector: sector.code(),
        query: query_string(&q),
        from,
        count,
        example_checked,
        variant_so: field(q.variant_so.as_ref()).unwrap_or("0,3").to_owned(),
        variant_rates: field(q.variant_bedragen.as_ref())
            .unwrap_or("2,5")
            .to_owned(),
        q,
        error: None,
        example_link: format!("/swv/{swv}/meerjarenbegroting?{}", query_string(&example_q)),
        scenarios: scenarios
            .iter()
            .map(|s| s.display_name().to_owned())
            .collect(),
        rows: Vec::new(),
        reserves: Vec::new(),
        charts: Vec::new(),
        warnings: Vec::new(),
        prognosis_note: String::new(),
    };
    match results {
        Err(e) => page.error = Some(e),
        Ok(results) => fill_years(&mut page, &results),
    }
    let mut response = render(&page)?;
    if page.error.is_some() {
        *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
        response.extensions_mut().insert(crate::error::OwnBody);
    }
    Ok(response)
}

fn euros(m: Money) -> f64 {
    // Charts only: pixel positions, never amounts.
    m.cents() as f64 / 100.0
}

fn money_axis(v: f64) -> String {
    if v >= 1_000_000.0 {
        format!("€ {} mln", nl::decimal(v / 1_000_000.0, 1))
    } else {
        format!("€ {}", nl::number(v.round() as u64))
    }
}

fn money_cell(v: f64) -> String {
    Money::round_half_up(Decimal::from_f64_retain(v).unwrap_or_default()).dutch()
}

fn fill_years(page: &mut YearsPage, results: &[MultiYear]) {
    let base = &results[0];
    page.rows = base
        .years
        .iter()
        .enumerate()
        .map(|(i, y)| YearsRow {
            year: y.year(),
            prognosis: y.uses_prognosis,
            cells: results
                .iter()
                .map(|m| {
                    let r = &m.years[i];
                    (
                        r.budget.gross().dutch(),
                        r.budget.total.dutch(),
                        r.allocation.schools_total().dutch(),
                    )
                })
                .collect(),
        })
        .collect();
    page.reserves = base
        .years
        .iter()
        .map(|y| ReserveRow {
            year: y.year(),
            income: y.total_income.dutch(),
            signalling: y.signalling.dutch(),
            equity: y
                .equity_end
                .map(Money::dutch)
                .unwrap_or_else(|| "–".to_owned()),
            verdict: match y.above_signalling() {
                None => "geef het eigen vermogen op".to_owned(),
                Some(m) if m > Money::ZERO => format!("{} boven de signaleringswaarde", m.dutch()),
                Some(_) => "onder de signaleringswaarde".to_owned(),
            },
            above: y.above_signalling().is_some_and(|m| m > Money::ZERO),
        })
        .collect();
    let series = |label: &str,
                  class: &'static str,
                  f: &dyn Fn(&YearResult) -> Money,
                  m: &MultiYear| Series {
        label: label.to_owned(),
        class,
        points: m.years.iter().map(|y| (y.year(), euros(f(y)))).collect(),
    };
    let id = &page.code;
    let charts = vec![
        (
            "Inkomsten, aftrek en wat DUO betaalt".to_owned(),
            year_chart(
                &format!("{id}-inkomsten"),
                &format!(
                    "Inkomsten, aftrek en totaal van DUO per jaar, {}",
                    base.scenario
                ),
                vec![
                    series(
                        "Bruto (lichte en zware ondersteuning)",
                        "s0",
                        &|y| y.budget.gross(),
                        base,
                    ),
                    series("Aftrek door DUO", "s1", &|y| y.budget.deductions(), base),
                    series("Totaal van DUO", "s2", &|y| y.budget.total, base),
                ],
            ),
        ),
        (
            "Naar de scholen, per scenario".to_owned(),
            year_chart(
                &format!("{id}-verdeling"),
                "Verdeling naar de scholen per jaar en scenario",
                results
                    .iter()
                    .zip(["s0", "s1", "s2"])
                    .map(|(m, class)| {
                        series(&m.scenario, class, &|y| y.allocation.schools_total(), m)
                    })
                    .collect(),
            ),
        ),
    ];
    page.charts = charts;
    if base.years.iter().any(|y| y.equity_end.is_some()) {
        page.charts.push((
            "Reserves en de signaleringswaarde".to_owned(),
            year_chart(
                &format!("{id}-reserves"),
                "Eigen vermogen en signaleringswaarde per jaar",
                vec![
                    series(
                        "Eigen vermogen (eind van het jaar)",
                        "s3",
                        &|y| y.equity_end.unwrap_or_default(),
                        base,
                    ),
                    series("Signaleringswaarde", "s1", &|y| y.signalling, base),
                ],
            ),
        ));
    }
    // The first year's warnings in full; later years repeat them with other amounts.
    let mut warnings: Vec<String> = base
        .years
        .first()
        .map(|y| {
            y.budget
                .warnings
                .iter()
                .map(|w| format!("{}: {w}", y.year()))
                .collect()
        })
        .unwrap_or_default();
    if base.years.len() > 1 {
        warnings.push(
            "Latere jaren: dezelfde soort schattingen en aannames, met een leerlingenprognose waar een telling ontbreekt; de begroting van één jaar toont elke regel met zijn herkomst."
                .to_owned(),
        );
    }
    page.warnings = warnings;
    page.prognosis_note = passend_funding::prognosis::Method::default().describe();
}

fn year_chart(id: &str, title: &str, lines: Vec<Series>) -> ChartView {
    let mut view = super::chart_view(id, title, lines, &money_axis, &money_cell);
    for row in &mut view.rows {
        row.0 = row.0.trim_start_matches("1 oktober ").to_owned();
    }
    view.row_header = "Jaar".to_owned();
    view
}

/// `GET /api/v1/swv/{code}/budget`: the budget as JSON (one year with `jaar`, several
/// with `van` and `jaren`), or CSV/XLSX with `format`.
#[utoipa::path(
    get,
    path = "/api/v1/swv/{code}/budget",
    params(("code" = String, Path, description = "SWV code, any spelling"), BudgetQuery),
    responses(
        (status = 200, description = "The budget", body = BudgetDto),
        (status = 400, description = "A field cannot be read, or an amount or input is missing (the message names it)"),
        (status = 404, description = "Unknown SWV")
    )
)]
pub(crate) async fn api(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(q): Query<BudgetQuery>,
) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    tokio::task::spawn_blocking(move || -> Result<Response, Failure> {
        let swv = known_swv(&snap, &raw).map_err(AppError::api)?;
        let funding = funding(&snap).map_err(AppError::api)?;
        let sector = swv.sector();
        let scenario = scenario_of(funding, sector, &q).map_err(AppError::api)?;
        let (from, count) = match (field(q.jaar.as_ref()), field(q.van.as_ref())) {
            (Some(_), Some(_)) => {
                return Err(AppError::BadRequest(
                    "Kies 'jaar' of 'van' met 'jaren', niet allebei.".to_owned(),
                )
                .api());
            }
            (_, Some(_)) => {
                let from = year(q.van.as_ref(), "van", 2026).map_err(AppError::api)?;
                let count: u16 = field(q.jaren.as_ref())
                    .unwrap_or("5")
                    .parse()
                    .ok()
                    .filter(|n| (1..=25).contains(n))
                    .ok_or_else(|| {
                        AppError::BadRequest("jaren: kies 1 tot 25.".to_owned()).api()
                    })?;
                (from, count)
            }
            _ => (
                year(q.jaar.as_ref(), "jaar", default_year(&snap, sector))
                    .map_err(AppError::api)?,
                1,
            ),
        };
        let m = compute(&snap, swv, &scenario, from, count).map_err(AppError::api)?;
        let dto = BudgetDto::of(
            Some(swv.to_string()),
            snap.register.swv_name(swv).map(str::to_owned),
            &m,
        );
        match field(q.format.as_ref()) {
            None | Some("json") => Ok(axum::Json(dto).into_response()),
            Some(format) => download_dtos(&[dto], format, &format!("begroting-{swv}-{from}"))
                .map_err(AppError::api),
        }
    })
    .await
    .map_err(|e| AppError::Internal(format!("begroting: {e}")).api())?
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn funding() -> FundingData {
        FundingData {
            rates: passend_funding::rates::Rates::default(),
            examples: [
                (Sector::Po, Scenario::default()),
                (Sector::Vo, Scenario::default()),
            ]
            .into(),
        }
    }

    /// Text as forms send it: numbers in any notation, signs, percent signs, or anything.
    fn field() -> impl Strategy<Value = Option<String>> {
        prop_oneof![
            Just(None),
            "[-+]?[0-9]{0,9}([.,][0-9]{0,4})?%?".prop_map(Some),
            any::<String>().prop_map(Some),
        ]
    }

    proptest! {
        #[test]
        fn any_form_input_gives_a_scenario_or_a_dutch_error(f in proptest::collection::vec(field(), 21)) {
            let q = BudgetQuery {
                jaar: f[0].clone(),
                van: f[1].clone(),
                jaren: f[2].clone(),
                voorbeeld: f[3].clone(),
                indexatie: f[4].clone(),
                sbo_punten: f[5].clone(),
                so_punten: f[6].clone(),
                vso_punten: f[7].clone(),
                bedragen_procent: f[8].clone(),
                eigen_vermogen: f[9].clone(),
                resultaat: f[10].clone(),
                overige_baten: f[11].clone(),
                scholen_procent: f[12].clone(),
                vaste_voet: f[13].clone(),
                grondslag: f[14].clone(),
                gewicht_sbo: f[15].clone(),
                arrangementen: f[16].clone(),
                ambulant: f[17].clone(),
                variant_so: f[18].clone(),
                variant_bedragen: f[19].clone(),
                format: f[20].clone(),
            };
            for sector in [Sector::Po, Sector::Vo] {
                match variants(&funding(), sector, &q) {
                    Ok(scenarios) => {
                        prop_assert_eq!(scenarios.len(), 3);
                        // What the form accepted stays within the bounds it states.
                        let s = &scenarios[0];
                        if let Some(model) = &s.allocation {
                            prop_assert!(model.schools_percent >= Decimal::ZERO);
                            prop_assert!(model.schools_percent <= Decimal::ONE_HUNDRED);
                            prop_assert!(!model.fixed_per_school.is_negative());
                        }
                        prop_assert!(!s.reserves.other_income.is_negative());
                    }
                    Err(AppError::BadRequest(message)) => {
                        prop_assert!(message.ends_with('.'), "{}", message);
                    }
                    Err(other) => prop_assert!(false, "{:?}", other),
                }
            }
            // The year fields are a year in range or a Dutch error, never a panic.
            if let Ok(y) = year(q.jaar.as_ref(), "Jaar", 2026) {
                prop_assert!((2000..=2040).contains(&y));
            }
        }
    }
}
