//! The profile editor behind `serve --bewerken`: off by default, the form shows the
//! profile in force, a post from elsewhere is refused, a wrong post stores nothing and
//! names every mistake, and a good post adds a version that the pages use at once.

use std::sync::Arc;

use axum::http::StatusCode;

use passend_store::Store;
use passend_web::{AppState, Editor, state_with_editor};

use crate::support::{get, post, snapshot, support_data};

/// A store with the fixture's profiles, as `serve` loads them, and the editor on it.
fn with_editor() -> (tempfile::TempDir, Arc<Store>, AppState) {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(&dir.path().join("edit.sqlite3")).unwrap());
    let book = support_data().book;
    let profiles: Vec<_> = book.all_profiles().cloned().collect();
    let basis: Vec<_> = book.all_basis().cloned().collect();
    store.save_profiles(&profiles, &basis).unwrap();
    assert_eq!(store.load_profiles().unwrap(), book);
    let state = state_with_editor(snapshot(), Editor::new(store.clone()).unwrap());
    (dir, store, state)
}

async fn token(state: &AppState, code: &str) -> String {
    let form = get(state, &format!("/school/{code}/profiel")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let start = form.body.find("name=\"token\" value=\"").unwrap() + 20;
    form.body[start..start + 32].to_owned()
}

#[tokio::test]
async fn the_editor_is_off_unless_switched_on() {
    let state = crate::support::app_state();
    let reply = get(&state, "/school/00AA00/profiel").await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    assert!(reply.body.contains("passend serve --bewerken"));
    let reply = post(
        &state,
        "/school/00AA00/profiel",
        "geldig_vanaf=2026-12-01",
        &[],
    )
    .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let school = get(&state, "/school/00AA00").await;
    assert!(!school.body.contains("/school/00AA00/profiel"));
}

#[tokio::test]
async fn the_form_shows_the_profile_in_force() {
    let (_dir, _store, state) = with_editor();
    let school = get(&state, "/school/00AA00").await;
    assert!(
        school
            .body
            .contains("href=\"/school/00AA00/profiel\">Profiel bewerken</a>")
    );
    let form = get(&state, "/school/00AA00/profiel").await;
    let body = &form.body;
    assert!(body.contains("<h1>Ondersteuningsprofiel bewerken</h1>"));
    assert!(body.contains("value=\"2026-11-28\""), "today by default");
    // Dyslexia at extra level with 3 places; the facility is ticked.
    assert!(body.contains("<option value=\"extra\" selected>"));
    assert!(
        body.contains("name=\"plaatsen.dyslexie\" inputmode=\"numeric\" size=\"5\" value=\"3\"")
    );
    assert!(body.contains("name=\"voorziening.drempelvrij\" value=\"ja\" checked"));
    assert!(body.contains("basisondersteuning van PO 22.01 geldt al"));
    // A basisschool cannot offer specialist education.
    assert!(!body.contains("<option value=\"specialistisch\""));
    // A closed school has no profile to edit.
    let closed = get(&state, "/school/00BB00/profiel").await;
    assert_eq!(closed.status, StatusCode::BAD_REQUEST);
    assert!(closed.body.contains("is gesloten"));
}

#[tokio::test]
async fn a_post_from_elsewhere_is_refused() {
    let (_dir, store, state) = with_editor();
    let token = token(&state, "00AA00").await;
    let body = format!("token={token}&geldig_vanaf=2026-12-01&niveau.gedrag=extra");
    for (form, headers) in [
        (
            "geldig_vanaf=2026-12-01&niveau.gedrag=extra".to_owned(),
            vec![],
        ),
        (
            "token=0000&geldig_vanaf=2026-12-01&niveau.gedrag=extra".to_owned(),
            vec![],
        ),
        (body.clone(), vec![("origin", "http://elders.example")]),
        (body.clone(), vec![("sec-fetch-site", "cross-site")]),
    ] {
        let reply = post(&state, "/school/00AA00/profiel", &form, &headers).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{form} {headers:?}");
        assert!(
            reply
                .body
                .contains("Dit formulier komt niet van deze passend")
        );
    }
    assert_eq!(
        store.load_profiles().unwrap(),
        support_data().book,
        "nothing stored"
    );
}

#[tokio::test]
async fn a_wrong_post_names_every_mistake_and_stores_nothing() {
    let (_dir, store, state) = with_editor();
    let token = token(&state, "00AA00").await;
    let body = format!(
        "token={token}&geldig_vanaf=31-02-2026&niveau.dyslexie=extra&plaatsen.dyslexie=veel\
         &niveau.gedrag=specialistisch&niveau.zmlk=hoog&plaatsen.onbekend=3&hack=1"
    );
    let reply = post(&state, "/school/00AA00/profiel", &body, &[]).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = &reply.body;
    assert!(page.contains("Het profiel is niet opgeslagen"), "{page}");
    for expected in [
        "Geldig vanaf:",
        "Dyslexie: het aantal plaatsen moet een geheel getal van 0 tot 10.000 zijn, niet &#39;veel&#39;.",
        "Gedrag: ",
        "Zeer moeilijk lerend (ZMLK): onbekend niveau &#39;hoog&#39;.",
        "Onbekende ondersteuningsbehoefte &#39;onbekend&#39;.",
        "Onbekend veld &#39;hack&#39; in het formulier.",
    ] {
        assert!(page.contains(expected), "lacks {expected}");
    }
    // What was typed stays in the form.
    assert!(page.contains("value=\"veel\""));
    assert_eq!(
        store.load_profiles().unwrap(),
        support_data().book,
        "nothing stored"
    );
}

#[tokio::test]
async fn a_good_post_adds_a_version_that_the_pages_use_at_once() {
    let (_dir, store, state) = with_editor();
    let api = get(
        &state,
        "/api/v1/swv/PO2201/coverage?behoefte=gedrag&niveau=extra",
    )
    .await;
    assert_eq!(api.json()["cells"][0]["schools"], 1, "only the SBO");

    let token = token(&state, "00AA00").await;
    let body = format!(
        "token={token}&geldig_vanaf=2026-11-28&niveau.dyslexie=extra&plaatsen.dyslexie=3\
         &niveau.gedrag=extra&plaatsen.gedrag=6&niveau.zmlk=&plaatsen.zmlk=&voorziening.lift=ja"
    );
    let reply = post(
        &state,
        "/school/00AA00/profiel",
        &body,
        &[("origin", "http://localhost"), ("host", "localhost")],
    )
    .await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    assert_eq!(
        reply.headers["location"],
        "/school/00AA00?opgeslagen=ja#h-profiel"
    );

    // Stored as a version edited in passend.
    let book = store.load_profiles().unwrap();
    let code = passend_core::ids::VestigingCode::parse("00AA00").unwrap();
    let saved = book
        .history(code)
        .iter()
        .find(|p| p.valid_from == jiff::civil::date(2026, 11, 28))
        .expect("the new version");
    assert_eq!(saved.source, passend_core::support::ProfileSource::Edited);
    assert_eq!(saved.offers.len(), 2);

    // The school page and the coverage use it.
    let school = get(&state, "/school/00AA00?opgeslagen=ja").await;
    assert!(
        school
            .body
            .contains("Het profiel is opgeslagen als nieuwe versie; die geldt nu.")
    );
    assert!(school.body.contains("bewerkt in passend"));
    assert!(school.body.contains("<li>lift</li>"));
    let api = get(
        &state,
        "/api/v1/swv/PO2201/coverage?behoefte=gedrag&niveau=extra",
    )
    .await;
    assert_eq!(api.json()["cells"][0]["schools"], 2, "the SBO and 00AA00");

    // The same again changes nothing.
    let reply = post(&state, "/school/00AA00/profiel", &body, &[]).await;
    assert_eq!(
        reply.headers["location"],
        "/school/00AA00?opgeslagen=ongewijzigd#h-profiel"
    );
}

#[tokio::test]
async fn odd_bodies_get_a_dutch_answer_and_store_nothing() {
    let (_dir, store, state) = with_editor();
    let token = token(&state, "00AA00").await;
    // Just under the router's 64 KiB limit on a body.
    let huge = format!("{}=1", "x".repeat(60_000));
    for tail in [
        "%FF%FE=%C0",
        "niveau.gedrag=%",
        "=&&&==",
        "niveau.gedrag=extra&niveau.gedrag=%00",
        "geldig_vanaf=2026-12-01%0A&plaatsen.dyslexie=%EF%BC%93",
        "geldig_vanaf=2026-12-01&niveau.zmlk=%27%3B+DROP+TABLE+profiles%3B+--",
        "geldig_vanaf=2026-12-01&voorziening.%3Cscript%3E=ja",
        "geldig_vanaf=..%2F..%2Fetc%2Fpasswd",
        &huge,
    ] {
        let body = format!("token={token}&{tail}");
        let reply = post(&state, "/school/00AA00/profiel", &body, &[]).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{tail:.80}");
        assert!(
            reply.body.contains("Het profiel is niet opgeslagen"),
            "{tail:.80}"
        );
        for debug in ["Err(", "unwrap", "panicked", "<script>"] {
            assert!(!reply.body.contains(debug), "{debug} for {tail:.80}");
        }
    }
    // Over the limit the router answers before the form is read.
    let body = format!("token={token}&{}=1", "x".repeat(70_000));
    let reply = post(&state, "/school/00AA00/profiel", &body, &[]).await;
    assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(reply.body.contains("Het verzoek is te groot."));
    assert_eq!(
        store.load_profiles().unwrap(),
        support_data().book,
        "nothing stored"
    );
}
