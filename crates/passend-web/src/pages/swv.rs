//! The list of SWVs with search and filters, and the page of one SWV.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use passend_core::membership::fold_gemeente;
use passend_core::school::Status;
use passend_core::summary::{KindGroup, yearly_rate};
use passend_core::swv::{Province, Sector, SwvCode};

use super::{ChartView, FindingView, chart_view, pupils_chart};
use crate::error::{AppError, Failure};
use crate::nl;
use crate::routes::{AppState, parse_province, parse_sector};
use crate::snapshot::Snapshot;
use crate::svg::{self, Series};

/// Filters of the SWV list, shared with the API.
#[derive(Deserialize, Default, Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SwvFilter {
    /// Search text: a code in any spelling, a gemeente, a place or a name.
    pub(crate) q: Option<String>,
    /// `po` or `vo`.
    pub(crate) sector: Option<String>,
    /// Province, such as `noord-holland`.
    pub(crate) provincie: Option<String>,
}

/// The SWVs that match a filter, in code order. A search text that is the exact name of
/// a place or municipality finds the SWVs of that place only ("Assen" does not also find
/// Wassenaar); otherwise any part of a name, a PC4 prefix or a code in any spelling.
pub(crate) fn filter_swvs(snap: &Snapshot, filter: &SwvFilter) -> Result<Vec<SwvCode>, AppError> {
    let sector = parse_sector(filter.sector.as_deref())?;
    let province = parse_province(filter.provincie.as_deref())?;
    let query = filter.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
    if query.is_some_and(|q| q.chars().count() > 100) {
        return Err(AppError::BadRequest(
            "De zoektekst is te lang (ten hoogste 100 tekens).".to_owned(),
        ));
    }
    let candidates: Vec<SwvCode> = snap
        .register
        .swvs()
        .filter(|s| sector.is_none_or(|x| s.sector() == x))
        .filter(|s| province.is_none_or(|p| s.province() == Some(p)))
        .collect();
    let Some(q) = query else {
        return Ok(candidates);
    };
    let code = SwvCode::parse(q).ok();
    let folded = fold_gemeente(q);
    let terms = |swv: &SwvCode| snap.search.get(swv);
    let exact: Vec<SwvCode> = candidates
        .iter()
        .copied()
        .filter(|s| {
            code == Some(*s)
                || (!folded.is_empty() && terms(s).is_some_and(|t| t.names.contains(&folded)))
        })
        .collect();
    if !exact.is_empty() {
        return Ok(exact);
    }
    if folded.is_empty() {
        return Ok(Vec::new());
    }
    let digits = q.len() >= 3 && q.chars().all(|c| c.is_ascii_digit());
    Ok(candidates
        .into_iter()
        .filter(|s| {
            fold_gemeente(&s.to_string()).contains(&folded)
                || terms(s).is_some_and(|t| {
                    t.names.iter().any(|n| n.contains(&folded))
                        || (digits && t.pc4s.iter().any(|p| p.starts_with(q)))
                })
        })
        .collect())
}

pub(crate) struct SwvRow {
    code: String,
    dotted: String,
    place: String,
    gemeenten: String,
    open: String,
    pupils: String,
    errors: usize,
    warnings: usize,
}

#[derive(Template)]
#[template(path = "swv_list.html")]
struct SwvListPage {
    nav: &'static str,
    q: String,
    sector: String,
    provincie: String,
    provinces: Vec<(&'static str, &'static str)>,
    rows: Vec<SwvRow>,
}

pub(crate) async fn list(
    State(state): State<AppState>,
    Query(filter): Query<SwvFilter>,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    // Without a filter the list is the same for everyone: rendered once and kept.
    if filter.q.is_none() && filter.sector.is_none() && filter.provincie.is_none() {
        let body = snap
            .pages
            .swv_list
            .get_or_try_insert((), || list_body(snap, filter))?;
        return Ok(crate::cache::html(body));
    }
    list_body(snap, filter).map(crate::cache::html)
}

