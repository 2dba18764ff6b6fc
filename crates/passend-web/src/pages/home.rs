//! The national overview.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use passend_core::composition::{SeverityCounts, concerns_sector};
use passend_core::summary::national_groups;
use passend_core::swv::Sector;

use crate::error::Failure;
use crate::nl;
use crate::routes::{AppState, parse_sector};
use crate::snapshot::Snapshot;
use crate::svg;

#[derive(Deserialize)]
pub(crate) struct HomeQuery {
    sector: Option<String>,
}

pub(crate) struct Figure {
    label: String,
    value: String,
    note: String,
}

pub(crate) struct ParticipationRow {
    label: String,
    value: String,
    note: String,
}

pub(crate) struct WorstRow {
    code: String,
    dotted: String,
    place: String,
    errors: usize,
    warnings: usize,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    nav: &'static str,
    sector: &'static str,
    sector_label: &'static str,
    map: String,
    figures: Vec<Figure>,
    participation: Vec<ParticipationRow>,
    participation_date: String,
    worst: Vec<WorstRow>,
    errors: usize,
    warnings: usize,
    swv_count: usize,
    imported_at: String,
}

pub(crate) async fn home(
    State(state): State<AppState>,
    Query(q): Query<HomeQuery>,
) -> Result<Response, Failure> {
    let sector = parse_sector(q.sector.as_deref())
        .map_err(|e| e.page())?
        .unwrap_or(Sector::Po);
    let snap = &state.snapshot;
    // The overview depends only on the register and the sector: rendered once and kept.
    let body = snap
        .pages
        .home
        .get_or_try_insert(sector, || home_body(snap, sector))?;
    Ok(crate::cache::html(body))
}

/// The overview of one sector.
fn home_body(snap: &Snapshot, sector: Sector) -> Result<Bytes, Failure> {
    let register = &snap.register;
    let sector_label = sector.label();
    let map = snap
        .maps
        .get(&sector)
        .map(|m| {
            svg::national_map(
                m,
                register,
                &format!("Kaart van de samenwerkingsverbanden {sector_label}"),
            )
        })
        .unwrap_or_default();

    let figures = national_groups(register)
        .iter()
        .map(|g| Figure {
            label: g.group.label().to_owned(),
            value: nl::number(g.open as u64),
            note: g.peildatum.map_or(String::new(), |p| {
                format!("{} leerlingen op {}", nl::total(g.pupils), p.dutch())
            }),
        })
        .collect();

    let national = snap.national.get(&sector).cloned().unwrap_or_default();
    let participation_date = national
        .first()
        .map(|p| p.peildatum.dutch())
        .unwrap_or_default();
    let participation = national
        .iter()
        .map(|p| ParticipationRow {
            label: p.label.to_owned(),
            value: p.percent().map_or("–".to_owned(), |x| nl::percent(x, 2)),
            note: p.note.to_owned(),
        })
        .collect();

    let swvs: Vec<_> = register.swvs().filter(|s| s.sector() == sector).collect();
    let mut worst: Vec<WorstRow> = swvs
        .iter()
        .map(|swv| {
            let c = snap.counts_of(*swv);
            WorstRow {
                code: swv.to_string(),
                dotted: swv.dotted(),
                place: swv
                    .province()
                    .map_or("landelijk".to_owned(), |p| p.name().to_owned()),
                errors: c.error,
                warnings: c.warning,
            }
        })
        .filter(|r| r.errors + r.warnings > 0)
        .collect();
    worst.sort_by(|a, b| (b.errors, b.warnings, &a.code).cmp(&(a.errors, a.warnings, &b.code)));
    worst.truncate(10);
    let totals = SeverityCounts::of(
        snap.findings
            .iter()
            .filter(|f| concerns_sector(f, register, sector)),
    );

    crate::cache::render_body(&HomePage {
        nav: "",
        sector: sector.code(),
        sector_label,
        map,
        figures,
        participation,
        participation_date,
        worst,
        errors: totals.error,
        warnings: totals.warning,
        swv_count: swvs.len(),
        imported_at: snap
            .import
            .run
            .as_ref()
            .map(|r| nl::timestamp(r.finished_at))
            .unwrap_or_else(|| "onbekend".to_owned()),
    })
}
