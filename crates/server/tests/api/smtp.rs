//! A real SMTP server for the tests (mailin-embedded on 127.0.0.1, an ephemeral port).
//!
//! Tests that send email point the app at `TestSmtp::start(..).url()` and read back
//! what arrived; `Behaviour` makes the server fail on purpose so retries can be
//! exercised without a real relay.

use std::net::TcpListener;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

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
    /// Accept each message after a pause: a sender killed meanwhile is mid-delivery.
    /// (Used by the outbox process tests of the `clientele` crate, which include this file.)
    #[allow(dead_code)]
    AcceptSlowly(Duration),
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
        let behaviour = lock(&self.mailbox).behaviour;
        if let Behaviour::AcceptSlowly(pause) = behaviour {
            std::thread::sleep(pause);
        }
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
        // Each open connection holds a thread, and lettre keeps idle ones pooled (up
        // to 10 per mailer, one per delivery of a worker's batch of 10): with fewer
        // threads than two workers' pools, a new connection waited in the backlog
        // for a thread that an idle pooled one held, until lettre's 30 s timeout.
        server.with_num_threads(64).with_tcp_listener(listener);
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
        self.wait_for_within(count, Duration::from_secs(20)).await
    }

    /// [`TestSmtp::wait_for`] with another limit.
    pub async fn wait_for_within(&self, count: usize, limit: Duration) -> Vec<ReceivedMail> {
        let deadline = Instant::now() + limit;
        while self.received().len() < count && Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        let (received, refused) = (self.received(), self.refused());
        let got = received.len();
        assert!(
            got >= count,
            "test SMTP: {got} of {count} message(s) in {limit:?}, {refused} refused"
        );
        received
    }
}
