//! Building the router and running the server.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use axum::Router;
use tokio::net::TcpListener;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::trace::TraceLayer;

use crate::error::ApiError;
use crate::state::{AppState, SystemClock};

/// Largest JSON body accepted (imports will get their own, larger limit).
pub const JSON_BODY_LIMIT: usize = 1024 * 1024;

#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub database_url: String,
    pub bind: SocketAddr,
    /// Public URL the server is reached at, printed at start-up.
    pub public_url: Option<String>,
    pub secure_cookies: bool,
    /// Where emails go (`CLIENTELE_SMTP_URL`); without it they stay in the outbox as
    /// `not_sent`.
    pub smtp_url: Option<String>,
    /// The From of every email.
    pub smtp_from: String,
    pub role: ProcessRole,
}

/// What this process does: both (the default), or one side of a split deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcessRole {
    WebAndWorkers,
    /// `--no-workers`: serves HTTP; delivery runs elsewhere.
    WebOnly,
    /// `--workers-only`: delivers the outbox, serves nothing.
    WorkersOnly,
}

pub fn build_router(state: AppState) -> Router {
    Router::new()
        .merge(crate::api::router())
        .merge(crate::web::router(state.clone()))
        .route("/healthz", get(|| async { "ok" }))
        .route("/api/openapi.json", get(crate::openapi::document))
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(JSON_BODY_LIMIT))
        .layer(CatchPanicLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Serves `router` on `listener` until the task is dropped or Ctrl-C/SIGTERM arrives.
pub async fn run_on(listener: TcpListener, router: Router) -> std::io::Result<()> {
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Connects the store, makes sure a business exists, prints where to log in, serves.
pub async fn serve(
    config: ServerConfig,
    bootstrap: crate::bootstrap::Bootstrap,
) -> anyhow::Result<()> {
    let store =
        clientele_store::connect(&clientele_store::ConnectOptions::new(&config.database_url))
            .await?;
    tracing::info!(
        database = clientele_store::redact_url(&config.database_url),
        "database ready"
    );
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let worker = match config.role {
        ProcessRole::WebOnly => None,
        _ => Some(tokio::spawn(
            outbox_worker(&config, store.clone())?.run(stopped),
        )),
    };
    if config.role == ProcessRole::WorkersOnly {
        println!("Clientele is delivering the outbox (no web server: --workers-only)");
        shutdown_signal().await;
        let _ = stop.send(true);
        if let Some(worker) = worker {
            worker.await?;
        }
        return Ok(());
    }
    let state = AppState::new(store, Arc::new(SystemClock), config.secure_cookies);
    let listener = TcpListener::bind(config.bind).await?;
    let addr = listener.local_addr()?;
    let url = config
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let state = state.with_public_url(&url);
    crate::bootstrap::first_run(&state, &bootstrap, &url).await?;
    println!("Clientele is listening on {url}");
    run_on(listener, build_router(state)).await?;
    let _ = stop.send(true);
    if let Some(worker) = worker {
        worker.await?;
    }
    Ok(())
}

/// The outbox worker of this process, sending over SMTP when a URL is configured.
fn outbox_worker(
    config: &ServerConfig,
    store: Arc<dyn clientele_store::Store>,
) -> anyhow::Result<crate::outbox::Worker> {
    let mailer = match &config.smtp_url {
        Some(url) => Some(Arc::new(
            crate::email::smtp::Mailer::new(url, &config.smtp_from)
                .map_err(|e| anyhow::anyhow!("CLIENTELE_SMTP_URL: {e}"))?,
        )),
        None => {
            tracing::warn!("no CLIENTELE_SMTP_URL: emails stay in the outbox as not_sent");
            None
        }
    };
    crate::outbox::Worker::new(store, mailer, crate::outbox::WorkerConfig::from_env()?)
}
