//! The duplicate finder (SPEC §6): likely pairs of client profiles, each with
//! a score and its reasons, for the "Merge into…" suggestions.
//!
//! Pure and fast: clients are grouped by keys (email, phone, name, last name
//! with a close or nickname first name, first name with a close last name)
//! and only clients sharing a key are compared, never all pairs.

use serde::Serialize;

mod blocking;
mod index;
mod spelling;

use index::{Index, Row, NONE};

/// What the duplicate finder needs to know of a client.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DuplicateCandidate {
    /// The client id; ids are expected to be unique (pairs of equal ids are skipped).
    pub id: i64,
    /// First name as stored.
    pub first_name: String,
    /// Last name as stored.
    pub last_name: String,
    /// Email as stored (compared case-insensitively), if any.
    pub email: Option<String>,
    /// Normalised phone digits (any non-digit is ignored), if any.
    pub phone_digits: Option<String>,
}

/// Why two profiles may be the same person; declared (and ordered) strongest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DuplicateReason {
    /// Same email address, case-insensitive.
    SameEmail,
    /// Same phone number: same last 9 digits, or same digits for shorter numbers (6 digits at least).
    SamePhone,
    /// Same first and last name up to accents, case, spaces and hyphens.
    SameName,
    /// Same last name, first names that are nicknames of each other (Bob/Robert).
    Nickname,
    /// One name part equal, the other one or two typos apart (Jean/Jaen Dupont).
    CloseSpelling,
}

impl DuplicateReason {
    /// Every reason, strongest first.
    pub const ALL: [DuplicateReason; 5] = [
        Self::SameEmail,
        Self::SamePhone,
        Self::SameName,
        Self::Nickname,
        Self::CloseSpelling,
    ];

    /// Score of a pair with this reason alone (see [`find_duplicates`]).
    pub fn weight(self) -> u8 {
        match self {
            Self::SameEmail => 90,
            Self::SamePhone => 80,
            Self::SameName => 70,
            Self::Nickname => 60,
            Self::CloseSpelling => 50,
        }
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A suggested duplicate: two client ids, a score and the reasons behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DuplicatePair {
    /// The smaller client id.
    pub a: i64,
    /// The bigger client id.
    pub b: i64,
    /// Confidence, 0 to 100 (see [`find_duplicates`]).
    pub score: u8,
    /// Every reason that holds, strongest first; never empty.
    pub reasons: Vec<DuplicateReason>,
}

/// Number of reasons (bits of a reason mask).
const REASON_COUNT: usize = DuplicateReason::ALL.len();
/// Extra score for each reason beyond the strongest one.
const EXTRA_REASON: u8 = 10;

/// Likely duplicate pairs among `clients`, best first, at most `limit`.
///
/// Score of a pair: the weight of its strongest reason, plus 10 for each
/// other reason, capped at 100:
///
/// | reason          | weight |
/// |-----------------|--------|
/// | `SameEmail`     | 90     |
/// | `SamePhone`     | 80     |
/// | `SameName`      | 70     |
/// | `Nickname`      | 60     |
/// | `CloseSpelling` | 50     |
///
/// So same email + same name scores 100, same phone + nickname 90. Names are
/// compared folded (accents, case, spaces and hyphens ignored). Close
/// spelling means one part (first or last name) equal and the other within
/// a Damerau-Levenshtein (optimal string alignment) distance of 1, or 2 when
/// both spellings have 7+ characters; names under 3 characters (initials)
/// never count as close. Homonyms are reported too: the caller may filter.
///
/// Sorted by score (highest first), then by `a`, then by `b`. Groups of more
/// than 200 clients sharing one key (a placeholder email, a very common
/// name) are not compared all pairs: each member is paired with 10 others of
/// the group, so the work stays linear.
pub fn find_duplicates(clients: &[DuplicateCandidate], limit: usize) -> Vec<DuplicatePair> {
    if limit == 0 || clients.len() < 2 {
        return Vec::new();
    }
    let ix = Index::build(clients);
    let pairs = blocking::candidate_pairs(&ix);
    let masks: Vec<u8> = pairs
        .iter()
        .map(|&p| {
            let (x, y) = blocking::unpair(p);
            reasons_mask(&ix, &ix.rows[x], &ix.rows[y])
        })
        .collect();
    // Scores only take a few values: count them first, so that only the
    // pairs that can make the top `limit` are sorted.
    let scores: [u8; 1 << REASON_COUNT] = std::array::from_fn(|m| score(m as u8));
    let mut per_score = [0usize; 101];
    for &m in &masks {
        per_score[usize::from(scores[usize::from(m)])] += 1;
    }
    let mut min_score = 1;
    let mut better = 0;
    for s in (1..=100).rev() {
        better += per_score[s];
        if better >= limit {
            min_score = s as u8;
            break;
        }
    }
    let mut scored: Vec<(u8, i64, i64, u8)> = pairs
        .iter()
        .zip(&masks)
        .filter(|&(_, &m)| scores[usize::from(m)] >= min_score)
        .map(|(&p, &m)| {
            let (x, y) = blocking::unpair(p);
            let (a, b) = (ix.rows[x].id, ix.rows[y].id);
            (scores[usize::from(m)], a.min(b), a.max(b), m)
        })
        .collect();
    let order = |p: &(u8, i64, i64, u8), q: &(u8, i64, i64, u8)| {
        q.0.cmp(&p.0).then(p.1.cmp(&q.1)).then(p.2.cmp(&q.2))
    };
    if scored.len() > limit {
        scored.select_nth_unstable_by(limit, order);
        scored.truncate(limit);
    }
    scored.sort_unstable_by(order);
    scored
        .into_iter()
        .map(|(score, a, b, mask)| DuplicatePair {
            a,
            b,
            score,
            reasons: DuplicateReason::ALL
                .into_iter()
                .filter(|r| mask & r.bit() != 0)
                .collect(),
        })
        .collect()
}

/// Every reason that holds for two candidates, as bits.
fn reasons_mask(ix: &Index, x: &Row, y: &Row) -> u8 {
    let mut mask = 0;
    if x.id == y.id {
        return mask;
    }
    if x.email != NONE && x.email == y.email {
        mask |= DuplicateReason::SameEmail.bit();
    }
    if x.phone != NONE && x.phone == y.phone {
        mask |= DuplicateReason::SamePhone.bit();
    }
    if x.combo == NONE || y.combo == NONE {
        return mask;
    }
    if x.combo == y.combo {
        return mask | DuplicateReason::SameName.bit();
    }
    let has = |list: &[u32], key: u32| list.binary_search(&key).is_ok();
    if (x.last == y.last && has(&ix.close_first[x.first as usize], y.first))
        || (x.first == y.first && has(&ix.close_last[x.last as usize], y.last))
    {
        mask |= DuplicateReason::CloseSpelling.bit();
    }
    if x.last == y.last && has(&ix.nick_first[x.first as usize], y.first) {
        mask |= DuplicateReason::Nickname.bit();
    }
    mask
}

/// Strongest weight, plus [`EXTRA_REASON`] per other reason, capped at 100.
fn score(mask: u8) -> u8 {
    let mut held = DuplicateReason::ALL
        .into_iter()
        .filter(|r| mask & r.bit() != 0);
    let Some(strongest) = held.next() else {
        return 0;
    };
    let extra = held.count() as u8 * EXTRA_REASON;
    strongest.weight().saturating_add(extra).min(100)
}

#[cfg(test)]
mod scale_tests;
#[cfg(test)]
mod tests;
