//! A real SMTP server for the tests, and the tests of `email::smtp::Mailer` against it.
//!
//! Tests that send email point the app at `TestSmtp::start(..).url()` and read back
//! what arrived; `Behaviour` makes the server fail on purpose so retries can be
//! exercised without a real relay.

use std::net::TcpListener;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use clientele_server::email::smtp::Mailer;
use mail_parser::{HeaderValue, MessageParser, PartType};
use mailin_embedded::response::OK;
use mailin_embedded::{Action, Response, Server};

/// How the server answers at the end of DATA, where real relays refuse mail.
#[derive(Clone, Copy, Debug)]
pub enum Behaviour {
    Accept,
    /// 451 (temporary failure) for the first N messages, then accept.
    RefuseFirst(usize),
    /// 554 (permanent failure) for every message.
    RefuseAll,
}

/// One accepted message: the SMTP envelope and the raw RFC 5322 bytes.
#[derive(Clone, Debug)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    pub raw: Vec<u8>,
}

impl ReceivedMail {
    fn parsed(&self) -> mail_parser::Message<'_> {
        MessageParser::default()
            .parse(&self.raw)
            .expect("the test SMTP server received an unparsable message")
    }

    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_owned()
    }

    /// The decoded text/plain part with `\n` line ends, or "". Unlike
    /// `Message::body_text`, never falls back to the HTML turned into text.
    pub fn text(&self) -> String {
        self.part(false)
    }

    /// The decoded text/html part, as `text` does it.
    pub fn html(&self) -> String {
        self.part(true)
    }

    /// A top-level header, decoded (RFC 2047 words, address lists as
    /// `Name <address>`); other structured headers come back raw and trimmed.
    pub fn header(&self, name: &str) -> Option<String> {
        let message = self.parsed();
        let decoded = match message.header(name)? {
            HeaderValue::Text(text) => Some(text.to_string()),
            HeaderValue::Address(address) => {
                let shown = address.iter().map(|addr| {
                    let email = addr.address.as_deref().unwrap_or_default();
                    match &addr.name {
                        Some(name) => format!("{name} <{email}>"),
                        None => email.to_owned(),
                    }
                });
                Some(shown.collect::<Vec<_>>().join(", "))
            }
            _ => None,
        };
        decoded.or_else(|| message.header_raw(name).map(|raw| raw.trim().to_owned()))
    }

    fn part(&self, html: bool) -> String {
        let message = self.parsed();
        let found = message.parts.iter().find_map(|part| match &part.body {
            PartType::Html(body) if html => Some(body),
            PartType::Text(body) if !html => Some(body),
            _ => None,
        });
        found.map_or(String::new(), |body| body.replace("\r\n", "\n"))
    }
}

struct Mailbox {
    behaviour: Behaviour,
    received: Vec<ReceivedMail>,
    refused: usize,
}

// A panicking test thread must not turn every later assertion into a confusing
// PoisonError.
fn lock(mailbox: &Mutex<Mailbox>) -> MutexGuard<'_, Mailbox> {
    mailbox.lock().unwrap_or_else(PoisonError::into_inner)
}

/// mailin-embedded clones the handler for each connection, so the message in
/// flight lives here and everything the test reads lives in `mailbox`.
#[derive(Clone)]
struct Handler {
    mailbox: Arc<Mutex<Mailbox>>,
    in_flight: Option<ReceivedMail>,
}

impl mailin_embedded::Handler for Handler {
    fn data_start(&mut self, _domain: &str, from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.in_flight = Some(ReceivedMail {
            from: from.to_owned(),
            to: to.to_vec(),
            raw: Vec::new(),
        });
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let mail = self.in_flight.as_mut().expect("DATA lines come after DATA");
        mail.raw.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mail = self.in_flight.take().expect("DATA ends after it started");
        let mut mailbox = lock(&self.mailbox);
        let refusal = match mailbox.behaviour {
            Behaviour::RefuseFirst(n) if mailbox.refused < n => (451, "4.3.0 try again later"),
            Behaviour::RefuseAll => (554, "5.7.1 message refused"),
            _ => {
                mailbox.received.push(mail);
                return OK;
            }
        };
        mailbox.refused += 1;
        let mut response = Response::custom(refusal.0, refusal.1.to_owned());
        // mailin stays in its DATA state after an error here, so it would read the
        // client's next command as message text: hang up instead, as a relay
        // shedding load would. lettre drops the connection after any error anyway.
        response.action = Action::Close;
        response
    }
}

/// An SMTP server on 127.0.0.1 and an ephemeral port, living until the test
/// process exits (mailin-embedded has no shutdown; the idle threads cost nothing).
pub struct TestSmtp {
    port: u16,
    mailbox: Arc<Mutex<Mailbox>>,
}

