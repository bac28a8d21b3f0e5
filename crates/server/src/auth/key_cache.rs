//! API keys that were valid a moment ago, kept in memory for [`TTL`].
//!
//! A script paging through the list with a key made every request two database
//! queries (the key, then the page), which held SQLite under SPEC §12's 2,000
//! requests/s. The price, documented in docs/DESIGN.md: a key revoked by another
//! process (`clientele apikey revoke`) still works on a running server for up to
//! [`TTL`]. Only keys found valid are kept: a wrong key always goes to the database.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use clientele_store::{BusinessId, Principal};

/// How long a key found valid is believed without asking the database again.
pub const TTL: Duration = Duration::from_secs(2);
/// Entries kept at most (one per key in use); past it the cache starts over.
const MAX_ENTRIES: usize = 10_000;

/// A key's principal and when the database last said it was valid.
type Checked = (Principal, Instant);

#[derive(Default)]
pub struct ApiKeyCache {
    /// Business → hash of the secret → the key's principal and when it was checked
    /// (two levels so that a lookup, on every request, borrows the hash, never copies it).
    entries: Mutex<HashMap<BusinessId, HashMap<String, Checked>>>,
}

impl ApiKeyCache {
    /// The principal of a key checked less than [`TTL`] ago.
    pub fn get(&self, business: BusinessId, key_hash: &str) -> Option<Principal> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(&business)?
            .get(key_hash)
            .filter(|(_, checked)| checked.elapsed() < TTL)
            .map(|(principal, _)| principal.clone())
    }

    /// Remembers a key the database just found valid.
    pub fn put(&self, business: BusinessId, key_hash: String, principal: Principal) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.values().map(HashMap::len).sum::<usize>() >= MAX_ENTRIES {
            entries.clear();
        }
        let keys = entries.entry(business).or_default();
        keys.insert(key_hash, (principal, Instant::now()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_remembered_per_business_and_hash() {
        let cache = ApiKeyCache::default();
        let principal = Principal::ApiKey { key_id: 7 };
        assert_eq!(cache.get(1, "h"), None);
        cache.put(1, "h".into(), principal.clone());
        assert_eq!(cache.get(1, "h"), Some(principal));
        assert_eq!(cache.get(2, "h"), None, "another business");
        assert_eq!(cache.get(1, "g"), None, "another key");
    }

    #[test]
    fn an_old_entry_is_not_believed() {
        let cache = ApiKeyCache::default();
        let stale = Instant::now()
            .checked_sub(TTL)
            .expect("the clock is past TTL");
        let principal = Principal::ApiKey { key_id: 7 };
        let mut entries = cache.entries.lock().unwrap();
        entries
            .entry(1)
            .or_default()
            .insert("h".into(), (principal, stale));
        drop(entries);
        assert_eq!(cache.get(1, "h"), None);
    }
}
