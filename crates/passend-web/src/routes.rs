//! The one routing table, the shared state, and the layers every request passes.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Request, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use passend_core::swv::{Province, Sector};

use crate::error::{AppError, REQUEST_ID_HEADER, render_errors};
use crate::snapshot::Snapshot;
use crate::{api, pages};

/// The state every handler reads.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The register and everything computed from it.
    pub snapshot: Arc<Snapshot>,
    /// The profile editor, when `serve --bewerken` switched it on.
    pub editor: Option<Arc<crate::pages::editor::Editor>>,
    /// Accounts and sessions, when the server has a store to keep them in.
    pub accounts: Option<Arc<crate::pages::account::Accounts>>,
}

impl AppState {
    /// Switches logging in on.
    pub fn with_accounts(mut self, accounts: crate::pages::account::Accounts) -> AppState {
        self.accounts = Some(Arc::new(accounts));
        self
    }
}

/// Parses the `sector` filter: empty is none, else `po` or `vo`.
pub(crate) fn parse_sector(value: Option<&str>) -> Result<Option<Sector>, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Sector::parse(s)
            .map(Some)
            .ok_or_else(|| AppError::BadRequest(format!("Onbekende sector '{s}': kies po of vo."))),
    }
}

/// Parses the `provincie` filter.
pub(crate) fn parse_province(value: Option<&str>) -> Result<Option<Province>, AppError> {
    match value.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => Province::parse(s)
            .map(Some)
            .ok_or_else(|| AppError::BadRequest(format!("Onbekende provincie '{s}'."))),
    }
}

/// Request ids: a per-process prefix and a counter, unique enough to find a log line.
#[derive(Clone)]
struct RequestIds {
    prefix: u64,
    counter: Arc<AtomicU64>,
}

impl MakeRequestId for RequestIds {
    fn make_request_id<B>(&mut self, _request: &Request<B>) -> Option<RequestId> {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        HeaderValue::from_str(&format!("{:06x}-{n:06}", self.prefix & 0xff_ffff))
            .ok()
            .map(RequestId::new)
    }
}

const STYLE: &str = include_str!("../static/style.css");

/// The Content-Security-Policy: no scripts at all, styles and images from this origin
/// only, never framed.
const CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// Builds the application.
pub fn app(state: AppState) -> Router {
    let request_id = HeaderName::from_static(REQUEST_ID_HEADER);
    let ids = RequestIds {
        prefix: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0),
        counter: Arc::new(AtomicU64::new(1)),
    };
    Router::new()
        .route("/", get(pages::home::home))
        .route("/swv", get(pages::swv::list))
        .route("/swv/{code}", get(pages::swv::page))
        .route("/swv/{code}/dekking", get(pages::coverage::page))
        .route(
            "/swv/{code}/begroting",
            get(pages::budget::page).post(pages::budget::post),
        )
        .route(
            "/swv/{code}/meerjarenbegroting",
            get(pages::budget::years_page),
        )
        .route("/dekking", get(pages::coverage::national))
        .route("/scholen", get(pages::school::search))
        .route("/school/{code}", get(pages::school::page))
        .route(
            "/school/{code}/profiel",
            get(pages::editor::form).post(pages::editor::save),
        )
        .route("/controle", get(pages::findings::page))
        .route(
            "/inloggen",
            get(pages::account::login_form).post(pages::account::login),
        )
        .route("/uitloggen", post(pages::account::logout))
        .route("/account", get(pages::account::page))
        .route("/swv/{code}/auditlog", get(pages::audit::page))
        .route("/swv/{code}/zoeken", get(pages::placement::finder_page))
        .route("/bronnen", get(pages::info::sources))
        .route("/api", get(pages::info::api))
        .route("/api/v1/openapi.json", get(api::openapi_json))
        .route("/api/v1/swv", get(api::list_swvs))
        .route("/api/v1/swv/{code}", get(api::get_swv))
        .route("/api/v1/swv/{code}/findings", get(api::get_swv_findings))
        .route("/api/v1/schools", get(api::list_schools))
        .route("/api/v1/schools/{code}", get(api::get_school))
        .route("/api/v1/findings", get(api::list_findings))
        .route("/api/v1/sources", get(api::list_sources))
        .route("/api/v1/swv/{code}/coverage", get(api::get_swv_coverage))
        .route("/api/v1/coverage", get(api::get_national_coverage))
        .route("/api/v1/swv/{code}/budget", get(pages::budget::api))
        .route("/healthz", get(api::healthz))
        .route(
            "/static/style.css",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/css; charset=utf-8"),
                        (header::CACHE_CONTROL, "public, max-age=3600"),
                    ],
                    STYLE,
                )
                    .into_response()
            }),
        )
        .layer(tower_http::limit::RequestBodyLimitLayer::new(64 * 1024))
        // An instance file for placement is larger than any form: this route alone
        // takes up to 16 MB.
        .merge(
            Router::new()
                .route(
                    "/swv/{code}/plaatsing",
                    get(pages::placement::placement_form).post(pages::placement::placement_run),
                )
                .layer(axum::extract::DefaultBodyLimit::max(
                    pages::placement::MAX_UPLOAD + 64 * 1024,
                ))
                .layer(tower_http::limit::RequestBodyLimitLayer::new(
                    pages::placement::MAX_UPLOAD + 64 * 1024,
                )),
        )
        .with_state(state)
        // Layers run bottom-up on the way in: the id is set first, errors rendered last.
        .layer(axum::middleware::from_fn(render_errors))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CSP),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            // Not `no-referrer`: under it browsers send `Origin: null` with a form post,
            // and the forms check their origin. `same-origin` still sends nothing to
            // other sites.
            HeaderValue::from_static("same-origin"),
        ))
        .layer(tower_http::timeout::TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(SetRequestIdLayer::new(request_id, ids))
}
