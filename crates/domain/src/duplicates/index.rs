//! The candidates turned into small integer keys once (folding names is the
//! costly part), so that blocking and scoring only compare integers.

use std::collections::HashMap;

use super::spelling::close_neighbours;
use super::DuplicateCandidate;
use crate::nicknames::{first_name_key, keys_of_key};
use crate::text::words;

/// Marks a missing key (no email, phone too short, blank name).
pub(super) const NONE: u32 = u32::MAX;
/// Fewer digits are extensions or typos, not phone numbers worth matching.
const PHONE_MIN_DIGITS: usize = 6;
/// Longer numbers are compared on their last digits only, so that the
/// national "06 12 34 56 78" equals the international "+33 6 12 34 56 78".
const PHONE_TAIL_DIGITS: usize = 9;

/// The keys of one candidate, packed together: scoring a pair reads two rows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Row {
    /// The client id.
    pub id: i64,
    /// Email key, or [`NONE`].
    pub email: u32,
    /// Phone key, or [`NONE`].
    pub phone: u32,
    /// First-name key; [`NONE`] when either name part is blank.
    pub first: u32,
    /// Last-name key; [`NONE`] when either name part is blank.
    pub last: u32,
    /// (first, last) key: equal means the same name; [`NONE`] as above.
    pub combo: u32,
}

/// Integer keys of every candidate (by position), the groups sharing each
/// key, and which distinct names are close or nicknames of each other.
pub(super) struct Index {
    /// Keys of each candidate.
    pub rows: Vec<Row>,
    /// (first, last) of each combo key.
    pub combos: Vec<(u32, u32)>,
    /// Members (positions) of each email key.
    pub email_groups: Groups,
    /// Members (positions) of each phone key.
    pub phone_groups: Groups,
    /// Members (positions) of each combo key.
    pub combo_groups: Groups,
    /// For each first-name key, the first-name keys spelled closely, sorted.
    pub close_first: Vec<Vec<u32>>,
    /// For each last-name key, the last-name keys spelled closely, sorted.
    pub close_last: Vec<Vec<u32>>,
    /// For each first-name key, the first-name keys that are nicknames of it, sorted.
    pub nick_first: Vec<Vec<u32>>,
}

/// Members of each key, stored contiguously (most keys have one member).
pub(super) struct Groups {
    starts: Vec<u32>,
    members: Vec<u32>,
}

impl Groups {
    /// Groups the positions of `keys` by key (`NONE` left out), each in position order.
    fn build(keys: impl Iterator<Item = u32> + Clone, key_count: usize) -> Self {
        let mut starts = vec![0u32; key_count + 1];
        for k in keys.clone().filter(|&k| k != NONE) {
            starts[k as usize + 1] += 1;
        }
        for k in 0..key_count {
            starts[k + 1] += starts[k];
        }
        let mut next = starts.clone();
        let mut members = vec![0u32; starts[key_count] as usize];
        for (pos, k) in keys.enumerate().filter(|&(_, k)| k != NONE) {
            members[next[k as usize] as usize] = dense_id(pos);
            next[k as usize] += 1;
        }
        Self { starts, members }
    }

    /// Members of `key`.
    pub fn get(&self, key: u32) -> &[u32] {
        let k = key as usize;
        &self.members[self.starts[k] as usize..self.starts[k + 1] as usize]
    }

    /// Every group of two members or more.
    pub fn shared(&self) -> impl Iterator<Item = &[u32]> {
        self.starts
            .windows(2)
            .filter(|w| w[1] - w[0] > 1)
            .map(|w| &self.members[w[0] as usize..w[1] as usize])
    }
}

/// Strings to dense integer ids.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Interner {
    fn id(&mut self, s: String) -> u32 {
        if let Some(&id) = self.ids.get(&s) {
            return id;
        }
        let id = dense_id(self.names.len());
        self.names.push(s.clone());
        self.ids.insert(s, id);
        id
    }

    /// The id of a non-empty key, [`NONE`] for an empty one.
    fn non_empty_id(&mut self, key: String) -> u32 {
        if key.is_empty() {
            NONE
        } else {
            self.id(key)
        }
    }
}

