//! Logging in and out, and the account page.
//!
//! A session is a random 256-bit token in a cookie (`HttpOnly`, `SameSite=Strict`,
//! `Secure` unless the server runs on loopback for development); the store keeps only
//! its SHA-256, with the user, a CSRF token for the forms and the expiry. The login form
//! carries a double-submit token and must come from this origin. Failed logins are
//! limited per account and per address, and every answer to a failed login is the same
//! Dutch sentence, so that nobody learns whether an account exists. Logins, failed
//! logins and logouts are recorded in the audit log.

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use sha2::{Digest, Sha256};

use passend_core::access::{Action, Decision, Limit, Principal, Resource, decide};
use passend_store::{AuditEvent, SessionRecord, Store};

use super::render;
use crate::auth::verify_password;
use crate::error::{AppError, Failure, OwnBody};
use crate::routes::AppState;

/// The session cookie.
pub(crate) const SESSION_COOKIE: &str = "passend_sessie";
/// The login form's double-submit cookie.
const LOGIN_COOKIE: &str = "passend_inlog";
/// The one answer to every failed login.
const FAILED: &str =
    "De gebruikersnaam of het wachtwoord klopt niet, of het account is uitgeschakeld.";
const LIMITED: &str = "Te veel mislukte pogingen. Wacht een kwartier en probeer het opnieuw.";
const PURPOSE: &str = "toegang tot passend";

/// Failed attempts allowed per account, and per address, in [`WINDOW`].
const PER_ACCOUNT: usize = 5;
const PER_ADDRESS: usize = 20;
const WINDOW: Duration = Duration::from_secs(15 * 60);

/// Accounts in the web application: the store, the session settings and the limiter.
pub struct Accounts {
    store: Arc<Store>,
    /// Whether cookies get `Secure` (false only for a development server on loopback).
    secure_cookies: bool,
    /// How long a session lasts.
    session_length: jiff::SignedDuration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
    /// A hash to verify against when the account does not exist, so that an unknown
    /// name takes as long as a wrong password.
    dummy_hash: String,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    trusted_proxies: Vec<IpAddr>,
}

impl std::fmt::Debug for Accounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Accounts").finish_non_exhaustive()
    }
}

impl Accounts {
    /// Accounts backed by `store`; sessions last `hours`.
    pub fn new(store: Arc<Store>, secure_cookies: bool, hours: i64) -> Accounts {
        Accounts {
            store,
            secure_cookies,
            session_length: jiff::SignedDuration::from_hours(hours.clamp(1, 24 * 7)),
            failures: Mutex::new(HashMap::new()),
            dummy_hash: crate::auth::hash_password("geen account, geen wachtwoord")
                .unwrap_or_default(),
            trusted_proxies: Vec::new(),
        }
    }

    /// Believes `X-Forwarded-For` from these addresses (the reverse proxy in front of
    /// passend), so that the per-address login limit and the audit log see the client's
    /// address and not the proxy's. From any other peer the header is ignored.
    pub fn with_trusted_proxies(mut self, proxies: Vec<IpAddr>) -> Accounts {
        self.trusted_proxies = proxies;
        self
    }

