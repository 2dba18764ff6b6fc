//! The profile editor: a form on `/school/{code}/profiel` that saves a new version of a
//! school's support profile.
//!
//! Who may edit is the access policy's to say (`passend_core::access::decide`): a
//! logged-in user whose role covers the vestiging (its school, its board, or staff of an
//! SWV it belongs to); their save is recorded in the audit log. For a development server
//! without accounts, `passend serve --bewerken` on a loopback address opens the editor to
//! whoever sits at this computer.
//!
//! Every post must carry the form's token (the session's CSRF token, or the per-process
//! token of `--bewerken`) and come from this origin (`Sec-Fetch-Site`, `Origin`). A post
//! with anything wrong stores nothing and shows the form again with every mistake named.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use passend_core::access::{Action, Decision, Principal, Resource, decide};
use passend_core::ids::VestigingCode;
use passend_core::register::Vestiging;
use passend_core::school::Status;
use passend_core::support::{Condition, Level, Offer, ProfileSource, SupportProfile, check_offer};
use passend_store::Store;

use super::render;
use crate::error::{AppError, Failure};
use crate::nl;
use crate::routes::AppState;
use crate::snapshot::{Snapshot, SupportState};

/// The most places a form may give one need.
const MAX_PLACES: u32 = 10_000;

/// The editor's store and the token its forms carry.
#[derive(Debug)]
pub struct Editor {
    store: Arc<Store>,
    token: String,
}

impl Editor {
    /// An editor that saves into `store`, with a fresh random token.
    pub fn new(store: Arc<Store>) -> std::io::Result<Editor> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Editor { store, token })
    }
}

/// One need on the form.
pub(crate) struct NeedRow {
    code: String,
    label: String,
    domain: String,
    level: String,
    places: String,
    basis_note: String,
}

#[derive(Template)]
#[template(path = "profile_edit.html")]
struct EditPage {
    nav: &'static str,
    code: String,
    name: String,
    kind: &'static str,
    specialist_allowed: bool,
    valid_from: String,
    rows: Vec<NeedRow>,
    conditions: Vec<(&'static str, &'static str, bool)>,
    synthetic: bool,
    token: String,
    errors: Vec<String>,
}

/// Who edits, where their saves go, and the token their form carries.
struct Access {
    store: Arc<Store>,
    token: String,
    /// The user, when logged in (none for `--bewerken`).
    user: Option<String>,
}

/// Whether this request may edit this vestiging's profile: `Ok(Err(redirect))` sends an
/// anonymous visitor to the login page.
fn access(
    state: &AppState,
    headers: &HeaderMap,
    v: &Vestiging,
) -> Result<Result<Access, Response>, Failure> {
    if let Some(editor) = state.editor.as_deref() {
        return Ok(Ok(Access {
            store: editor.store.clone(),
            token: editor.token.clone(),
            user: None,
        }));
    }
    let Some(accounts) = state.accounts.as_deref() else {
        return Err(AppError::NotFound(
            "Profielen bewerken staat uit. Log in op een server met accounts, start passend met 'passend serve --bewerken' (alleen op dit apparaat), of lees een bestand in met 'passend sop import'."
                .to_owned(),
        )
        .page());
    };
    let session = super::account::session(state, headers);
    let principal = session
        .as_ref()
        .map_or_else(Principal::anonymous, |s| Principal {
            user: Some(s.user.id),
            grants: s.user.grants.clone(),
        });
    let resource = Resource::Profile {
        vestiging: v.code,
        board: v.board,
        swvs: state
            .snapshot
            .register
            .memberships_of(v.code)
            .map(|m| m.swv)
            .collect(),
    };
    match (decide(&principal, Action::Change, &resource), session) {
        (Decision::Allow, Some(s)) => Ok(Ok(Access {
            store: accounts.store().clone(),
            token: s.csrf,
            user: Some(s.user.username),
        })),
        (Decision::LoginRequired, _) | (Decision::Allow, None) => {
            Ok(Err(Redirect::to("/inloggen").into_response()))
        }
        (Decision::NotFound, _) => Err(AppError::NotFound(format!(
            "Vestiging {} bestaat niet in het register.",
            v.code
        ))
        .page()),
        (Decision::Forbidden, _) => Err(AppError::Forbidden(format!(
            "U mag het profiel van {} niet wijzigen: dat kan de school zelf, haar bestuur of een medewerker van het samenwerkingsverband.",
            v.code
        ))
        .page()),
    }
}

/// Whether the visitor may edit this vestiging's profile (for the button on the school page).
pub(crate) fn may_edit(state: &AppState, headers: &HeaderMap, v: &Vestiging) -> bool {
    v.status == Status::Open && matches!(access(state, headers, v), Ok(Ok(_)))
}

