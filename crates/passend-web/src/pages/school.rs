//! The page of one school (vestiging) and the school search.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use passend_core::ids::VestigingCode;
use passend_core::membership::fold_gemeente;
use passend_core::register::Vestiging;
use passend_core::school::Status;
use passend_core::summary::{KindGroup, YearTotals};

use super::{ChartView, FindingView, pupils_chart, render};
use crate::error::{AppError, Failure};
use crate::routes::AppState;
use crate::snapshot::Snapshot;
use crate::svg;

#[derive(Template)]
#[template(path = "school.html")]
struct SchoolPage {
    nav: &'static str,
    code: String,
    name: String,
    open: bool,
    facts: Vec<(&'static str, String)>,
    memberships: Vec<(String, String, String)>,
    special: bool,
    chart: Option<ChartView>,
    counts: Vec<(String, String, String)>,
    findings: Vec<FindingView>,
    sources: Vec<(String, String)>,
    profile: Option<super::profile::ProfileView>,
    /// Whether the profile editor is on.
    editable: bool,
    /// What the editor just saved, in Dutch.
    saved: Option<&'static str>,
}

/// `?opgeslagen=ja` after the editor saved.
#[derive(Deserialize, Default, Debug)]
pub(crate) struct SavedQuery {
    opgeslagen: Option<String>,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(saved): Query<SavedQuery>,
    headers: axum::http::HeaderMap,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let code =
        VestigingCode::parse(&raw).map_err(|e| AppError::NotFound(format!("{e}.")).page())?;
    if raw != code.to_string() {
        return Ok(Redirect::permanent(&format!("/school/{code}")).into_response());
    }
    let Some(v) = snap.register.vestiging(code) else {
        return Err(
            AppError::NotFound(format!("Vestiging {code} bestaat niet in het register.")).page(),
        );
    };
    let facts = crate::facts::school_facts(v);
    let memberships = snap
        .register
        .memberships_of(code)
        .map(|m| {
            (
                m.swv.to_string(),
                format!("{} ({})", m.swv.dotted(), m.sector),
                m.basis.explain(),
            )
        })
        .collect();
    let special = v.kind.is_special();
    let series: Vec<YearTotals> = v
        .counts
        .iter()
        .map(|c| {
            let mut totals = std::collections::BTreeMap::new();
            let mut total = passend_core::pupils::PupilTotal::default();
            total.add(c.count);
            totals.insert(KindGroup::of(v.kind), total);
            YearTotals {
                peildatum: c.peildatum,
                totals,
            }
        })
        .collect();
    let chart = pupils_chart(
        "c-school",
        &format!("Leerlingen van {} per jaar", v.name),
        &series,
        &[KindGroup::of(v.kind)],
    );
    let counts = v
        .counts
        .iter()
        .rev()
        .map(|c| {
            let source = passend_import::sources::source(&c.source).map_or(c.source.clone(), |s| {
                format!("{} ({})", s.title, s.publisher)
            });
            (c.peildatum.dutch(), c.count.to_string(), source)
        })
        .collect();
    let findings: Vec<FindingView> = snap
        .findings
        .iter()
        .filter(|f| f.vestiging == Some(code))
        .map(FindingView::from)
        .collect();
    let sources = v
        .sources
        .iter()
        .map(|key| match passend_import::sources::source(key) {
            Some(s) => (s.title.to_owned(), s.date.to_owned()),
            None => (key.clone(), String::new()),
        })
        .collect();
    render(&SchoolPage {
        nav: "scholen",
        code: code.to_string(),
        name: v.name.clone(),
        open: v.status == Status::Open,
        facts,
        memberships,
        special,
        chart,
        counts,
        findings,
        sources,
        profile: super::profile::profile_view(snap, v),
        editable: super::editor::may_edit(&state, &headers, v),
        saved: match saved.opgeslagen.as_deref() {
            Some("ja") => Some("Het profiel is opgeslagen als nieuwe versie; die geldt nu."),
            Some("gepland") => Some(
                "Het profiel is opgeslagen als nieuwe versie; die gaat in op de gekozen datum (zie Versies).",
            ),
            Some("eerder") => Some(
                "Het profiel is opgeslagen, maar deze versie geldt nu niet: een versie met een latere datum gaat voor (zie Versies).",
            ),
            Some("ongewijzigd") => Some(
                "Er is niets opgeslagen: het profiel is gelijk aan de versie die op die datum al gold.",
            ),
            _ => None,
        },
    })
}

/// Filters of the school search, shared with the API.
#[derive(Deserialize, Default, Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SchoolFilter {
    /// Name, vestigingscode, BRIN, place or postcode.
    pub(crate) q: Option<String>,
    /// Kind group: `bao`, `sbo`, `so`, `so-vso`, `vso`, `vo` or `pro`.
    pub(crate) soort: Option<String>,
    /// Also closed vestigingen (`ja`).
    pub(crate) gesloten: Option<String>,
}

