//! In-process tests of every route.

use axum::http::StatusCode;

use crate::support::{app_state, get};

#[tokio::test]
async fn every_page_is_dutch_html_with_a_heading() {
    let state = app_state();
    for (uri, expected) in [
        ("/", "Samenwerkingsverbanden passend onderwijs"),
        ("/?sector=vo", "voortgezet onderwijs"),
        ("/swv", "PO 22.01"),
        ("/swv?sector=vo&provincie=drenthe", "VO 22.01"),
        ("/swv/PO2201", "De Linde"),
        ("/swv/VO2201", "Praktijkschool Assen"),
        ("/school/00AE00", "De Ambelt"),
        ("/scholen?q=linde", "De Linde"),
        ("/controle", "Controle van samenstelling en gegevens"),
        ("/controle?swv=PO2301&ernst=error", "PO 23.01"),
        ("/bronnen", "Bron: CBS"),
        ("/api", "/api/v1/swv/{code}"),
    ] {
        let reply = get(&state, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
        assert!(
            reply
                .body
                .starts_with("<!doctype html>\n<html lang=\"nl\">"),
            "{uri}"
        );
        assert!(reply.body.contains("<h1>"), "{uri}");
        assert!(reply.body.contains(expected), "{uri} lacks {expected:?}");
        let content_type = reply.headers["content-type"].to_str().unwrap();
        assert!(
            content_type.starts_with("text/html"),
            "{uri}: {content_type}"
        );
    }
}

#[tokio::test]
async fn the_swv_page_shows_kinds_participation_findings_and_map() {
    let reply = get(&app_state(), "/swv/PO2201").await;
    let body = &reply.body;
    assert!(body.contains("<svg class=\"map swv\""), "map");
    assert!(body.contains("Speciaal basisonderwijs (SBO)"));
    // SBO = 50 / (400 + 50) at 1 October 2025; the <5 is kept apart.
    assert!(body.contains("11,11 %"), "SBO participation");
    // Askama escapes `<` as `&#60;`.
    assert!(
        body.contains("400 (+ 1 × &#60;5)"),
        "suppressed counts shown apart"
    );
    assert!(
        body.contains("data_duplicate"),
        "data finding of the import"
    );
    assert!(
        body.contains("Deelname door de jaren"),
        "participation chart"
    );
}

#[tokio::test]
async fn spellings_of_a_code_redirect_to_the_canonical_page() {
    let state = app_state();
    let reply = get(&state, "/swv/PO%2022.01").await;
    assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(reply.headers["location"], "/swv/PO2201");
    let reply = get(&state, "/school/00aa00").await;
    assert_eq!(reply.headers["location"], "/school/00AA00");
}

#[tokio::test]
async fn unknown_things_are_a_dutch_404_with_a_request_id() {
    let state = app_state();
    let reply = get(&state, "/swv/PO9999").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(
        reply
            .body
            .contains("Samenwerkingsverband PO9999 bestaat niet in het register.")
    );
    let id = reply.headers["x-request-id"].to_str().unwrap().to_owned();
    assert!(
        reply.body.contains(&format!("<code>{id}</code>")),
        "request id on the page"
    );

    let reply = get(&state, "/nergens").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("Deze pagina bestaat niet."));

    let reply = get(&state, "/api/v1/schools/ZZ").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let json = reply.json();
    assert_eq!(json["error"]["code"], "not_found");
    assert_eq!(
        json["error"]["request_id"],
        reply.headers["x-request-id"].to_str().unwrap()
    );
    assert!(
        json["error"]["message"]
            .as_str()
            .unwrap()
            .starts_with("ongeldige vestigingscode 'ZZ'")
    );
}

