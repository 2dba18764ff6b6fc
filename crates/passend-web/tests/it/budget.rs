//! The budget pages and API on the fixture register, with the bundled amounts and the
//! example scenarios.

use axum::http::StatusCode;

use passend_web::{AppState, state};

use crate::support::{app_state, get, post, snapshot};

fn funded() -> AppState {
    app_state()
}

fn cents(amount: &str) -> i64 {
    let (euros, cents) = amount.split_once('.').unwrap();
    let sign = if euros.starts_with('-') { -1 } else { 1 };
    euros.parse::<i64>().unwrap() * 100 + sign * cents.parse::<i64>().unwrap()
}

#[tokio::test]
async fn without_amounts_the_page_says_what_is_missing_and_what_to_do() {
    let reply = get(&funded(), "/swv/PO2201/begroting?jaar=2026").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let body = &reply.body;
    assert!(
        body.contains("Deze begroting kan niet worden berekend"),
        "{body}"
    );
    assert!(
        body.contains("code &#39;lichte_po&#39;") || body.contains("code 'lichte_po'"),
        "{body}"
    );
    assert!(body.contains("bedragen-2026.toml"));
    assert!(body.contains("rekenen met de voorbeeldaannames"));
    assert!(body.contains("voorbeeld=ja"));
}