/// The list of SWVs that match a filter.
fn list_body(snap: &Snapshot, filter: SwvFilter) -> Result<Bytes, Failure> {
    let swvs = filter_swvs(snap, &filter).map_err(AppError::page)?;
    let rows = swvs
        .iter()
        .map(|swv| {
            let summary = &snap.summaries[swv];
            let pupils = summary.pupils();
            let counts = snap.counts_of(*swv);
            let gemeenten = &summary.gemeenten;
            let shown: Vec<&str> = gemeenten.iter().take(4).map(String::as_str).collect();
            let more = gemeenten.len().saturating_sub(shown.len());
            SwvRow {
                code: swv.to_string(),
                dotted: swv.dotted(),
                place: swv
                    .province()
                    .map_or("landelijk".to_owned(), |p| p.name().to_owned()),
                gemeenten: if more > 0 {
                    format!("{} en {more} andere", shown.join(", "))
                } else {
                    shown.join(", ")
                },
                open: nl::number(summary.open_total() as u64),
                pupils: nl::number(pupils.exact),
                errors: counts.error,
                warnings: counts.warning,
            }
        })
        .collect();
    crate::cache::render_body(&SwvListPage {
        nav: "swv",
        q: filter.q.unwrap_or_default(),
        sector: filter.sector.unwrap_or_default().to_ascii_lowercase(),
        provincie: filter.provincie.unwrap_or_default().to_ascii_lowercase(),
        provinces: Province::ALL.iter().map(|p| (p.slug(), p.name())).collect(),
        rows,
    })
}

pub(crate) struct GroupRow {
    label: &'static str,
    open: String,
    pupils: String,
    note: String,
}

pub(crate) struct ParticipationRow {
    label: &'static str,
    here: String,
    national: String,
    note: &'static str,
}

pub(crate) struct MemberRow {
    code: String,
    name: String,
    kind: &'static str,
    class: &'static str,
    place: String,
    pupils: String,
    cluster: String,
    basis: String,
}

#[derive(Template)]
#[template(path = "swv.html")]
struct SwvPage {
    nav: &'static str,
    /// Whether the store holds profiles, so the coverage page exists.
    coverage: bool,
    code: String,
    dotted: String,
    name: Option<String>,
    place: String,
    sector_label: &'static str,
    landelijk: bool,
    figures: Vec<(String, String, String)>,
    map: Option<String>,
    legend: Vec<(&'static str, &'static str)>,
    groups: Vec<GroupRow>,
    peildatum: String,
    participation: Vec<ParticipationRow>,
    participation_chart: Option<ChartView>,
    regular_chart: Option<ChartView>,
    special_chart: Option<ChartView>,
    findings: Vec<FindingView>,
    open_members: Vec<MemberRow>,
    open_caption: String,
    closed_members: Vec<MemberRow>,
    closed_caption: String,
    gemeenten: String,
    pc4_count: usize,
    boards: Vec<(String, String, String)>,
    boards_note: String,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let swv = SwvCode::parse(&raw).map_err(|e| AppError::NotFound(format!("{e}.")).page())?;
    if raw != swv.to_string() {
        return Ok(Redirect::permanent(&format!("/swv/{swv}")).into_response());
    }
    if !snap.summaries.contains_key(&swv) {
        return Err(AppError::NotFound(format!(
            "Samenwerkingsverband {swv} bestaat niet in het register."
        ))
        .page());
    }
    // Everything on the page but this link comes from the immutable part of the
    // snapshot, so the page is rendered once per SWV and kept (see `crate::cache`).
    let coverage = snap.support().is_some() && !swv.is_landelijk();
    let body = snap
        .pages
        .swv_page
        .get_or_try_insert((swv, coverage), || page_body(snap, swv, coverage))?;
    Ok(crate::cache::html(body))
}

