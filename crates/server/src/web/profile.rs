//! A client's profile page (SPEC §4): contact, private notes, appointments with their
//! intake answers, orders with their codes, banned and account status.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;

use super::auth::WebStaff;
use super::csrf::CsrfToken;
use super::templates::{render, render_with_status};
use crate::api::parse_id;
use crate::api::profile::client_record;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(serde::Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The confirmations a profile can show after an action (`?done=`).
const DONE: [&str; 7] = [
    "saved", "merged", "banned", "unbanned", "kept", "resent", "deleted",
];

pub async fn page(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Path(id): Path<String>,
    axum::extract::Query(done): axum::extract::Query<Done>,
) -> Response {
    let page = web.page(&csrf);
    let record = match parse_id(&id) {
        Ok(id) => client_record(&state, web.business_id(), id).await,
        Err(err) => Err(err),
    };
    let mut record = match record {
        Ok(record) => record,
        Err(ApiError::NotFound) => {
            let data = minijinja::context! { message => web.lang.t("not_found") };
            return render_with_status(StatusCode::NOT_FOUND, "profile.html", &page, data);
        }
        Err(err) => return err.into_response(),
    };
    // Dates as the business reads them: its time zone, its language.
    let tz = web.business.time_zone.clone();
    super::dates::localize_appointments(&mut record["appointments"], &tz, web.lang);
    let created = super::dates::local(&record["client"]["created_at"], &tz, web.lang);
    record["client"]["created_local"] = created.into();
    record["done"] = done.done.filter(|d| DONE.contains(&d.as_str())).into();
    record["ban_placeholder"] = super::profile_actions::ban_placeholder(
        web.business.default_ban_message.as_deref(),
        web.lang.code(),
    )
    .into();
    render("profile.html", &page, record)
}