/// The open vestiging of the path, or a Dutch error.
fn open_school<'a>(snap: &'a Snapshot, raw: &str) -> Result<&'a Vestiging, Failure> {
    let code = VestigingCode::parse(raw).map_err(|e| AppError::NotFound(format!("{e}.")).page())?;
    match snap.register.vestiging(code) {
        None => Err(
            AppError::NotFound(format!("Vestiging {code} bestaat niet in het register.")).page(),
        ),
        Some(v) if v.status != Status::Open => Err(AppError::BadRequest(format!(
            "Vestiging {code} is gesloten; alleen open scholen hebben een ondersteuningsprofiel."
        ))
        .page()),
        Some(v) => Ok(v),
    }
}

fn support(snap: &Snapshot) -> Result<Arc<SupportState>, Failure> {
    super::coverage::support(snap).map_err(AppError::page)
}

/// What the form holds: per need the level code ("" for none) and places as typed.
struct Entered {
    valid_from: String,
    levels: BTreeMap<String, (String, String)>,
    conditions: BTreeSet<Condition>,
}

fn page_of(
    snap: &Snapshot,
    support: &SupportState,
    v: &Vestiging,
    token: &str,
    entered: &Entered,
    errors: Vec<String>,
) -> EditPage {
    let date = support.data.date;
    let swvs: Vec<_> = snap
        .register
        .memberships_of(v.code)
        .map(|m| m.swv)
        .collect();
    let rows = support
        .data
        .taxonomy
        .needs()
        .iter()
        .map(|n| {
            let (level, places) = entered
                .levels
                .get(n.code.as_str())
                .cloned()
                .unwrap_or_default();
            let agreed: Vec<String> = swvs
                .iter()
                .filter(|s| {
                    support
                        .data
                        .book
                        .basis_at(**s, date)
                        .is_some_and(|b| b.needs.contains(&n.code))
                })
                .map(|s| s.dotted())
                .collect();
            NeedRow {
                code: n.code.to_string(),
                label: n.label.clone(),
                domain: n.domain_label.clone(),
                level,
                places,
                basis_note: if agreed.is_empty() {
                    String::new()
                } else {
                    format!("basisondersteuning van {} geldt al", agreed.join(" en "))
                },
            }
        })
        .collect();
    EditPage {
        nav: "scholen",
        code: v.code.to_string(),
        name: v.name.clone(),
        kind: v.kind.label(),
        specialist_allowed: check_offer(
            v.kind,
            &Offer {
                need: support.data.taxonomy.needs()[0].code.clone(),
                level: Level::Specialistisch,
                places: None,
            },
        )
        .is_ok(),
        valid_from: entered.valid_from.clone(),
        rows,
        conditions: Condition::ALL
            .iter()
            .map(|c| (c.code(), c.label(), entered.conditions.contains(c)))
            .collect(),
        synthetic: support
            .data
            .book
            .profile_at(v.code, date)
            .is_some_and(|p| p.source.is_synthetic()),
        token: token.to_owned(),
        errors,
    }
}

