//! The sources page (with the attributions the CC BY licences ask for) and the API page.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::render;
use crate::error::Failure;
use crate::nl;
use crate::routes::AppState;

pub(crate) struct SourceRow {
    title: &'static str,
    publisher: &'static str,
    date: &'static str,
    licence: &'static str,
    attribution: Option<&'static str>,
    provenance: &'static str,
    used_for: &'static str,
    path: &'static str,
    sha256: String,
}

#[derive(Template)]
#[template(path = "sources.html")]
struct SourcesPage {
    nav: &'static str,
    rows: Vec<SourceRow>,
    imported_at: String,
}

pub(crate) async fn sources(State(state): State<AppState>) -> Result<Response, Failure> {
    let files = &state.snapshot.import.files;
    let rows = passend_import::SOURCES
        .iter()
        .map(|s| SourceRow {
            title: s.title,
            publisher: s.publisher,
            date: s.date,
            licence: s.licence,
            attribution: s.attribution,
            provenance: s.provenance,
            used_for: s.used_for,
            path: s.path,
            sha256: files.iter().find(|f| f.key == s.key).map_or_else(
                || "niet ingelezen".to_owned(),
                |f| f.sha256.chars().take(16).collect(),
            ),
        })
        .collect();
    render(&SourcesPage {
        nav: "bronnen",
        rows,
        imported_at: state
            .snapshot
            .import
            .run
            .as_ref()
            .map_or("onbekend".to_owned(), |r| nl::timestamp(r.finished_at)),
    })
}

pub(crate) struct Endpoint {
    method: &'static str,
    path: String,
    summary: String,
}

#[derive(Template)]
#[template(path = "api.html")]
struct ApiPage {
    nav: &'static str,
    endpoints: Vec<Endpoint>,
}

pub(crate) async fn api(State(_state): State<AppState>) -> Result<Response, Failure> {
    let doc = crate::api::openapi();
    let mut endpoints = Vec::new();
    for (path, item) in &doc.paths.paths {
        if let Some(op) = &item.get {
            endpoints.push(Endpoint {
                method: "GET",
                path: path.clone(),
                summary: op
                    .summary
                    .clone()
                    .or_else(|| op.description.clone())
                    .unwrap_or_default(),
            });
        }
    }
    render(&ApiPage {
        nav: "api",
        endpoints,
    })
}
