//! The outbox worker (SPEC §10, §11): claims due emails and webhook deliveries under a
//! lease, delivers them, and records the outcome; failed attempts come back with
//! exponential backoff until the last one. Delivery is at least once: a worker that
//! dies after the SMTP server or the webhook receiver accepted, but before the outcome
//! was written, leaves the row to be delivered again once its lease expires (see
//! docs/DESIGN.md, "Outbox").

mod deliver_email;
pub mod deliver_webhook;

use std::sync::Arc;
use std::time::Duration;

use clientele_store::{Channel, DeliveryOutcome, OutboxItem, Store};
use rand::Rng;

use crate::email::smtp::Mailer;

/// How the worker paces itself; the defaults suit production, tests shorten them.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Sleep between polls when nothing was due.
    pub poll: Duration,
    /// How long a claimed row stays with its worker before another may take it over.
    pub lease: Duration,
    /// Attempts before a row ends `failed`.
    pub max_attempts: i64,
    /// Wait after the first failed attempt; doubled after each further one.
    pub retry_base: Duration,
    /// Longest wait between two attempts.
    pub retry_cap: Duration,
    /// Rows claimed at once per channel.
    pub batch: u32,
    /// Timeout of one webhook request.
    pub webhook_timeout: Duration,
    /// How long delivered (and suppressed) rows stay readable in the admin before the
    /// worker deletes them: each holds a whole email, and a busy salon sends thousands.
    pub keep: Duration,
    /// How often the worker looks for rows older than `keep`.
    pub purge_every: Duration,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            poll: Duration::from_secs(1),
            lease: Duration::from_secs(120),
            max_attempts: 8,
            retry_base: Duration::from_secs(30),
            retry_cap: Duration::from_secs(6 * 3600),
            batch: 10,
            webhook_timeout: Duration::from_secs(10),
            keep: Duration::from_secs(90 * 24 * 3600),
            purge_every: Duration::from_secs(3600),
        }
    }
}

impl WorkerConfig {
    /// The defaults, with `CLIENTELE_OUTBOX_POLL_MS`, `_LEASE_MS`, `_MAX_ATTEMPTS`,
    /// `_RETRY_BASE_MS` and `_KEEP_DAYS` applied when set (operations tuning, and the
    /// process tests).
    pub fn from_env() -> anyhow::Result<WorkerConfig> {
        let mut config = WorkerConfig::default();
        let ms = |name: &str| -> anyhow::Result<Option<Duration>> {
            match std::env::var(name) {
                Ok(v) => Ok(Some(Duration::from_millis(v.trim().parse().map_err(
                    |_| anyhow::anyhow!("{name} must be a number of milliseconds"),
                )?))),
                Err(_) => Ok(None),
            }
        };
        if let Some(d) = ms("CLIENTELE_OUTBOX_POLL_MS")? {
            config.poll = d;
        }
        if let Some(d) = ms("CLIENTELE_OUTBOX_LEASE_MS")? {
            config.lease = d;
        }
        if let Some(d) = ms("CLIENTELE_OUTBOX_RETRY_BASE_MS")? {
            config.retry_base = d;
        }
        if let Ok(v) = std::env::var("CLIENTELE_OUTBOX_KEEP_DAYS") {
            let days: u64 = v.trim().parse().ok().filter(|d| *d >= 1).ok_or_else(|| {
                anyhow::anyhow!("CLIENTELE_OUTBOX_KEEP_DAYS must be a number of days, 1 or more")
            })?;
            config.keep = Duration::from_secs(days * 24 * 3600);
        }
        if let Ok(v) = std::env::var("CLIENTELE_OUTBOX_MAX_ATTEMPTS") {
            config.max_attempts = v.trim().parse().ok().filter(|n| *n >= 1).ok_or_else(|| {
                anyhow::anyhow!("CLIENTELE_OUTBOX_MAX_ATTEMPTS must be 1 or more")
            })?;
        }
        Ok(config)
    }
}

/// Delivers the outbox of every business of one database.
pub struct Worker {
    store: Arc<dyn Store>,
    mailer: Option<Arc<Mailer>>,
    http: reqwest::Client,
    config: WorkerConfig,
}