    /// The client's address: the peer, or, when the peer is a trusted proxy, the
    /// right-most address in `X-Forwarded-For` that is not itself a trusted proxy (the
    /// left part of the header is whatever the client chose to send).
    pub(crate) fn client_address(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> String {
        let Some(peer) = peer else {
            return "onbekend".to_owned();
        };
        if !self.trusted_proxies.contains(&peer) {
            return peer.to_string();
        }
        let parts: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        // From the right: our proxies' entries, then the client as our proxy saw it.
        // Anything unreadable before that means the header cannot be relied on.
        for part in parts.iter().rev() {
            match part.trim().parse::<IpAddr>() {
                Ok(ip) if self.trusted_proxies.contains(&ip) => continue,
                Ok(ip) => return ip.to_string(),
                Err(_) => break,
            }
        }
        peer.to_string()
    }

    /// The store sessions and audit entries go to.
    pub(crate) fn store(&self) -> &Arc<Store> {
        &self.store
    }

    fn limited(&self, keys: &[String]) -> bool {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        keys.iter().any(|key| {
            let max = if key.starts_with("adres:") {
                PER_ADDRESS
            } else {
                PER_ACCOUNT
            };
            // Only keys with failures are stored, so made-up names cost no memory here.
            failures.get_mut(key).is_some_and(|entry| {
                while entry
                    .front()
                    .is_some_and(|t| now.duration_since(*t) > WINDOW)
                {
                    entry.pop_front();
                }
                entry.len() >= max
            })
        })
    }

    fn record_failure(&self, keys: &[String]) {
        let mut failures = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        // Forget failures older than the window, so the table stays as small as the
        // recent failures.
        if failures.len() > 10_000 {
            failures.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) <= WINDOW)
            });
        }
        for key in keys {
            failures.entry(key.clone()).or_default().push_back(now);
        }
    }

    fn cookie(&self, name: &str, value: &str, max_age: i64) -> HeaderValue {
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        HeaderValue::from_str(&format!(
            "{name}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}"
        ))
        .unwrap_or_else(|_| HeaderValue::from_static(""))
    }
}

fn random_token() -> Result<String, AppError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| AppError::Internal(format!("geen toeval beschikbaar: {e}")))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A cookie's value from the request, if it is there and one of ours (64 hex
/// characters). Read as bytes: another cookie with non-ASCII text must not hide ours.
fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .flat_map(|v| v.as_bytes().split(|b| *b == b';'))
        .filter_map(|pair| {
            let eq = pair.iter().position(|b| *b == b'=')?;
            Some((pair[..eq].trim_ascii(), pair[eq + 1..].trim_ascii()))
        })
        .find(|(k, _)| *k == name.as_bytes())
        .map(|(_, v)| v)
        .filter(|v| v.len() == 64 && v.iter().all(u8::is_ascii_hexdigit))
        .and_then(|v| std::str::from_utf8(v).ok())
}

/// The session of a request, if it has a valid one.
pub(crate) fn session(state: &AppState, headers: &HeaderMap) -> Option<SessionRecord> {
    let accounts = state.accounts.as_ref()?;
    let token = cookie(headers, SESSION_COOKIE)?;
    accounts
        .store
        .session(&token_hash(token), jiff::Timestamp::now())
        .ok()
        .flatten()
}

fn accounts(state: &AppState) -> Result<&Accounts, Failure> {
    state.accounts.as_deref().ok_or_else(|| {
        AppError::NotFound("Inloggen is op deze server niet ingeschakeld.".to_owned()).page()
    })
}

fn event(actor: &str, action: &str, record: &str, detail: String) -> AuditEvent {
    AuditEvent {
        at: jiff::Timestamp::now(),
        actor: actor.to_owned(),
        action: action.to_owned(),
        record: record.to_owned(),
        purpose: PURPOSE.to_owned(),
        swv: None,
        detail,
    }
}

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    nav: &'static str,
    token: String,
    username: String,
    message: Option<&'static str>,
}

fn login_page(
    accounts: &Accounts,
    username: String,
    message: Option<&'static str>,
    status: StatusCode,
) -> Result<Response, Failure> {
    let token = random_token().map_err(AppError::page)?;
    let mut response = render(&LoginPage {
        nav: "",
        token: token.clone(),
        username,
        message,
    })?;
    *response.status_mut() = status;
    response.headers_mut().append(
        header::SET_COOKIE,
        accounts.cookie(LOGIN_COOKIE, &token, 30 * 60),
    );
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status != StatusCode::OK {
        response.extensions_mut().insert(OwnBody);
    }
    Ok(response)
}

/// `GET /inloggen`.
pub(crate) async fn login_form(State(state): State<AppState>) -> Result<Response, Failure> {
    login_page(accounts(&state)?, String::new(), None, StatusCode::OK)
}

