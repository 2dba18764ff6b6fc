//! The kept pages are the pages: the same bytes and headers as a fresh render, before
//! and after the profile editor replaces the support state.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use passend_core::ids::VestigingCode;
use passend_core::support::{
    CoverageSettings, Level, Need, NeedCode, Offer, ProfileBook, ProfileSource, SupportProfile,
    Taxonomy,
};
use passend_store::Store;

use super::Memo;
use crate::snapshot::{ImportInfo, Snapshot, SupportData};
use crate::{AppState, Editor, state, state_with_editor};

const FIXTURE: &str = "
pc4 9401 Assen PO2201 VO2201
pc4 9402 Assen PO2201 VO2201
pc4 8011 Zwolle PO2301 VO2301
school 00AA00 bao 9401AA name=\"De Linde\" pupils=2023:390,2024:380,2025:400
school 00AC00 sbo 9401AC name=\"SBO De Wissel\" pupils=2024:40,2025:50
school 00AD00 so 9401AD cluster=3 offer=\"SO ZMLK\" name=\"De Sterrenwachter\" pupils=2025:20
school 00AF00 vo 9402AF structure=VBO/MAVO/HAVO/VWO name=\"Dr. Nassau College\" pupils=2023:1200
school 00BA00 bao 8011BA name=\"Zwolse Basisschool\" pupils=2025:300
";

/// The pages this module keeps, and a page that reads the profiles.
const KEPT: [&str; 6] = [
    "/swv/PO2201",
    "/swv/VO2201",
    "/api/v1/swv/PO2201",
    "/swv",
    "/",
    "/?sector=vo",
];

fn support(book: ProfileBook) -> SupportData {
    let need = |code: &str, label: &str| Need {
        code: NeedCode::parse(code).unwrap(),
        label: label.to_owned(),
        domain: "leren".into(),
        domain_label: "Leren".into(),
        prevalence_po: 0.04,
        prevalence_vo: 0.04,
        share_extra: 0.5,
        share_specialist: 0.1,
        source: "test".into(),
    };
    SupportData {
        taxonomy: Taxonomy::new(vec![need("dyslexie", "Dyslexie"), need("gedrag", "Gedrag")])
            .unwrap(),
        settings: CoverageSettings::default(),
        book,
        date: jiff::civil::date(2026, 11, 28),
    }
}

fn book() -> ProfileBook {
    ProfileBook::new(
        vec![SupportProfile {
            vestiging: VestigingCode::parse("00AA00").unwrap(),
            valid_from: jiff::civil::date(2026, 8, 1),
            offers: vec![Offer {
                need: NeedCode::parse("dyslexie").unwrap(),
                level: Level::Extra,
                places: Some(3),
            }],
            conditions: Default::default(),
            source: ProfileSource::Imported {
                file: "sop-2026.csv".to_owned(),
            },
        }],
        Vec::new(),
    )
}

fn snapshot(support: Option<SupportData>) -> Snapshot {
    Snapshot::build(
        passend_core::testkit::register(FIXTURE),
        &[],
        ImportInfo::default(),
        support,
    )
}

struct Reply {
    status: StatusCode,
    content_type: String,
    body: String,
}

async fn send(state: &AppState, request: Request<Body>) -> Reply {
    let response = crate::app(state.clone()).oneshot(request).await.unwrap();
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        content_type,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}

async fn get(state: &AppState, uri: &str) -> Reply {
    send(state, Request::get(uri).body(Body::empty()).unwrap()).await
}

/// Each kept page of `state` as (uri, content type, body), asserting it is a 200.
async fn pages(state: &AppState) -> Vec<(&'static str, String, String)> {
    let mut pages = Vec::new();
    for uri in KEPT {
        let reply = get(state, uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.body);
        pages.push((uri, reply.content_type, reply.body));
    }
    pages
}

