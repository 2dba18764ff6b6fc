//! A real server on a random loopback port, driven over HTTP.

use crate::support::app_state;

#[tokio::test]
async fn a_server_on_a_loopback_port_answers_and_shuts_down_gracefully() {
    // Bind first: the server is ready when the test learns the port, so nothing waits.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(passend_web::serve(listener, app_state(), async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    let health: serde_json::Value = client
        .get(format!("http://{addr}/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["status"], "ok");
    let page = client
        .get(format!("http://{addr}/swv/PO2201"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    assert!(page.text().await.unwrap().contains("PO 22.01"));
    let missing = client
        .get(format!("http://{addr}/api/v1/swv/VO0099"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
    assert!(
        client
            .get(format!("http://{addr}/healthz"))
            .send()
            .await
            .is_err(),
        "the server is gone"
    );
}

/// Hostile requests against a real server with accounts: none succeeds, nothing
/// leaks, and the server keeps serving.
#[tokio::test]
async fn hostile_requests_fail_cleanly_and_the_server_keeps_serving() {
    let store = std::sync::Arc::new(passend_store::Store::open_in_memory().unwrap());
    let state = app_state().with_accounts(passend_web::Accounts::new(store.clone(), false, 8));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(passend_web::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let base = format!("http://{addr}");

    // An oversized body is refused before any handler reads it.
    let big = "a".repeat(200 * 1024);
    let reply = client
        .post(format!("{base}/inloggen"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("gebruiker={big}"))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 413);

    // Forged or missing tokens, malformed cookies.
    for (cookie, body) in [
        ("", "gebruiker=a&wachtwoord=b"),
        ("passend_inlog=abc", "token=abc&gebruiker=a&wachtwoord=b"),
        (
            "passend_inlog=%00%ff; ;;=",
            "token=%00%ff&gebruiker=a&wachtwoord=b",
        ),
    ] {
        let reply = client
            .post(format!("{base}/inloggen"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("cookie", cookie)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(reply.status(), 403, "{cookie} {body}");
    }
    let reply = client
        .post(format!("{base}/uitloggen"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", "passend_sessie=../../../etc/passwd")
        .body("token=x")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 303, "no session: to the login page");

    // Path traversal and injection in every kind of parameter.
    let evil = [
        "'%20OR%201=1--",
        "%3Cscript%3Ealert(1)%3C/script%3E",
        "..%2F..%2Fetc%2Fpasswd",
        "%00",
        "PO2201';DROP%20TABLE%20vestiging;--",
    ];
    for e in evil {
        for uri in [
            format!("/static/{e}"),
            format!("/swv/{e}"),
            format!("/school/{e}"),
            format!("/scholen?q={e}"),
            format!("/swv/PO2201/dekking?behoefte={e}"),
            format!("/swv/PO2201/begroting?jaar={e}&indexatie={e}"),
            format!("/api/v1/swv/PO2201/budget?van={e}"),
            format!("/api/v1/schools?q={e}"),
            format!("/controle?regel={e}"),
        ] {
            let reply = client.get(format!("{base}{uri}")).send().await.unwrap();
            let status = reply.status().as_u16();
            assert!(
                matches!(status, 200 | 301 | 308 | 400 | 404 | 422),
                "{uri}: {status}"
            );
            let kind = reply.headers()["content-type"].to_str().unwrap().to_owned();
            assert_eq!(reply.headers()["x-content-type-options"], "nosniff");
            let text = reply.text().await.unwrap();
            // HTML escapes what it shows; JSON may quote the input back, but is served as
            // JSON with nosniff (and a CSP without scripts), so no browser runs it.
            if kind.starts_with("text/html") {
                assert!(
                    !text.contains("<script>alert(1)"),
                    "{uri} reflects a script"
                );
            } else {
                assert!(kind.starts_with("application/json"), "{uri}: {kind}");
            }
            assert!(!text.contains("root:x:0:0"), "{uri} reads a file");
            assert!(
                !text.to_lowercase().contains("sqlite"),
                "{uri} shows internals"
            );
        }
    }

    // Logged in as the SWV's administrator, the audit log search takes the same abuse.
    let admin = passend_core::access::Grant::new(
        passend_core::access::Role::SwvAdmin,
        passend_core::swv::SwvCode::parse("PO2201").unwrap(),
        passend_core::access::Limit::None,
    )
    .unwrap();
    store
        .add_user(
            "beheer",
            "Beheer",
            &passend_web::auth::hash_password("een lang wachtwoord").unwrap(),
            &[admin],
            passend_store::AuditEvent {
                at: jiff::Timestamp::now(),
                actor: "test".into(),
                action: "gebruiker_toegevoegd".into(),
                record: "gebruiker:beheer".into(),
                purpose: "test".into(),
                swv: None,
                detail: String::new(),
            },
        )
        .unwrap();
    let form = client.get(format!("{base}/inloggen")).send().await.unwrap();
    let login_cookie = form.headers()["set-cookie"].to_str().unwrap().to_owned();
    let token = login_cookie
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
        .to_owned();
    let reply = client
        .post(format!("{base}/inloggen"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("cookie", format!("passend_inlog={token}"))
        .body(format!(
            "token={token}&gebruiker=beheer&wachtwoord=een+lang+wachtwoord"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 303);
    let session = reply
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("passend_sessie="))
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    for e in evil {
        for query in [
            format!("wie={e}"),
            format!("record={e}&actie={e}"),
            format!("van={e}"),
            format!("tot={e}"),
            format!("voor={e}"),
        ] {
            let uri = format!("/swv/PO2201/auditlog?{query}");
            let reply = client
                .get(format!("{base}{uri}"))
                .header("cookie", &session)
                .send()
                .await
                .unwrap();
            let status = reply.status().as_u16();
            assert!(matches!(status, 200 | 400), "{uri}: {status}");
            let text = reply.text().await.unwrap();
            assert!(
                !text.contains("<script>alert(1)"),
                "{uri} reflects a script"
            );
            assert!(
                !text.to_lowercase().contains("sqlite"),
                "{uri} shows internals"
            );
        }
    }

    for path in [
        "/static/../Cargo.toml",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
    ] {
        let reply = client.get(format!("{base}{path}")).send().await.unwrap();
        assert!(
            matches!(reply.status().as_u16(), 400 | 404),
            "{path}: {}",
            reply.status()
        );
    }

    // Still serving, and the database is intact.
    let health = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    assert!(store.verify_audit().unwrap().first_broken.is_none());
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