/// `POST /inloggen`.
pub(crate) async fn login(
    State(state): State<AppState>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let accounts = accounts(&state)?;
    let field = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let username = field("gebruiker").unwrap_or("").trim().to_lowercase();
    let password = field("wachtwoord").unwrap_or("").to_owned();
    let form_token = field("token").unwrap_or("");
    let token_ok = cookie(&headers, LOGIN_COOKIE).is_some_and(|c| c == form_token);
    if !token_ok || !super::same_origin(&headers) {
        return Err(AppError::Forbidden(
            "Dit formulier is verlopen of kwam niet van deze site. Laad de inlogpagina opnieuw."
                .to_owned(),
        )
        .page());
    }
    let address = accounts.client_address(peer.map(|p| p.0.0.ip()), &headers);
    let keys = [format!("account:{username}"), format!("adres:{address}")];
    if accounts.limited(&keys) {
        let _ = accounts.store.audit(&event(
            "anoniem",
            "inloggen_geweigerd",
            &format!("gebruiker:{username}"),
            format!("te veel mislukte pogingen; adres {address}"),
        ));
        return login_page(
            accounts,
            username,
            Some(LIMITED),
            StatusCode::TOO_MANY_REQUESTS,
        );
    }
    let store = accounts.store.clone();
    let name = username.clone();
    let dummy = accounts.dummy_hash.clone();
    // Argon2 takes tens of milliseconds: off the async workers.
    let found = tokio::task::spawn_blocking(move || {
        let found = store.user_for_login(&name).ok().flatten();
        let hash = found.as_ref().map_or(dummy.as_str(), |(_, h)| h.as_str());
        let ok = verify_password(&password, hash);
        found.filter(|(u, _)| ok && !u.disabled).map(|(u, _)| u)
    })
    .await
    .map_err(|e| AppError::Internal(format!("inloggen: {e}")).page())?;
    let Some(user) = found else {
        accounts.record_failure(&keys);
        let _ = accounts.store.audit(&event(
            "anoniem",
            "inloggen_mislukt",
            &format!("gebruiker:{username}"),
            format!("adres {address}"),
        ));
        return login_page(accounts, username, Some(FAILED), StatusCode::UNAUTHORIZED);
    };
    let token = random_token().map_err(AppError::page)?;
    let csrf = random_token().map_err(AppError::page)?;
    let now = jiff::Timestamp::now();
    let expires = now
        .checked_add(accounts.session_length)
        .map_err(|e| AppError::Internal(format!("sessie: {e}")).page())?;
    accounts
        .store
        .create_session(
            &token_hash(&token),
            user.id,
            &csrf,
            expires,
            &event(
                &format!("gebruiker:{}", user.username),
                "ingelogd",
                &format!("gebruiker:{}", user.username),
                format!("adres {address}"),
            ),
        )
        .map_err(|e| AppError::Internal(format!("sessie: {e}")).page())?;
    let mut response = Redirect::to("/account").into_response();
    let max_age = accounts.session_length.as_secs();
    let headers = response.headers_mut();
    headers.append(
        header::SET_COOKIE,
        accounts.cookie(SESSION_COOKIE, &token, max_age),
    );
    headers.append(header::SET_COOKIE, accounts.cookie(LOGIN_COOKIE, "", 0));
    Ok(response)
}

/// `POST /uitloggen`.
pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let accounts = accounts(&state)?;
    let Some(session) = session(&state, &headers) else {
        return Ok(Redirect::to("/inloggen").into_response());
    };
    let csrf_ok = fields
        .iter()
        .any(|(k, v)| k == "token" && *v == session.csrf);
    if !csrf_ok || !super::same_origin(&headers) {
        return Err(AppError::Forbidden(
            "Dit formulier is verlopen of kwam niet van deze site.".to_owned(),
        )
        .page());
    }
    if let Some(token) = cookie(&headers, SESSION_COOKIE) {
        let name = &session.user.username;
        accounts
            .store
            .end_session(
                &token_hash(token),
                &event(
                    &format!("gebruiker:{name}"),
                    "uitgelogd",
                    &format!("gebruiker:{name}"),
                    String::new(),
                ),
            )
            .map_err(|e| AppError::Internal(format!("uitloggen: {e}")).page())?;
    }
    let mut response = Redirect::to("/").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, accounts.cookie(SESSION_COOKIE, "", 0));
    Ok(response)
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    nav: &'static str,
    username: String,
    display_name: String,
    roles: Vec<(String, String)>,
    /// The audit logs this user may search: (href, SWV).
    audit_logs: Vec<(String, String)>,
    expires: String,
    csrf: String,
}

