//! Settings of the business: name, time zone, language, default ban message. Checked by
//! the same function as `PATCH /api/business`.

use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use serde::Deserialize;
use serde_json::json;

use super::auth::WebStaff;
use super::csrf::{self, CsrfToken};
use super::templates::render_with_status;
use crate::api::business::validated_settings;
use crate::error::ApiError;
use crate::state::AppState;

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

pub async fn page(
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    axum::extract::Query(done): axum::extract::Query<Done>,
) -> Response {
    let b = &web.business;
    let form = json!({ "name": b.name, "time_zone": b.time_zone, "locale": b.locale,
        "default_ban_message": b.default_ban_message });
    show(&web, &csrf, StatusCode::OK, form, None, done.done.is_some())
}

fn show(
    web: &WebStaff,
    csrf: &CsrfToken,
    status: StatusCode,
    form: serde_json::Value,
    error: Option<String>,
    saved: bool,
) -> Response {
    let page = web.page(csrf);
    let placeholder = clientele_domain::ban::default_ban_message(&web.business.locale);
    let data = json!({ "form": form, "error": error, "saved": saved, "ban_placeholder": placeholder,
        "slug": web.business.slug });
    render_with_status(status, "settings.html", &page, data)
}

#[derive(Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    csrf: String,
    name: String,
    time_zone: String,
    locale: String,
    #[serde(default)]
    default_ban_message: String,
}

pub async fn save(
    State(state): State<AppState>,
    web: WebStaff,
    Extension(csrf): Extension<CsrfToken>,
    Form(form): Form<SettingsForm>,
) -> Response {
    let echo = json!({ "name": form.name, "time_zone": form.time_zone, "locale": form.locale,
        "default_ban_message": form.default_ban_message });
    if !csrf::is_valid(&csrf, &form.csrf) {
        return show(
            &web,
            &csrf,
            StatusCode::FORBIDDEN,
            echo,
            Some(web.lang.t("csrf_failed")),
            false,
        );
    }
    let settings = match validated_settings(
        &form.name,
        &form.time_zone,
        &form.locale,
        &form.default_ban_message,
    ) {
        Ok(settings) => settings,
        Err(err) => {
            return show(
                &web,
                &csrf,
                err.status(),
                echo,
                Some(web.lang.error(&err)),
                false,
            )
        }
    };
    match state
        .store
        .update_business(web.business_id(), &settings)
        .await
    {
        Ok(_) => Redirect::to("/settings?done=saved").into_response(),
        Err(err) => ApiError::from(err).into_response(),
    }
}
