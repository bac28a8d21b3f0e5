//! First run: a fresh database gets a business and an owner account, whose one-time
//! credentials are printed (or taken from the environment).

use clientele_store::{NewBusiness, Role};

use crate::auth::{password, tokens};
use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct Bootstrap {
    pub owner_email: Option<String>,
    pub owner_password: Option<String>,
    pub business_name: String,
    pub time_zone: String,
    pub locale: String,
}

impl Default for Bootstrap {
    fn default() -> Self {
        Bootstrap {
            owner_email: None,
            owner_password: None,
            business_name: "My business".into(),
            time_zone: "Europe/Paris".into(),
            locale: "fr".into(),
        }
    }
}

/// Turns a business name into a URL slug: "Salon Hélène" → "salon-helene".
pub fn slugify(name: &str) -> String {
    let words = clientele_domain::text::words(name);
    if words.is_empty() {
        "business".into()
    } else {
        words.join("-")
    }
}

/// Creates the first business and its owner when the database has none. Returns the
/// printed credentials for tests.
pub async fn first_run(
    state: &AppState,
    bootstrap: &Bootstrap,
    url: &str,
) -> anyhow::Result<Option<(String, String)>> {
    if !state.store.businesses().await?.is_empty() {
        println!("Log in at {url} with an existing staff account.");
        return Ok(None);
    }
    clientele_domain::period::parse_time_zone(&bootstrap.time_zone)?;
    let business = state
        .store
        .create_business(
            &NewBusiness {
                slug: slugify(&bootstrap.business_name),
                name: bootstrap.business_name.clone(),
                time_zone: bootstrap.time_zone.clone(),
                locale: bootstrap.locale.clone(),
            },
            state.now_millis(),
        )
        .await?;
    let email = bootstrap
        .owner_email
        .clone()
        .unwrap_or_else(|| "owner@clientele.local".into());
    let (password, generated) = match &bootstrap.owner_password {
        Some(p) => (p.clone(), false),
        None => (tokens::new_secret()[..20].to_string(), true),
    };
    if password.chars().count() < password::MIN_PASSWORD_CHARS {
        anyhow::bail!(
            "the owner password needs at least {} characters",
            password::MIN_PASSWORD_CHARS
        );
    }
    let hash = password::hash_password_blocking(password.clone()).await?;
    state
        .store
        .create_staff_user(business.id, &email, &hash, Role::Owner, state.now_millis())
        .await?;
    println!(
        "Created business \"{}\" and its owner account.",
        business.name
    );
    println!("Log in at {url}");
    println!("    email:    {email}");
    if generated {
        println!("    password: {password}    (shown once: write it down)");
    } else {
        println!("    password: the one in CLIENTELE_OWNER_PASSWORD");
    }
    println!("API: curl -c cookies -H 'content-type: application/json' -d '{{\"email\":\"{email}\",\"password\":\"…\"}}' {url}/api/session");
    Ok(Some((email, password)))
}
