//! Common first-name nicknames and short forms, English and French
//! (Bob/Robert, Kate/Katherine, Jeannot/Jean, Manu/Emmanuel...), so that the
//! duplicate finder can suggest that Bob Martin may be Robert Martin.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::words;

mod table;

/// Every (nickname, full name) pair, both folded; a nickname may have several full names.
pub fn nickname_pairs() -> &'static [(&'static str, &'static str)] {
    table::PAIRS
}

/// True when two different first names are nickname-related: one is a listed nickname of the other, or both are nicknames of one full name.
pub fn are_nicknames(a: &str, b: &str) -> bool {
    let (ka, kb) = (first_name_key(a), first_name_key(b));
    if ka.is_empty() || kb.is_empty() || ka == kb {
        return false;
    }
    let keys_a = keys_of_key(&ka);
    keys_of_key(&kb).iter().any(|k| keys_a.contains(k))
}

/// Folded names `first` may stand for, itself first, then its full names (blocking keys of the duplicate finder).
///
/// "Bob" gives `["bob", "robert"]`, "Robert" gives `["robert"]`. A compound
/// first name ("Bob-Lee") keeps its whole folded form and adds the full
/// names of its first word. Empty when `first` has no letter or digit.
pub fn nickname_keys(first: &str) -> Vec<String> {
    keys_of_key(&first_name_key(first))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// The form first names are compared in: folded words joined by '-'
/// ("Jean Pierre" and "jean-pierre" both give "jean-pierre").
pub(crate) fn first_name_key(first: &str) -> String {
    words(first).join("-")
}

/// [`nickname_keys`] of an already computed [`first_name_key`].
pub(crate) fn keys_of_key(key: &str) -> Vec<&str> {
    if key.is_empty() {
        return Vec::new();
    }
    let mut out = vec![key];
    let mut add = |fulls: &[&'static str]| {
        for &full in fulls {
            if !out.contains(&full) {
                out.push(full);
            }
        }
    };
    add(full_names(key));
    // Only the nicknames of the first word are added, not the word itself:
    // "Jean-Pierre" is not "Jean", but "Bob-Lee" may well be a Robert.
    if let Some((first_word, _)) = key.split_once('-') {
        add(full_names(first_word));
    }
    out
}

/// Full names listed for `nickname` (already a key), in table order.
fn full_names(nickname: &str) -> &'static [&'static str] {
    static MAP: OnceLock<HashMap<&'static str, Vec<&'static str>>> = OnceLock::new();
    MAP.get_or_init(|| {
        let mut map: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        for &(nick, full) in table::PAIRS {
            map.entry(nick).or_default().push(full);
        }
        map
    })
    .get(nickname)
    .map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests;
