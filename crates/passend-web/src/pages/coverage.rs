//! The dekkend aanbod of one SWV (matrix, map, gaps, scenario) and the national view of
//! the weakest spots.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use passend_core::ids::VestigingCode;
use passend_core::support::{Level, NeedCode};
use passend_core::swv::SwvCode;
use passend_coverage::{Cell, GapKind, Report, Scenario, ScenarioChange, Scope, analyse, compare};

use super::render;
use crate::error::{AppError, Failure};
use crate::nl;
use crate::routes::AppState;
use crate::snapshot::{Snapshot, SupportState};
use crate::svg;

/// The query of the coverage page, shared with the API.
#[derive(Deserialize, Default, Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct CoverageQuery {
    /// `swv` (own schools, default) or `national` (all schools).
    pub(crate) scope: Option<String>,
    /// Need code for the map and the gap list.
    pub(crate) behoefte: Option<String>,
    /// Level for the map and the gap list: `basis`, `extra` or `specialistisch`.
    pub(crate) niveau: Option<String>,
    /// Scenario: close this vestiging.
    pub(crate) sluit: Option<String>,
    /// Scenario: this vestiging gets `plaatsen` extra places for `behoefte` at `niveau`.
    pub(crate) school: Option<String>,
    /// Scenario: how many places.
    pub(crate) plaatsen: Option<String>,
    /// API only: `json` (default) or `csv`.
    pub(crate) format: Option<String>,
    /// API only: `true` adds one row per PC4, need and level.
    pub(crate) detail: Option<bool>,
}

/// The support state, or a Dutch 404 when the store has no taxonomy yet.
pub(crate) fn support(snap: &Snapshot) -> Result<std::sync::Arc<SupportState>, AppError> {
    snap.support().ok_or_else(|| {
        AppError::NotFound(
            "Er zijn nog geen ondersteuningsbehoeften en profielen ingelezen; voer 'passend import' en 'passend sop generate' uit."
                .to_owned(),
        )
    })
}

pub(crate) fn parse_scope(value: Option<&str>) -> Result<Scope, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(Scope::Swv),
        Some(s) => Scope::parse(s).ok_or_else(|| {
            AppError::BadRequest(format!("Onbekende reikwijdte '{s}': kies swv of national."))
        }),
    }
}

pub(crate) fn parse_need(
    state: &SupportState,
    value: Option<&str>,
) -> Result<Option<NeedCode>, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => {
            let code = NeedCode::parse(s).map_err(|e| AppError::BadRequest(format!("{e}.")))?;
            if state.data.taxonomy.need(&code).is_none() {
                return Err(AppError::BadRequest(format!(
                    "Onbekende ondersteuningsbehoefte '{s}'."
                )));
            }
            Ok(Some(code))
        }
    }
}

pub(crate) fn parse_level(value: Option<&str>) -> Result<Option<Level>, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Level::parse(s).map(Some).ok_or_else(|| {
            AppError::BadRequest(format!(
                "Onbekend niveau '{s}': kies basis, extra of specialistisch."
            ))
        }),
    }
}

pub(crate) fn known_swv(snap: &Snapshot, raw: &str) -> Result<SwvCode, AppError> {
    let swv = SwvCode::parse(raw).map_err(|e| AppError::NotFound(format!("{e}.")))?;
    if !snap.register.has_swv(swv) {
        return Err(AppError::NotFound(format!(
            "Samenwerkingsverband {swv} bestaat niet in het register."
        )));
    }
    Ok(swv)
}

/// Builds the scenario of the query, if it asks for one.
pub(crate) fn scenario_of(
    state: &SupportState,
    q: &CoverageQuery,
    need: Option<&NeedCode>,
    level: Option<Level>,
) -> Result<Option<Scenario>, AppError> {
    let mut changes = Vec::new();
    let mut names = Vec::new();
    if let Some(raw) = q.sluit.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let vestiging =
            VestigingCode::parse(raw).map_err(|e| AppError::BadRequest(format!("{e}.")))?;
        names.push(format!("{vestiging} sluit"));
        changes.push(ScenarioChange::Close { vestiging });
    }
    if let Some(raw) = q.school.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let vestiging =
            VestigingCode::parse(raw).map_err(|e| AppError::BadRequest(format!("{e}.")))?;
        let (Some(need), Some(level)) = (need, level) else {
            return Err(AppError::BadRequest(
                "Kies een behoefte en een niveau voor de plaatsen erbij.".to_owned(),
            ));
        };
        let places: u32 = q
            .plaatsen
            .as_deref()
            .map(str::trim)
            .unwrap_or("0")
            .parse()
            .ok()
            .filter(|p: &u32| *p <= 10_000)
            .ok_or_else(|| {
                AppError::BadRequest(
                    "Het aantal plaatsen moet een geheel getal van 0 tot 10.000 zijn.".to_owned(),
                )
            })?;
        let current = state
            .model
            .sites
            .iter()
            .find(|s| s.code == vestiging)
            .and_then(|s| s.offers.get(need).copied());
        let (new_level, new_places) = match current {
            Some((l, p)) if l >= level => (l, p.unwrap_or(0) + places),
            _ => (level, places),
        };
        names.push(format!(
            "{vestiging}: {need} {} met {new_places} plaatsen",
            new_level.code()
        ));
        changes.push(ScenarioChange::SetOffer {
            vestiging,
            need: need.clone(),
            level: Some(new_level),
            places: Some(new_places),
        });
    }
    Ok((!changes.is_empty()).then(|| Scenario {
        name: names.join("; "),
        changes,
    }))
}

