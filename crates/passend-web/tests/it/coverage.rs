//! The coverage pages, the profile section of the school page, and the coverage API.

use axum::http::StatusCode;

use crate::support::{app_state, get, snapshot_without_support};

#[tokio::test]
async fn the_coverage_page_shows_matrix_map_gaps_and_the_synthetic_label() {
    let reply = get(&app_state(), "/swv/PO2201/dekking").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let body = &reply.body;
    assert!(body.contains("<h1>Dekkend aanbod · PO 22.01</h1>"));
    assert!(
        body.contains("Voorbeeldgegevens"),
        "synthetic profiles are labelled"
    );
    assert!(body.contains("<table class=\"matrix\">"));
    for label in ["Dyslexie", "Zeer moeilijk lerend (ZMLK)", "Gedrag"] {
        assert!(body.contains(label), "{label}");
    }
    assert!(body.contains("<svg class=\"map coverage\""), "map");
    assert!(body.contains("<h3>Hiaten</h3>"));
    // The thresholds are explained, as road distances.
    assert!(body.contains("basisondersteuning 6 km"), "thresholds");
    assert!(body.contains("maal 1,30 voor de omweg"), "detour");
}

#[tokio::test]
async fn a_chosen_need_and_level_select_the_map_and_gaps() {
    let state = app_state();
    let reply = get(
        &state,
        "/swv/PO2301/dekking?behoefte=zmlk&niveau=specialistisch",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply.body.contains(
            "<h2 id=\"kaart\">Zeer moeilijk lerend (ZMLK), specialistisch (met TLV)</h2>"
        )
    );
    // PO2301 has no school with ZMLK of its own: its PC4s are a gap of that kind.
    assert!(reply.body.contains("geen enkele school biedt dit"));
    // Counting the neighbour's schools, the SO school in Assen is an option.
    let national = get(
        &state,
        "/swv/PO2301/dekking?scope=national&behoefte=zmlk&niveau=specialistisch",
    )
    .await;
    assert!(national.body.contains("alle scholen, ook die van buren"));
    assert!(!national.body.contains("geen enkele school biedt dit"));
}

