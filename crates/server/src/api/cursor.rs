//! Opaque list cursors: the keyset position, base64url-encoded JSON.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use clientele_store::Cursor;

use crate::error::ApiError;

pub fn encode(cursor: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(cursor).unwrap_or_default())
}

pub fn decode(raw: &str) -> Result<Cursor, ApiError> {
    let invalid = || ApiError::BadRequest("invalid cursor: pass back next_cursor as given".into());
    let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).map_err(|_| invalid())?;
    serde_json::from_slice(&bytes).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_refused() {
        let c = Cursor {
            sort_key: "dupont\u{1}helene".into(),
            id: 42,
        };
        assert_eq!(decode(&encode(&c)).unwrap(), c);
        assert!(decode("not a cursor!").is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode(b"[1,2]")).is_err());
    }
}
