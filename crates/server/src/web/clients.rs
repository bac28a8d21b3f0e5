//! The Clients page (SPEC §3): the first 500 clients rendered on the server, then
//! search-as-you-type, infinite scroll and bulk delete in `static/app.js` through the
//! JSON API; and the Add client page (SPEC §5).

use axum::extract::{Form, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use clientele_store::{ClientFields, ListQuery};
use serde::Deserialize;
use serde_json::json;

use super::auth::WebStaff;
use super::csrf::{self, CsrfToken};
use super::templates::{render, render_with_status};
use crate::api::client_json::client_json;
use crate::api::cursor;
use crate::api::list::{selection, DEFAULT_PAGE};
use crate::error::ApiError;
use crate::forms::client_fields_from;
use crate::state::AppState;

/// The recent/past periods of SPEC §3, as the filter menu offers them.
const RECENT: [&str; 8] = ["30d", "60d", "90d", "6m", "1y", "2y", "3y", "4y"];
const PAST: [&str; 6] = ["2w", "1m", "3m", "6m", "1y", "2y"];

#[derive(Deserialize, Default)]
pub struct ListParams {
    search: Option<String>,
    filter: Option<String>,
    /// `deleted` after a profile's delete.
    done: Option<String>,
}

pub async fn list_page(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Query(params): Query<ListParams>,
) -> Response {
    let page = web.page(&csrf);
    let search = params.search.clone().unwrap_or_default();
    let filter = params.filter.clone().unwrap_or_default();
    // A malformed filter or search shows the page with the message, never a 500.
    let listed = async {
        let sel = selection(&state, web.business_id(), Some(&search), Some(&filter)).await?;
        let query = ListQuery {
            search: sel.search,
            filter: sel.filter,
            filter_since: sel.filter_since,
            now: sel.now,
            after: None,
            limit: DEFAULT_PAGE,
        };
        Ok::<_, ApiError>(state.store.list_clients(web.business_id(), &query).await?)
    }
    .await;
    let (clients, total, next, error) = match listed {
        Ok(list) => (
            list.clients.iter().map(client_json).collect::<Vec<_>>(),
            list.total,
            list.next.as_ref().map(cursor::encode),
            None,
        ),
        Err(err) => (Vec::new(), 0, None, Some(web.lang.error(&err))),
    };
    let data = json!({
        "clients": clients,
        "total": total,
        "next": next,
        "search": search,
        "filter": filter,
        "recent": RECENT,
        "past": PAST,
        "error": error,
        "deleted": params.done.as_deref() == Some("deleted"),
    });
    render("clients.html", &page, data)
}

#[derive(Deserialize)]
pub struct NewClientForm {
    #[serde(default)]
    csrf: String,
    first_name: String,
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    notes: String,
    /// Ticked after the warning that a client of that name exists.
    allow_homonym: Option<String>,
}

pub async fn new_page(web: WebStaff, Extension(csrf): Extension<CsrfToken>) -> Response {
    let page = web.page(&csrf);
    render("client_new.html", &page, json!({ "form": {} }))
}

pub async fn create(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Form(form): Form<NewClientForm>,
) -> Response {
    let page = web.page(&csrf);
    let again = |status: StatusCode, error: Option<String>, existing: Option<serde_json::Value>| {
        let data = json!({
            "form": {
                "first_name": form.first_name, "last_name": form.last_name,
                "email": form.email, "phone": form.phone, "notes": form.notes,
            },
            "error": error,
            "existing": existing,
        });
        render_with_status(status, "client_new.html", &page, data)
    };
    if !csrf::is_valid(&csrf, &form.csrf) {
        return again(StatusCode::FORBIDDEN, Some(web.lang.t("csrf_failed")), None);
    }
    let fields: ClientFields = match client_fields_from(
        &form.first_name,
        &form.last_name,
        &form.email,
        &form.phone,
        &form.notes,
    ) {
        Ok(fields) => fields,
        Err(err) => {
            return again(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(web.lang.error(&err)),
                None,
            )
        }
    };
    let allow = form.allow_homonym.is_some();
    match state
        .store
        .insert_client(web.business_id(), &fields, allow, state.now_millis())
        .await
    {
        Ok(client) => Redirect::to(&format!("/clients/{}", client.id)).into_response(),
        Err(clientele_store::StoreError::DuplicateName { existing_id }) => {
            let existing = state
                .store
                .client(web.business_id(), existing_id)
                .await
                .ok()
                .flatten()
                .map(|c| client_json(&c));
            again(StatusCode::CONFLICT, None, existing)
        }
        Err(err) => {
            let err = ApiError::from(err);
            again(err.status(), Some(web.lang.error(&err)), None)
        }
    }
}
