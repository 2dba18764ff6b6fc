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
