//! Public booking (SPEC §5 "added automatically", §8): a booking adds its client, or
//! attaches to the client with the same email, else the same name and phone; intake
//! forms are enforced and a refused booking creates nothing.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

#[tokio::test]
async fn a_booking_adds_the_client_with_its_details_and_the_appointment() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    assert_eq!(app.list("").await["total"], 0);

    let start = days_from_now(3);
    let mut body = booking(&type_id, start, "Hélène", "Dupont", "helene@example.fr");
    body["phone"] = json!("06 12 34 56 78");
    let booked = public.book_ok(&body, None).await;
    let client_id = booked["client_id"].as_str().unwrap();

    let list = app.list("").await;
    assert_eq!(list["total"], 1);
    let client = &list["clients"][0];
    assert_eq!(client["id"], client_id);
    assert_eq!(client["first_name"], "Hélène");
    assert_eq!(client["last_name"], "Dupont");
    assert_eq!(client["email"], "helene@example.fr");
    assert_eq!(client["phone"], "06 12 34 56 78");
    assert_eq!(client["has_account"], false);
    assert_eq!(client["banned"], false);
    assert_eq!(utc(client["last_appointment_at"].as_str().unwrap()), start);

    let profile = app.profile(client_id).await;
    let appointments = profile["appointments"].as_array().unwrap();
    assert_eq!(appointments.len(), 1, "{profile}");
    let appointment = &appointments[0];
    assert_eq!(appointment["id"], booked["appointment_id"]);
    assert_eq!(appointment["status"], "scheduled");
    assert_eq!(appointment["appointment_type"], "Coupe");
    assert_eq!(appointment["booked_with_account"], false);
    assert_eq!(utc(appointment["start"].as_str().unwrap()), start);
    assert_eq!(
        utc(appointment["end"].as_str().unwrap()),
        start + Duration::minutes(60)
    );

    // Found by the list's search like any client.
    assert_eq!(app.list("search=helene%40example").await["total"], 1);
    assert_eq!(app.list("search=5678").await["total"], 1);
}

#[tokio::test]
async fn the_same_email_in_another_case_is_the_same_client() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let body = booking(
        &type_id,
        days_from_now(1),
        "Marie",
        "Curie",
        "Marie.Curie@Example.org",
    );
    let first = public.book_ok(&body, None).await;
    // Another case, and even another name: the email decides.
    let body = booking(
        &type_id,
        days_from_now(2),
        "Maria",
        "Curie-Sklodowska",
        "marie.curie@EXAMPLE.ORG",
    );
    let second = public.book_ok(&body, None).await;
    assert_eq!(first["client_id"], second["client_id"]);
    assert_ne!(first["appointment_id"], second["appointment_id"]);

    let client_id = first["client_id"].as_str().unwrap();
    assert_eq!(app.list("").await["total"], 1);
    let profile = app.profile(client_id).await;
    assert_eq!(profile["appointments"].as_array().unwrap().len(), 2);
    // The profile keeps its details: a booking does not rename the client.
    assert_eq!(profile["client"]["first_name"], "Marie");
    assert_eq!(profile["client"]["last_name"], "Curie");

    // A client added by staff with an email is found by it as well.
    let staff_added = app
        .add_client("Paul", "Martin", json!({ "email": "PAUL@martin.fr" }))
        .await;
    let body = booking(
        &type_id,
        days_from_now(3),
        "Paul",
        "Martin",
        "paul@MARTIN.fr",
    );
    let third = public.book_ok(&body, None).await;
    assert_eq!(third["client_id"], staff_added["id"]);
    assert_eq!(app.list("").await["total"], 2);
}

