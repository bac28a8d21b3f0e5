//! Staff login and logout pages, and the extractor that sends a visitor without a
//! session to the login page.

use axum::extract::{Form, FromRequestParts, State};
use axum::http::header::SET_COOKIE;
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Extension;
use clientele_store::{Business, BusinessId};
use serde::Deserialize;

use super::csrf::{self, CsrfOnly, CsrfToken};
use super::i18n::Lang;
use super::templates::{render_with_status, Page};
use crate::auth::routes::{authenticate, end_session};
use crate::error::ApiError;
use crate::extract::{ClientAddr, Staff};
use crate::state::AppState;

/// A logged-in staff member on a web page, with their business and page language.
pub struct WebStaff {
    pub staff: Staff,
    pub business: Business,
    pub lang: Lang,
}

impl WebStaff {
    pub fn business_id(&self) -> BusinessId {
        self.business.id
    }

    /// The frame of a staff page: this business, this language, this form token.
    pub fn page<'a>(&'a self, csrf: &'a CsrfToken) -> Page<'a> {
        Page::new(self.lang, &csrf.0, Some(&self.business.name))
    }
}

impl FromRequestParts<AppState> for WebStaff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let staff = match Staff::from_request_parts(parts, state).await {
            Ok(staff) => staff,
            Err(ApiError::Unauthorized) => return Err(Redirect::to("/login").into_response()),
            Err(other) => return Err(other.into_response()),
        };
        let business = match state.store.business(staff.business_id).await {
            Ok(Some(business)) => business,
            Ok(None) => return Err(Redirect::to("/login").into_response()),
            Err(err) => return Err(ApiError::from(err).into_response()),
        };
        let lang = Lang::choose(&parts.headers, Some(&business.locale));
        Ok(WebStaff {
            staff,
            business,
            lang,
        })
    }
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    #[serde(default)]
    csrf: String,
}

pub async fn login_page(headers: HeaderMap, Extension(csrf): Extension<CsrfToken>) -> Response {
    let lang = Lang::choose(&headers, None);
    login_with(lang, &csrf, StatusCode::OK, None, "")
}

fn login_with(
    lang: Lang,
    csrf: &CsrfToken,
    status: StatusCode,
    error: Option<&str>,
    email: &str,
) -> Response {
    let page = Page::new(lang, &csrf.0, None);
    let data = minijinja::context! { error => error.map(|k| lang.t(k)), email => email };
    render_with_status(status, "login.html", &page, data)
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(addr): ClientAddr,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    Form(form): Form<LoginForm>,
) -> Response {
    let lang = Lang::choose(&headers, None);
    if !csrf::is_valid(&csrf, &form.csrf) {
        return login_with(
            lang,
            &csrf,
            StatusCode::FORBIDDEN,
            Some("csrf_failed"),
            &form.email,
        );
    }
    match authenticate(&state, addr, &form.email, form.password).await {
        Ok(cookie) => ([(SET_COOKIE, cookie)], Redirect::to("/clients")).into_response(),
        Err(ApiError::TooManyRequests) => login_with(
            lang,
            &csrf,
            StatusCode::TOO_MANY_REQUESTS,
            Some("login_throttled"),
            &form.email,
        ),
        Err(ApiError::Unauthorized) => login_with(
            lang,
            &csrf,
            StatusCode::UNAUTHORIZED,
            Some("login_failed"),
            &form.email,
        ),
        Err(other) => other.into_response(),
    }
}

pub async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    Extension(csrf): Extension<CsrfToken>,
    Form(form): Form<CsrfOnly>,
) -> Response {
    if !csrf::is_valid(&csrf, &form.csrf) {
        return csrf::forbidden();
    }
    match end_session(&state, &headers).await {
        Ok(cookie) => ([(SET_COOKIE, cookie)], Redirect::to("/login")).into_response(),
        Err(err) => err.into_response(),
    }
}
