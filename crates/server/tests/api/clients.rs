//! One client (SPEC §4–§7, API.md "Clients"): add with validation and homonym guard,
//! profile, edit with optimistic versions, merge on rename, delete, cancel.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

#[tokio::test]
async fn add_refuses_missing_blank_invalid_and_over_long_fields() {
    let app = spawn_app().await;
    let long = "a".repeat(101);
    // Jean Dupont with one field changed.
    let with = |key: &str, value: Value| {
        let mut body = json!({ "first_name": "Jean", "last_name": "Dupont" });
        body[key] = value;
        body
    };
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "last_name": "Dupont" }), "first_name"),
        (json!({ "first_name": "Jean" }), "last_name"),
        (with("first_name", json!("   ")), "first_name"),
        (with("last_name", json!("")), "last_name"),
        (with("first_name", json!(long)), "first_name"),
        (with("last_name", json!(long)), "last_name"),
        (with("first_name", json!("Jean\tLuc")), "first_name"),
        (with("last_name", json!("--")), "last_name"),
        (with("email", json!("not-an-email")), "email"),
        (with("email", json!("a@b")), "email"),
        (
            with("email", json!(format!("{}@x.fr", "a".repeat(250)))),
            "email",
        ),
        (with("phone", json!("call me")), "phone"),
        (with("phone", json!("12")), "phone"),
        (with("phone", json!("06 12 + 34")), "phone"),
        (with("phone", json!("0".repeat(41))), "phone"),
        (with("notes", json!("n".repeat(10_001))), "notes"),
    ];
    for (body, field) in cases {
        let response = app.post("/api/clients", &body).await;
        expect_validation(response, field).await;
    }
    assert_eq!(app.list("").await["total"], 0, "nothing was created");
    // 100 characters is the limit, not over it.
    let hundred = "b".repeat(100);
    let added = app.add_client(&hundred, "Dupont", json!({})).await;
    assert_eq!(added["first_name"], hundred);
}

