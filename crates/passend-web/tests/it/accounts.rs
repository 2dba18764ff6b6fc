//! Logging in and out, in-process: cookies, CSRF, the same answer for every failure,
//! rate limiting, and the audit entries.

use std::sync::Arc;

use axum::http::StatusCode;

use passend_core::access::{Grant, Limit, Role};
use passend_core::ids::VestigingCode;
use passend_core::swv::SwvCode;
use passend_store::{AuditEvent, AuditFilter, Store};
use passend_web::{Accounts, AppState, state};

use crate::support::{Reply, get, post, snapshot};

const PASSWORD: &str = "correct paard batterij";

fn setup() -> (AppState, Arc<Store>) {
    let store = Arc::new(Store::open_in_memory().unwrap());
    let grant = Grant::new(
        Role::School,
        SwvCode::parse("PO2201").unwrap(),
        Limit::Vestiging(VestigingCode::parse("00AA00").unwrap()),
    )
    .unwrap();
    store
        .add_user(
            "jansen",
            "J. Jansen",
            &passend_web::auth::hash_password(PASSWORD).unwrap(),
            &[grant],
            AuditEvent {
                at: jiff::Timestamp::now(),
                actor: "test".into(),
                action: "gebruiker_toegevoegd".into(),
                record: "gebruiker:jansen".into(),
                purpose: "test".into(),
                swv: None,
                detail: String::new(),
            },
        )
        .unwrap();
    let state = state(snapshot().with_funding(crate::support::bundled_funding()))
        .with_accounts(Accounts::new(store.clone(), false, 8));
    (state, store)
}

