//! `Mailer` (lettre over SMTP) against the test SMTP server: accents, both parts,
//! temporary and permanent refusals, bad settings.

use std::net::TcpListener;

use clientele_server::email::smtp::Mailer;

use crate::smtp::{Behaviour, TestSmtp};

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
