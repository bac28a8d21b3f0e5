//! Close spellings: names within a small Damerau-Levenshtein distance, and a
//! way to find all such pairs among many names without comparing all pairs.

/// Names shorter than this (initials such as "J") only match exactly.
const MIN_CHARS: usize = 3;
/// From this length on, two typos are tolerated instead of one.
const LONG_CHARS: usize = 7;

/// Typos tolerated between two names, from the shorter one's length.
fn max_distance(shorter_len: usize) -> usize {
    match shorter_len {
        n if n < MIN_CHARS => 0,
        n if n < LONG_CHARS => 1,
        _ => 2,
    }
}

/// True when two different folded names are close: distance <= 1, or <= 2 when both have 7+ characters.
pub(super) fn is_close(a: &str, b: &str) -> bool {
    let max = max_distance(a.len().min(b.len()));
    a != b && a.len().abs_diff(b.len()) <= max && within_distance(a.as_bytes(), b.as_bytes(), max)
}

/// True when the optimal string alignment distance (Damerau-Levenshtein
/// with adjacent transpositions, no substring edited twice) of `a` and `b`
/// is at most `max`. Bytes are compared: callers pass folded ASCII names.
fn within_distance(a: &[u8], b: &[u8], max: usize) -> bool {
    if a.len().abs_diff(b.len()) > max {
        return false;
    }
    // Three DP rows (two rows back for transpositions), on the stack for
    // names of usual length since this runs for every close candidate.
    // Only the band |i - j| <= max is computed: cells outside it exceed
    // `max` anyway and are read as `far`.
    const STACK: usize = 64;
    let far = max + 1;
    let n = b.len() + 1;
    let mut stack = [0usize; 3 * STACK];
    let mut heap = Vec::new();
    let cells: &mut [usize] = if n <= STACK {
        &mut stack[..3 * n]
    } else {
        heap.resize(3 * n, 0);
        &mut heap
    };
    let (mut before, rest) = cells.split_at_mut(n);
    let (mut prev, mut cur) = rest.split_at_mut(n);
    for (j, cell) in prev.iter_mut().enumerate() {
        *cell = j.min(far);
    }
    for i in 1..=a.len() {
        let lo = i.saturating_sub(max).max(1);
        let hi = (i + max).min(n - 1);
        cur[lo - 1] = if lo == 1 { i.min(far) } else { far };
        if hi + 1 < n {
            cur[hi + 1] = far;
        }
        let mut row_min = cur[lo - 1];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d.min(far);
            row_min = row_min.min(cur[j]);
        }
        // Row minima never decrease: once all exceed `max`, so does the end.
        if row_min > max {
            return false;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[n - 1] <= max
}

/// For each name (folded ASCII, all distinct), the indexes of the other names close to it, sorted.
///
/// Symmetric deletion neighbourhoods: two strings within distance k share a
/// string obtained by deleting at most k chars from each (a substitution or a
/// transposition costs one deletion on each side, an insertion one on the
/// longer side). So each name is indexed under the hashes of its deletion
/// variants, only names sharing a hash are compared, and no close pair is
/// missed. Hash collisions only cost an extra comparison.
pub(super) fn close_neighbours(names: &[String]) -> Vec<Vec<u32>> {
    let mut keys: Vec<(u64, u32)> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        let b = name.as_bytes();
        let id = u32::try_from(i).expect("fewer than 2^32 names");
        let deletions = max_distance(b.len());
        if deletions == 0 {
            continue;
        }
        keys.push((hash_without(b, usize::MAX, usize::MAX), id));
        for x in 0..b.len() {
            keys.push((hash_without(b, x, usize::MAX), id));
            if deletions == 2 {
                for y in x + 1..b.len() {
                    keys.push((hash_without(b, x, y), id));
                }
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    // Close names often share several variants: collect the candidate
    // pairs first, so that each is measured once.
    let mut candidates: Vec<(u32, u32)> = Vec::new();
    for run in keys.chunk_by(|p, q| p.0 == q.0) {
        for (n, &(_, x)) in run.iter().enumerate() {
            candidates.extend(run[n + 1..].iter().map(|&(_, y)| (x.min(y), x.max(y))));
        }
    }
    candidates.sort_unstable();
    candidates.dedup();
    let mut out = vec![Vec::new(); names.len()];
    for (x, y) in candidates {
        if is_close(&names[x as usize], &names[y as usize]) {
            out[x as usize].push(y);
            out[y as usize].push(x);
        }
    }
    for list in &mut out {
        list.sort_unstable();
    }
    out
}

/// FNV-1a hash of `b` without the bytes at positions `skip1` and `skip2`.
fn hash_without(b: &[u8], skip1: usize, skip2: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, &c) in b.iter().enumerate() {
        if i != skip1 && i != skip2 {
            h ^= u64::from(c);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn one_typo_for_short_names_two_for_long_ones() {
        assert!(is_close("jean", "jaen")); // transposition
        assert!(is_close("jean", "jan")); // deletion
        assert!(is_close("dupont", "dupond")); // substitution
        assert!(!is_close("jean", "jane")); // two edits, short
        assert!(is_close("christophe", "kristophe")); // two edits, long
        assert!(!is_close("daniel", "danielle")); // shorter one has 6 letters
        assert!(!is_close("christophe", "christian"));
        assert!(!is_close("jean", "jean"));
    }

    #[test]
    fn initials_never_close() {
        assert!(!is_close("j", "m"));
        assert!(!is_close("jo", "jb"));
        assert!(!is_close("j", "jo"));
    }

    #[test]
    fn neighbours_found_without_all_pairs() {
        let names: Vec<String> = ["jean", "jaen", "jules", "christophe", "kristophe", "j", "m"]
            .map(str::to_owned)
            .to_vec();
        let n = close_neighbours(&names);
        assert_eq!(n[0], [1]);
        assert_eq!(n[1], [0]);
        assert!(n[2].is_empty());
        assert_eq!(n[3], [4]);
        assert_eq!(n[4], [3]);
        assert!(n[5].is_empty() && n[6].is_empty());
    }

    #[test]
    fn distance_of_long_names() {
        let long = "a".repeat(100);
        let typo = format!("{}b{}", "a".repeat(50), "a".repeat(49));
        assert!(within_distance(long.as_bytes(), typo.as_bytes(), 1));
        assert!(!within_distance(long.as_bytes(), typo.as_bytes(), 0));
        assert!(is_close(&long, &typo));
    }

    proptest! {
        #[test]
        fn distance_matches_strsim(a in "[abc]{0,12}", b in "[abc]{0,12}", max in 0usize..5) {
            let expected = strsim::osa_distance(&a, &b) <= max;
            prop_assert_eq!(within_distance(a.as_bytes(), b.as_bytes(), max), expected);
        }

        #[test]
        fn neighbours_match_brute_force(names in proptest::collection::hash_set("[abc]{0,8}", 0..40)) {
            let names: Vec<String> = names.into_iter().collect();
            let n = close_neighbours(&names);
            for (i, a) in names.iter().enumerate() {
                let expected: Vec<u32> = names
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| is_close(a, b))
                    .map(|(j, _)| j as u32)
                    .collect();
                prop_assert_eq!(&n[i], &expected, "{}", a);
            }
        }
    }
}