#[tokio::test]
async fn without_an_email_match_the_same_name_and_phone_is_the_same_client() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let helene = app
        .add_client("Hélène", "Dupont", json!({ "phone": "06 12 34 56 78" }))
        .await;
    let helene_id = id_of(&helene);

    // Same name up to accents and case, same phone digits typed otherwise.
    let mut body = booking(
        &type_id,
        days_from_now(1),
        "helene",
        "DUPONT",
        "h.dupont@example.fr",
    );
    body["phone"] = json!("06.12.34.56.78");
    let booked = public.book_ok(&body, None).await;
    assert_eq!(booked["client_id"], helene_id.as_str());
    let profile = app.profile(&helene_id).await;
    assert_eq!(
        profile["client"]["email"], "h.dupont@example.fr",
        "the empty email is filled"
    );
    assert_eq!(profile["client"]["phone"], "06 12 34 56 78");
    assert_eq!(profile["client"]["first_name"], "Hélène");
    assert_eq!(profile["appointments"].as_array().unwrap().len(), 1);
    assert_eq!(app.list("").await["total"], 1);
    // The filled email is searchable, and now matches the next booking by itself.
    assert_eq!(app.list("search=h.dupont%40").await["total"], 1);
    let body = booking(
        &type_id,
        days_from_now(2),
        "Hélène",
        "Dupont",
        "H.Dupont@example.fr",
    );
    assert_eq!(
        public.book_ok(&body, None).await["client_id"],
        helene_id.as_str()
    );

    // Same name, another phone: a new client.
    let mut body = booking(
        &type_id,
        days_from_now(3),
        "Hélène",
        "Dupont",
        "other@example.fr",
    );
    body["phone"] = json!("07 00 00 00 01");
    let other = public.book_ok(&body, None).await;
    assert_ne!(other["client_id"], helene_id.as_str());
    // Same name, no phone at all: a new client too.
    let body = booking(
        &type_id,
        days_from_now(4),
        "Hélène",
        "Dupont",
        "third@example.fr",
    );
    let third = public.book_ok(&body, None).await;
    assert_ne!(third["client_id"], helene_id.as_str());
    assert_ne!(third["client_id"], other["client_id"]);
    assert_eq!(app.list("").await["total"], 3);
    assert_eq!(app.stored_appointments(&helene_id).await, 2);

    // A name + phone match whose client already has another email keeps that email.
    let paul = app
        .add_client(
            "Paul",
            "Martin",
            json!({ "email": "paul@martin.fr", "phone": "0611223344" }),
        )
        .await;
    let mut body = booking(
        &type_id,
        days_from_now(5),
        "Paul",
        "Martin",
        "p.martin@work.fr",
    );
    body["phone"] = json!("06 11 22 33 44");
    assert_eq!(public.book_ok(&body, None).await["client_id"], paul["id"]);
    assert_eq!(
        app.profile(&id_of(&paul)).await["client"]["email"],
        "paul@martin.fr"
    );
    assert_eq!(app.list("").await["total"], 4);
}

fn intake_form() -> Value {
    json!([
        { "label": "Allergies", "kind": "text", "required": true },
        { "label": "Remarques", "kind": "textarea", "required": false },
        { "label": "Couleur", "kind": "select", "required": false, "options": ["Rouge", "Bleu"] },
        { "label": "Première visite", "kind": "yes_no", "required": true },
        { "label": "J'accepte les conditions", "kind": "checkbox", "required": true },
    ])
}

fn answers(pairs: &[(&str, &str)]) -> Value {
    pairs
        .iter()
        .map(|(label, value)| json!({ "label": label, "value": value }))
        .collect()
}

