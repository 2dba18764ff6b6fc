//! All findings of the composition check and the import, with filters.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use serde::Deserialize;

use passend_core::composition::{Finding, Rule, Severity, SeverityCounts};
use passend_core::swv::SwvCode;

use super::{FindingView, render};
use crate::error::{AppError, Failure};
use crate::routes::AppState;
use crate::snapshot::Snapshot;

/// Filters of the findings list, shared with the API.
#[derive(Deserialize, Default, Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct FindingFilter {
    /// SWV code in any spelling.
    pub(crate) swv: Option<String>,
    /// Lowest severity to show: `error`, `warning` or `info`.
    pub(crate) ernst: Option<String>,
    /// Rule id, such as `po_missing_sbo`.
    pub(crate) regel: Option<String>,
}

/// The findings that match.
pub(crate) fn filter_findings<'a>(
    snap: &'a Snapshot,
    filter: &FindingFilter,
) -> Result<Vec<&'a Finding>, AppError> {
    let swv = match filter
        .swv
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => {
            let code = SwvCode::parse(s).map_err(|e| AppError::BadRequest(format!("{e}.")))?;
            if !snap.register.has_swv(code) {
                return Err(AppError::NotFound(format!(
                    "Samenwerkingsverband {code} bestaat niet in het register."
                )));
            }
            Some(code)
        }
    };
    let min = match filter.ernst.as_deref().filter(|s| !s.is_empty()) {
        None => Severity::Info,
        Some(s) => Severity::from_code(s).ok_or_else(|| {
            AppError::BadRequest(format!(
                "Onbekende ernst '{s}': kies error, warning of info."
            ))
        })?,
    };
    let rule = match filter.regel.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            Rule::from_id(s)
                .ok_or_else(|| AppError::BadRequest(format!("Onbekende regel '{s}'.")))?,
        ),
    };
    Ok(snap
        .findings
        .iter()
        .filter(|f| swv.is_none_or(|s| f.swv == Some(s)))
        .filter(|f| f.severity <= min)
        .filter(|f| rule.is_none_or(|r| f.rule == r))
        .collect())
}

pub(crate) struct Group {
    swv: Option<String>,
    dotted: String,
    findings: Vec<FindingView>,
}

#[derive(Template)]
#[template(path = "findings.html")]
struct FindingsPage {
    nav: &'static str,
    swv: String,
    ernst: String,
    regel: String,
    rules: Vec<(&'static str, &'static str)>,
    groups: Vec<Group>,
    counts: SeverityCounts,
    query: String,
}

pub(crate) async fn page(
    State(state): State<AppState>,
    Query(filter): Query<FindingFilter>,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let findings = filter_findings(snap, &filter).map_err(AppError::page)?;
    let counts = SeverityCounts::of(findings.iter().copied());
    let mut groups: Vec<Group> = Vec::new();
    for f in findings {
        let key = f.swv.map(|s| s.to_string());
        if groups.last().is_none_or(|g| g.swv != key) {
            groups.push(Group {
                swv: key.clone(),
                dotted: f
                    .swv
                    .map_or("Zonder samenwerkingsverband".to_owned(), |s| s.dotted()),
                findings: Vec::new(),
            });
        }
        if let Some(g) = groups.last_mut() {
            g.findings.push(FindingView::from(f));
        }
    }
    let pairs = [
        ("swv", &filter.swv),
        ("ernst", &filter.ernst),
        ("regel", &filter.regel),
    ];
    let query: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| {
            v.as_deref()
                .filter(|v| !v.is_empty())
                .map(|v| format!("{k}={}", urlencode(v)))
        })
        .collect();
    render(&FindingsPage {
        nav: "controle",
        swv: filter.swv.clone().unwrap_or_default(),
        ernst: filter.ernst.clone().unwrap_or_default(),
        regel: filter.regel.clone().unwrap_or_default(),
        rules: Rule::ALL.iter().map(|r| (r.id(), r.title())).collect(),
        groups,
        counts,
        query: if query.is_empty() {
            String::new()
        } else {
            format!("?{}", query.join("&"))
        },
    })
}

/// Percent-encodes a query value.
fn urlencode(value: &str) -> String {
    let mut out = String::new();
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
