//! A real HTTP receiver for webhook tests (axum on 127.0.0.1, an ephemeral port).
//!
//! Tests register `WebhookReceiver::start(..).url("/path")` as a webhook and read back
//! every request that arrived, raw body included, so that signatures can be checked
//! byte for byte; `Behaviour` makes it answer 500 on purpose to exercise retries.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

/// How the receiver answers each request.
#[derive(Clone, Copy, Debug)]
pub enum Behaviour {
    /// 204 to every request.
    Accept,
    /// 500 to the first N requests, then 204.
    FailFirst(usize),
    /// 500 to every request.
    AlwaysFail,
}

/// One request as it arrived: method, path, headers and the raw body bytes.
#[derive(Clone, Debug)]
pub struct ReceivedRequest {
    pub method: String,
    pub path: String,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
    /// What the receiver answered.
    pub status: u16,
}

impl ReceivedRequest {
    /// A header as text, if present and printable.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// The `x-clientele-signature` header; panics when there is none.
    pub fn signature(&self) -> String {
        self.header("x-clientele-signature")
            .expect("a webhook request carries x-clientele-signature")
    }

    /// Whether the signature is base64(HMAC-SHA256(secret, raw body)), computed here
    /// independently of the server.
    pub fn is_signed_with(&self, secret: &str) -> bool {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(&self.body);
        let expected =
            base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
        self.signature() == expected
    }

    /// The body parsed as JSON; panics with the raw text when it is not.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!(
                "webhook body is not JSON ({err}): {}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }
}

struct Inbox {
    behaviour: Behaviour,
    requests: Vec<ReceivedRequest>,
}

// A panicking test must not turn every later assertion into a PoisonError.
fn lock(inbox: &Mutex<Inbox>) -> MutexGuard<'_, Inbox> {
    inbox.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The receiver; stops serving when dropped.
pub struct WebhookReceiver {
    base: String,
    inbox: Arc<Mutex<Inbox>>,
    server: tokio::task::JoinHandle<()>,
}

impl Drop for WebhookReceiver {
    fn drop(&mut self) {
        self.server.abort();
    }
}

async fn record(
    State(inbox): State<Arc<Mutex<Inbox>>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let mut inbox = lock(&inbox);
    let seen = inbox.requests.len();
    let status = match inbox.behaviour {
        Behaviour::Accept => StatusCode::NO_CONTENT,
        Behaviour::FailFirst(n) if seen < n => StatusCode::INTERNAL_SERVER_ERROR,
        Behaviour::FailFirst(_) => StatusCode::NO_CONTENT,
        Behaviour::AlwaysFail => StatusCode::INTERNAL_SERVER_ERROR,
    };
    inbox.requests.push(ReceivedRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        headers,
        body: body.to_vec(),
        status: status.as_u16(),
    });
    status
}

impl WebhookReceiver {
    /// Listens on 127.0.0.1, any free port, answering every path per `behaviour`.
    pub async fn start(behaviour: Behaviour) -> WebhookReceiver {
        let inbox = Arc::new(Mutex::new(Inbox {
            behaviour,
            requests: Vec::new(),
        }));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the webhook receiver");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let router = axum::Router::new()
            .fallback(record)
            .with_state(inbox.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, router)
                .await
                .expect("the webhook receiver stopped");
        });
        WebhookReceiver {
            base,
            inbox,
            server,
        }
    }

    /// The URL of `path` (starting with `/`) on this receiver.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every request so far, in arrival order.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.inbox).requests.clone()
    }

    /// The requests so far to `path`, in arrival order.
    pub fn requests_to(&self, path: &str) -> Vec<ReceivedRequest> {
        let inbox = lock(&self.inbox);
        inbox
            .requests
            .iter()
            .filter(|r| r.path == path)
            .cloned()
            .collect()
    }

    /// Waits (up to 20 s) until at least `count` requests arrived; returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedRequest> {
        self.wait_until(count, |r| r.len() >= count).await
    }

    /// Waits (up to 20 s) until at least `count` requests arrived to `path`; returns
    /// those.
    pub async fn wait_for_path(&self, path: &str, count: usize) -> Vec<ReceivedRequest> {
        let all = self
            .wait_until(count, |r| {
                r.iter().filter(|r| r.path == path).count() >= count
            })
            .await;
        all.into_iter().filter(|r| r.path == path).collect()
    }

    async fn wait_until(
        &self,
        count: usize,
        done: impl Fn(&[ReceivedRequest]) -> bool,
    ) -> Vec<ReceivedRequest> {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let requests = self.requests();
            if done(&requests) {
                return requests;
            }
            if Instant::now() >= deadline {
                let seen: Vec<String> = requests
                    .iter()
                    .map(|r| {
                        let event = r.header("x-clientele-event").unwrap_or_default();
                        format!("{} {} {event} → {}", r.method, r.path, r.status)
                    })
                    .collect();
                panic!(
                    "the webhook receiver expected {count} request(s) within 20 s, got {}: {seen:#?}",
                    requests.len()
                );
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}
