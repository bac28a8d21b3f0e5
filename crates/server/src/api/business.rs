//! `GET /api/business`: the caller's business; `PATCH /api/business`: its settings
//! (name, time zone, language, default ban message).

use axum::extract::State;
use axum::Json;
use clientele_domain::ban::parse_ban_message;
use clientele_store::{Business, BusinessSettings};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiJson, Staff};
use crate::state::AppState;

const MAX_NAME_CHARS: usize = 200;

pub fn business_json(business: &Business) -> Value {
    json!({
        "id": business.id.to_string(),
        "slug": business.slug,
        "name": business.name,
        "time_zone": business.time_zone,
        "locale": business.locale,
        "default_ban_message": business.default_ban_message,
    })
}

pub async fn get_business(State(state): State<AppState>, staff: Staff) -> ApiResult<Json<Value>> {
    let business = state
        .store
        .business(staff.business_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok(Json(business_json(&business)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsBody {
    name: Option<String>,
    time_zone: Option<String>,
    locale: Option<String>,
    /// `""` (or null) goes back to the language's default message.
    #[serde(default, deserialize_with = "super::clients::present")]
    default_ban_message: Option<Option<String>>,
}

pub async fn update_business(
    State(state): State<AppState>,
    staff: Staff,
    ApiJson(body): ApiJson<SettingsBody>,
) -> ApiResult<Json<Value>> {
    let current = state
        .store
        .business(staff.business_id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let ban = match &body.default_ban_message {
        Some(message) => message.as_deref().unwrap_or(""),
        None => current.default_ban_message.as_deref().unwrap_or(""),
    };
    let settings = validated_settings(
        body.name.as_deref().unwrap_or(&current.name),
        body.time_zone.as_deref().unwrap_or(&current.time_zone),
        body.locale.as_deref().unwrap_or(&current.locale),
        ban,
    )?;
    let business = state
        .store
        .update_business(staff.business_id, &settings)
        .await?;
    Ok(Json(business_json(&business)))
}

/// Checks settings as typed (the API and the Settings page share it).
pub fn validated_settings(
    name: &str,
    time_zone: &str,
    locale: &str,
    default_ban_message: &str,
) -> ApiResult<BusinessSettings> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(ApiError::validation(
            "name",
            format!("the name is required, at most {MAX_NAME_CHARS} characters"),
        ));
    }
    if time_zone.trim().parse::<chrono_tz::Tz>().is_err() {
        return Err(ApiError::validation(
            "time_zone",
            "unknown time zone: use an IANA name such as Europe/Paris",
        ));
    }
    if !matches!(locale, "fr" | "en") {
        return Err(ApiError::validation(
            "locale",
            "the language must be fr or en",
        ));
    }
    Ok(BusinessSettings {
        name: name.to_string(),
        time_zone: time_zone.trim().to_string(),
        locale: locale.to_string(),
        default_ban_message: parse_ban_message(Some(default_ban_message))?,
    })
}
