//! The web application of passend: Dutch pages, the JSON API under `/api/v1` with its
//! OpenAPI document, and `/healthz`.
//!
//! Only this crate knows HTTP and JSON. Handlers read an immutable [`Snapshot`]
//! computed at start-up from the store, so no request waits on the database; the pages
//! that depend on nothing else are rendered once and kept (`cache`).

use std::future::Future;
use std::sync::Arc;

use tokio::net::TcpListener;

pub mod api;
pub mod auth;
mod cache;
pub mod dto;
pub mod error;
pub mod facts;
pub mod nl;
mod pages;
pub use pages::account::Accounts;
pub use pages::editor::Editor;
pub mod routes;
pub mod snapshot;
pub mod svg;
pub mod xlsx;

pub use routes::{AppState, app};
pub use snapshot::{FundingData, ImportInfo, Snapshot, SupportData, SupportState};

/// Builds the state from a loaded register.
pub fn state(snapshot: Snapshot) -> AppState {
    AppState {
        snapshot: Arc::new(snapshot),
        editor: None,
        accounts: None,
    }
}

/// The state with the profile editor switched on, saving into `store`. Only for a
/// server on a loopback address: there are no accounts yet.
pub fn state_with_editor(snapshot: Snapshot, editor: Editor) -> AppState {
    AppState {
        snapshot: Arc::new(snapshot),
        editor: Some(Arc::new(editor)),
        accounts: None,
    }
}

/// Serves the application on `listener` until `shutdown` completes; requests in
/// flight are finished first.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