impl Index {
    /// Builds the keys of `clients`.
    pub fn build(clients: &[DuplicateCandidate]) -> Self {
        let (mut emails, mut phones) = (Interner::default(), Interner::default());
        let (mut firsts, mut lasts) = (Interner::default(), Interner::default());
        // Raw names repeat a lot (Marie, Martin): fold each spelling once.
        let mut first_cache: HashMap<&str, u32> = HashMap::new();
        let mut last_cache: HashMap<&str, u32> = HashMap::new();
        let mut combo_ids: HashMap<(u32, u32), u32> = HashMap::new();
        let mut combos = Vec::new();
        let rows: Vec<Row> = clients
            .iter()
            .map(|c| {
                let first = *first_cache
                    .entry(&c.first_name)
                    .or_insert_with(|| firsts.non_empty_id(first_name_key(&c.first_name)));
                let last = *last_cache
                    .entry(&c.last_name)
                    .or_insert_with(|| lasts.non_empty_id(words(&c.last_name).join("-")));
                let (first, last, combo) = if first == NONE || last == NONE {
                    (NONE, NONE, NONE)
                } else {
                    let next = dense_id(combos.len());
                    let combo = *combo_ids.entry((first, last)).or_insert(next);
                    if combo == next {
                        combos.push((first, last));
                    }
                    (first, last, combo)
                };
                Row {
                    id: c.id,
                    email: email_key(c.email.as_deref()).map_or(NONE, |e| emails.id(e)),
                    phone: phone_key(c.phone_digits.as_deref()).map_or(NONE, |p| phones.id(p)),
                    first,
                    last,
                    combo,
                }
            })
            .collect();
        Self {
            email_groups: Groups::build(rows.iter().map(|r| r.email), emails.names.len()),
            phone_groups: Groups::build(rows.iter().map(|r| r.phone), phones.names.len()),
            combo_groups: Groups::build(rows.iter().map(|r| r.combo), combos.len()),
            close_first: close_neighbours(&firsts.names),
            close_last: close_neighbours(&lasts.names),
            nick_first: nickname_neighbours(&firsts.names),
            rows,
            combos,
        }
    }
}

/// For each distinct first-name key, the other keys it is nickname-related to, sorted.
fn nickname_neighbours(first_names: &[String]) -> Vec<Vec<u32>> {
    // Two different names sharing a nickname key are nicknames of each
    // other (the key is one of them, or a full name of both).
    let mut by_key: HashMap<&str, Vec<u32>> = HashMap::new();
    for (f, name) in first_names.iter().enumerate() {
        for key in keys_of_key(name) {
            by_key.entry(key).or_default().push(dense_id(f));
        }
    }
    let mut out = vec![Vec::new(); first_names.len()];
    for names in by_key.values().filter(|v| v.len() > 1) {
        for (n, &a) in names.iter().enumerate() {
            for &b in &names[n + 1..] {
                out[a as usize].push(b);
                out[b as usize].push(a);
            }
        }
    }
    for list in &mut out {
        list.sort_unstable();
        list.dedup();
    }
    out
}

/// Lowercase trimmed email, `None` when blank.
fn email_key(email: Option<&str>) -> Option<String> {
    let e = email?.trim();
    (!e.is_empty()).then(|| e.to_lowercase())
}

/// The digits compared for "same phone": the last 9 of longer numbers, all
/// of shorter ones, `None` below 6 digits. Non-digits are ignored.
pub(super) fn phone_key(phone: Option<&str>) -> Option<String> {
    let digits: String = phone?.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < PHONE_MIN_DIGITS {
        return None;
    }
    let tail = digits.len().saturating_sub(PHONE_TAIL_DIGITS);
    Some(digits[tail..].to_owned())
}

/// Positions and keys fit in u32: a business has far fewer than 4 billion clients.
fn dense_id(n: usize) -> u32 {
    u32::try_from(n).expect("fewer than 2^32 clients")
}