#[tokio::test]
async fn a_kept_page_is_the_page_with_its_headers() {
    let state = state(snapshot(Some(support(book()))));
    let first = pages(&state).await;
    let pages_kept = &state.snapshot.pages;
    assert_eq!(pages_kept.swv_page.len(), 2);
    assert_eq!(pages_kept.swv_json.len(), 1);
    assert_eq!(pages_kept.swv_list.len(), 1);
    assert_eq!(pages_kept.home.len(), 2);
    // Served from the cache the second time: the same bytes and headers.
    assert_eq!(pages(&state).await, first);
    for (uri, content_type, body) in &first {
        let expected = if uri.starts_with("/api/") {
            "application/json"
        } else {
            "text/html; charset=utf-8"
        };
        assert_eq!(content_type, expected, "{uri}");
        assert!(!body.is_empty(), "{uri}");
    }
    // A filtered list is not kept, and still filtered.
    let filtered = get(&state, "/swv?sector=vo").await;
    assert!(filtered.body.contains("href=\"/swv/VO2201\""));
    assert!(!filtered.body.contains("href=\"/swv/PO2201\""));
    assert_eq!(state.snapshot.pages.swv_list.len(), 1);
    // A code the register lacks is an error, and not kept.
    assert_eq!(
        get(&state, "/swv/PO2501").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(state.snapshot.pages.swv_page.len(), 2);
}

#[tokio::test]
async fn the_coverage_link_follows_the_support_state() {
    let with = state(snapshot(Some(support(book()))));
    let without = state(snapshot(None));
    let link = "href=\"/swv/PO2201/dekking\"";
    assert!(get(&with, "/swv/PO2201").await.body.contains(link));
    assert!(!get(&without, "/swv/PO2201").await.body.contains(link));
}

#[tokio::test]
async fn kept_pages_stay_right_after_the_editor_saves_a_profile() {
    let store = Arc::new(Store::open_in_memory().unwrap());
    let profiles: Vec<_> = book().all_profiles().cloned().collect();
    store.save_profiles(&profiles, &[]).unwrap();
    let state = state_with_editor(
        snapshot(Some(support(book()))),
        Editor::new(store.clone()).unwrap(),
    );
    let before = pages(&state).await;

    // Save a new profile through the editor, as a visitor would.
    let form = get(&state, "/school/00AA00/profiel").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let start = form.body.find("name=\"token\" value=\"").unwrap() + 20;
    let token = &form.body[start..start + 32];
    let body = format!(
        "token={token}&geldig_vanaf=2026-11-28&niveau.dyslexie=extra&plaatsen.dyslexie=3\
         &niveau.gedrag=extra&plaatsen.gedrag=6&voorziening.lift=ja"
    );
    let saved = send(
        &state,
        Request::post("/school/00AA00/profiel")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap(),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let school = get(&state, "/school/00AA00").await;
    assert!(
        school.body.contains("<li>lift</li>"),
        "the school page shows it"
    );

    // The kept pages read no profile: after the save they are what a server started on
    // the new profiles renders.
    let after = pages(&state).await;
    let fresh = state_with_editor(
        snapshot(Some(support(store.load_profiles().unwrap()))),
        Editor::new(store.clone()).unwrap(),
    );
    assert_eq!(after, pages(&fresh).await);
    assert_eq!(after, before);
}

#[test]
fn a_body_is_made_once_and_an_error_is_not_kept() {
    let memo: Memo<u8> = Memo::default();
    let mut made = 0;
    for _ in 0..3 {
        let body = memo
            .get_or_try_insert(1, || {
                made += 1;
                Ok::<_, ()>(Bytes::from_static(b"een"))
            })
            .unwrap();
        assert_eq!(body, Bytes::from_static(b"een"));
    }
    assert_eq!(made, 1);
    assert_eq!(memo.get_or_try_insert(2, || Err("stuk")), Err("stuk"));
    assert_eq!(memo.len(), 1);
    let body = memo
        .get_or_try_insert(2, || Ok::<_, ()>(Bytes::from_static(b"twee")))
        .unwrap();
    assert_eq!(body, Bytes::from_static(b"twee"));
    assert_eq!(memo.len(), 2);
}