/// The page of an SWV that the register has.
fn page_body(snap: &Snapshot, swv: SwvCode, coverage: bool) -> Result<Bytes, Failure> {
    let register = &snap.register;
    let Some(summary) = snap.summaries.get(&swv) else {
        return Err(AppError::NotFound(format!(
            "Samenwerkingsverband {swv} bestaat niet in het register."
        ))
        .page());
    };
    let national = snap
        .national
        .get(&swv.sector())
        .cloned()
        .unwrap_or_default();
    let peildatum = summary
        .groups
        .iter()
        .find_map(|g| g.peildatum)
        .map_or("-".to_owned(), |p| p.dutch());
    let total = summary.pupils();
    let mut figures = vec![
        (
            "Open vestigingen".to_owned(),
            nl::number(summary.open_total() as u64),
            String::new(),
        ),
        (
            "Leerlingen".to_owned(),
            nl::total(total),
            format!("op {peildatum}"),
        ),
    ];
    if summary.pc4_count > 0 {
        figures.push((
            "Inwoners".to_owned(),
            nl::number(summary.inhabitants),
            "1 januari 2024 (CBS)".to_owned(),
        ));
        // The age band of the sector's pupils: under 15 for PO, 15 to 25 for VO.
        let (label, n) = match swv.sector() {
            Sector::Po => ("Jonger dan 15", summary.under_15),
            Sector::Vo => ("15 tot 25 jaar", summary.age_15_to_25),
        };
        figures.push((
            label.to_owned(),
            nl::number(n),
            "1 januari 2024 (CBS)".to_owned(),
        ));
    }
    let counts = snap.counts_of(swv);
    figures.push((
        "Bevindingen".to_owned(),
        format!("{} fouten", counts.error),
        format!(
            "{} waarschuwingen, {} ter informatie",
            counts.warning, counts.info
        ),
    ));

    let groups = summary
        .groups
        .iter()
        .map(|g| GroupRow {
            label: g.group.label(),
            open: nl::number(g.open as u64),
            pupils: nl::total(g.pupils),
            note: if g.without_count > 0 {
                format!("{} zonder telling op deze datum", g.without_count)
            } else {
                String::new()
            },
        })
        .collect();
    let participation = summary
        .participation
        .iter()
        .map(|p| ParticipationRow {
            label: p.label,
            here: p.percent().map_or("–".to_owned(), |x| nl::percent(x, 2)),
            national: national
                .iter()
                .find(|n| n.key == p.key)
                .and_then(|n| n.percent())
                .map_or("–".to_owned(), |x| nl::percent(x, 2)),
            note: p.note,
        })
        .collect();

    let (regular, special) = (
        KindGroup::regular(swv.sector()),
        KindGroup::special(swv.sector()),
    );
    let regular_chart = pupils_chart(
        "c-regular",
        "Leerlingen in het regulier onderwijs per jaar",
        &summary.series,
        regular,
    );
    let special_chart = pupils_chart(
        "c-special",
        "Leerlingen in het speciaal (basis)onderwijs per jaar",
        &summary.series,
        special,
    );
    let participation_chart = if swv.sector() == Sector::Po {
        participation_chart(
            summary,
            snap.national_series
                .get(&Sector::Po)
                .map(Vec::as_slice)
                .unwrap_or(&[]),
        )
    } else {
        None
    };

    let member_row = |v: &passend_core::register::Vestiging, basis: String| MemberRow {
        code: v.code.to_string(),
        name: v.name.clone(),
        kind: KindGroup::of(v.kind).short(),
        class: svg::group_class(KindGroup::of(v.kind)),
        place: v.place.clone().unwrap_or_default(),
        pupils: v.latest_count().map_or("–".to_owned(), |c| {
            format!("{} ({})", c.count, c.peildatum.year())
        }),
        cluster: v.cluster.as_ref().map_or(String::new(), |c| {
            if c.is_known() {
                c.clusters.to_string()
            } else {
                "onbekend".to_owned()
            }
        }),
        basis,
    };
    let mut members: Vec<(&passend_core::register::Vestiging, String)> = register
        .members(swv)
        .map(|(v, m)| {
            (
                v,
                match &m.basis {
                    passend_core::register::MembershipBasis::Pc4(pc4) => format!("PC4 {pc4}"),
                    other => other.explain(),
                },
            )
        })
        .collect();
    members.sort_by(|a, b| {
        (KindGroup::of(a.0.kind), &a.0.name).cmp(&(KindGroup::of(b.0.kind), &b.0.name))
    });
    let open_members: Vec<MemberRow> = members
        .iter()
        .filter(|(v, _)| v.status == Status::Open)
        .map(|(v, b)| member_row(v, b.clone()))
        .collect();
    let closed_members: Vec<MemberRow> = members
        .iter()
        .filter(|(v, _)| v.status == Status::Closed)
        .map(|(v, b)| member_row(v, b.clone()))
        .collect();

    let map_data = snap.maps.get(&swv.sector());
    let map = map_data.and_then(|m| svg::swv_map(m, register, swv));
    let legend = KindGroup::for_sector(swv.sector())
        .iter()
        .map(|g| (svg::group_class(*g), g.label()))
        .collect();

    crate::cache::render_body(&SwvPage {
        nav: "swv",
        coverage,
        code: swv.to_string(),
        dotted: swv.dotted(),
        name: register.swv_name(swv).map(str::to_owned),
        place: swv
            .province()
            .map_or("landelijk samenwerkingsverband".to_owned(), |p| {
                p.name().to_owned()
            }),
        sector_label: swv.sector().label(),
        landelijk: swv.is_landelijk(),
        figures,
        map,
        legend,
        groups,
        peildatum,
        participation,
        participation_chart,
        regular_chart,
        special_chart,
        findings: snap
            .findings_of(swv)
            .iter()
            .map(FindingView::from)
            .collect(),
        open_caption: format!("{} open vestigingen", open_members.len()),
        open_members,
        closed_caption: format!("{} gesloten vestigingen", closed_members.len()),
        closed_members,
        gemeenten: summary.gemeenten.join(", "),
        pc4_count: summary.pc4_count,
        boards: summary
            .boards
            .iter()
            .map(|b| {
                let kinds: Vec<String> = b
                    .open
                    .iter()
                    .map(|(g, n)| format!("{n} {}", g.short()))
                    .collect();
                (
                    b.board.to_string(),
                    nl::number(b.open_total() as u64),
                    kinds.join(", "),
                )
            })
            .collect(),
        boards_note: if summary.without_board > 0 {
            format!(
                "{} open vestigingen zonder bekend bestuur.",
                summary.without_board
            )
        } else {
            String::new()
        },
    })
}

