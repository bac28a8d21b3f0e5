//! Shared state of the server: the store, the clock, and the login limiter.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};
use clientele_store::Store;

use crate::auth::key_cache::ApiKeyCache;
use crate::auth::limiter::LoginLimiter;

/// Where "now" comes from, so that tests can fix it (filters depend on it).
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stays where it is set.
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        FixedClock(Mutex::new(at))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub limiter: Arc<LoginLimiter>,
    /// API keys found valid a moment ago (see `auth::key_cache`).
    pub api_keys: Arc<ApiKeyCache>,
    /// Session cookies get `Secure` when the server is reached over TLS.
    pub secure_cookies: bool,
    /// Where the server is reached, for links in emails (`CLIENTELE_PUBLIC_URL`).
    pub public_url: String,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, clock: Arc<dyn Clock>, secure_cookies: bool) -> Self {
        AppState {
            store,
            clock,
            limiter: Arc::new(LoginLimiter::default()),
            api_keys: Arc::new(ApiKeyCache::default()),
            secure_cookies,
            public_url: String::new(),
        }
    }

    /// The same state with the address that links in emails point to.
    pub fn with_public_url(mut self, url: &str) -> Self {
        self.public_url = url.trim_end_matches('/').to_string();
        self
    }

    /// Now, in the store's unit (Unix milliseconds).
    pub fn now_millis(&self) -> i64 {
        self.clock.now().timestamp_millis()
    }
}
