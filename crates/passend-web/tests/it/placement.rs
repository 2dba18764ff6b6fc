//! The finder page (public) and the placement page (SWV staff only), in-process.

use std::sync::Arc;

use axum::http::StatusCode;

use passend_core::access::{Grant, Limit, Role};
use passend_core::swv::SwvCode;
use passend_store::{AuditFilter, Store};
use passend_web::{Accounts, AppState, state};

use crate::support::{Reply, get, get_with, snapshot};

#[tokio::test]
async fn the_finder_shows_schools_that_can_nearest_first_and_why_others_cannot() {
    let state = crate::support::app_state();
    let empty = get(&state, "/swv/PO2201/zoeken").await;
    assert_eq!(empty.status, StatusCode::OK);
    assert!(empty.body.contains("Postcode van het woonadres"));
    assert!(!empty.body.contains("Scholen die het kunnen"));

    let found = get(&state, "/swv/PO2201/zoeken?pc4=9401&n.dyslexie=extra").await;
    assert_eq!(found.status, StatusCode::OK, "{}", found.body);
    assert!(
        found.body.contains("Scholen die het kunnen (1)"),
        "{}",
        found.body
    );
    assert!(
        found
            .body
            .contains("<a href=\"/school/00AA00\">De Linde</a>")
    );
    assert!(found.body.contains("3 plaatsen voor dyslexie"));
    assert!(found.body.contains("In de buurt, maar niet passend"));
    assert!(
        found.body.contains(
            "biedt dyslexie alleen tot basisondersteuning (gevraagd: extra ondersteuning)"
        )
    );
    // The radio button keeps what was chosen.
    assert!(found.body.contains(r#"name="n.dyslexie" value="extra" id="n-dyslexie-3" aria-labelledby="need-dyslexie lvl-dyslexie-3" checked"#));

    for (uri, message) in [
        (
            "/swv/PO2201/zoeken?pc4=94&n.dyslexie=extra",
            "is geen postcode",
        ),
        (
            "/swv/PO2201/zoeken?pc4=9401&n.dyslexie=veel",
            "Onbekend niveau &#39;veel&#39; bij Dyslexie",
        ),
        (
            "/swv/PO2201/zoeken?pc4=9401",
            "Kies ten minste één ondersteuningsbehoefte",
        ),
        (
            "/swv/PO2201/zoeken?n.zmlk=specialistisch",
            "Vul de postcode van het woonadres in",
        ),
        (
            "/swv/PO2201/zoeken?pc4=9401&n.lezen=extra",
            "Onbekend veld &#39;n.lezen&#39;",
        ),
    ] {
        let reply = get(&state, uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert!(reply.body.contains(message), "{uri}: {}", reply.body);
    }
    assert_eq!(
        get(&state, "/swv/PO9999/zoeken").await.status,
        StatusCode::NOT_FOUND
    );
}

fn setup() -> (AppState, Arc<Store>) {
    let store = Arc::new(Store::open_in_memory().unwrap());
    let state = state(snapshot()).with_accounts(Accounts::new(store.clone(), false, 8));
    (state, store)
}

async fn session(state: &AppState, store: &Store, name: &str, role: Role, swv: &str) -> String {
    let grant = Grant::new(role, SwvCode::parse(swv).unwrap(), Limit::None).unwrap();
    crate::accounts::session_of(state, store, name, &[grant]).await
}

fn csrf(page: &Reply) -> String {
    page.body
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned()
}

/// A multipart body with text fields and optionally a file.
fn multipart(fields: &[(&str, &str)], file: Option<&str>) -> (String, String) {
    let boundary = "passendgrens42";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        ));
    }
    if let Some(content) = file {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"bestand\"; filename=\"eigen.json\"\r\nContent-Type: application/json\r\n\r\n{content}\r\n"
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn post_multipart(
    state: &AppState,
    uri: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    file: Option<&str>,
) -> Reply {
    let (content_type, body) = multipart(fields, file);
    let request = axum::http::Request::builder()
        .method("POST")
        .uri(uri)
        .header("content-type", content_type)
        .header("cookie", cookie)
        .body(axum::body::Body::from(body))
        .unwrap();
    crate::support::send(state, request).await
}

#[tokio::test]
async fn staff_place_pupils_and_every_run_is_audited_while_others_cannot() {
    let (state, store) = setup();
    assert_eq!(
        get(&state, "/swv/PO2201/plaatsing").await.status,
        StatusCode::SEE_OTHER
    );
    let reader = session(&state, &store, "lezer", Role::Reader, "PO2201").await;
    let forbidden = get_with(&state, "/swv/PO2201/plaatsing", &[("cookie", &reader)]).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);

    let staff = session(&state, &store, "medewerker", Role::SwvStaff, "PO2201").await;
    let form = get_with(&state, "/swv/PO2201/plaatsing", &[("cookie", &staff)]).await;
    assert_eq!(form.status, StatusCode::OK);
    assert_eq!(form.headers["cache-control"], "no-store");
    let token = csrf(&form);
    let uri = "/swv/PO2201/plaatsing";

    let generated = post_multipart(
        &state,
        uri,
        &staff,
        &[
            ("token", &token),
            ("bron", "genereer"),
            ("leerlingen", "40"),
            ("zaad", "3"),
            ("algoritme", "da-stb"),
        ],
        None,
    )
    .await;
    assert_eq!(generated.status, StatusCode::OK, "{}", generated.body);
    assert!(
        generated
            .body
            .contains("Uitkomst: PO 22.01, 40 leerlingen (synthetisch)")
    );
    assert!(generated.body.contains("Deze leerlingen zijn verzonnen"));
    assert!(generated.body.contains("<svg class=\"map placement\""));
    assert!(generated.body.contains("zaad 3"));

    let own = r#"{ "schools": [ { "id": "00AA00", "capacity": 1, "lat": 52.0, "lon": 5.0, "offers": [] } ],
      "pupils": [ { "id": "L1", "lat": 52.0, "lon": 5.0, "needs": [], "preferences": ["00AA00"] },
                  { "id": "L2", "lat": 52.0, "lon": 5.0, "needs": [], "preferences": ["00AA00"], "lottery": 0.1 } ] }"#;
    let json = post_multipart(
        &state,
        uri,
        &staff,
        &[
            ("token", &token),
            ("bron", "bestand"),
            ("algoritme", "min-cost"),
            ("formaat", "json"),
        ],
        Some(own),
    )
    .await;
    assert_eq!(json.status, StatusCode::OK, "{}", json.body);
    assert!(
        json.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("plaatsing.json")
    );
    let v = json.json();
    assert_eq!(v["algorithm"], "min-cost");
    assert_eq!(v["totals"]["placed"], 1);

    let broken = post_multipart(
        &state,
        uri,
        &staff,
        &[
            ("token", &token),
            ("bron", "bestand"),
            ("algoritme", "da-stb"),
        ],
        Some(&own.replace(r#""capacity": 1"#, r#""capacity": -1"#)),
    )
    .await;
    assert_eq!(broken.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        broken.body.contains("schools[0].capacity: -1 is negatief"),
        "{}",
        broken.body
    );

    let forged = post_multipart(
        &state,
        uri,
        &staff,
        &[("token", "00"), ("bron", "genereer"), ("leerlingen", "5")],
        None,
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    let too_many = post_multipart(
        &state,
        uri,
        &staff,
        &[
            ("token", &token),
            ("bron", "genereer"),
            ("leerlingen", "50000"),
        ],
        None,
    )
    .await;
    assert_eq!(too_many.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(too_many.body.contains("Kies 1 tot 5.000 leerlingen"));

    let runs = store
        .audit_entries(&AuditFilter {
            action: Some("plaatsing_uitgevoerd".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(runs.len(), 2, "the two runs that placed pupils");
    assert_eq!(runs[1].event.actor, "gebruiker:medewerker");
    assert!(
        runs[1]
            .event
            .detail
            .contains("40 leerlingen, da-stb, zaad 3, synthetisch; niets opgeslagen")
    );
    assert!(runs[0].event.record.starts_with("instantie:"));
}
