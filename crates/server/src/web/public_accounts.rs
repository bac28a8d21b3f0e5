//! Client accounts on the public side (SPEC §8): sign up (never forced), log in, "my
//! appointments" with the active codes, log out. The same functions as the public API.

use axum::extract::{Form, Path, State};
use axum::http::header::SET_COOKIE;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use clientele_store::{Business, ClientAccount};
use serde::Deserialize;
use serde_json::json;

use super::csrf::{self, CsrfOnly, CsrfToken};
use super::i18n::Lang;
use super::templates::{render_with_status, Page};
use crate::error::ApiError;
use crate::extract::ClientAddr;
use crate::public::accounts::{end_session, my_record, open_session, register};
use crate::public::MaybeAccount;
use crate::state::AppState;

/// The business of a public page, or the 404 to answer.
pub async fn public_business(state: &AppState, slug: &str) -> Result<Business, Response> {
    crate::public::business(state, slug)
        .await
        .map_err(IntoResponse::into_response)
}

/// The logged-in account of this business, if any (an invalid cookie is no account).
pub fn account_of(
    account: &Result<MaybeAccount, ApiError>,
    business: i64,
) -> Option<ClientAccount> {
    account
        .as_ref()
        .ok()
        .and_then(|a| a.for_business(business))
        .cloned()
}

fn show(
    lang: Lang,
    csrf: &CsrfToken,
    business: &Business,
    status: StatusCode,
    error: Option<String>,
    form: serde_json::Value,
) -> Response {
    let page = Page::new(lang, &csrf.0, None);
    let data = json!({
        "business": { "name": business.name, "slug": business.slug },
        "error": error,
        "form": form,
    });
    render_with_status(status, "public_account.html", &page, data)
}

pub async fn page(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    account: Result<MaybeAccount, ApiError>,
) -> Response {
    let business = match public_business(&state, &slug).await {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    if account_of(&account, business.id).is_some() {
        return Redirect::to(&format!("/b/{slug}/me")).into_response();
    }
    let lang = Lang::choose_public(&headers, &business.locale);
    show(lang, &csrf, &business, StatusCode::OK, None, json!({}))
}

#[derive(Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    csrf: String,
    email: String,
    password: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
}

/// `POST /b/{slug}/signup` and `/login`: both end logged in on "my appointments".
pub async fn submit(
    State(state): State<AppState>,
    Path((slug, action)): Path<(String, String)>,
    headers: HeaderMap,
    ClientAddr(addr): ClientAddr,
    Extension(csrf): Extension<CsrfToken>,
    Form(form): Form<AccountForm>,
) -> Response {
    let business = match public_business(&state, &slug).await {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let lang = Lang::choose_public(&headers, &business.locale);
    let echo = json!({ "email": form.email, "first_name": form.first_name, "last_name": form.last_name, "action": action });
    let fail = |status: StatusCode, error: String| {
        show(lang, &csrf, &business, status, Some(error), echo.clone())
    };
    if !csrf::is_valid(&csrf, &form.csrf) {
        return fail(StatusCode::FORBIDDEN, lang.t("csrf_failed"));
    }
    if action == "signup" {
        let password = form.password.clone();
        if let Err(err) = register(
            &state,
            &business,
            &form.email,
            password,
            &form.first_name,
            &form.last_name,
        )
        .await
        {
            let message = match &err {
                ApiError::Conflict { .. } => lang.t("account_exists"),
                other => lang.error(other),
            };
            return fail(err.status(), message);
        }
    } else if action != "login" {
        return StatusCode::NOT_FOUND.into_response();
    }
    match open_session(&state, business.id, addr, &form.email, form.password).await {
        Ok((_, cookie)) => (
            [(SET_COOKIE, cookie)],
            Redirect::to(&format!("/b/{slug}/me")),
        )
            .into_response(),
        Err(ApiError::Unauthorized) => fail(StatusCode::UNAUTHORIZED, lang.t("login_failed")),
        Err(err) => fail(err.status(), lang.error(&err)),
    }
}

pub async fn me(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    account: Result<MaybeAccount, ApiError>,
) -> Response {
    let business = match public_business(&state, &slug).await {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let Some(account) = account_of(&account, business.id) else {
        return Redirect::to(&format!("/b/{slug}/account")).into_response();
    };
    let lang = Lang::choose_public(&headers, &business.locale);
    let mut record = match my_record(&state, business.id, &account).await {
        Ok(record) => record,
        Err(err) => return err.into_response(),
    };
    record["business"] = json!({ "name": business.name, "slug": business.slug });
    super::dates::localize_appointments(&mut record["appointments"], &business.time_zone, lang);
    let page = Page::new(lang, &csrf.0, None);
    render_with_status(StatusCode::OK, "public_me.html", &page, record)
}

pub async fn log_out(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    Form(form): Form<CsrfOnly>,
) -> Response {
    if !csrf::is_valid(&csrf, &form.csrf) {
        return csrf::forbidden();
    }
    let business = match public_business(&state, &slug).await {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    match end_session(&state, business.id, &headers).await {
        Ok(cleared) => {
            ([(SET_COOKIE, cleared)], Redirect::to(&format!("/b/{slug}"))).into_response()
        }
        Err(err) => err.into_response(),
    }
}

#[derive(Deserialize)]
pub struct VerifyQuery {
    #[serde(default)]
    token: String,
}

/// The link of the sign-up email: verifies the account, then "my appointments".
pub async fn verify(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    axum::extract::Query(query): axum::extract::Query<VerifyQuery>,
) -> Response {
    let business = match public_business(&state, &slug).await {
        Ok(b) => b,
        Err(refused) => return refused,
    };
    let lang = Lang::choose_public(&headers, &business.locale);
    match crate::public::accounts::verify_token(&state, business.id, &query.token).await {
        Ok(_) => Redirect::to(&format!("/b/{slug}/me?verified=1")).into_response(),
        Err(_) => show(
            lang,
            &csrf,
            &business,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(lang.t("account_link_invalid")),
            json!({}),
        ),
    }
}