/// The form with the profile in force today.
pub(crate) async fn form(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let v = open_school(snap, &raw)?;
    let code = v.code;
    if raw != code.to_string() {
        return Ok(Redirect::permanent(&format!("/school/{code}/profiel")).into_response());
    }
    let access = match access(&state, &headers, v)? {
        Ok(access) => access,
        Err(redirect) => return Ok(redirect),
    };
    let support = support(snap)?;
    let current = support.data.book.profile_at(code, support.data.date);
    let entered = Entered {
        valid_from: support.data.date.to_string(),
        levels: current
            .map(|p| {
                p.offers
                    .iter()
                    .map(|o| {
                        (
                            o.need.to_string(),
                            (
                                o.level.code().to_owned(),
                                o.places.map_or_else(String::new, |p| p.to_string()),
                            ),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        conditions: current.map(|p| p.conditions.clone()).unwrap_or_default(),
    };
    render(&page_of(
        snap,
        &support,
        v,
        &access.token,
        &entered,
        Vec::new(),
    ))
}

/// Reads the posted fields; the errors are Dutch sentences.
fn parse(
    support: &SupportState,
    v: &Vestiging,
    fields: &[(String, String)],
) -> (Entered, Result<SupportProfile, Vec<String>>) {
    let mut entered = Entered {
        valid_from: String::new(),
        levels: BTreeMap::new(),
        conditions: BTreeSet::new(),
    };
    let mut errors = Vec::new();
    for (key, value) in fields {
        if key == "token" {
            continue;
        } else if key == "geldig_vanaf" {
            entered.valid_from = value.trim().to_owned();
        } else if let Some(need) = key.strip_prefix("niveau.") {
            entered.levels.entry(need.to_owned()).or_default().0 = value.trim().to_owned();
        } else if let Some(need) = key.strip_prefix("plaatsen.") {
            entered.levels.entry(need.to_owned()).or_default().1 = value.trim().to_owned();
        } else if let Some(code) = key.strip_prefix("voorziening.") {
            match Condition::parse(code) {
                Some(c) => {
                    entered.conditions.insert(c);
                }
                None => errors.push(format!("Onbekende voorziening '{code}'.")),
            }
        } else {
            errors.push(format!("Onbekend veld '{key}' in het formulier."));
        }
    }
    let valid_from = match passend_import::read::profiles::parse_date(&entered.valid_from) {
        Ok(d) => Some(d),
        Err(m) => {
            errors.push(format!("Geldig vanaf: {m}."));
            None
        }
    };
    let mut offers = Vec::new();
    for (code, (level, places)) in &entered.levels {
        let Some(need) = support
            .data
            .taxonomy
            .needs()
            .iter()
            .find(|n| n.code.as_str() == code)
        else {
            errors.push(format!("Onbekende ondersteuningsbehoefte '{code}'."));
            continue;
        };
        let level = match level.as_str() {
            "" | "geen" => {
                if !places.is_empty() && places != "0" {
                    errors.push(format!(
                        "{}: plaatsen zonder niveau; kies extra of specialistisch.",
                        need.label
                    ));
                }
                continue;
            }
            other => match Level::parse(other) {
                Some(l) => l,
                None => {
                    errors.push(format!("{}: onbekend niveau '{other}'.", need.label));
                    continue;
                }
            },
        };
        let places = if places.is_empty() {
            None
        } else {
            match places.parse::<u32>() {
                Ok(p) if p <= MAX_PLACES => Some(p),
                _ => {
                    errors.push(format!(
                        "{}: het aantal plaatsen moet een geheel getal van 0 tot {} zijn, niet '{places}'.",
                        need.label,
                        nl::number(u64::from(MAX_PLACES))
                    ));
                    continue;
                }
            }
        };
        let offer = Offer {
            need: need.code.clone(),
            level,
            places,
        };
        match check_offer(v.kind, &offer) {
            Ok(()) => offers.push(offer),
            Err(e) => errors.push(format!("{}: {e}.", need.label)),
        }
    }
    let result = match (valid_from, errors.is_empty()) {
        (Some(valid_from), true) => Ok(SupportProfile {
            vestiging: v.code,
            valid_from,
            offers,
            conditions: entered.conditions.clone(),
            source: ProfileSource::Edited,
        }),
        _ => Err(errors),
    };
    (entered, result)
}

/// Saves the posted profile as a new version and goes back to the school page.
pub(crate) async fn save(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    let v = open_school(&snap, &raw)?;
    let code = v.code;
    let access = match access(&state, &headers, v)? {
        Ok(access) => access,
        Err(redirect) => return Ok(redirect),
    };
    let token_ok = fields
        .iter()
        .any(|(k, v)| k == "token" && *v == access.token);
    if !token_ok || !super::same_origin(&headers) {
        return Err(AppError::Forbidden(
            "Dit formulier komt niet van deze passend; open het profiel opnieuw en sla het daar op.".to_owned(),
        )
        .page());
    }
    let support = support(&snap)?;
    let (entered, parsed) = parse(&support, v, &fields);
    let profile = match parsed {
        Ok(p) => p,
        Err(errors) => {
            let page = render(&page_of(
                &snap,
                &support,
                v,
                &access.token,
                &entered,
                errors,
            ))?;
            let mut response = (StatusCode::UNPROCESSABLE_ENTITY, page).into_response();
            response.extensions_mut().insert(crate::error::OwnBody);
            return Ok(response);
        }
    };
    let store = access.store.clone();
    let user = access.user.clone();
    let date = support.data.date;
    let valid_from = profile.valid_from;
    let saved = tokio::task::spawn_blocking(move || -> Result<&'static str, String> {
        let outcome = store
            .save_profiles(&[profile], &[])
            .map_err(|e| e.to_string())?;
        if let Some(user) = user {
            store
                .audit(&passend_store::AuditEvent {
                    at: jiff::Timestamp::now(),
                    actor: format!("gebruiker:{user}"),
                    action: "profiel_gewijzigd".to_owned(),
                    record: format!("vestiging:{code}"),
                    purpose: "schoolondersteuningsprofiel bijhouden".to_owned(),
                    swv: None,
                    detail: format!(
                        "geldig vanaf {valid_from}; {} nieuwe versie(s)",
                        outcome.profiles_added
                    ),
                })
                .map_err(|e| e.to_string())?;
        }
        let book = store.load_profiles().map_err(|e| e.to_string())?;
        // Say whether the new version is the one in force today.
        let state = if outcome.profiles_added == 0 {
            "ongewijzigd"
        } else if valid_from > date {
            "gepland"
        } else if book
            .profile_at(code, date)
            .is_some_and(|p| p.valid_from == valid_from)
        {
            "ja"
        } else {
            "eerder"
        };
        snap.replace_profiles(book);
        Ok(state)
    })
    .await
    .map_err(|e| AppError::Internal(format!("opslaan: {e}")).page())?;
    let state = saved.map_err(|e| AppError::Internal(format!("opslaan: {e}")).page())?;
    Ok(Redirect::to(&format!("/school/{code}?opgeslagen={state}#h-profiel")).into_response())
}