#[tokio::test]
async fn the_intake_form_is_enforced_and_a_refused_booking_creates_nothing() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.form_type("Coloration", intake_form()).await;
    let full = [
        ("Allergies", "Aucune"),
        ("Couleur", "Bleu"),
        ("Première visite", "Oui"),
        ("J'accepte les conditions", "yes"),
    ];
    // The full answers with one replaced (or removed when the value is None).
    let with = |label: &str, value: Option<&str>| -> Value {
        let mut pairs: Vec<(&str, &str)> =
            full.iter().filter(|(l, _)| *l != label).copied().collect();
        if let Some(value) = value {
            pairs.push((label, value));
        }
        answers(&pairs)
    };
    let cases: Vec<(Value, &str)> = vec![
        (json!([]), "form.Allergies"),
        (with("Allergies", None), "form.Allergies"),
        (with("Allergies", Some("   ")), "form.Allergies"),
        (with("Première visite", None), "form.Première visite"),
        (
            with("Première visite", Some("peut-être")),
            "form.Première visite",
        ),
        (with("Couleur", Some("Vert")), "form.Couleur"),
        (with("Couleur", Some("rouge")), "form.Couleur"),
        (
            with("J'accepte les conditions", Some("no")),
            "form.J'accepte les conditions",
        ),
        (
            with("J'accepte les conditions", None),
            "form.J'accepte les conditions",
        ),
        (with("Âge", Some("42")), "form.Âge"),
    ];
    let email = "anne@example.fr";
    for (form, field) in &cases {
        let mut body = booking(&type_id, days_from_now(2), "Anne", "Morel", email);
        body["form"] = form.clone();
        expect_validation(public.book(&body, None).await, field).await;
        assert_eq!(app.list("").await["total"], 0, "nothing created by {form}");
    }

    // The complete form books; answers are kept in the form's order, yes/no normalised.
    let mut body = booking(&type_id, days_from_now(2), "Anne", "Morel", email);
    body["form"] = answers(&full);
    let booked = public.book_ok(&body, None).await;
    let client_id = booked["client_id"].as_str().unwrap();
    let profile = app.profile(client_id).await;
    let form = &profile["appointments"][0]["form"];
    assert_eq!(
        form,
        &answers(&[
            ("Allergies", "Aucune"),
            ("Couleur", "Bleu"),
            ("Première visite", "yes"),
            ("J'accepte les conditions", "yes"),
        ]),
    );
    // The optional select and textarea may be left out; "non" is a valid yes/no answer.
    let mut body = booking(&type_id, days_from_now(3), "Anne", "Morel", email);
    body["form"] = answers(&[
        ("Allergies", "Pollen"),
        ("Première visite", "non"),
        ("J'accepte les conditions", "oui"),
    ]);
    public.book_ok(&body, None).await;
    assert_eq!(app.stored_appointments(client_id).await, 2);

    // A known client's refused booking adds no appointment either.
    for (form, field) in &cases {
        let mut body = booking(&type_id, days_from_now(4), "Anne", "Morel", email);
        body["form"] = form.clone();
        expect_validation(public.book(&body, None).await, field).await;
    }
    assert_eq!(app.stored_appointments(client_id).await, 2);
    assert_eq!(app.list("").await["total"], 1);
}

#[tokio::test]
async fn bad_bookings_are_refused_without_creating_a_client() {
    let app = spawn_app().await;
    let public = app.public().await;
    let type_id = app.appointment_type().await;
    let ok = booking(
        &type_id,
        days_from_now(1),
        "Jean",
        "Valjean",
        "jean@example.fr",
    );
    let with = |key: &str, value: Value| {
        let mut body = ok.clone();
        body[key] = value;
        body
    };
    let cases = [
        (with("email", json!("not-an-email")), "email"),
        (with("email", json!("")), "email"),
        (with("first_name", json!("  ")), "first_name"),
        (with("start", json!("tomorrow")), "start"),
        (with("start", json!(rfc3339(days_from_now(-1)))), "start"),
        (
            with("appointment_type_id", json!("999999")),
            "appointment_type_id",
        ),
        (with("phone", json!("call me")), "phone"),
    ];
    for (body, field) in &cases {
        expect_validation(public.book(body, None).await, field).await;
    }
    let unknown = with("age", json!(42));
    expect_error(
        public.book(&unknown, None).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    )
    .await;
    assert_eq!(app.list("").await["total"], 0);

    // An unknown business is 404.
    let response = public
        .http
        .post(format!("{}/api/public/no-such-business/bookings", app.base))
        .json(&ok)
        .send()
        .await
        .unwrap();
    expect_not_found(response).await;
    assert_eq!(app.list("").await["total"], 0);
}