/// Applies a scenario to a copy of the model and compares the SWV's coverage before and
/// after; the error is a Dutch sentence.
pub(crate) fn run_scenario(
    state: &SupportState,
    before: &Report,
    scenario: &Scenario,
) -> Result<Vec<passend_coverage::CellChange>, String> {
    let model = scenario.apply(&state.model).map_err(|e| e.to_string())?;
    let after = analyse(
        &model,
        before.swv,
        before.scope,
        &passend_coverage::Filter::default(),
    );
    Ok(compare(before, &after))
}

pub(crate) struct MatrixCell {
    share: String,
    class: &'static str,
    places: String,
    gaps: usize,
    url: String,
    selected: bool,
    label: String,
}

pub(crate) struct MatrixRow {
    domain: String,
    label: String,
    cells: Vec<MatrixCell>,
}

pub(crate) struct GapRow {
    pc4: String,
    place: String,
    kind: &'static str,
    children: String,
    nearest: String,
    access: String,
}

pub(crate) struct ChangeRow {
    need: String,
    level: &'static str,
    before: String,
    after: String,
    short_before: String,
    short_after: String,
}

#[derive(Template)]
#[template(path = "coverage.html")]
struct CoveragePage {
    nav: &'static str,
    code: String,
    dotted: String,
    place: String,
    scope: &'static str,
    scope_label: &'static str,
    synthetic: bool,
    thresholds: Vec<(&'static str, String)>,
    detour: String,
    matrix: Vec<MatrixRow>,
    levels: Vec<&'static str>,
    need: String,
    need_label: String,
    level: &'static str,
    level_label: &'static str,
    map: Option<String>,
    legend: Vec<(&'static str, String)>,
    selected: Option<(String, String, String, String)>,
    gaps: Vec<GapRow>,
    gap_total: usize,
    schools: Vec<(String, String)>,
    scenario: Option<String>,
    changes: Vec<ChangeRow>,
    scenario_error: Option<String>,
    sluit: String,
    school: String,
    plaatsen: String,
}

fn share_class(share: Option<f64>) -> &'static str {
    match share {
        None => "c-none",
        Some(s) if s >= 0.95 => "c-good",
        Some(s) if s >= 0.8 => "c-fair",
        Some(_) => "c-poor",
    }
}

/// With one decimal, so that a scenario's small changes show.
fn precise_percent(share: Option<f64>) -> String {
    share.map_or("–".to_owned(), |s| nl::percent(s * 100.0, 1))
}

fn percent(share: Option<f64>) -> String {
    share.map_or("–".to_owned(), |s| nl::percent(s * 100.0, 0))
}

pub(crate) async fn page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(q): Query<CoverageQuery>,
) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    let swv = known_swv(&snap, &raw).map_err(AppError::page)?;
    if raw != swv.to_string() {
        return Ok(Redirect::permanent(&format!("/swv/{swv}/dekking")).into_response());
    }
    if swv.is_landelijk() {
        return Err(AppError::NotFound(format!(
            "{} is een landelijk samenwerkingsverband zonder eigen gebied; de dekking wordt bepaald door de regionale samenwerkingsverbanden waar zijn scholen liggen.",
            swv.dotted()
        ))
        .page());
    }
    // The first report of an SWV takes tens of milliseconds: off the async workers.
    tokio::task::spawn_blocking(move || build_page(&snap, swv, &q))
        .await
        .map_err(|e| AppError::Internal(format!("dekking: {e}")).page())?
}

