//! `GET /api/openapi.json`: the OpenAPI 3 document of the JSON API, kept beside the code.

use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;

const DOCUMENT: &str = include_str!("openapi.json");

pub async fn document() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], DOCUMENT)
}

#[cfg(test)]
mod tests {
    use super::DOCUMENT;

    #[test]
    fn the_document_is_openapi_json_and_lists_every_client_route() {
        let doc: serde_json::Value = serde_json::from_str(DOCUMENT).unwrap();
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        for path in [
            "/api/clients",
            "/api/clients/{id}",
            "/api/clients/bulk-delete",
            "/api/session",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path} missing");
        }
    }
}