impl TestSmtp {
    pub fn start(behaviour: Behaviour) -> TestSmtp {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the test SMTP server");
        let port = listener.local_addr().expect("test SMTP address").port();
        let mailbox = Arc::new(Mutex::new(Mailbox {
            behaviour,
            received: Vec::new(),
            refused: 0,
        }));
        let mut server = Server::new(Handler {
            mailbox: Arc::clone(&mailbox),
            in_flight: None,
        });
        // Each open connection holds a thread, and lettre keeps idle ones pooled:
        // leave room for a test that sends from several mailers at once.
        server.with_num_threads(16).with_tcp_listener(listener);
        // serve() only returns if the listener breaks: wait_for then fails with
        // the symptom, and this says why.
        std::thread::spawn(move || {
            if let Err(error) = server.serve() {
                eprintln!("test SMTP server stopped: {error}");
            }
        });
        TestSmtp { port, mailbox }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<ReceivedMail> {
        lock(&self.mailbox).received.clone()
    }

    pub fn refused(&self) -> usize {
        lock(&self.mailbox).refused
    }

    /// Waits until at least `count` messages were accepted, then returns them all.
    pub async fn wait_for(&self, count: usize) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + Duration::from_secs(20);
        while self.received().len() < count && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let (received, refused) = (self.received(), self.refused());
        let got = received.len();
        assert!(
            got >= count,
            "test SMTP: {got} of {count} message(s) in 20 s, {refused} refused"
        );
        received
    }
}

const FROM: &str = "Clientele <no-reply@clientele.test>";
const ZOE: &str = "zoe@example.test";

async fn send_reminder(mailer: &Mailer, to: &str) -> Result<(), String> {
    mailer.send(to, "Rappel", "t", "<p>h</p>", None).await
}

#[tokio::test]
async fn a_sent_message_arrives_with_its_accents_and_both_parts() {
    let smtp = TestSmtp::start(Behaviour::Accept);
    let mailer = Mailer::new(&smtp.url(), FROM).unwrap();
    let subject = "Rendez-vous confirmé – Salon Hélène";
    let text = "Bonjour Zoé,\nvotre rendez-vous est confirmé. À bientôt !";
    let html = "<p>Bonjour Zoé,</p><p>votre rendez-vous est <b>confirmé</b>. À bientôt !</p>";
    let reply = "Salon Hélène <contact@salon-helene.test>";
    let to = "Zoé Martin <zoe@example.test>";
    assert_eq!(
        mailer.send(to, subject, text, html, Some(reply)).await,
        Ok(())
    );

    let mail = smtp.wait_for(1).await.remove(0);
    assert_eq!(mail.from, "no-reply@clientele.test");
    assert_eq!(mail.to, vec![ZOE.to_owned()]);
    assert_eq!(mail.subject(), subject);
    assert_eq!(mail.text().trim_end(), text);
    assert_eq!(mail.html().trim_end(), html);
    let header = |name| mail.header(name).unwrap_or_default();
    assert!(header("Content-Type").starts_with("multipart/alternative"));
    assert_eq!(header("From"), FROM);
    assert_eq!(header("To"), to);
    assert_eq!(header("Reply-To"), reply);
    assert!(header("Message-ID").ends_with("@clientele.test"));
    assert_eq!(smtp.refused(), 0);
}

#[tokio::test]
async fn a_temporary_refusal_is_an_error_and_the_retry_goes_through() {
    let smtp = TestSmtp::start(Behaviour::RefuseFirst(1));
    let mailer = Mailer::new(&smtp.url(), FROM).unwrap();

    let first = send_reminder(&mailer, ZOE).await.unwrap_err();
    assert!(first.contains("451"), "{first}");
    assert_eq!(smtp.refused(), 1);
    assert!(smtp.received().is_empty());

    send_reminder(&mailer, ZOE).await.unwrap();
    let received = smtp.wait_for(1).await;
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].subject(), "Rappel");
    assert_eq!(received[0].header("Reply-To"), None);
}

#[tokio::test]
async fn a_permanent_refusal_is_an_error_every_time() {
    let smtp = TestSmtp::start(Behaviour::RefuseAll);
    let mailer = Mailer::new(&smtp.url(), FROM).unwrap();
    for attempt in 1..=2 {
        let error = send_reminder(&mailer, ZOE).await.unwrap_err();
        assert!(error.contains("554"), "{error}");
        assert_eq!(smtp.refused(), attempt);
    }
    assert!(smtp.received().is_empty());
}

#[tokio::test]
async fn an_unreachable_server_or_a_bad_recipient_is_an_error() {
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr();
    let mailer = Mailer::new(&format!("smtp://{}", closed.unwrap()), FROM).unwrap();
    let error = send_reminder(&mailer, ZOE).await.unwrap_err();
    assert!(error.contains("Connection"), "{error}");
    let error = send_reminder(&mailer, "not an address").await.unwrap_err();
    assert!(error.contains("recipient"), "{error}");
}

#[tokio::test]
async fn bad_settings_are_errors_and_the_password_never_shows() {
    let error = Mailer::new("not a url", FROM).unwrap_err();
    assert!(error.contains("SMTP URL"), "{error}");
    assert!(Mailer::new("http://relay.test", FROM).is_err());
    let error = Mailer::new("smtp://alice:s3cr3t-pw@relay.test?tls=bogus", FROM).unwrap_err();
    assert!(!error.contains("s3cr3t-pw"), "{error}");
    let error = Mailer::new("smtp://127.0.0.1:2525", "not an address").unwrap_err();
    assert!(error.contains("sender"), "{error}");

    let mailer = Mailer::new("smtp://alice:s3cr3t-pw@relay.test:587?tls=required", FROM).unwrap();
    let shown = format!("{mailer:?}");
    assert!(!shown.contains("s3cr3t-pw"), "{shown}");
    assert!(shown.contains("relay.test:587"), "{shown}");
}