fn build_page(snap: &Snapshot, swv: SwvCode, q: &CoverageQuery) -> Result<Response, Failure> {
    let support = support(snap).map_err(AppError::page)?;
    let support = &*support;
    let scope = parse_scope(q.scope.as_deref()).map_err(AppError::page)?;
    let chosen_need = parse_need(support, q.behoefte.as_deref()).map_err(AppError::page)?;
    let chosen_level = parse_level(q.niveau.as_deref()).map_err(AppError::page)?;
    let report = support.report(swv, scope);

    // The selection for the map: as asked, else the need and level with most children beyond reach.
    let (need, level) = match (chosen_need.clone(), chosen_level) {
        (Some(n), Some(l)) => (n, l),
        (Some(n), None) => (n, Level::Extra),
        _ => report
            .cells
            .iter()
            .filter(|c| c.children > 0.0 && c.sites > 0)
            .max_by(|a, b| a.beyond().total_cmp(&b.beyond()))
            .map_or_else(
                || (support.data.taxonomy.needs()[0].code.clone(), Level::Basis),
                |c| (c.need.clone(), c.level),
            ),
    };
    let scope_param = scope.code();
    let matrix = matrix(support, &report, &need, level, swv, scope_param);
    let map = snap
        .maps
        .get(&swv.sector())
        .and_then(|m| svg::coverage_map(snap, m, support, &report, swv, &need, level));
    let thresholds = Level::ALL
        .iter()
        .map(|l| {
            (
                l.label(),
                format!("{} km", nl::decimal(support.data.settings.threshold(*l), 0)),
            )
        })
        .collect();
    let threshold = support.data.settings.threshold(level);
    let legend = svg::COVERAGE_CLASSES
        .iter()
        .map(|(class, label)| {
            (
                *class,
                label
                    .replace("{d}", &nl::decimal(threshold, 0))
                    .replace("{2d}", &nl::decimal(threshold * 2.0, 0)),
            )
        })
        .collect();
    let place_of = |pc4: passend_core::ids::Pc4| {
        snap.register
            .pc4(pc4)
            .and_then(|a| a.place.clone())
            .unwrap_or_default()
    };
    let selected_gaps: Vec<&passend_coverage::Gap> = report
        .gaps
        .iter()
        .filter(|g| g.need == need && g.level == level)
        .collect();
    let gaps = selected_gaps
        .iter()
        .take(50)
        .map(|g| GapRow {
            pc4: g.pc4.to_string(),
            place: place_of(g.pc4),
            kind: g.kind.label(),
            children: nl::decimal(g.children, 1),
            nearest: g
                .road_km
                .map_or("–".to_owned(), |k| format!("{} km", nl::decimal(k, 1))),
            access: g.access.map_or("–".to_owned(), |a| nl::decimal(a, 2)),
        })
        .collect();
    let selected = report.cell(&need, level).map(|c| {
        (
            percent(c.share_within()),
            nl::decimal(c.beyond(), 1),
            c.places_per_1000()
                .map_or("–".to_owned(), |p| nl::number(p.round() as u64)),
            nl::decimal(c.short, 1),
        )
    });

    // Scenario, if asked for.
    let (scenario, changes, scenario_error) =
        match scenario_of(support, q, chosen_need.as_ref(), chosen_level) {
            Ok(Some(s)) => match run_scenario(support, &report, &s) {
                Ok(changes) => {
                    let rows = changes
                        .iter()
                        .map(|c| change_row(support, &c.before, &c.after))
                        .collect();
                    (Some(s.name.clone()), rows, None)
                }
                Err(e) => (Some(s.name.clone()), Vec::new(), Some(e)),
            },
            Ok(None) => (None, Vec::new(), None),
            Err(e) => (None, Vec::new(), Some(e.to_string())),
        };

    let mut schools: Vec<(String, String)> = snap
        .register
        .open_members(swv)
        .map(|v| {
            (
                v.code.to_string(),
                format!("{} {} ({})", v.code, v.name, v.kind.short()),
            )
        })
        .collect();
    schools.sort_by(|a, b| a.1.cmp(&b.1));
    render(&CoveragePage {
        nav: "swv",
        code: swv.to_string(),
        dotted: swv.dotted(),
        place: swv
            .province()
            .map_or("landelijk".to_owned(), |p| p.name().to_owned()),
        scope: scope_param,
        scope_label: scope.label(),
        synthetic: report.synthetic,
        thresholds,
        detour: nl::decimal(support.data.settings.detour, 2),
        matrix,
        levels: Level::ALL.iter().map(|l| l.label()).collect(),
        need_label: support
            .data
            .taxonomy
            .need(&need)
            .map_or(need.to_string(), |n| n.label.clone()),
        need: need.to_string(),
        level: level.code(),
        level_label: level.label(),
        map,
        legend,
        selected,
        gap_total: selected_gaps.len(),
        gaps,
        schools,
        scenario,
        changes,
        scenario_error,
        sluit: q.sluit.clone().unwrap_or_default(),
        school: q.school.clone().unwrap_or_default(),
        plaatsen: q.plaatsen.clone().unwrap_or_default(),
    })
}

