//! The outbox worker of a test and waiting for its emails.

use std::sync::Arc;

use serde_json::Value;

use crate::helpers::TestApp;

/// The outbox worker of a test, stopped when dropped.
pub struct TestWorker {
    stop: tokio::sync::watch::Sender<bool>,
}

impl Drop for TestWorker {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

/// Fast pacing for tests: polls every 20 ms, retries after 100 ms then 200 ms…, gives up
/// after 3 attempts. Keeps delivered rows for ten years: the tests' business clock is in
/// June 2026, and a purge must not take their rows away while they look at them.
pub fn fast_worker_config() -> clientele_server::outbox::WorkerConfig {
    clientele_server::outbox::WorkerConfig {
        poll: std::time::Duration::from_millis(20),
        lease: std::time::Duration::from_secs(30),
        max_attempts: 3,
        retry_base: std::time::Duration::from_millis(100),
        retry_cap: std::time::Duration::from_secs(1),
        batch: 10,
        webhook_timeout: std::time::Duration::from_secs(5),
        keep: std::time::Duration::from_secs(3650 * 24 * 3600),
        purge_every: std::time::Duration::from_secs(3600),
    }
}

impl TestApp {
    /// Starts an outbox worker on this test's database, sending to `smtp_url` if any.
    pub fn start_worker(&self, smtp_url: Option<&str>) -> TestWorker {
        self.start_worker_with(smtp_url, fast_worker_config())
    }

    pub fn start_worker_with(
        &self,
        smtp_url: Option<&str>,
        config: clientele_server::outbox::WorkerConfig,
    ) -> TestWorker {
        let mailer = smtp_url.map(|url| {
            Arc::new(
                clientele_server::email::smtp::Mailer::new(
                    url,
                    "Clientele <no-reply@clientele.test>",
                )
                .expect("test SMTP URL"),
            )
        });
        let worker = clientele_server::outbox::Worker::new(self.store.clone(), mailer, config)
            .expect("worker");
        let (stop, stopped) = tokio::sync::watch::channel(false);
        tokio::spawn(worker.run(stopped));
        TestWorker { stop }
    }

    /// Polls `GET /api/emails` (up to 20 s) until `done` holds for the list; returns it.
    pub async fn wait_for_emails(&self, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let mut last = Vec::new();
        for _ in 0..400 {
            let page: Value = self.get("/api/emails").await.json().await.unwrap();
            last = page["emails"].as_array().cloned().unwrap_or_default();
            if done(&last) {
                return last;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("emails never reached the expected state: {last:#?}");
    }
}