impl Worker {
    pub fn new(
        store: Arc<dyn Store>,
        mailer: Option<Arc<Mailer>>,
        config: WorkerConfig,
    ) -> anyhow::Result<Worker> {
        let http = reqwest::Client::builder()
            .timeout(config.webhook_timeout)
            // A receiver must answer itself: following a redirect could lead the signed
            // payload anywhere, including to an address it was never registered for.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Clientele/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Worker {
            store,
            mailer,
            http,
            config,
        })
    }

    /// Runs until `stop` turns true, polling when idle. Errors of the database are
    /// logged and retried after a poll interval: the rows stay in the outbox.
    pub async fn run(self, mut stop: tokio::sync::watch::Receiver<bool>) {
        tracing::info!(smtp = self.mailer.is_some(), "outbox worker started");
        let mut last_purge: Option<std::time::Instant> = None;
        loop {
            if last_purge.is_none_or(|at| at.elapsed() >= self.config.purge_every) {
                last_purge = Some(std::time::Instant::now());
                self.purge().await;
            }
            let worked = match self.run_once().await {
                Ok(n) => n,
                Err(err) => {
                    tracing::warn!(error = %err, "outbox worker: database error");
                    0
                }
            };
            if *stop.borrow() {
                break;
            }
            if worked == 0 {
                tokio::select! {
                    _ = tokio::time::sleep(self.config.poll) => {}
                    _ = stop.changed() => break,
                }
            }
        }
        tracing::info!("outbox worker stopped");
    }

    /// Deletes the rows delivered longer than `keep` ago (several workers may do it at
    /// once: harmless). A failure is only logged: the next round tries again.
    pub async fn purge(&self) -> u64 {
        let before = wall_clock() - self.config.keep.as_millis() as i64;
        match self.store.purge_outbox(before).await {
            Ok(purged) => {
                if purged > 0 {
                    tracing::info!(purged, "outbox: old delivered rows deleted");
                }
                purged
            }
            Err(err) => {
                tracing::warn!(error = %err, "outbox: purging old rows failed");
                0
            }
        }
    }

    /// Claims one batch of each channel and delivers it; returns how many rows it handled.
    pub async fn run_once(&self) -> anyhow::Result<usize> {
        let mut handled = 0;
        for channel in [Channel::Email, Channel::Webhook] {
            let token = claim_token();
            let items = self
                .store
                .claim_outbox(
                    channel,
                    wall_clock(),
                    self.config.lease.as_millis() as i64,
                    &token,
                    self.config.batch,
                )
                .await?;
            handled += items.len();
            let deliveries = items.iter().map(|item| self.deliver(item, &token));
            futures_util::future::join_all(deliveries).await;
        }
        Ok(handled)
    }

    async fn deliver(&self, item: &OutboxItem, token: &str) {
        let outcome = match item.channel {
            Channel::Email => {
                deliver_email::deliver(&self.store, self.mailer.as_deref(), item).await
            }
            Channel::Webhook => deliver_webhook::deliver(&self.store, &self.http, item).await,
        };
        let outcome = match outcome {
            Ok(DeliveryOutcome::Failed { error, .. }) => DeliveryOutcome::Failed {
                retry_at: self.retry_at(item.attempts),
                error,
            },
            Ok(other) => other,
            Err(err) => DeliveryOutcome::Failed {
                error: err.to_string(),
                retry_at: self.retry_at(item.attempts),
            },
        };
        if let DeliveryOutcome::Failed { error, retry_at } = &outcome {
            tracing::warn!(
                id = item.id,
                channel = item.channel.as_str(),
                attempts = item.attempts,
                retry = retry_at.is_some(),
                error = %error,
                "delivery failed"
            );
        }
        match self
            .store
            .complete_outbox_item(item, token, &outcome, wall_clock())
            .await
        {
            Ok(true) => {}
            Ok(false) => tracing::warn!(id = item.id, "lease lost before the outcome was written"),
            Err(err) => tracing::warn!(id = item.id, error = %err, "outcome not written"),
        }
    }

    /// When the next attempt is due after `attempts` failed ones, or `None` to give up.
    fn retry_at(&self, attempts: i64) -> Option<i64> {
        if attempts >= self.config.max_attempts {
            return None;
        }
        let factor = 1u32 << (attempts.clamp(1, 20) - 1);
        let wait = self
            .config
            .retry_base
            .saturating_mul(factor)
            .min(self.config.retry_cap);
        Some(wall_clock() + wait.as_millis() as i64)
    }
}

/// Leases and retries run on the real clock, whatever clock the business data uses.
fn wall_clock() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// A fresh token per claim: it names the lease, so that only its holder records the outcome.
fn claim_token() -> String {
    let bytes: [u8; 16] = rand::thread_rng().gen();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