fn change_row(support: &SupportState, before: &Cell, after: &Cell) -> ChangeRow {
    ChangeRow {
        need: support
            .data
            .taxonomy
            .need(&before.need)
            .map_or(before.need.to_string(), |n| n.label.clone()),
        level: before.level.label(),
        before: precise_percent(before.share_within()),
        after: precise_percent(after.share_within()),
        short_before: nl::decimal(before.short, 1),
        short_after: nl::decimal(after.short, 1),
    }
}

fn matrix(
    support: &SupportState,
    report: &Report,
    need: &NeedCode,
    level: Level,
    swv: SwvCode,
    scope: &str,
) -> Vec<MatrixRow> {
    // Gaps per need and level, counted in one pass (a large SWV has thousands).
    let mut gap_counts: std::collections::HashMap<(&NeedCode, Level), usize> =
        std::collections::HashMap::new();
    for g in report
        .gaps
        .iter()
        .filter(|g| g.kind != GapKind::TooFewPlaces)
    {
        *gap_counts.entry((&g.need, g.level)).or_default() += 1;
    }
    support
        .data
        .taxonomy
        .needs()
        .iter()
        .map(|n| MatrixRow {
            domain: n.domain_label.clone(),
            label: n.label.clone(),
            cells: Level::ALL
                .iter()
                .map(|&l| {
                    let cell = report.cell(&n.code, l);
                    let share = cell.and_then(Cell::share_within);
                    let gaps = gap_counts.get(&(&n.code, l)).copied().unwrap_or(0);
                    MatrixCell {
                        share: percent(share),
                        class: share_class(share),
                        places: cell
                            .and_then(Cell::places_per_1000)
                            .map_or(String::new(), |p| {
                                format!("{} per 1.000", nl::number(p.round() as u64))
                            }),
                        gaps,
                        url: format!(
                            "/swv/{swv}/dekking?scope={scope}&behoefte={}&niveau={}#kaart",
                            n.code,
                            l.code()
                        ),
                        selected: &n.code == need && l == level,
                        label: format!("{}, {}", n.label, l.label()),
                    }
                })
                .collect(),
        })
        .collect()
}

pub(crate) struct WeakRow {
    swv: String,
    dotted: String,
    need_code: String,
    need: String,
    level: &'static str,
    level_code: &'static str,
    share: String,
    beyond: String,
    short: String,
}

#[derive(Template)]
#[template(path = "coverage_national.html")]
struct NationalPage {
    nav: &'static str,
    synthetic: bool,
    rows: Vec<WeakRow>,
    thresholds: Vec<(&'static str, String)>,
}

pub(crate) async fn national(State(state): State<AppState>) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    tokio::task::spawn_blocking(move || build_national(&snap))
        .await
        .map_err(|e| AppError::Internal(format!("dekking: {e}")).page())?
}

fn build_national(snap: &Snapshot) -> Result<Response, Failure> {
    let support = support(snap).map_err(AppError::page)?;
    let support = &*support;
    let reports = support.all();
    let mut weak: Vec<(&Report, &Cell)> = reports
        .iter()
        .flat_map(|r| r.cells.iter().map(move |c| (r, c)))
        .filter(|(_, c)| c.beyond() > 0.0)
        .collect();
    weak.sort_by(|a, b| b.1.beyond().total_cmp(&a.1.beyond()));
    let rows = weak
        .iter()
        .take(40)
        .map(|(r, c)| WeakRow {
            swv: r.swv.to_string(),
            dotted: r.swv.dotted(),
            need_code: c.need.to_string(),
            need: support
                .data
                .taxonomy
                .need(&c.need)
                .map_or(c.need.to_string(), |n| n.label.clone()),
            level: c.level.label(),
            level_code: c.level.code(),
            share: percent(c.share_within()),
            beyond: nl::decimal(c.beyond(), 1),
            short: nl::decimal(c.short, 1),
        })
        .collect();
    render(&NationalPage {
        nav: "dekking",
        synthetic: reports.iter().any(|r| r.synthetic),
        rows,
        thresholds: Level::ALL
            .iter()
            .map(|l| {
                (
                    l.label(),
                    format!("{} km", nl::decimal(support.data.settings.threshold(*l), 0)),
                )
            })
            .collect(),
    })
}
