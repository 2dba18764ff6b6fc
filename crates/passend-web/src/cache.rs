//! Rendered bodies of the pages that depend only on the immutable part of the
//! [`Snapshot`](crate::snapshot::Snapshot), kept after the first request.
//!
//! The register, the findings, the summaries and the map outlines never change while the
//! server runs, so the page of an SWV (about 3 ms to render for the largest: its map,
//! charts and member tables), its API JSON, the SWV list without a filter and the
//! national overview are the same for every visitor: the header shows no login state.
//! They are rendered once and served as shared bytes.
//!
//! What may change while serving is the support state (the profile editor replaces it,
//! see [`Snapshot::replace_profiles`](crate::snapshot::Snapshot::replace_profiles)). No
//! body kept here reads the profiles; the SWV page only asks whether there is a support
//! state at all (for the link to its coverage page), and that answer is part of its key.
//! A page that shows profiles (the school page, the coverage pages) is not kept here.
//!
//! Keys come from bounded sets (the SWVs of the register, the two sectors), so the cache
//! cannot grow with what visitors type; only successful renders are kept.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, PoisonError};

use askama::Template;
use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};

use passend_core::swv::{Sector, SwvCode};

use crate::error::{AppError, Failure};

/// Bodies by key, each made on first use.
pub(crate) struct Memo<K> {
    bodies: Mutex<HashMap<K, Bytes>>,
}

impl<K> Default for Memo<K> {
    fn default() -> Memo<K> {
        Memo {
            bodies: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash> Memo<K> {
    /// The body of `key`, made by `make` if it is not kept yet. `make` runs without the
    /// lock held, so a slow render never blocks requests for other keys; two requests
    /// that miss at once both render, and the first one kept wins. An error is returned
    /// and not kept.
    pub(crate) fn get_or_try_insert<E>(
        &self,
        key: K,
        make: impl FnOnce() -> Result<Bytes, E>,
    ) -> Result<Bytes, E> {
        if let Some(body) = self.lock().get(&key) {
            return Ok(body.clone());
        }
        let body = make()?;
        Ok(self.lock().entry(key).or_insert(body).clone())
    }

    /// How many bodies are kept.
    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<K, Bytes>> {
        self.bodies.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The kept bodies of one snapshot.
#[derive(Default)]
pub(crate) struct PageCache {
    /// `/swv/{code}`, by SWV and whether its coverage link is shown.
    pub(crate) swv_page: Memo<(SwvCode, bool)>,
    /// `/api/v1/swv/{code}`.
    pub(crate) swv_json: Memo<SwvCode>,
    /// `/swv` without any filter.
    pub(crate) swv_list: Memo<()>,
    /// `/`, by sector.
    pub(crate) home: Memo<Sector>,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("swv_page", &self.swv_page.len())
            .field("swv_json", &self.swv_json.len())
            .field("swv_list", &self.swv_list.len())
            .field("home", &self.home.len())
            .finish()
    }
}

/// Renders a template into bytes, with the same error as `pages::render`.
pub(crate) fn render_body(template: &impl Template) -> Result<Bytes, Failure> {
    template
        .render()
        .map(Bytes::from)
        .map_err(|e| AppError::Internal(format!("template: {e}")).page())
}

/// A kept HTML body as a response, with the headers `Html` gives.
pub(crate) fn html(body: Bytes) -> Response {
    Html(body).into_response()
}

/// A kept JSON body as a response, with the headers `axum::Json` gives.
pub(crate) fn json(body: Bytes) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests;
