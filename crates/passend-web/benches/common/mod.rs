//! What the benchmarks share: one request through the whole router, as a browser makes it.

use axum::body::Body;
use axum::http::Request;
use http_body_util::BodyExt;
use tower::ServiceExt;

use passend_web::{AppState, app};

/// GETs `uri` and reads the whole body; panics unless the answer is a success.
pub(crate) async fn fetch(app_state: AppState, uri: String) -> usize {
    let response = app(app_state)
        .oneshot(
            Request::builder()
                .uri(uri)
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("response");
    assert!(response.status().is_success());
    response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes()
        .len()
}
