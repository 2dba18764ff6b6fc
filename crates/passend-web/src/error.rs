//! The one error type at the web edge: a Dutch message for people, a stable code for
//! programs, a request id to find the log entry, and no internals in the response.
//!
//! Handlers return [`Failure`]; it becomes an empty response carrying an
//! [`ErrorInfo`] extension, and the [`render_errors`] middleware, which knows the
//! request id, renders it as an HTML page or a JSON body.

use askama::Template;
use axum::Json;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};

use crate::dto::{ErrorBodyDto, ErrorDto};

/// What went wrong while handling a request.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The thing asked for does not exist.
    #[error("{0}")]
    NotFound(String),
    /// The request is malformed; the message says what to change.
    #[error("{0}")]
    BadRequest(String),
    /// The request may not do this (a form posted from elsewhere).
    #[error("{0}")]
    Forbidden(String),
    /// A bug or an unavailable resource; details go to the log only.
    #[error("interne fout: {0}")]
    Internal(String),
}

/// Whether the error is rendered as a page (HTML) or for the API (JSON).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavour {
    /// An HTML page.
    Page,
    /// A JSON body.
    Api,
}

/// An error with the way it must be shown.
#[derive(Debug)]
pub struct Failure {
    /// The error.
    pub error: AppError,
    /// HTML or JSON.
    pub flavour: Flavour,
}

impl AppError {
    /// Shown as a page.
    pub fn page(self) -> Failure {
        Failure {
            error: self,
            flavour: Flavour::Page,
        }
    }

    /// Shown as API JSON.
    pub fn api(self) -> Failure {
        Failure {
            error: self,
            flavour: Flavour::Api,
        }
    }

    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            AppError::NotFound(_) => "not_found",
            AppError::BadRequest(_) => "bad_request",
            AppError::Forbidden(_) => "forbidden",
            AppError::Internal(_) => "internal",
        }
    }

    /// The message shown to people: never internal details.
    fn public_message(&self) -> String {
        match self {
            AppError::NotFound(m) | AppError::BadRequest(m) | AppError::Forbidden(m) => {
                m.clone()
            }
            AppError::Internal(_) => {
                "Er ging iets mis aan onze kant. Probeer het later opnieuw en noem het verzoeknummer als u contact opneemt."
                    .to_owned()
            }
        }
    }
}

/// The error as it travels from the handler to [`render_errors`].
#[derive(Clone, Debug)]
pub struct ErrorInfo {
    status: StatusCode,
    code: &'static str,
    message: String,
    flavour: Flavour,
    detail: String,
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let info = ErrorInfo {
            status: self.error.status(),
            code: self.error.code(),
            message: self.error.public_message(),
            flavour: self.flavour,
            detail: self.error.to_string(),
        };
        let mut response = info.status.into_response();
        response.extensions_mut().insert(info);
        response
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    nav: &'static str,
    status: u16,
    title: &'static str,
    message: String,
    request_id: String,
}

/// Marks an error response whose body the handler rendered itself (a form shown again
/// with its mistakes), so that [`render_errors`] leaves it as it is.
#[derive(Clone, Copy, Debug)]
pub(crate) struct OwnBody;

/// The header that carries the request id.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Renders every error response, including the router's own 404 and 405, with the
/// request id; API paths get JSON, all others a Dutch page.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let request_id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_owned();
    let is_api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error())
        || response.extensions().get::<OwnBody>().is_some()
    {
        return response;
    }
    let info = match response.extensions().get::<ErrorInfo>() {
        Some(info) => info.clone(),
        None => {
            let (code, message) = match status {
                StatusCode::NOT_FOUND if is_api => (
                    "not_found",
                    "Dit eindpunt van de API bestaat niet; zie /api/v1/openapi.json.".to_owned(),
                ),
                StatusCode::NOT_FOUND => ("not_found", "Deze pagina bestaat niet.".to_owned()),
                StatusCode::METHOD_NOT_ALLOWED => (
                    "method_not_allowed",
                    "Deze handeling is hier niet toegestaan.".to_owned(),
                ),
                StatusCode::PAYLOAD_TOO_LARGE => {
                    ("payload_too_large", "Het verzoek is te groot.".to_owned())
                }
                StatusCode::REQUEST_TIMEOUT => {
                    ("timeout", "Het verzoek duurde te lang.".to_owned())
                }
                s if s.is_client_error() => (
                    "bad_request",
                    "Dit verzoek kan niet worden verwerkt.".to_owned(),
                ),
                _ => ("internal", "Er ging iets mis aan onze kant.".to_owned()),
            };
            let flavour = if is_api { Flavour::Api } else { Flavour::Page };
            ErrorInfo {
                status,
                code,
                message,
                flavour,
                detail: String::new(),
            }
        }
    };
    if status.is_server_error() {
        tracing::error!(request_id = %request_id, detail = %info.detail, "request failed");
    }
    let mut rendered = match info.flavour {
        Flavour::Api => {
            let body = ErrorDto {
                error: ErrorBodyDto {
                    code: info.code.to_owned(),
                    message: info.message,
                    request_id: request_id.clone(),
                },
            };
            (status, Json(body)).into_response()
        }
        Flavour::Page => {
            let title = match status {
                StatusCode::NOT_FOUND => "Niet gevonden",
                s if s.is_client_error() => "Dit kan niet",
                _ => "Er ging iets mis",
            };
            let page = ErrorPage {
                nav: "",
                status: status.as_u16(),
                title,
                message: info.message,
                request_id: request_id.clone(),
            };
            match page.render() {
                Ok(html) => (status, Html(html)).into_response(),
                Err(_) => (status, "Er ging iets mis.").into_response(),
            }
        }
    };
    // Keep the headers other layers set (security headers come later, on the way out).
    for (name, value) in response.headers() {
        if name != axum::http::header::CONTENT_TYPE && name != axum::http::header::CONTENT_LENGTH {
            rendered.headers_mut().insert(name.clone(), value.clone());
        }
    }
    rendered
}