#[tokio::test]
async fn with_the_example_every_line_shows_count_rate_amount_and_source() {
    let reply = get(&funded(), "/swv/PO2201/begroting?jaar=2026&voorbeeld=ja").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = &reply.body;
    assert!(body.contains("<h1>Begroting 2026 · PO 22.01</h1>"));
    assert!(body.contains("Voorbeeldaannames po"));
    // Budget 2026 counts on 1 February 2025 ≈ 1 October 2024: 380 + 190 bo-leerlingen.
    assert!(body.contains("<td class=\"num\">570</td>"), "{body}");
    assert!(body.contains("DUO-telling 1 oktober 2024 (benadering van teldatum 1 februari 2025)"));
    assert!(
        body.contains("geprojecteerd vanuit een aanname voor 2024 met 2,5 % indexatie per jaar")
    );
    assert!(body.contains("SWV Kop van Noord-Holland"));
    assert!(body.contains("Let op: deze begroting gebruikt schattingen of aannames."));
    // Names from the data are escaped.
    assert!(body.contains("Het Kompas &lt;b&gt;") || body.contains("Het Kompas &#60;b&#62;"));
    assert!(!body.contains("Het Kompas <b>"));
    // The same budget from the API adds up.
    let api = get(
        &funded(),
        "/api/v1/swv/PO2201/budget?jaar=2026&voorbeeld=ja",
    )
    .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    let json = api.json();
    let year = &json["years"][0];
    let sum: i64 = year["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| cents(l["amount"].as_str().unwrap()))
        .sum();
    assert_eq!(sum, cents(year["total"].as_str().unwrap()));
    let a = &year["allocation"];
    let schools: i64 = a["schools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| cents(s["total"].as_str().unwrap()))
        .sum();
    assert_eq!(
        schools + cents(a["swv_kept"].as_str().unwrap()),
        cents(year["total_income"].as_str().unwrap())
    );
}

#[tokio::test]
async fn the_form_fields_change_the_scenario_and_bad_fields_are_dutch_errors() {
    let app = funded();
    let reply = get(
        &app,
        "/swv/PO2201/begroting?jaar=2026&voorbeeld=ja&scholen_procent=52&vaste_voet=1000&arrangementen=5000&eigen_vermogen=900000",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("Potje Arrangementen"));
    assert!(reply.body.contains("Eigen vermogen eind 2026"));
    // A wrong year is a wrong address; a wrong scenario field is shown above the form.
    for (query, status, message) in [
        (
            "jaar=abc",
            StatusCode::BAD_REQUEST,
            "Jaar: 'abc' is geen jaar",
        ),
        (
            "jaar=2026&indexatie=veel",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Indexatie: 'veel' is geen getal.",
        ),
        (
            "jaar=2026&scholen_procent=140",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Aandeel scholen: 140 ligt buiten 0 tot 100.",
        ),
        (
            "jaar=2026&vaste_voet=1,234",
            StatusCode::UNPROCESSABLE_ENTITY,
            "meer dan twee decimalen",
        ),
        (
            "jaar=2026&grondslag=kleur",
            StatusCode::UNPROCESSABLE_ENTITY,
            "Onbekende grondslag",
        ),
    ] {
        let reply = get(&app, &format!("/swv/PO2201/begroting?{query}")).await;
        assert_eq!(reply.status, status, "{query}");
        let plain = reply.body.replace("&#39;", "'");
        let message = message.replace("&#39;", "'");
        assert!(plain.contains(&message), "{query}: {}", reply.body);
    }
    // A model that cannot be right is explained on the page.
    let reply = get(
        &app,
        "/swv/PO2201/begroting?jaar=2026&voorbeeld=ja&vaste_voet=99999999",
    )
    .await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("vaste voet"), "{}", reply.body);
}

#[tokio::test]
async fn downloads_are_csv_and_xlsx() {
    let app = funded();
    let csv = get(
        &app,
        "/swv/PO2201/begroting?jaar=2026&voorbeeld=ja&format=csv",
    )
    .await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        csv.body.starts_with("scenario;swv;jaar;code;omschrijving"),
        "{}",
        csv.body
    );
    assert!(csv.body.contains(";lichte_bruto;"));
    let per_school = get(
        &app,
        "/swv/PO2201/begroting?jaar=2026&voorbeeld=ja&format=csv-verdeling",
    )
    .await;
    assert!(
        per_school.body.contains("00AA00;De Linde"),
        "{}",
        per_school.body
    );
    let app2 = funded();
    let response = passend_web::app(app2)
        .oneshot_xlsx("/swv/PO2201/meerjarenbegroting?voorbeeld=ja&format=xlsx")
        .await;
    assert_eq!(&response[..2], b"PK", "an XLSX file is a zip archive");
    let bad = get(
        &app,
        "/swv/PO2201/begroting?jaar=2026&voorbeeld=ja&format=pdf",
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_multi_year_view_puts_scenarios_side_by_side_with_charts_and_reserves() {
    let reply = get(
        &funded(),
        "/swv/PO2201/meerjarenbegroting?voorbeeld=ja&van=2026&jaren=4&eigen_vermogen=500000&resultaat=-50000",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = &reply.body;
    assert!(body.contains("<h1>Meerjarenbegroting · PO 22.01</h1>"));
    for name in [
        "Voorbeeldaannames po",
        "So-deelname +0,3 punt per jaar",
        "Bedragen +2,5 %",
    ] {
        assert!(body.contains(name), "{name}");
    }
    assert_eq!(
        body.matches("<svg class=\"chart\"").count(),
        3,
        "income, allocation, reserves"
    );
    assert!(body.contains("€ 500.000,00") || body.contains("€ 450.000,00"));
    for year in 2026..=2029 {
        assert!(
            body.contains(&format!("<th scope=\"row\">{year}")),
            "{year}"
        );
    }
    let api = get(
        &funded(),
        "/api/v1/swv/PO2201/budget?van=2026&jaren=4&voorbeeld=ja",
    )
    .await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    assert_eq!(api.json()["years"].as_array().unwrap().len(), 4);
    let both = get(&funded(), "/api/v1/swv/PO2201/budget?van=2026&jaar=2026").await;
    assert_eq!(both.status, StatusCode::BAD_REQUEST);
    assert!(
        both.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("niet allebei"),
        "{}",
        both.body
    );
}

#[tokio::test]
async fn a_pasted_scenario_is_checked_like_a_file() {
    let app = funded();
    let toml = "naam = \"Eigen\"\n[bedragen.2026]\nlichte_po = \"300\"\nzware_po = \"520\"\nsbo = \"6700\"\nso_laag = \"13000\"\nso_midden = \"21000\"\nso_hoog = \"31000\"\n";
    let body = format!("jaar=2026&scenario={}", urlencode(toml));
    let reply = post(&app, "/swv/PO2201/begroting", &body, &[]).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("Scenario: <strong>Eigen</strong>"));
    let broken = format!("jaar=2026&scenario={}", urlencode("naam = \n"));
    let reply = post(&app, "/swv/PO2201/begroting", &broken, &[]).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(reply.body.contains("ongeldige TOML"), "{}", reply.body);
    let other = format!("jaar=2026&scenario={}", urlencode("swv = \"PO2301\"\n"));
    let reply = post(&app, "/swv/PO2201/begroting", &other, &[]).await;
    assert!(reply.body.contains("niet voor PO2201"), "{}", reply.body);
}

#[tokio::test]
async fn another_spelling_of_the_code_redirects_with_every_field() {
    let reply = get(
        &funded(),
        "/swv/po2201/begroting?jaar=2026&voorbeeld=ja&so_punten=0%2C3",
    )
    .await;
    assert_eq!(reply.status, StatusCode::PERMANENT_REDIRECT);
    assert_eq!(
        reply.headers["location"],
        "/swv/PO2201/begroting?jaar=2026&voorbeeld=ja&so_punten=0%2C3"
    );
}

#[tokio::test]
async fn without_funding_data_the_pages_say_so() {
    let reply = get(&state(snapshot()), "/swv/PO2201/begroting").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("geen bedragen"), "{}", reply.body);
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

trait Oneshot {
    async fn oneshot_xlsx(self, uri: &str) -> Vec<u8>;
}

impl Oneshot for axum::Router {
    async fn oneshot_xlsx(self, uri: &str) -> Vec<u8> {
        use http_body_util::BodyExt;
        use tower::ServiceExt;
        let response = self
            .oneshot(
                axum::http::Request::builder()
                    .uri(uri)
                    .body(axum::body::Body::empty())
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec()
    }
}
