//! The outbox does not grow forever: the worker deletes rows delivered (or suppressed)
//! longer ago than it keeps them, and leaves failed, unsent and queued rows, whatever
//! their age, for someone to look at.

use std::collections::HashMap;
use std::time::Duration;

use clientele_server::outbox::Worker;
use clientele_store::{Channel, DeliveryOutcome, NewEmail, OutboxStatus};

use crate::helpers::{spawn_app, TestApp};
use crate::outbox_helpers::fast_worker_config;

const DAY: i64 = 24 * 3600 * 1000;

async fn queue(app: &TestApp, to: &str, at: i64) {
    let email = NewEmail {
        to: to.into(),
        kind: "test".into(),
        subject: "Hello".into(),
        text: "Hello".into(),
        html: "<p>Hello</p>".into(),
        automatic: false,
        appointment_id: None,
    };
    app.store
        .enqueue_email(app.business_id, &email, at)
        .await
        .unwrap();
}

/// Claims the rows due at `at` and records each one's outcome, in queue order.
async fn deliver(app: &TestApp, at: i64, outcomes: &[DeliveryOutcome]) {
    let mut items = app
        .store
        .claim_outbox(Channel::Email, at, 60_000, "purge-test", 10)
        .await
        .unwrap();
    items.sort_by_key(|i| i.id);
    assert_eq!(items.len(), outcomes.len());
    for (item, outcome) in items.iter().zip(outcomes) {
        let done = app
            .store
            .complete_outbox_item(item, "purge-test", outcome, at);
        assert!(done.await.unwrap());
    }
}

async fn statuses(app: &TestApp) -> HashMap<String, Vec<String>> {
    let items = app
        .store
        .outbox(app.business_id, Channel::Email, None, 100)
        .await
        .unwrap();
    let mut by_status: HashMap<String, Vec<String>> = HashMap::new();
    for item in items {
        let list = by_status
            .entry(item.status.as_str().to_string())
            .or_default();
        list.push(item.recipient);
        list.sort();
    }
    by_status
}

#[tokio::test]
async fn old_delivered_rows_are_purged_and_the_rest_kept() {
    let app = spawn_app().await;
    let now = chrono::Utc::now().timestamp_millis();
    let (old, recent) = (now - 100 * DAY, now - 10 * DAY);
    for to in [
        "sent1@x.test",
        "sent2@x.test",
        "failed@x.test",
        "unsent@x.test",
        "held@x.test",
    ] {
        queue(&app, to, old).await;
    }
    let kept = |status| DeliveryOutcome::Kept {
        status,
        reason: "test".into(),
    };
    let failed = DeliveryOutcome::Failed {
        error: "550 no such user".into(),
        retry_at: None,
    };
    let outcomes = [
        DeliveryOutcome::Sent,
        DeliveryOutcome::Sent,
        failed,
        kept(OutboxStatus::NotSent),
        kept(OutboxStatus::Suppressed),
    ];
    deliver(&app, old, &outcomes).await;
    queue(&app, "fresh@x.test", recent).await;
    deliver(&app, recent, &[DeliveryOutcome::Sent]).await;
    // Old, and still waiting for its first attempt.
    queue(&app, "queued@x.test", old).await;

    let mut config = fast_worker_config();
    config.keep = Duration::from_secs(30 * 24 * 3600);
    let worker = Worker::new(app.store.clone(), None, config).unwrap();
    assert_eq!(
        worker.purge().await,
        3,
        "two sent and one suppressed, 100 days old"
    );
    assert_eq!(worker.purge().await, 0, "nothing more to purge");

    let left = statuses(&app).await;
    let one = |to: &str| vec![to.to_string()];
    assert_eq!(left.get("sent"), Some(&one("fresh@x.test")));
    assert_eq!(left.get("failed"), Some(&one("failed@x.test")));
    assert_eq!(left.get("not_sent"), Some(&one("unsent@x.test")));
    assert_eq!(left.get("queued"), Some(&one("queued@x.test")));
    assert_eq!(left.get("suppressed"), None);
}