#[tokio::test]
async fn wrong_input_on_the_coverage_page_is_a_dutch_error() {
    let state = app_state();
    for (uri, status, text) in [
        (
            "/swv/PO2201/dekking?behoefte=onbekend",
            StatusCode::BAD_REQUEST,
            "Onbekende ondersteuningsbehoefte",
        ),
        (
            "/swv/PO2201/dekking?niveau=hoog",
            StatusCode::BAD_REQUEST,
            "Onbekend niveau",
        ),
        (
            "/swv/PO2201/dekking?scope=wereld",
            StatusCode::BAD_REQUEST,
            "Onbekende reikwijdte",
        ),
        (
            "/swv/PO9999/dekking",
            StatusCode::NOT_FOUND,
            "bestaat niet in het register",
        ),
    ] {
        let reply = get(&state, uri).await;
        assert_eq!(reply.status, status, "{uri}");
        assert!(reply.body.contains(text), "{uri}: {}", reply.body);
    }
    // A wrong scenario keeps the page and says what is wrong next to the form.
    let reply = get(
        &state,
        "/swv/PO2201/dekking?behoefte=gedrag&niveau=extra&school=00AA00&plaatsen=-4",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply
            .body
            .contains("Het aantal plaatsen moet een geheel getal"),
        "{}",
        reply.body
    );
    let reply = get(&state, "/swv/PO2201/dekking?sluit=00ZZ99").await;
    assert!(
        reply.body.contains("00ZZ99 is geen open school"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn the_scenario_form_shows_what_changes() {
    let state = app_state();
    let reply = get(
        &state,
        "/swv/PO2201/dekking?behoefte=zmlk&niveau=specialistisch&sluit=00AD00",
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(
        reply.body.contains("Gevolgen van: 00AD00 sluit"),
        "{}",
        reply.body
    );
    // Before: every child within reach of the SO school; after: none.
    assert!(
        reply
            .body
            .contains("<td class=\"num\">100,0 %</td><td class=\"num\">0,0 %</td>")
    );

    // Extra places for behaviour at the basisschool.
    let reply = get(
        &state,
        "/swv/PO2201/dekking?behoefte=gedrag&niveau=extra&school=00AA00&plaatsen=5",
    )
    .await;
    assert!(
        reply
            .body
            .contains("Gevolgen van: 00AA00: gedrag extra met 5 plaatsen"),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn the_national_view_lists_the_weakest_spots() {
    let reply = get(&app_state(), "/dekking").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(
        reply
            .body
            .contains("<h1>Dekkend aanbod in heel Nederland</h1>")
    );
    assert!(reply.body.contains("Voorbeeldgegevens"));
    assert!(
        reply
            .body
            .contains("href=\"/swv/PO2301/dekking?behoefte=zmlk&amp;niveau=basis#kaart\""),
        "{}",
        reply.body
    );
}

#[tokio::test]
async fn without_profiles_the_coverage_pages_say_what_to_do() {
    let state = passend_web::state(snapshot_without_support());
    let reply = get(&state, "/swv/PO2201/dekking").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("passend sop generate"));
    let swv = get(&state, "/swv/PO2201").await;
    assert!(!swv.body.contains("/swv/PO2201/dekking"), "no dead link");
    let school = get(&state, "/school/00AA00").await;
    assert!(!school.body.contains("Ondersteuningsprofiel"));
}

#[tokio::test]
async fn the_school_page_shows_the_profile_in_force_and_its_history() {
    let state = app_state();
    let reply = get(&state, "/school/00AA00").await;
    assert_eq!(reply.status, StatusCode::OK);
    let body = &reply.body;
    assert!(body.contains("<h2 id=\"h-profiel\">Ondersteuningsprofiel</h2>"));
    assert!(body.contains("Geldt sinds 1 augustus 2026; ingelezen uit sop-2026.csv."));
    assert!(body.contains("<th scope=\"row\">Dyslexie</th><td>Leren</td><td>extra ondersteuning</td><td class=\"num\">3</td><td>eigen profiel</td>"), "{body}");
    assert!(body.contains("gebouw zonder drempels of trappen"));
    for state in ["gepland", "geldt nu", "vervallen"] {
        assert!(body.contains(&format!("<td>{state}</td>")), "{state}");
    }
    assert!(
        !body.contains("Voorbeeldgegevens"),
        "a real profile is not labelled synthetic"
    );

    // The basisschool without a profile of its own still has the SWV's basisondersteuning.
    let reply = get(&state, "/school/00AB00").await;
    assert!(reply.body.contains("geen eigen ondersteuningsprofiel"));
    assert!(reply.body.contains("basisondersteuning van PO 22.01"));

    // A synthetic profile says so.
    let reply = get(&state, "/school/00AD00").await;
    assert!(reply.body.contains("Voorbeeldgegevens"));
    assert!(
        reply
            .body
            .contains("synthetisch voorbeeld (gegenereerd met seed 7)")
    );
}

#[tokio::test]
async fn the_coverage_api_gives_cells_gaps_details_and_scenarios() {
    let state = app_state();
    let reply = get(&state, "/api/v1/swv/PO2201/coverage").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let json = reply.json();
    assert_eq!(json["swv"], "PO2201");
    assert_eq!(json["scope"], "swv");
    assert_eq!(json["date"], "2026-11-28");
    assert_eq!(json["synthetic"], true);
    assert_eq!(json["settings"]["threshold_basis_km"], 6.0);
    assert_eq!(
        json["cells"].as_array().unwrap().len(),
        9,
        "3 needs × 3 levels"
    );
    assert!(json.get("details").is_none(), "details only when asked");
    let zmlk = json["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["need"] == "zmlk" && c["level"] == "specialistisch")
        .unwrap();
    assert_eq!(zmlk["schools"], 1);
    assert_eq!(zmlk["share_within"], 1.0);

    // One need and level, with a row per PC4.
    let json = get(
        &state,
        "/api/v1/swv/PO2201/coverage?behoefte=dyslexie&niveau=extra&detail=true",
    )
    .await
    .json();
    assert_eq!(json["cells"].as_array().unwrap().len(), 1);
    let details = json["details"].as_array().unwrap();
    assert_eq!(details.len(), 3, "one row per PC4 of PO2201");
    for d in details {
        assert!(d["lat"].as_f64().is_some() && d["lon"].as_f64().is_some());
        assert_eq!(d["nearest"], "00AA00");
        assert!(d["nearest_km"].as_f64().unwrap() >= 0.0);
    }

    // A scenario.
    let json = get(&state, "/api/v1/swv/PO2201/coverage?sluit=00AD00")
        .await
        .json();
    let changes = json["scenario"]["changes"].as_array().unwrap();
    assert!(
        changes
            .iter()
            .any(|c| c["need"] == "zmlk" && c["after"]["schools"] == 0),
        "{changes:?}"
    );

    // CSV for a spreadsheet.
    let reply = get(&state, "/api/v1/swv/PO2201/coverage?format=csv").await;
    assert_eq!(reply.headers["content-type"], "text/csv; charset=utf-8");
    let mut lines = reply.body.lines();
    assert!(
        lines
            .next()
            .unwrap()
            .starts_with("swv;reikwijdte;behoefte;naam;niveau")
    );
    assert_eq!(lines.clone().count(), 9);
    assert!(lines.all(|l| l.starts_with("PO2201;swv;") && l.ends_with(";ja")));

    // Wrong input.
    for uri in [
        "/api/v1/swv/PO2201/coverage?format=xml",
        "/api/v1/swv/PO2201/coverage?behoefte=x",
        "/api/v1/swv/PO2201/coverage?school=00AA00&plaatsen=3",
    ] {
        let reply = get(&state, uri).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(reply.json()["error"]["code"], "bad_request", "{uri}");
    }
    let reply = get(&state, "/api/v1/swv/PO2201/coverage?sluit=00ZZ99").await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert!(
        reply.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("00ZZ99")
    );
}

#[tokio::test]
async fn the_national_coverage_api_covers_every_swv() {
    let json = get(&app_state(), "/api/v1/coverage").await.json();
    let swvs: Vec<&str> = json["swvs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["swv"].as_str().unwrap())
        .collect();
    assert_eq!(swvs, ["PO2201", "PO2301", "VO2201", "VO2301"]);
    assert_eq!(json["synthetic"], true);
}
