//! Which pairs of clients get compared at all: only clients sharing a key
//! (email, phone, name, or a last name with a close or nickname first name,
//! or a first name with a close last name). Never all pairs.

use std::collections::HashMap;

use super::index::Index;

/// Groups up to this size are compared all pairs (at most 19,900 pairs).
pub(super) const BLOCK_CAP: usize = 200;
/// In a bigger group, each member is compared with this many others only.
/// Such groups are placeholders ("none@none.com", "0000000000") or very
/// common homonyms: every member still gets suggestions, and stronger pairs
/// (also sharing an email or a phone) come from their own, smaller groups.
pub(super) const WINDOW: usize = 10;
const CAP_PAIRS: usize = BLOCK_CAP * (BLOCK_CAP - 1) / 2;

/// Candidate pairs of positions, as [`pair`]s, sorted and without duplicates.
pub(super) fn candidate_pairs(ix: &Index) -> Vec<u64> {
    let mut out = Vec::new();
    for group in ix.email_groups.shared().chain(ix.phone_groups.shared()) {
        if group.len() > BLOCK_CAP {
            // Ordered by name, so that the few pairs kept are those most
            // likely to be the same person.
            let mut group = group.to_vec();
            group.sort_unstable_by_key(|&p| (ix.rows[p as usize].combo, p));
            within(&group, &mut out);
        } else {
            within(group, &mut out);
        }
    }
    for group in ix.combo_groups.shared() {
        within(group, &mut out);
    }
    let combo_of: HashMap<(u32, u32), u32> = ix
        .combos
        .iter()
        .enumerate()
        .map(|(c, &fl)| (fl, c as u32))
        .collect();
    for (c, &(f, l)) in ix.combos.iter().enumerate() {
        let group = ix.combo_groups.get(c as u32);
        let other_firsts = ix.close_first[f as usize]
            .iter()
            .chain(&ix.nick_first[f as usize]);
        for &f2 in other_firsts.filter(|&&f2| f2 > f) {
            if let Some(&c2) = combo_of.get(&(f2, l)) {
                between(group, ix.combo_groups.get(c2), &mut out);
            }
        }
        for &l2 in ix.close_last[l as usize].iter().filter(|&&l2| l2 > l) {
            if let Some(&c2) = combo_of.get(&(f, l2)) {
                between(group, ix.combo_groups.get(c2), &mut out);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Pairs inside one group: all of them, or each member with its next [`WINDOW`] ones.
fn within(group: &[u32], out: &mut Vec<u64>) {
    let window = if group.len() > BLOCK_CAP {
        WINDOW
    } else {
        group.len()
    };
    for (n, &a) in group.iter().enumerate() {
        for &b in group[n + 1..].iter().take(window) {
            out.push(pair(a, b));
        }
    }
}

/// Pairs across two disjoint groups: all of them, or [`WINDOW`] partners
/// (spread over the bigger group) for each member of the smaller one.
fn between(g1: &[u32], g2: &[u32], out: &mut Vec<u64>) {
    if g1.len() * g2.len() <= CAP_PAIRS {
        for &a in g1 {
            out.extend(g2.iter().map(|&b| pair(a, b)));
        }
        return;
    }
    let (small, large) = if g1.len() <= g2.len() {
        (g1, g2)
    } else {
        (g2, g1)
    };
    for (n, &a) in small.iter().enumerate() {
        let start = n * large.len() / small.len();
        for t in 0..WINDOW.min(large.len()) {
            out.push(pair(a, large[(start + t) % large.len()]));
        }
    }
}

/// Two positions packed in one integer, smaller one in the high half (cheap to sort).
pub(super) fn pair(a: u32, b: u32) -> u64 {
    (u64::from(a.min(b)) << 32) | u64::from(a.max(b))
}

/// The two positions of a [`pair`], smaller first.
pub(super) fn unpair(p: u64) -> (usize, usize) {
    ((p >> 32) as usize, (p & u64::from(u32::MAX)) as usize)
}