/// At most this many schools are listed.
pub(crate) const SCHOOL_LIMIT: usize = 200;

/// The schools that match, open first, by name; and whether the list was cut.
pub(crate) fn search_schools<'a>(
    snap: &'a Snapshot,
    filter: &SchoolFilter,
) -> Result<(Vec<&'a Vestiging>, usize), AppError> {
    let query = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if query.is_some_and(|q| q.chars().count() > 100) {
        return Err(AppError::BadRequest(
            "De zoektekst is te lang (ten hoogste 100 tekens).".to_owned(),
        ));
    }
    let group = match filter.soort.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            KindGroup::from_code(&s.to_ascii_lowercase()).ok_or_else(|| {
                AppError::BadRequest(format!(
                    "Onbekende soort '{s}': kies bao, sbo, so, so-vso, vso, vo of pro."
                ))
            })?,
        ),
    };
    let include_closed = matches!(filter.gesloten.as_deref(), Some("ja" | "true" | "1"));
    let Some(q) = query else {
        return Ok((Vec::new(), 0));
    };
    let folded = fold_gemeente(q);
    let code = VestigingCode::parse(q).ok();
    let mut hits: Vec<&Vestiging> = snap
        .register
        .vestigingen()
        .iter()
        .filter(|v| include_closed || v.status == Status::Open)
        .filter(|v| group.is_none_or(|g| KindGroup::of(v.kind) == g))
        .filter(|v| {
            code == Some(v.code)
                || (!folded.is_empty()
                    && (fold_gemeente(&v.name).contains(&folded)
                        || fold_gemeente(&v.code.to_string()).starts_with(&folded)
                        || v.place
                            .as_deref()
                            .is_some_and(|p| fold_gemeente(p) == folded)
                        || v.postcode
                            .is_some_and(|p| fold_gemeente(&p.to_string()).starts_with(&folded))))
        })
        .collect();
    hits.sort_by(|a, b| {
        (a.status != Status::Open, &a.name, a.code).cmp(&(
            b.status != Status::Open,
            &b.name,
            b.code,
        ))
    });
    let total = hits.len();
    hits.truncate(SCHOOL_LIMIT);
    Ok((hits, total))
}

pub(crate) struct SchoolRow {
    code: String,
    name: String,
    kind: &'static str,
    class: &'static str,
    place: String,
    swvs: String,
    open: bool,
}

#[derive(Template)]
#[template(path = "schools.html")]
struct SchoolsPage {
    nav: &'static str,
    q: String,
    soort: String,
    gesloten: bool,
    groups: Vec<(&'static str, &'static str)>,
    rows: Vec<SchoolRow>,
    total: usize,
    searched: bool,
}

pub(crate) async fn search(
    State(state): State<AppState>,
    Query(filter): Query<SchoolFilter>,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let (hits, total) = search_schools(snap, &filter).map_err(AppError::page)?;
    let rows = hits
        .iter()
        .map(|v| SchoolRow {
            code: v.code.to_string(),
            name: v.name.clone(),
            kind: KindGroup::of(v.kind).short(),
            class: svg::group_class(KindGroup::of(v.kind)),
            place: v.place.clone().unwrap_or_default(),
            swvs: snap
                .register
                .memberships_of(v.code)
                .map(|m| m.swv.to_string())
                .collect::<Vec<_>>()
                .join(", "),
            open: v.status == Status::Open,
        })
        .collect();
    render(&SchoolsPage {
        nav: "scholen",
        searched: filter.q.as_deref().is_some_and(|q| !q.trim().is_empty()),
        q: filter.q.unwrap_or_default(),
        soort: filter.soort.unwrap_or_default().to_ascii_lowercase(),
        gesloten: matches!(filter.gesloten.as_deref(), Some("ja" | "true" | "1")),
        groups: KindGroup::ALL
            .iter()
            .map(|g| (g.code(), g.label()))
            .collect(),
        rows,
        total,
    })
}
