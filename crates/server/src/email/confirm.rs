//! The confirmation email of an appointment, ready for the outbox.

use clientele_store::{Business, FormAnswer, NewEmail};

use super::render::{self, Answer, Confirmation};

/// Who caused the confirmation, which decides its kind and whether it is automatic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// The client booked online: automatic, suppressed if the address gets banned.
    OnlineBooking,
    /// Staff booked from the admin side: sent even to a banned address (SPEC §8).
    StaffBooking,
    /// Staff pressed "Resend confirmation".
    Resend,
}

/// The appointment as the email tells it.
pub struct Booked<'a> {
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub appointment_type: &'a str,
    pub start_at: i64,
    pub end_at: i64,
    pub answers: &'a [FormAnswer],
}

/// The confirmation of `booked` to `to`, in the business's language and time zone.
pub fn confirmation_email(
    business: &Business,
    to: &str,
    booked: &Booked,
    cause: Cause,
) -> NewEmail {
    let time_zone = business.time_zone.parse().unwrap_or(chrono_tz::UTC);
    let answers: Vec<Answer> = booked
        .answers
        .iter()
        .map(|a| Answer {
            label: &a.label,
            value: &a.value,
        })
        .collect();
    let rendered = render::confirmation(&Confirmation {
        business_name: &business.name,
        locale: &business.locale,
        time_zone,
        first_name: booked.first_name,
        last_name: booked.last_name,
        appointment_type: booked.appointment_type,
        start_at: booked.start_at,
        end_at: booked.end_at,
        answers: &answers,
        resent: cause == Cause::Resend,
    });
    NewEmail {
        to: to.to_string(),
        kind: if cause == Cause::Resend {
            "resend"
        } else {
            "confirmation"
        }
        .into(),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        automatic: cause == Cause::OnlineBooking,
        appointment_id: None,
    }
}
