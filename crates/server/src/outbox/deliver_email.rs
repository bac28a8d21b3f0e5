//! Delivering one email of the outbox.

use std::sync::Arc;

use clientele_store::{DeliveryOutcome, OutboxItem, OutboxStatus, Store};

use crate::email::smtp::Mailer;

/// Sends `item` unless it must be kept: an automatic email to an address banned by now
/// (SPEC §8), or no SMTP server configured. A failure's retry time is the caller's.
pub async fn deliver(
    store: &Arc<dyn Store>,
    mailer: Option<&Mailer>,
    item: &OutboxItem,
) -> anyhow::Result<DeliveryOutcome> {
    if item.automatic
        && store
            .ban_for_email(item.business_id, &item.recipient.to_lowercase())
            .await?
            .is_some()
    {
        return Ok(DeliveryOutcome::Kept {
            status: OutboxStatus::Suppressed,
            reason: "the address is banned: automatic emails to it are not sent".into(),
        });
    }
    let Some(mailer) = mailer else {
        return Ok(DeliveryOutcome::Kept {
            status: OutboxStatus::NotSent,
            reason: "no SMTP server is configured (CLIENTELE_SMTP_URL)".into(),
        });
    };
    let sent = mailer
        .send(
            &item.recipient,
            item.subject.as_deref().unwrap_or_default(),
            &item.body,
            item.body_html.as_deref().unwrap_or_default(),
            None,
        )
        .await;
    Ok(match sent {
        Ok(()) => DeliveryOutcome::Sent,
        Err(error) => DeliveryOutcome::Failed {
            error,
            retry_at: None,
        },
    })
}
