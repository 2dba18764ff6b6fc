//! `/swv/{code}/auditlog`: the audit log as the SWV's administrator searches it.
//!
//! The administrator sees the SWV's entries and the entries without an SWV (logins,
//! account changes) by or about the SWV's users; nothing of other SWVs. Looking is itself
//! an access to data about persons, so every view is recorded in the audit log too.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use passend_core::access::{Action, Decision, Principal, Resource, decide};
use passend_core::retention::Category;
use passend_core::swv::SwvCode;
use passend_store::{AuditEvent, AuditFilter, AuditScope};

use super::render;
use crate::error::{AppError, Failure};
use crate::nl;
use crate::routes::AppState;

/// Entries per page.
const PAGE: u32 = 100;

/// The search form's fields, all optional.
#[derive(Deserialize, Default, Debug)]
pub(crate) struct AuditQuery {
    /// A user name (`jansen`) or an actor as stored (`opdrachtregel`).
    wie: Option<String>,
    /// A record (`gebruiker:jansen`, `profiel:00AA00`).
    record: Option<String>,
    /// An action (`ingelogd`).
    actie: Option<String>,
    /// From this date (inclusive), `JJJJ-MM-DD`.
    van: Option<String>,
    /// Up to and including this date, `JJJJ-MM-DD`.
    tot: Option<String>,
    /// Older than this entry (the next page).
    voor: Option<String>,
}

struct Row {
    seq: i64,
    at: String,
    actor: String,
    action: String,
    record: String,
    purpose: String,
    detail: String,
}

#[derive(Template)]
#[template(path = "auditlog.html")]
struct AuditPage {
    nav: &'static str,
    swv: String,
    swv_code: String,
    wie: String,
    record: String,
    actie: String,
    van: String,
    tot: String,
    rows: Vec<Row>,
    older: Option<String>,
    filtered: bool,
    retention: String,
    checkpoint: Option<String>,
}

fn text_field(name: &str, value: Option<&str>) -> Result<Option<String>, AppError> {
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    match value {
        Some(v) if v.chars().count() > 100 => Err(AppError::BadRequest(format!(
            "Het veld '{name}' is te lang (ten hoogste 100 tekens)."
        ))),
        Some(v) if v.chars().any(char::is_control) => Err(AppError::BadRequest(format!(
            "Het veld '{name}' bevat tekens die niet in een zoekterm horen."
        ))),
        v => Ok(v.map(str::to_owned)),
    }
}

fn date_field(name: &str, value: Option<&str>) -> Result<Option<jiff::civil::Date>, AppError> {
    text_field(name, value)?
        .map(|v| {
            v.parse::<jiff::civil::Date>().map_err(|_| {
                AppError::BadRequest(format!(
                    "'{v}' in het veld '{name}' is geen datum; schrijf bijvoorbeeld 2026-11-28."
                ))
            })
        })
        .transpose()
}

fn start_of_day(d: jiff::civil::Date) -> Result<jiff::Timestamp, AppError> {
    d.to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .map(|z| z.timestamp())
        .map_err(|_| AppError::BadRequest("Die datum ligt buiten het bereik.".to_owned()))
}