/// The value of a cookie the response sets.
fn set_cookie(reply: &Reply, name: &str) -> Option<String> {
    reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

fn value(cookie: &str) -> &str {
    cookie.split(';').next().unwrap().split_once('=').unwrap().1
}

/// Opens the login page and posts the form with its token.
async fn login(state: &AppState, user: &str, password: &str) -> Reply {
    let page = get(state, "/inloggen").await;
    assert_eq!(page.status, StatusCode::OK);
    let cookie = set_cookie(&page, "passend_inlog").expect("a login cookie");
    let token = value(&cookie).to_owned();
    assert!(
        page.body
            .contains(&format!("name=\"token\" value=\"{token}\""))
    );
    post(
        state,
        "/inloggen",
        &format!(
            "token={token}&gebruiker={user}&wachtwoord={}",
            password.replace(' ', "+")
        ),
        &[("cookie", &format!("passend_inlog={token}"))],
    )
    .await
}

#[tokio::test]
async fn a_user_logs_in_sees_their_roles_and_logs_out() {
    let (state, store) = setup();
    let reply = login(&state, "Jansen", PASSWORD).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(reply.headers["location"], "/account");
    let cookie = set_cookie(&reply, "passend_sessie").expect("a session cookie");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    assert!(cookie.contains("Max-Age=28800"), "{cookie}");
    let session = format!("passend_sessie={}", value(&cookie));

    let account = crate::support::get_with(&state, "/account", &[("cookie", &session)]).await;
    assert_eq!(account.status, StatusCode::OK);
    assert!(
        account
            .body
            .contains("Ingelogd als <strong>jansen</strong>")
    );
    assert!(account.body.contains("vestiging 00AA00 in PO 22.01"));
    let csrf = account
        .body
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();

    // Logging out needs the session's CSRF token.
    let forged = post(&state, "/uitloggen", "token=00", &[("cookie", &session)]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let out = post(
        &state,
        "/uitloggen",
        &format!("token={csrf}"),
        &[("cookie", &session)],
    )
    .await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    let again = crate::support::get_with(&state, "/account", &[("cookie", &session)]).await;
    assert_eq!(
        again.headers["location"], "/inloggen",
        "the session is gone"
    );

    let actions: Vec<String> = store
        .audit_entries(&AuditFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.event.action)
        .collect();
    assert_eq!(actions, ["uitgelogd", "ingelogd", "gebruiker_toegevoegd"]);
    assert!(store.verify_audit().unwrap().first_broken.is_none());
}

#[tokio::test]
async fn every_failure_gets_the_same_answer_and_is_audited() {
    let (state, store) = setup();
    let wrong = login(&state, "jansen", "verkeerd wachtwoord").await;
    let unknown = login(&state, "pietersen", PASSWORD).await;
    for reply in [&wrong, &unknown] {
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
        assert!(
            reply
                .body
                .contains("De gebruikersnaam of het wachtwoord klopt niet")
        );
        assert!(set_cookie(reply, "passend_sessie").is_none());
    }
    let failures = store
        .audit_entries(&AuditFilter {
            actor: Some("anoniem".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(failures.len(), 2);
    assert!(
        failures
            .iter()
            .all(|e| e.event.action == "inloggen_mislukt")
    );
}

#[tokio::test]
async fn a_post_without_the_forms_token_is_refused() {
    let (state, _) = setup();
    let reply = post(
        &state,
        "/inloggen",
        &format!("gebruiker=jansen&wachtwoord={}", PASSWORD.replace(' ', "+")),
        &[],
    )
    .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    let cross = post(
        &state,
        "/inloggen",
        "token=aa&gebruiker=jansen&wachtwoord=x",
        &[
            ("cookie", "passend_inlog=aa"),
            ("origin", "https://kwaad.example"),
            ("host", "passend.example"),
        ],
    )
    .await;
    assert_eq!(cross.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn too_many_failures_block_the_account_even_with_the_right_password() {
    let (state, store) = setup();
    for _ in 0..5 {
        assert_eq!(
            login(&state, "jansen", "fout fout fout").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let blocked = login(&state, "jansen", PASSWORD).await;
    assert_eq!(blocked.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(blocked.body.contains("Te veel mislukte pogingen"));
    assert!(set_cookie(&blocked, "passend_sessie").is_none());
    let refused = store
        .audit_entries(&AuditFilter {
            record: Some("gebruiker:jansen".into()),
            limit: Some(1),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(refused[0].event.action, "inloggen_geweigerd");
}

#[tokio::test]
async fn malformed_and_foreign_cookies_are_nobody() {
    let (state, store) = setup();
    for cookie in [
        "passend_sessie=",
        "passend_sessie=../../etc/passwd",
        "passend_sessie=' OR 1=1 --",
        "passend_sessie=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "=;;;==",
    ] {
        let reply = crate::support::get_with(&state, "/account", &[("cookie", cookie)]).await;
        assert_eq!(reply.status, StatusCode::SEE_OTHER, "{cookie}");
        assert_eq!(reply.headers["location"], "/inloggen");
    }
    // A disabled user's session ends at once.
    let reply = login(&state, "jansen", PASSWORD).await;
    let session = format!(
        "passend_sessie={}",
        value(&set_cookie(&reply, "passend_sessie").unwrap())
    );
    store
        .set_disabled(
            "jansen",
            true,
            AuditEvent {
                at: jiff::Timestamp::now(),
                actor: "test".into(),
                action: "gebruiker_uitgeschakeld".into(),
                record: "gebruiker:jansen".into(),
                purpose: "test".into(),
                swv: None,
                detail: String::new(),
            },
        )
        .unwrap();
    let after = crate::support::get_with(&state, "/account", &[("cookie", &session)]).await;
    assert_eq!(after.headers["location"], "/inloggen");
}

#[tokio::test]
async fn without_accounts_the_login_page_says_so() {
    let reply = get(&state(snapshot()), "/inloggen").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(
        reply
            .body
            .contains("Inloggen is op deze server niet ingeschakeld")
    );
}

/// Logs a new user with these roles in and gives their session cookie.
pub(crate) async fn session_of(
    state: &AppState,
    store: &Store,
    name: &str,
    grants: &[Grant],
) -> String {
    store
        .add_user(
            name,
            name,
            &passend_web::auth::hash_password(PASSWORD).unwrap(),
            grants,
            AuditEvent {
                at: jiff::Timestamp::now(),
                actor: "test".into(),
                action: "gebruiker_toegevoegd".into(),
                record: format!("gebruiker:{name}"),
                purpose: "test".into(),
                swv: None,
                detail: String::new(),
            },
        )
        .unwrap();
    let reply = login(state, name, PASSWORD).await;
    assert_eq!(
        reply.status,
        StatusCode::SEE_OTHER,
        "{name}: {}",
        reply.body
    );
    format!(
        "passend_sessie={}",
        value(&set_cookie(&reply, "passend_sessie").unwrap())
    )
}

/// The routes that use the policy, against every kind of user: the status each gets.
#[tokio::test]
async fn the_authorization_matrix_of_the_routes() {
    let (state, store) = setup();
    let po2201 = SwvCode::parse("PO2201").unwrap();
    let po2301 = SwvCode::parse("PO2301").unwrap();
    let g = |role, swv, limit| Grant::new(role, swv, limit).unwrap();
    let own = Limit::Vestiging(VestigingCode::parse("00AA00").unwrap());
    let other = Limit::Vestiging(VestigingCode::parse("00AB00").unwrap());
    let mut people: Vec<(&str, Option<String>)> = vec![("anoniem", None)];
    for (name, grants) in [
        ("zonderrol", vec![]),
        ("schooleigen", vec![g(Role::School, po2201, own)]),
        ("schoolander", vec![g(Role::School, po2201, other)]),
        ("medewerker", vec![g(Role::SwvStaff, po2201, Limit::None)]),
        ("beheerder", vec![g(Role::SwvAdmin, po2201, Limit::None)]),
        (
            "beheerderelders",
            vec![g(Role::SwvAdmin, po2301, Limit::None)],
        ),
        ("lezer", vec![g(Role::Reader, po2201, Limit::None)]),
    ] {
        let cookie = session_of(&state, &store, name, &grants).await;
        people.push((name, Some(cookie)));
    }
    let mut table = String::new();
    for (name, cookie) in &people {
        let headers: Vec<(&str, &str)> = cookie.iter().map(|c| ("cookie", c.as_str())).collect();
        let mut row = format!("{name:<16}");
        for uri in [
            "/school/00AA00/profiel",
            "/school/00AA00",
            "/account",
            "/swv/PO2201/begroting?voorbeeld=ja",
            "/swv/PO2201/auditlog",
            "/swv/PO2201/plaatsing",
            "/swv/PO2201/zoeken",
        ] {
            let reply = crate::support::get_with(&state, uri, &headers).await;
            row.push_str(&format!(" {}", reply.status.as_u16()));
            if uri == "/school/00AA00" {
                let button = reply.body.contains("Profiel bewerken</a>");
                row.push_str(if button { "+knop" } else { "     " });
            }
        }
        table.push_str(row.trim_end());
        table.push('\n');
    }
    expect_test::expect![[r#"
        anoniem          303 200      303 200 303 303 200
        zonderrol        403 200      200 200 403 403 200
        schooleigen      200 200+knop 200 200 403 403 200
        schoolander      403 200      200 200 403 403 200
        medewerker       200 200+knop 200 200 403 200 200
        beheerder        200 200+knop 200 200 200 200 200
        beheerderelders  403 200      200 200 403 403 200
        lezer            403 200      200 200 403 403 200
    "#]]
    .assert_eq(&table);
}

#[tokio::test]
async fn a_school_saves_its_own_profile_and_the_save_is_audited() {
    let (state, store) = setup();
    let session = login(&state, "jansen", PASSWORD).await;
    let cookie = format!(
        "passend_sessie={}",
        value(&set_cookie(&session, "passend_sessie").unwrap())
    );
    let form =
        crate::support::get_with(&state, "/school/00AA00/profiel", &[("cookie", &cookie)]).await;
    assert_eq!(form.status, StatusCode::OK);
    let token = form
        .body
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let body = format!(
        "token={token}&geldig_vanaf=2026-11-28&niveau.dyslexie=extra&plaatsen.dyslexie=3&niveau.gedrag=&plaatsen.gedrag=&niveau.zmlk=&plaatsen.zmlk="
    );
    let forged = post(
        &state,
        "/school/00AA00/profiel",
        &body.replace(&token, "00"),
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let saved = post(
        &state,
        "/school/00AA00/profiel",
        &body,
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let last = store
        .audit_entries(&AuditFilter {
            limit: Some(1),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(last[0].event.action, "profiel_gewijzigd");
    assert_eq!(last[0].event.actor, "gebruiker:jansen");
    assert_eq!(last[0].event.record, "vestiging:00AA00");
    // Another school's profile is not theirs to change.
    let other = post(
        &state,
        "/school/00AB00/profiel",
        &body,
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_administrator_searches_the_audit_log_of_their_own_swv_only() {
    let (state, store) = setup();
    let po2201 = SwvCode::parse("PO2201").unwrap();
    let po2301 = SwvCode::parse("PO2301").unwrap();
    let admin = Grant::new(Role::SwvAdmin, po2201, Limit::None).unwrap();
    let cookie = session_of(&state, &store, "beheer", &[admin]).await;
    let other = Grant::new(Role::SwvStaff, po2301, Limit::None).unwrap();
    session_of(&state, &store, "elders", &[other]).await;
    let entry = |actor: &str, action: &str, record: &str, swv: Option<SwvCode>| AuditEvent {
        at: jiff::Timestamp::now(),
        actor: actor.into(),
        action: action.into(),
        record: record.into(),
        purpose: "test".into(),
        swv,
        detail: "<script>alert(1)</script>".into(),
    };
    store
        .audit(&entry(
            "gebruiker:jansen",
            "profiel_gewijzigd",
            "profiel:00AA00",
            Some(po2201),
        ))
        .unwrap();
    store
        .audit(&entry(
            "gebruiker:elders",
            "profiel_gewijzigd",
            "profiel:00ZZ00",
            Some(po2301),
        ))
        .unwrap();
    let headers = [("cookie", cookie.as_str())];

    let account = crate::support::get_with(&state, "/account", &headers).await;
    assert!(
        account
            .body
            .contains("<a href=\"/swv/PO2201/auditlog\">Auditlog van PO 22.01</a>")
    );

    let page = crate::support::get_with(&state, "/swv/PO2201/auditlog", &headers).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert_eq!(page.headers["cache-control"], "no-store");
    assert!(page.body.contains("profiel:00AA00"));
    // Its own users' logins, but nothing of the other SWV or its users.
    assert!(page.body.contains("gebruiker:beheer"));
    assert!(!page.body.contains("00ZZ00") && !page.body.contains("gebruiker:elders"));
    assert!(!page.body.contains("<script>alert"));
    // Askama escapes `<` as `&#60;`.
    assert!(
        page.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62;")
    );
    assert!(
        page.body
            .contains("Regels blijven 5 jaar bewaard vanaf het moment van de regel")
    );

    let found = crate::support::get_with(
        &state,
        "/swv/PO2201/auditlog?wie=Jansen&actie=profiel_gewijzigd&van=2020-01-01&tot=2099-12-31",
        &headers,
    )
    .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(found.body.contains("profiel:00AA00"));
    assert!(!found.body.contains("ingelogd</td>"));

    let bad = crate::support::get_with(&state, "/swv/PO2201/auditlog?van=gisteren", &headers).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body
            .contains("&#39;gisteren&#39; in het veld &#39;van&#39; is geen datum"),
        "{}",
        bad.body
    );
    let unknown = crate::support::get_with(&state, "/swv/PO9999/auditlog", &headers).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    let elsewhere = crate::support::get_with(&state, "/swv/PO2301/auditlog", &headers).await;
    assert_eq!(elsewhere.status, StatusCode::FORBIDDEN);

    // Every look is in the log itself, with what was searched.
    let views = store
        .audit_entries(&AuditFilter {
            action: Some("auditlog_bekeken".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(views.len(), 2);
    assert_eq!(views[0].event.actor, "gebruiker:beheer");
    assert_eq!(views[0].event.swv, Some(po2201));
    assert!(
        views[0].event.detail.contains(
            "gezocht op wie Jansen, actie profiel_gewijzigd, van 2020-01-01, tot en met 2099-12-31"
        ),
        "{}",
        views[0].event.detail
    );
    assert!(store.verify_audit().unwrap().first_broken.is_none());
}

/// What Chromium sends with a form post under a strict referrer policy: `Origin: null`
/// and `Sec-Fetch-Site: same-origin`. Such a login works; the same from another site
/// does not.
#[tokio::test]
async fn a_browser_that_hides_the_origin_can_still_log_in() {
    let (state, _store) = setup();
    let page = get(&state, "/inloggen").await;
    assert_eq!(page.headers["referrer-policy"], "same-origin");
    let cookie = set_cookie(&page, "passend_inlog").unwrap();
    let token = value(&cookie).to_owned();
    let body = format!(
        "token={token}&gebruiker=jansen&wachtwoord={}",
        PASSWORD.replace(' ', "+")
    );
    let login_cookie = format!("passend_inlog={token}");
    let from_elsewhere = post(
        &state,
        "/inloggen",
        &body,
        &[
            ("cookie", &login_cookie),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site"),
        ],
    )
    .await;
    assert_eq!(from_elsewhere.status, StatusCode::FORBIDDEN);
    let from_here = post(
        &state,
        "/inloggen",
        &body,
        &[
            ("cookie", &login_cookie),
            ("origin", "null"),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await;
    assert_eq!(
        from_here.status,
        StatusCode::SEE_OTHER,
        "{}",
        from_here.body
    );
}
