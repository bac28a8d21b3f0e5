//! Delivering one webhook event: the JSON payload rendered from the event the store
//! recorded, signed with the webhook's secret (HMAC-SHA256, base64, header
//! `x-clientele-signature`), POSTed; any 2xx answer is a delivery.

use std::sync::Arc;

use base64::Engine;
use clientele_store::{DeliveryOutcome, OutboxItem, OutboxStatus, Store, WebhookEvent};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

use crate::api::client_json::{appointment_json, client_json};
use crate::time::to_rfc3339;

pub const SIGNATURE_HEADER: &str = "x-clientele-signature";

pub async fn deliver(
    store: &Arc<dyn Store>,
    http: &reqwest::Client,
    item: &OutboxItem,
) -> anyhow::Result<DeliveryOutcome> {
    let webhook = match item.webhook_id {
        Some(id) => store.webhook(item.business_id, id).await?,
        None => None,
    };
    // Failures that no retry can mend end the row at once.
    let Some(webhook) = webhook else {
        return Ok(given_up("the webhook was deleted"));
    };
    if !is_http_url(&webhook.url) {
        return Ok(given_up("not an http(s) URL"));
    }
    let event: WebhookEvent = serde_json::from_str(&item.body)?;
    let body = payload(item, &event).to_string();
    let response = http
        .post(&webhook.url)
        .header("content-type", "application/json")
        .header(SIGNATURE_HEADER, sign(&webhook.secret, body.as_bytes()))
        .header("x-clientele-event", event.name())
        .header("x-clientele-delivery", item.id.to_string())
        .body(body)
        .send()
        .await;
    Ok(match response {
        Ok(r) if r.status().is_success() => DeliveryOutcome::Sent,
        Ok(r) => failed(&format!(
            "the receiver answered HTTP {}",
            r.status().as_u16()
        )),
        Err(err) => failed(&without_url(err).to_string()),
    })
}

fn given_up(reason: &str) -> DeliveryOutcome {
    DeliveryOutcome::Kept {
        status: OutboxStatus::Failed,
        reason: reason.to_string(),
    }
}

fn failed(error: &str) -> DeliveryOutcome {
    DeliveryOutcome::Failed {
        error: error.to_string(),
        retry_at: None,
    }
}

/// reqwest's errors name the URL, which may carry a token of the receiver's: not for logs.
fn without_url(err: reqwest::Error) -> reqwest::Error {
    err.without_url()
}

/// Only http and https: a webhook never reaches a file, a mail server or anything else.
pub fn is_http_url(url: &str) -> bool {
    url::Url::parse(url)
        .map(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        .unwrap_or(false)
}

/// base64(HMAC-SHA256(secret, body)): what a receiver recomputes to trust the body.
pub fn sign(secret: &str, body: &[u8]) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// `{"id","event","created_at","data"}` with the API's shapes of the records.
pub fn payload(item: &OutboxItem, event: &WebhookEvent) -> Value {
    let data = match event {
        WebhookEvent::ClientCreated { client } | WebhookEvent::ClientUpdated { client } => {
            json!({ "client": client_json(client) })
        }
        WebhookEvent::ClientMerged { client, merged_ids } => json!({
            "client": client_json(client),
            "merged_ids": merged_ids.iter().map(i64::to_string).collect::<Vec<_>>(),
        }),
        WebhookEvent::ClientDeleted { client_id } => json!({ "client_id": client_id.to_string() }),
        WebhookEvent::AppointmentScheduled { appointment }
        | WebhookEvent::AppointmentCanceled { appointment } => {
            json!({ "appointment": appointment_json(appointment, None) })
        }
    };
    json!({
        "id": item.id.to_string(),
        "event": event.name(),
        "created_at": to_rfc3339(item.created_at),
        "data": data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_is_base64_hmac_sha256_of_the_body() {
        // RFC 4231 test case 2.
        assert_eq!(
            sign("Jefe", b"what do ya want for nothing?"),
            "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM="
        );
    }

    #[test]
    fn only_http_and_https_urls_with_a_host() {
        assert!(is_http_url("http://127.0.0.1:8080/hook"));
        assert!(is_http_url("https://example.org/hook?x=1"));
        for bad in [
            "ftp://example.org",
            "file:///etc/passwd",
            "smtp://x",
            "http://",
            "nope",
        ] {
            assert!(!is_http_url(bad), "{bad}");
        }
    }
}
