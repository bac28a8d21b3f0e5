//! Session and API-key tokens. A token names its business so that the lookup stays on
//! the business's shard; only a SHA-256 of the random secret is stored.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use clientele_store::BusinessId;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub const SESSION_COOKIE: &str = "clientele_session";
const API_KEY_PREFIX: &str = "ck_";

/// 256 random bits, URL-safe.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the store keeps of a secret. High-entropy secrets need no slow hash.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

pub fn session_token(business: BusinessId, secret: &str) -> String {
    format!("{business}.{secret}")
}

pub fn parse_session(token: &str) -> Option<(BusinessId, &str)> {
    let (business, secret) = token.split_once('.')?;
    Some((business.parse().ok()?, non_empty(secret)?))
}

pub fn api_key(business: BusinessId, secret: &str) -> String {
    format!("{API_KEY_PREFIX}{business}_{secret}")
}

pub fn parse_api_key(token: &str) -> Option<(BusinessId, &str)> {
    let rest = token.strip_prefix(API_KEY_PREFIX)?;
    let (business, secret) = rest.split_once('_')?;
    Some((business.parse().ok()?, non_empty(secret)?))
}

fn non_empty(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_reject_garbage() {
        let secret = new_secret();
        assert_eq!(
            parse_session(&session_token(7, &secret)),
            Some((7, secret.as_str()))
        );
        assert_eq!(
            parse_api_key(&api_key(9, &secret)),
            Some((9, secret.as_str()))
        );
        assert_eq!(parse_session("x.y"), None);
        assert_eq!(parse_session("7."), None);
        assert_eq!(parse_api_key("ck_7"), None);
        assert_eq!(parse_api_key("pk_7_abc"), None);
        assert_ne!(hash_secret("a"), hash_secret("b"));
    }
}
