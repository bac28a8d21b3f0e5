//! Sending one email over SMTP.
//!
//! The outbox worker owns retries and bookkeeping, so this module stays dumb on
//! purpose: build a message, hand it to the relay, and report failure as a short
//! string the worker can store next to the queued row.

use std::fmt;
use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use url::Url;

/// A slow or silent relay must not hold an outbox worker forever; the worker
/// retries later anyway, so giving up early costs nothing.
const SMTP_TIMEOUT: Duration = Duration::from_secs(30);

/// Where and how to send: parsed once from `CLIENTELE_SMTP_URL`.
///
/// Cheap to share behind an `Arc`: the transport keeps a small pool of open
/// connections, so consecutive sends skip the TCP/TLS/AUTH handshake.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The URL with its password masked: the only form of it we ever show.
    endpoint: String,
}

impl Mailer {
    /// `url` is what lettre's `AsyncSmtpTransport::from_url` understands:
    /// `smtp://user:pass@host:587?tls=required` (STARTTLS),
    /// `smtps://user:pass@host:465` (implicit TLS), or `smtp://127.0.0.1:2525`
    /// (plain, for tests and local relays). Special characters in the user or
    /// password must be percent-encoded. `from` is a mailbox such as
    /// `Clientele <no-reply@example.org>`.
    ///
    /// Must be called inside a Tokio runtime when the arguments are valid: the
    /// connection pool starts its idle-cleanup task here.
    pub fn new(url: &str, from: &str) -> Result<Mailer, String> {
        // Parse it ourselves first: lettre's own errors are terse, and we need
        // the pieces anyway to build a password-free description.
        let parsed = Url::parse(url).map_err(|e| format!("invalid SMTP URL: {e}"))?;
        let endpoint = masked(&parsed);
        let from = from
            .parse::<Mailbox>()
            .map_err(|e| format!("invalid sender address {from:?}: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("invalid SMTP URL {endpoint}: {e}"))?
            .timeout(Some(SMTP_TIMEOUT))
            .build();
        Ok(Mailer {
            transport,
            from,
            endpoint,
        })
    }

    /// Sends a multipart/alternative message (UTF-8 text and HTML parts).
    ///
    /// Every failure (bad recipient, refused by the relay, network) comes back
    /// as one human-readable string, e.g. `transient error (451): 4.3.0 try
    /// again later`: the caller only records it and retries.
    pub async fn send(
        &self,
        to: &str,
        subject: &str,
        text: &str,
        html: &str,
        reply_to: Option<&str>,
    ) -> Result<(), String> {
        let to = to
            .parse::<Mailbox>()
            .map_err(|e| format!("invalid recipient address {to:?}: {e}"))?;
        // lettre would name the Message-ID after the machine's hostname (a
        // meaningless container id); spam filters expect the sender's domain.
        let message_id = format!(
            "<{:032x}@{}>",
            rand::random::<u128>(),
            self.from.email.domain()
        );
        let mut builder = Message::builder()
            .message_id(Some(message_id))
            .from(self.from.clone())
            .to(to)
            .subject(subject);
        if let Some(reply_to) = reply_to {
            let reply_to = reply_to
                .parse::<Mailbox>()
                .map_err(|e| format!("invalid Reply-To address {reply_to:?}: {e}"))?;
            builder = builder.reply_to(reply_to);
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(
                text.to_owned(),
                html.to_owned(),
            ))
            .map_err(|e| format!("cannot build the message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// Masks the password (not the user: knowing which account is configured helps
/// whoever debugs a refused login).
fn masked(url: &Url) -> String {
    let mut shown = url.clone();
    if shown.password().is_some() {
        // Only fails for URLs that cannot carry credentials, which had none.
        let _ = shown.set_password(Some("***"));
    }
    shown.to_string()
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer")
            .field("endpoint", &self.endpoint)
            .field("from", &self.from.to_string())
            .finish_non_exhaustive()
    }
}