#[tokio::test]
async fn bad_filters_are_a_dutch_400_and_nothing_is_echoed_raw() {
    let state = app_state();
    let reply = get(&state, "/swv?sector=mbo").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply
            .body
            .contains("Onbekende sector &#39;mbo&#39;: kies po of vo.")
            || reply.body.contains("Onbekende sector &#x27;mbo&#x27;"),
        "{}",
        reply.body
    );

    let reply = get(&state, "/api/v1/findings?ernst=heel-erg").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.json()["error"]["code"], "bad_request");

    let long = "a".repeat(500);
    let reply = get(&state, &format!("/scholen?q={long}")).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);

    let reply = get(&state, "/scholen?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(!reply.body.contains("<script>"), "search text is escaped");
    // A name with markup from the data is escaped too.
    let reply = get(&state, "/swv/PO2201").await;
    assert!(
        reply.body.contains("Het Kompas &lt;b&gt;")
            || reply.body.contains("Het Kompas &#60;b&#62;")
    );
    assert!(!reply.body.contains("Het Kompas <b>"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let state = app_state();
    for uri in ["/", "/api/v1/swv", "/nergens", "/static/style.css"] {
        let reply = get(&state, uri).await;
        let h = &reply.headers;
        assert!(
            h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("frame-ancestors 'none'"),
            "{uri}"
        );
        assert!(
            !h["content-security-policy"]
                .to_str()
                .unwrap()
                .contains("script-src"),
            "no scripts allowed: {uri}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(h["x-frame-options"], "DENY", "{uri}");
        assert_eq!(h["referrer-policy"], "same-origin", "{uri}");
        assert!(h.contains_key("x-request-id"), "{uri}");
    }
}

#[tokio::test]
async fn the_api_gives_the_same_data_as_json() {
    let state = app_state();
    let list = get(&state, "/api/v1/swv?sector=po").await.json();
    let codes: Vec<&str> = list["swvs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["PO2201", "PO2301"]);

    let detail = get(&state, "/api/v1/swv/po-22-01").await.json();
    assert_eq!(detail["code"], "PO2201");
    assert_eq!(detail["dotted"], "PO 22.01");
    let sbo = detail["participation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["key"] == "sbo")
        .unwrap();
    assert_eq!(sbo["numerator"]["exact"], 50);
    assert_eq!(sbo["denominator"]["exact"], 450);
    assert_eq!(sbo["denominator"]["suppressed"], 1);

    let school = get(&state, "/api/v1/schools/00AE00").await.json();
    assert_eq!(school["cluster"]["clusters"], "4");
    let sectors: Vec<&str> = school["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["swv"].as_str().unwrap())
        .collect();
    assert_eq!(sectors, ["PO2201", "VO2201"]);

    let found = get(&state, "/api/v1/schools?q=zwolle").await.json();
    assert_eq!(found["total"], 0, "place names match whole, names partly");
    let found = get(&state, "/api/v1/schools?q=zwolse").await.json();
    assert_eq!(found["schools"][0]["code"], "00BA00");

    let health = get(&state, "/healthz").await.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["vestigingen"], 9);
}

#[tokio::test]
async fn findings_json_has_the_documented_shape() {
    let reply = get(&app_state(), "/api/v1/swv/PO2301/findings").await;
    expect_test::expect![[r#"
        {
          "findings": [
            {
              "message": "PO2301 heeft geen open vestiging voor speciaal basisonderwijs (SBO); een PO-samenwerkingsverband omvat die in zijn gebied (WPO art. 18a lid 2).",
              "rule": "po_missing_sbo",
              "severity": "error",
              "swv": "PO2301",
              "vestiging": null
            },
            {
              "message": "PO2301 heeft geen open vestiging voor speciaal onderwijs (SO) van cluster 3; een PO-samenwerkingsverband omvat die in zijn gebied (WPO art. 18a lid 2).",
              "rule": "po_missing_so_cluster_3",
              "severity": "error",
              "swv": "PO2301",
              "vestiging": null
            },
            {
              "message": "PO2301 heeft geen open vestiging voor speciaal onderwijs (SO) van cluster 4; een PO-samenwerkingsverband omvat die in zijn gebied (WPO art. 18a lid 2).",
              "rule": "po_missing_so_cluster_4",
              "severity": "error",
              "swv": "PO2301",
              "vestiging": null
            }
          ]
        }"#]]
    .assert_eq(&serde_json::to_string_pretty(&reply.json()).unwrap());
}

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let state = app_state();
    let doc = get(&state, "/api/v1/openapi.json").await.json();
    assert_eq!(
        doc["openapi"].as_str().map(|v| v.starts_with("3.")),
        Some(true)
    );
    let mut paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    paths.sort_unstable();
    assert_eq!(
        paths,
        [
            "/api/v1/coverage",
            "/api/v1/findings",
            "/api/v1/schools",
            "/api/v1/schools/{code}",
            "/api/v1/sources",
            "/api/v1/swv",
            "/api/v1/swv/{code}",
            "/api/v1/swv/{code}/budget",
            "/api/v1/swv/{code}/coverage",
            "/api/v1/swv/{code}/findings",
            "/healthz",
        ]
    );
    // Every documented path answers (the budget with the example scenario's amounts:
    // the bundled ones are incomplete).
    for path in paths {
        let mut uri = path.replace(
            "{code}",
            if path.contains("schools") {
                "00AA00"
            } else {
                "PO2201"
            },
        );
        if path.ends_with("/budget") {
            uri.push_str("?voorbeeld=ja");
        }
        let reply = get(&state, &uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}");
        assert!(
            reply.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json"),
            "{uri}"
        );
    }
}