/// `GET /account`: who you are and your roles; log in first.
pub(crate) async fn page(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    accounts(&state)?;
    let Some(s) = session(&state, &headers) else {
        return Ok(Redirect::to("/inloggen").into_response());
    };
    let roles = s
        .user
        .grants
        .iter()
        .map(|g| {
            let scope = match g.limit {
                Limit::None => format!("samenwerkingsverband {}", g.swv.dotted()),
                Limit::Vestiging(v) => format!("vestiging {v} in {}", g.swv.dotted()),
                Limit::Board(b) => format!("bestuur {b} in {}", g.swv.dotted()),
                Limit::Child(c) => format!("kind {} in {}", c.0, g.swv.dotted()),
            };
            (g.role.label().to_owned(), scope)
        })
        .collect();
    let principal = Principal {
        user: Some(s.user.id),
        grants: s.user.grants.clone(),
    };
    let mut swvs: Vec<_> = s.user.grants.iter().map(|g| g.swv).collect();
    swvs.sort();
    swvs.dedup();
    let audit_logs = swvs
        .into_iter()
        .filter(|swv| {
            decide(&principal, Action::View, &Resource::AuditLog(*swv)) == Decision::Allow
        })
        .map(|swv| (format!("/swv/{swv}/auditlog"), swv.dotted()))
        .collect();
    let mut response = render(&AccountPage {
        nav: "account",
        username: s.user.username,
        display_name: s.user.display_name,
        roles,
        audit_logs,
        expires: crate::nl::timestamp(s.expires_at),
        csrf: s.csrf,
    })?;
    // A page about a person is never kept by a browser or proxy cache.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #[test]
        fn a_cookie_header_yields_a_token_only_when_it_is_one(header in any::<String>(), token in "[0-9a-f]{64}") {
            let mut headers = HeaderMap::new();
            if let Ok(value) = HeaderValue::from_str(&header) {
                headers.insert(header::COOKIE, value);
            }
            if let Some(found) = cookie(&headers, SESSION_COOKIE) {
                prop_assert_eq!(found.len(), 64);
                prop_assert!(found.bytes().all(|b| b.is_ascii_hexdigit()));
            }
            let with = format!("a=b; {SESSION_COOKIE}={token}; {header}");
            if let Ok(value) = HeaderValue::from_str(&with) {
                headers.insert(header::COOKIE, value);
                prop_assert_eq!(cookie(&headers, SESSION_COOKIE), Some(token.as_str()));
            }
        }
    }

    #[test]
    fn forwarded_for_counts_only_from_a_trusted_proxy() {
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let accounts = Accounts::new(Arc::new(Store::open_in_memory().unwrap()), true, 8)
            .with_trusted_proxies(vec![proxy]);
        let with = |xff: &str| {
            let mut h = HeaderMap::new();
            h.insert("x-forwarded-for", HeaderValue::from_str(xff).unwrap());
            h
        };
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        // Not from the proxy: the header is the client's own word and is ignored.
        assert_eq!(
            accounts.client_address(Some(stranger), &with("1.2.3.4")),
            "203.0.113.9"
        );
        // From the proxy: the right-most address that is not the proxy.
        assert_eq!(
            accounts.client_address(Some(proxy), &with("198.51.100.7")),
            "198.51.100.7"
        );
        assert_eq!(
            accounts.client_address(Some(proxy), &with("6.6.6.6, 198.51.100.7, 10.0.0.2")),
            "198.51.100.7",
            "a client cannot choose its address by sending the header itself"
        );
        assert_eq!(
            accounts.client_address(Some(proxy), &with("zomaar, 198.51.100.7")),
            "198.51.100.7"
        );
        assert_eq!(
            accounts.client_address(Some(proxy), &with("198.51.100.7, zomaar")),
            "10.0.0.2"
        );
        assert_eq!(
            accounts.client_address(Some(proxy), &HeaderMap::new()),
            "10.0.0.2"
        );
        assert_eq!(accounts.client_address(None, &HeaderMap::new()), "onbekend");
    }
}
