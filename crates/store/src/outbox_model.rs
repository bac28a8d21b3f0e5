//! Records of the outbox (emails and webhook deliveries) and of webhook registrations.

use serde::{Deserialize, Serialize};

use crate::model::{Appointment, BusinessId, Client, Millis};

/// What a queued row carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Webhook,
}

impl Channel {
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Webhook => "webhook",
        }
    }
}

/// Where a row of the outbox stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OutboxStatus {
    /// Waiting for its next attempt.
    Queued,
    /// Claimed by a worker, under a lease.
    Sending,
    Sent,
    /// Gave up after the last attempt; staff can retry it.
    Failed,
    /// No SMTP server is configured: kept readable, never silently dropped.
    NotSent,
    /// An automatic email to a banned address (SPEC §8).
    Suppressed,
}

impl OutboxStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Queued => "queued",
            OutboxStatus::Sending => "sending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
            OutboxStatus::NotSent => "not_sent",
            OutboxStatus::Suppressed => "suppressed",
        }
    }

    pub fn parse(s: &str) -> Option<OutboxStatus> {
        [
            OutboxStatus::Queued,
            OutboxStatus::Sending,
            OutboxStatus::Sent,
            OutboxStatus::Failed,
            OutboxStatus::NotSent,
            OutboxStatus::Suppressed,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// One email or webhook delivery of the outbox.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxItem {
    pub business_id: BusinessId,
    pub id: i64,
    pub channel: Channel,
    /// Email: confirmation, resend, test, verification. Webhook: the event name.
    pub kind: String,
    /// Email address or webhook URL.
    pub recipient: String,
    pub subject: Option<String>,
    /// Email: the text part. Webhook: the stored [`WebhookEvent`] (JSON).
    pub body: String,
    pub body_html: Option<String>,
    pub automatic: bool,
    pub appointment_id: Option<i64>,
    pub webhook_id: Option<i64>,
    pub status: OutboxStatus,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub next_attempt_at: Millis,
    pub created_at: Millis,
    pub sent_at: Option<Millis>,
}

/// An email to queue, with the change that causes it or on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEmail {
    pub to: String,
    pub kind: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Sent by the system on its own (an online booking's confirmation), not at a staff
    /// request: suppressed when the address is banned by the time it is delivered.
    pub automatic: bool,
    pub appointment_id: Option<i64>,
}

/// What a worker does with a row it claimed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryOutcome {
    Sent,
    /// A failed attempt: retried at `retry_at` (wall-clock ms), or given up (`None`).
    Failed {
        error: String,
        retry_at: Option<Millis>,
    },
    /// Not sent, for good, with the reason: [`OutboxStatus::NotSent`],
    /// [`OutboxStatus::Suppressed`], or [`OutboxStatus::Failed`] when no retry could help.
    Kept {
        status: OutboxStatus,
        reason: String,
    },
}

/// A business's subscription of a URL to events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub events: Vec<String>,
    pub created_at: Millis,
}

/// The event names a webhook can subscribe to (SPEC §10).
pub const WEBHOOK_EVENTS: [&str; 6] = [
    "client.created",
    "client.updated",
    "client.merged",
    "client.deleted",
    "appointment.scheduled",
    "appointment.canceled",
];

/// An event as the store records it in the transaction of the change: the records as
/// they were then. The HTTP layer renders the payload from it at delivery.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(tag = "event")]
pub enum WebhookEvent {
    #[serde(rename = "client.created")]
    ClientCreated { client: Client },
    #[serde(rename = "client.updated")]
    ClientUpdated { client: Client },
    #[serde(rename = "client.merged")]
    ClientMerged {
        client: Client,
        merged_ids: Vec<i64>,
    },
    #[serde(rename = "client.deleted")]
    ClientDeleted { client_id: i64 },
    #[serde(rename = "appointment.scheduled")]
    AppointmentScheduled { appointment: Appointment },
    #[serde(rename = "appointment.canceled")]
    AppointmentCanceled { appointment: Appointment },
}

impl WebhookEvent {
    pub fn name(&self) -> &'static str {
        match self {
            WebhookEvent::ClientCreated { .. } => "client.created",
            WebhookEvent::ClientUpdated { .. } => "client.updated",
            WebhookEvent::ClientMerged { .. } => "client.merged",
            WebhookEvent::ClientDeleted { .. } => "client.deleted",
            WebhookEvent::AppointmentScheduled { .. } => "appointment.scheduled",
            WebhookEvent::AppointmentCanceled { .. } => "appointment.canceled",
        }
    }
}