#[tokio::test]
async fn add_refuses_unknown_fields_bad_json_and_huge_bodies() {
    let app = spawn_app().await;
    let unknown = json!({ "first_name": "Jean", "last_name": "Dupont", "age": 42 });
    let response = app.post("/api/clients", &unknown).await;
    expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;

    for raw in [
        r#"{"first_name": "Jean", "last_name": "#,
        "not json",
        r#"["Jean"]"#,
    ] {
        let response = app
            .http
            .post(app.url("/api/clients"))
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    }

    let huge =
        json!({ "first_name": "Jean", "last_name": "Dupont", "notes": "x".repeat(1_100_000) });
    let response = app.post("/api/clients", &huge).await;
    expect_error(response, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    assert_eq!(app.list("").await["total"], 0, "nothing was created");
}

#[tokio::test]
async fn a_twin_name_is_refused_unless_asked_for() {
    let app = spawn_app().await;
    let helene = app.add_client("Hélène", "Dupont", json!({})).await;
    let add = |first: &str, last: &str, homonym: bool| {
        let body = json!({ "first_name": first, "last_name": last, "allow_homonym": homonym });
        let app = &app;
        async move { app.post("/api/clients", &body).await }
    };
    for (first, last) in [
        ("helene", "DUPONT"),
        ("  Hélène ", " Dupont"),
        ("HELENE", "dupont"),
    ] {
        let response = add(first, last, false).await;
        let body = expect_error(response, StatusCode::CONFLICT, "duplicate_name").await;
        assert_eq!(body["existing_id"], helene["id"]);
    }
    // Another name is no twin; a twin asked for is created.
    let other = add("Hélène", "Dupond", false).await;
    assert_eq!(other.status(), StatusCode::CREATED);
    let response = add("helene", "DUPONT", true).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let twin: Value = response.json().await.unwrap();
    assert_ne!(twin["id"], helene["id"]);
    assert_eq!(app.list("search=helene").await["total"], 3);
    assert_eq!(app.list("search=dupont").await["total"], 2);
}

#[tokio::test]
async fn the_profile_holds_appointments_with_their_answers() {
    let app = spawn_app().await;
    let client = app
        .add_client(
            "Hélène",
            "Dupont",
            json!({ "email": "h@x.fr", "phone": "06 12 34 56 78", "notes": "allergic" }),
        )
        .await;
    let form = json!([{ "label": "Allergies", "kind": "text", "required": false }]);
    let response = app
        .post(
            "/api/appointment-types",
            &json!({ "name": "Soin", "duration_minutes": 30, "form": form }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let type_id = id_of(&response.json::<Value>().await.unwrap());
    let booked = app
        .post(
            "/api/appointments",
            &json!({
                "client_id": client["id"], "appointment_type_id": type_id,
                "start": "2026-06-20T08:00:00Z",
                "form": [{ "label": "Allergies", "value": "latex" }],
            }),
        )
        .await;
    assert_eq!(booked.status(), StatusCode::CREATED);
    let booked: Value = booked.json().await.unwrap();
    let canceled = app
        .book(&type_id, &id_of(&client), "2026-05-01T08:00:00Z")
        .await;
    let canceled_id = canceled["id"].as_str().unwrap();
    let answer: Value = app.cancel(canceled_id).await.json().await.unwrap();
    assert_eq!(answer["status"], "canceled");

    let profile = app.profile(&id_of(&client)).await;
    assert_eq!(profile["client"]["email"], "h@x.fr");
    assert_eq!(profile["client"]["phone"], "06 12 34 56 78");
    assert_eq!(profile["client"]["notes"], "allergic");
    assert_eq!(
        profile["client"]["last_appointment_at"],
        "2026-06-20T08:00:00.000Z"
    );
    assert_eq!(profile["orders"], json!([]));
    let appointments = profile["appointments"].as_array().unwrap();
    assert_eq!(appointments.len(), 2);
    let find = |id: &Value| appointments.iter().find(|a| &a["id"] == id).unwrap();
    let kept = find(&booked["id"]);
    assert_eq!(kept["status"], "scheduled");
    assert_eq!(kept["canceled"], false);
    assert_eq!(kept["end"], "2026-06-20T08:30:00.000Z");
    assert_eq!(
        kept["form"],
        json!([{ "label": "Allergies", "value": "latex" }])
    );
    let gone = find(&canceled["id"]);
    assert_eq!(gone["status"], "canceled");
    assert_eq!(gone["canceled"], true);
    assert_eq!(gone["form"], json!([]));
}

#[tokio::test]
async fn edits_need_the_current_version() {
    let app = spawn_app().await;
    let client = app
        .add_client(
            "Jean",
            "Dupont",
            json!({ "email": "j@x.fr", "phone": "0612345678" }),
        )
        .await;
    let path = format!("/api/clients/{}", id_of(&client));
    let response = app
        .patch(
            &path,
            &json!({ "email": "jean@x.fr", "notes": "VIP", "version": 1 }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let edited: Value = response.json().await.unwrap();
    assert_eq!(edited["version"], 2);
    assert_eq!(edited["email"], "jean@x.fr");
    assert_eq!(edited["phone"], "0612345678", "absent fields are kept");

    // Someone saved in between: the stale edit changes nothing.
    let response = app
        .patch(
            &path,
            &json!({ "email": "stale@x.fr", "first_name": "Paul", "version": 1 }),
        )
        .await;
    let body = expect_error(response, StatusCode::CONFLICT, "version_conflict").await;
    assert_eq!(body["current_version"], 2);
    let now = app.profile(&id_of(&client)).await["client"].clone();
    assert_eq!(
        (now["email"].clone(), now["first_name"].clone()),
        (json!("jean@x.fr"), json!("Jean"))
    );
    assert_eq!(now["version"], 2);

    // null clears an optional field; invalid values are refused.
    let response = app
        .patch(
            &path,
            &json!({ "email": null, "phone": null, "version": 2 }),
        )
        .await;
    let cleared: Value = response.json().await.unwrap();
    assert!(
        cleared["email"].is_null() && cleared["phone"].is_null(),
        "{cleared}"
    );
    assert_eq!(cleared["version"], 3);
    assert_eq!(app.list("search=jean%40x.fr").await["total"], 0);
    assert_eq!(app.list("search=5678").await["total"], 0);
    let response = app
        .patch(&path, &json!({ "email": "bad", "version": 3 }))
        .await;
    expect_validation(response, "email").await;
    let response = app
        .patch(&path, &json!({ "last_name": " ", "version": 3 }))
        .await;
    expect_validation(response, "last_name").await;
    let response = app
        .patch(&path, &json!({ "nickname": "JJ", "version": 3 }))
        .await;
    expect_error(response, StatusCode::BAD_REQUEST, "bad_request").await;
    assert_eq!(app.profile(&id_of(&client)).await["client"]["version"], 3);
    let response = app
        .patch("/api/clients/999999999", &json!({ "version": 1 }))
        .await;
    expect_not_found(response).await;
}

#[tokio::test]
async fn renaming_a_client_to_another_name_merges_them() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let keep = app
        .add_client(
            "Hélène",
            "Dupont",
            json!({ "email": "helene@x.fr", "phone": "06 12 34 56 78", "notes": "Prefers mornings" }),
        )
        .await;
    let dup = app
        .add_client(
            "Helene",
            "Dupond",
            json!({ "email": "h.dupond@y.fr", "phone": "07 00 00 00 01", "notes": "Allergic to latex" }),
        )
        .await;
    let other = app.add_client("Paul", "Durand", json!({})).await;
    let keep_appt = app
        .book(&type_id, &id_of(&keep), "2026-01-10T09:00:00Z")
        .await;
    let dup_appt = app
        .book(&type_id, &id_of(&dup), "2026-06-01T09:00:00Z")
        .await;

    let response = app
        .patch(
            &format!("/api/clients/{}", id_of(&dup)),
            &json!({ "last_name": "DUPONT", "version": dup["version"] }),
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let merged: Value = response.json().await.unwrap();
    assert_eq!(merged["merged_into"], keep["id"]);
    let client = &merged["client"];
    assert_eq!(client["id"], keep["id"]);
    assert_eq!(client["first_name"], "Hélène");
    assert_eq!(client["last_name"], "Dupont");
    assert_eq!(client["email"], "helene@x.fr");
    assert_eq!(client["phone"], "06 12 34 56 78");
    let notes = client["notes"].as_str().unwrap();
    assert!(
        ["Prefers mornings", "Allergic to latex", "h.dupond@y.fr"]
            .iter()
            .all(|text| notes.contains(text)),
        "{notes}"
    );
    assert_eq!(client["last_appointment_at"], "2026-06-01T09:00:00.000Z");

    let profile = app.profile(&id_of(&keep)).await;
    let mut ids: Vec<&Value> = profile["appointments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["id"])
        .collect();
    ids.sort_by_key(|v| v.as_str().unwrap().parse::<i64>().unwrap());
    assert_eq!(ids, [&keep_appt["id"], &dup_appt["id"]]);
    assert!(profile["appointments"]
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["client_id"] == keep["id"]));

    expect_not_found(app.get(&format!("/api/clients/{}", id_of(&dup))).await).await;
    assert_eq!(app.list("").await["total"], 2);
    assert_eq!(app.list("search=dupond").await["total"], 0);
    assert_eq!(app.list("search=h.dupond%40y.fr").await["total"], 0);
    assert_eq!(app.list("search=0001").await["total"], 0);
    assert_eq!(app.list("search=helene%40x.fr").await["total"], 1);
    assert_eq!(app.list("search=5678").await["total"], 1);
    assert_eq!(app.profile(&id_of(&other)).await["client"]["version"], 1);
}

#[tokio::test]
async fn fixing_the_capitals_of_a_wanted_homonym_does_not_merge_it() {
    // docs/DESIGN.md: an edit that MAKES the normalised name equal another's merges; two
    // homonyms kept on purpose (allow_homonym) already have equal normalised names.
    let app = spawn_app().await;
    let first = app
        .add_client("Jean", "Dupont", json!({ "email": "one@x.fr" }))
        .await;
    let second = app
        .add_client("jean", "dupont", json!({ "email": "two@x.fr" }))
        .await;
    let path = format!("/api/clients/{}", id_of(&second));
    let fix = json!({ "first_name": "Jean", "last_name": "Dupont", "version": 1 });
    let response = app.patch(&path, &fix).await;
    assert_eq!(response.status(), StatusCode::OK);
    let edited: Value = response.json().await.unwrap();
    assert!(edited.get("merged_into").is_none(), "{edited}");
    assert_eq!(
        (&edited["id"], &edited["first_name"]),
        (&second["id"], &json!("Jean"))
    );
    assert_eq!(edited["email"], "two@x.fr");
    assert_eq!(app.list("").await["total"], 2);
    assert_eq!(app.profile(&id_of(&first)).await["client"]["version"], 1);
    // Renaming a third client to that name still merges it (into the oldest).
    let third = app.add_client("Jeanne", "Dupont", json!({})).await;
    let path = format!("/api/clients/{}", id_of(&third));
    let response = app
        .patch(&path, &json!({ "first_name": "JEAN", "version": 1 }))
        .await;
    let merged: Value = response.json().await.unwrap();
    assert_eq!(merged["merged_into"], first["id"]);
    assert_eq!(app.list("").await["total"], 2);
}

#[tokio::test]
async fn deleting_a_client_deletes_its_appointments() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let gone = app
        .add_client("Jean", "Dupont", json!({ "email": "j@x.fr" }))
        .await;
    let stays = app.add_client("Paul", "Durand", json!({})).await;
    app.book(&type_id, &id_of(&gone), "2026-06-01T09:00:00Z")
        .await;
    app.book(&type_id, &id_of(&gone), "2026-07-01T09:00:00Z")
        .await;
    app.book(&type_id, &id_of(&stays), "2026-06-02T09:00:00Z")
        .await;
    assert_eq!(app.stored_appointments(&id_of(&gone)).await, 2);

    let path = format!("/api/clients/{}", id_of(&gone));
    assert_eq!(app.delete(&path).await.status(), StatusCode::NO_CONTENT);
    expect_not_found(app.get(&path).await).await;
    expect_not_found(app.delete(&path).await).await;
    assert_eq!(app.stored_appointments(&id_of(&gone)).await, 0);
    assert_eq!(app.stored_appointments(&id_of(&stays)).await, 1);
    assert_eq!(app.list("").await["total"], 1);
    assert_eq!(app.list("search=j%40x.fr").await["total"], 0);
    expect_not_found(app.delete("/api/clients/not-an-id").await).await;
}

#[tokio::test]
async fn an_appointment_is_canceled_once() {
    let app = spawn_app().await;
    let type_id = app.appointment_type().await;
    let client = app.add_client("Jean", "Dupont", json!({})).await;
    let appointment = app
        .book(&type_id, &id_of(&client), "2026-06-20T09:00:00Z")
        .await;
    assert_eq!(appointment["status"], "scheduled");
    let id = appointment["id"].as_str().unwrap();
    let response = app.cancel(id).await;
    assert_eq!(response.status(), StatusCode::OK);
    let canceled: Value = response.json().await.unwrap();
    assert_eq!(canceled["status"], "canceled");
    assert_eq!(canceled["canceled_at"], "2026-06-15T10:00:00.000Z");
    expect_error(app.cancel(id).await, StatusCode::CONFLICT, "conflict").await;
    expect_not_found(app.cancel("999999999").await).await;
    let profile = app.profile(&id_of(&client)).await;
    assert_eq!(profile["appointments"][0]["status"], "canceled");
    assert!(profile["client"]["last_appointment_at"].is_null());
}
