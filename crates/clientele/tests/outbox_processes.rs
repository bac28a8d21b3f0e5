//! The outbox across processes (issue 5): two `clientele serve --workers-only` processes
//! on one database deliver 200 queued emails exactly once, and a process killed in the
//! middle of a delivery leaves nothing undelivered once another takes over (with at most
//! one claimed batch sent twice: the at-least-once window of docs/DESIGN.md). On
//! PostgreSQL when CLIENTELE_TEST_DATABASE_URL says so, else on a SQLite file.

mod common;
#[allow(dead_code)]
#[path = "../../server/tests/api/smtp.rs"]
mod smtp;

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clientele_store::{Channel, NewBusiness, NewEmail, Store};
use smtp::{Behaviour, TestSmtp};

/// A fresh database: its URL, the store on it, and the directory of a SQLite file.
struct TestDb {
    url: String,
    store: Arc<dyn Store>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    async fn new() -> TestDb {
        let (url, dir) = match std::env::var("CLIENTELE_TEST_DATABASE_URL") {
            Ok(base) if base.starts_with("postgres") => {
                // Tests run in parallel threads: a counter keeps their schemas apart.
                static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
                let schema = format!(
                    "p{}_{}_{}",
                    std::process::id(),
                    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                    chrono::Utc::now().timestamp_micros()
                );
                let admin = sqlx::PgPool::connect(&base).await.expect("PostgreSQL");
                sqlx::query(&format!("CREATE SCHEMA {schema}"))
                    .execute(&admin)
                    .await
                    .unwrap();
                admin.close().await;
                let sep = if base.contains('?') { '&' } else { '?' };
                (
                    format!("{base}{sep}options[search_path]={schema},public"),
                    None,
                )
            }
            _ => {
                let dir = tempfile::tempdir().unwrap();
                let url = format!("sqlite:{}", dir.path().join("outbox.db").display());
                (url, Some(dir))
            }
        };
        // Migrated here, before any worker process starts.
        let store = clientele_store::connect(&clientele_store::ConnectOptions::new(&url))
            .await
            .expect("open the test database");
        TestDb {
            url,
            store,
            _dir: dir,
        }
    }

    /// A business with `count` queued emails to c0@…, c1@…; returns the business id.
    async fn queue(&self, count: usize) -> i64 {
        let now = chrono::Utc::now().timestamp_millis();
        let business = self
            .store
            .create_business(
                &NewBusiness {
                    slug: "outbox".into(),
                    name: "Outbox".into(),
                    time_zone: "Europe/Paris".into(),
                    locale: "en".into(),
                },
                now,
            )
            .await
            .unwrap();
        for i in 0..count {
            let email = NewEmail {
                to: format!("c{i}@example.test"),
                kind: "test".into(),
                subject: format!("Message {i}"),
                text: format!("Text {i}"),
                html: format!("<p>Text {i}</p>"),
                automatic: false,
                appointment_id: None,
            };
            self.store
                .enqueue_email(business.id, &email, now)
                .await
                .unwrap();
        }
        business.id
    }

    /// Statuses of the business's emails, counted.
    async fn statuses(&self, business: i64) -> HashMap<&'static str, usize> {
        let items = self
            .store
            .outbox(business, Channel::Email, None, 500)
            .await
            .unwrap();
        let mut counts = HashMap::new();
        for item in items {
            *counts.entry(item.status.as_str()).or_default() += 1;
        }
        counts
    }
}

/// Rows a worker claims at once (WorkerConfig's default batch).
const WORKER_BATCH: usize = 10;

/// A `clientele serve --workers-only` process, killed when dropped.
struct WorkerProcess(Child);

impl WorkerProcess {
    fn start(db: &TestDb, smtp: &TestSmtp, lease_ms: u64) -> WorkerProcess {
        let child = Command::new(env!("CARGO_BIN_EXE_clientele"))
            .args(["--database-url", &db.url, "serve", "--workers-only"])
            .args(["--smtp-url", &smtp.url()])
            .env("CLIENTELE_OUTBOX_POLL_MS", "20")
            .env("CLIENTELE_OUTBOX_LEASE_MS", lease_ms.to_string())
            .env("CLIENTELE_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start clientele serve --workers-only");
        WorkerProcess(child)
    }

    /// SIGKILL: no chance to record what it was sending.
    fn kill(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        self.kill();
    }
}

/// How many messages each recipient got.
fn per_recipient(smtp: &TestSmtp) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for mail in smtp.received() {
        for to in mail.to {
            *counts.entry(to).or_default() += 1;
        }
    }
    counts
}

/// Polls (bounded) until `count` distinct recipients got mail.
async fn wait_for_recipients(smtp: &TestSmtp, count: usize, limit: Duration) {
    let deadline = Instant::now() + limit;
    while per_recipient(smtp).len() < count && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        per_recipient(smtp).len(),
        count,
        "recipients reached in {limit:?}"
    );
}

#[tokio::test]
async fn two_worker_processes_deliver_200_emails_exactly_once() {
    let db = TestDb::new().await;
    let business = db.queue(200).await;
    let smtp = TestSmtp::start(Behaviour::AcceptSlowly(Duration::from_millis(5)));
    let _a = WorkerProcess::start(&db, &smtp, 30_000);
    let _b = WorkerProcess::start(&db, &smtp, 30_000);

    wait_for_recipients(&smtp, 200, Duration::from_secs(90)).await;
    // Both processes keep polling: a duplicate would show up now.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let counts = per_recipient(&smtp);
    assert!(counts.values().all(|&n| n == 1), "sent twice: {counts:?}");
    assert_eq!(smtp.received().len(), 200);
    assert_eq!(db.statuses(business).await.get("sent"), Some(&200));
}

