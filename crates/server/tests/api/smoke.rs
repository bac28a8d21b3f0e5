use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::*;

#[tokio::test]
async fn a_logged_in_owner_adds_and_lists_a_client() {
    let app = spawn_app().await;
    let added = app
        .add_client(
            "Hélène",
            "Dupont",
            json!({ "email": "h@x.fr", "phone": "06 12 34 56 78" }),
        )
        .await;
    assert_eq!(added["first_name"], "Hélène");
    assert_eq!(added["version"], 1);
    let list = app.list("").await;
    assert_eq!(list["total"], 1);
    assert_eq!(list["clients"][0]["id"], added["id"]);
    let health = reqwest::get(app.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    let business: Value = app.get("/api/business").await.json().await.unwrap();
    assert_eq!(business["time_zone"], "Europe/Paris");
}

#[tokio::test]
async fn unknown_routes_and_methods_answer_json_errors() {
    let app = spawn_app().await;
    let missing = app.get("/api/nothing-here").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["error"], "not_found");
    let wrong = app.http.put(app.url("/api/clients")).send().await.unwrap();
    assert_eq!(wrong.status(), StatusCode::METHOD_NOT_ALLOWED);
    let body: Value = wrong.json().await.unwrap();
    assert_eq!(body["error"], "method_not_allowed");
    let openapi: Value = app.get("/api/openapi.json").await.json().await.unwrap();
    assert!(openapi["paths"]["/api/clients"]["get"].is_object());
}