/// SBO and SO participation per year, this SWV against the country.
fn participation_chart(
    summary: &passend_core::summary::SwvSummary,
    national: &[passend_core::summary::YearTotals],
) -> Option<ChartView> {
    let rate =
        |series: &[passend_core::summary::YearTotals], group: KindGroup| -> Vec<(i16, f64)> {
            yearly_rate(series, group)
                .into_iter()
                .map(|(p, r)| (p.year(), r))
                .collect()
        };
    let lines = vec![
        Series {
            label: "SBO, dit samenwerkingsverband".to_owned(),
            class: "s0",
            points: rate(&summary.series, KindGroup::Sbo),
        },
        Series {
            label: "SBO, landelijk".to_owned(),
            class: "s2",
            points: rate(national, KindGroup::Sbo),
        },
        Series {
            label: "SO, dit samenwerkingsverband".to_owned(),
            class: "s1",
            points: rate(&summary.series, KindGroup::So),
        },
        Series {
            label: "SO, landelijk".to_owned(),
            class: "s3",
            points: rate(national, KindGroup::So),
        },
    ];
    if lines[0].points.len() < 2 {
        return None;
    }
    Some(chart_view(
        "c-part",
        "Deelname SBO en SO per jaar, dit samenwerkingsverband en landelijk",
        lines,
        &svg::percent_label,
        &|v| nl::percent(v, 2),
    ))
}