#[tokio::test]
async fn a_worker_killed_mid_delivery_leaves_nothing_undelivered_after_a_restart() {
    let db = TestDb::new().await;
    let business = db.queue(40).await;
    // Slow acceptance: the first process is surely in the middle of a batch when killed.
    let smtp = TestSmtp::start(Behaviour::AcceptSlowly(Duration::from_millis(300)));
    let mut first = WorkerProcess::start(&db, &smtp, 1_500);
    // Kill once a first batch went out and the whole next one is claimed, none of it
    // finished: deliveries of a batch run together, so the SMTP pause keeps that batch
    // in flight for 300 ms. (Killing on "some mail arrived" raced the gap between two
    // batches, and on "some sent, some sending" the last milliseconds of a batch.)
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let statuses = db.statuses(business).await;
        let sent = statuses.get("sent").copied().unwrap_or(0);
        let sending = statuses.get("sending").copied().unwrap_or(0);
        if (sent > 0 && sending >= WORKER_BATCH) || Instant::now() >= deadline {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        !smtp.received().is_empty(),
        "the first worker never delivered"
    );
    first.kill();
    let before_restart = db.statuses(business).await;
    assert!(
        before_restart.get("sending").copied().unwrap_or(0) > 0,
        "killed with a claimed batch: {before_restart:?}"
    );

    // The rows it held come back once its lease expires.
    let _second = WorkerProcess::start(&db, &smtp, 1_500);
    wait_for_recipients(&smtp, 40, Duration::from_secs(90)).await;
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut statuses = db.statuses(business).await;
    while statuses.get("sent") != Some(&40) && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(100)).await;
        statuses = db.statuses(business).await;
    }
    assert_eq!(statuses.get("sent"), Some(&40), "{statuses:?}");
    // At least once: only messages of the killed worker's one claimed batch can have
    // gone twice.
    let twice: usize = per_recipient(&smtp).values().map(|n| n - 1).sum();
    assert!(
        twice <= WORKER_BATCH,
        "{twice} duplicates, more than one batch"
    );
}

/// `clientele email test --to …` with the given SMTP server; returns (success, stdout+stderr).
fn email_test(db: &TestDb, smtp: &TestSmtp, to: &str) -> (bool, String) {
    let smtp_url = smtp.url();
    common::clientele(
        &db.url,
        &["email", "test", "--to", to, "--smtp-url", &smtp_url],
    )
}

#[tokio::test]
async fn email_test_sends_now_and_reports_a_refusal() {
    let db = TestDb::new().await;
    db.queue(0).await;
    let smtp = TestSmtp::start(Behaviour::Accept);
    let (ok, output) = email_test(&db, &smtp, "me@example.test");
    assert!(ok, "{output}");
    assert!(
        output.contains("Test email sent to me@example.test"),
        "{output}"
    );
    let mail = smtp.wait_for(1).await.remove(0);
    assert_eq!(mail.to, vec!["me@example.test".to_string()]);
    assert!(mail.subject().contains("Outbox"), "{}", mail.subject());

    let refusing = TestSmtp::start(Behaviour::RefuseAll);
    let (ok, output) = email_test(&db, &refusing, "me@example.test");
    assert!(!ok, "{output}");
    assert!(output.contains("554"), "{output}");
}

#[tokio::test]
async fn a_web_server_with_no_workers_leaves_delivery_to_a_workers_only_process() {
    use std::io::BufRead;
    let db = TestDb::new().await;
    let business = db.queue(3).await;
    let smtp = TestSmtp::start(Behaviour::Accept);
    let mut web = Command::new(env!("CARGO_BIN_EXE_clientele"))
        .args(["--database-url", &db.url, "serve", "--no-workers"])
        .args(["--bind", "127.0.0.1:0", "--smtp-url", &smtp.url()])
        .env("CLIENTELE_OUTBOX_POLL_MS", "20")
        .env("CLIENTELE_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start clientele serve --no-workers");
    let stdout = web.stdout.take().unwrap();
    let url = std::io::BufReader::new(stdout)
        .lines()
        .take(20)
        .map_while(Result::ok)
        .find_map(|l| {
            l.strip_prefix("Clientele is listening on ")
                .map(str::to_string)
        })
        .expect("the server prints its address");
    let _web = WorkerProcess(web);
    let health = http_get(&format!("{url}/healthz"));
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");

    // The web server alone delivers nothing…
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    assert!(smtp.received().is_empty());
    assert_eq!(db.statuses(business).await.get("queued"), Some(&3));
    // …a workers-only process does.
    let _worker = WorkerProcess::start(&db, &smtp, 30_000);
    wait_for_recipients(&smtp, 3, Duration::from_secs(30)).await;
}

/// A bare HTTP/1.1 GET over a TCP socket (this crate has no HTTP client); returns the
/// response's first bytes.
fn http_get(url: &str) -> String {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("an http URL");
    let (host, path) = rest.split_once('/').map_or((rest, "/"), |(h, p)| (h, p));
    let mut stream = std::net::TcpStream::connect(host).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response
}