/// `GET /swv/{code}/auditlog`.
pub(crate) async fn page(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(query): Query<AuditQuery>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let Some(accounts) = state.accounts.as_deref() else {
        return Err(
            AppError::NotFound("Inloggen is op deze server niet ingeschakeld.".to_owned()).page(),
        );
    };
    let swv = SwvCode::parse(&code).map_err(|e| AppError::NotFound(e.to_string()).page())?;
    if !state.snapshot.register.has_swv(swv) {
        return Err(AppError::NotFound(format!(
            "Samenwerkingsverband {} bestaat niet in het register.",
            swv.dotted()
        ))
        .page());
    }
    let session = super::account::session(&state, &headers);
    let principal = session
        .as_ref()
        .map_or_else(Principal::anonymous, |s| Principal {
            user: Some(s.user.id),
            grants: s.user.grants.clone(),
        });
    let session = match (
        decide(&principal, Action::View, &Resource::AuditLog(swv)),
        session,
    ) {
        (Decision::Allow, Some(s)) => s,
        (Decision::LoginRequired, _) | (Decision::Allow, None) => {
            return Ok(Redirect::to("/inloggen").into_response());
        }
        (Decision::NotFound, _) => {
            return Err(AppError::NotFound("Deze pagina bestaat niet.".to_owned()).page());
        }
        (Decision::Forbidden, _) => {
            return Err(AppError::Forbidden(format!(
                "Alleen een beheerder van {} kan het auditlog inzien.",
                swv.dotted()
            ))
            .page());
        }
    };

    let wie = text_field("wie", query.wie.as_deref()).map_err(AppError::page)?;
    let record = text_field("record", query.record.as_deref()).map_err(AppError::page)?;
    let actie = text_field("actie", query.actie.as_deref()).map_err(AppError::page)?;
    let van = date_field("van", query.van.as_deref()).map_err(AppError::page)?;
    let tot = date_field("tot", query.tot.as_deref()).map_err(AppError::page)?;
    let until = tot
        .map(|d| {
            d.tomorrow()
                .map_err(|_| AppError::BadRequest("Die datum ligt buiten het bereik.".to_owned()))
                .and_then(start_of_day)
        })
        .transpose()
        .map_err(AppError::page)?;
    let from = van.map(start_of_day).transpose().map_err(AppError::page)?;
    let before = text_field("voor", query.voor.as_deref())
        .map_err(AppError::page)?
        .map(|v| {
            v.parse::<i64>().map_err(|_| {
                AppError::BadRequest(format!("'{v}' in het veld 'voor' is geen regelnummer."))
            })
        })
        .transpose()
        .map_err(AppError::page)?;

    let store = accounts.store().clone();
    let users: Vec<String> = store
        .users()
        .map_err(|e| AppError::Internal(format!("gebruikers: {e}")).page())?
        .into_iter()
        .filter(|u| u.grants.iter().any(|g| g.swv == swv))
        .map(|u| format!("gebruiker:{}", u.username))
        .collect();
    // A bare name means that user; anything with a colon (or `opdrachtregel`, `anoniem`)
    // is an actor as stored.
    let actor = wie.as_ref().map(|w| {
        if w.contains(':') || w == "opdrachtregel" || w == "anoniem" {
            w.clone()
        } else {
            format!("gebruiker:{}", w.to_lowercase())
        }
    });
    let filter = AuditFilter {
        actor,
        record: record.clone(),
        action: actie.clone(),
        from,
        until,
        before_seq: before,
        scope: Some(AuditScope { swv, users }),
        limit: Some(PAGE + 1),
        ..AuditFilter::default()
    };
    let mut entries = store
        .audit_entries(&filter)
        .map_err(|e| AppError::Internal(format!("auditlog: {e}")).page())?;
    let more = entries.len() > PAGE as usize;
    entries.truncate(PAGE as usize);

    let filtered =
        wie.is_some() || record.is_some() || actie.is_some() || van.is_some() || tot.is_some();
    let described = [
        wie.as_ref().map(|v| format!("wie {v}")),
        record.as_ref().map(|v| format!("record {v}")),
        actie.as_ref().map(|v| format!("actie {v}")),
        van.map(|v| format!("van {v}")),
        tot.map(|v| format!("tot en met {v}")),
        before.map(|v| format!("ouder dan regel {v}")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    store
        .audit(&AuditEvent {
            at: jiff::Timestamp::now(),
            actor: format!("gebruiker:{}", session.user.username),
            action: "auditlog_bekeken".to_owned(),
            record: format!("auditlog:{swv}"),
            purpose: "toezicht op de verwerking (AVG art. 5 lid 2, verantwoordingsplicht)"
                .to_owned(),
            swv: Some(swv),
            detail: if described.is_empty() {
                format!("{} regels getoond", entries.len())
            } else {
                format!("{} regels getoond; gezocht op {described}", entries.len())
            },
        })
        .map_err(|e| AppError::Internal(format!("auditlog: {e}")).page())?;

    let older = (more)
        .then(|| entries.last().map(|e| e.seq))
        .flatten()
        .map(|seq| {
            let mut q = url_pairs(&[
                ("wie", wie.as_deref()),
                ("record", record.as_deref()),
                ("actie", actie.as_deref()),
                ("van", query.van.as_deref().map(str::trim)),
                ("tot", query.tot.as_deref().map(str::trim)),
            ]);
            q.push(format!("voor={seq}"));
            format!("/swv/{swv}/auditlog?{}", q.join("&"))
        });
    let policy = store
        .retention_policy()
        .map_err(|e| AppError::Internal(format!("bewaartermijnen: {e}")).page())?;
    let term = policy.term(Category::Auditregel);
    let checkpoint = store
        .audit_checkpoint()
        .map_err(|e| AppError::Internal(format!("auditlog: {e}")).page())?
        .map(|c| {
            format!(
                "De oudste {} regels (tot en met regel {}) zijn op {} na de bewaartermijn verwijderd.",
                nl::number(u64::try_from(c.removed).unwrap_or_default()),
                c.upto_seq,
                nl::timestamp(c.at)
            )
        });
    let rows = entries
        .into_iter()
        .map(|e| Row {
            seq: e.seq,
            at: nl::timestamp(e.event.at),
            actor: e.event.actor,
            action: e.event.action,
            record: e.event.record,
            purpose: e.event.purpose,
            detail: e.event.detail,
        })
        .collect();
    let mut response = render(&AuditPage {
        nav: "account",
        swv: swv.dotted(),
        swv_code: swv.to_string(),
        wie: wie.unwrap_or_default(),
        record: record.unwrap_or_default(),
        actie: actie.unwrap_or_default(),
        van: van.map(|d| d.to_string()).unwrap_or_default(),
        tot: tot.map(|d| d.to_string()).unwrap_or_default(),
        rows,
        older,
        filtered,
        retention: format!(
            "Regels blijven {} bewaard {} ({}).",
            term.period,
            Category::Auditregel.counted_from(),
            term.source
        ),
        checkpoint,
    })?;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// `name=value` pairs for a query string, percent-encoded, skipping empty values.
fn url_pairs(pairs: &[(&str, Option<&str>)]) -> Vec<String> {
    pairs
        .iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| (k, v)))
        .map(|(k, v)| {
            let encoded: String = v
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            format!("{k}={encoded}")
        })
        .collect()
}
