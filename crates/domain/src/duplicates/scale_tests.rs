//! Scale tests of the duplicate finder: big blocks stay bounded, and a synthetic list
//! with planted duplicates gives them back.

use super::tests::*;
use super::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Instant;
use DuplicateReason::*;

#[test]
fn big_groups_are_not_compared_all_pairs() {
    // 1,000 clients sharing a placeholder email: 499,500 pairs if compared all.
    let clients: Vec<DuplicateCandidate> = (0..1000)
        .map(|i| {
            with_email(
                client(i, &format!("F{i}"), &format!("L{i}")),
                "none@none.com",
            )
        })
        .collect();
    let pairs = find_duplicates(&clients, usize::MAX);
    assert!(pairs.len() <= 1000 * blocking::WINDOW, "{}", pairs.len());
    let mut seen = vec![false; 1000];
    for p in &pairs {
        assert_eq!(p.reasons, [SameEmail]);
        seen[p.a as usize] = true;
        seen[p.b as usize] = true;
    }
    assert!(seen.iter().all(|&s| s), "every client gets a suggestion");
}

#[test]
fn big_cross_groups_are_bounded_too() {
    // 300 Bob Martin and 300 Robert Martin: 90,000 nickname pairs if all.
    let clients: Vec<DuplicateCandidate> = (0..600)
        .map(|i| client(i, if i % 2 == 0 { "Bob" } else { "Robert" }, "Martin"))
        .collect();
    let pairs = find_duplicates(&clients, usize::MAX);
    let nick = pairs.iter().filter(|p| p.reasons == [Nickname]).count();
    assert!((300..=300 * blocking::WINDOW).contains(&nick), "{nick}");
}

const FIRST: &[&str] = &[
    "Marie",
    "Jean",
    "Pierre",
    "Michel",
    "Philippe",
    "Nathalie",
    "Isabelle",
    "Sylvie",
    "Catherine",
    "Françoise",
    "Nicolas",
    "Christophe",
    "Stéphane",
    "Sébastien",
    "Julien",
    "Camille",
    "Léa",
    "Manon",
    "Chloé",
    "Emma",
    "Louis",
    "Lucas",
    "Hugo",
    "Thomas",
    "Sarah",
    "Laura",
    "Céline",
    "Sandrine",
    "Valérie",
    "Patrick",
    "Frédéric",
    "Olivier",
    "David",
    "Laurent",
    "Éric",
    "Alain",
    "Daniel",
    "Robert",
    "William",
    "James",
    "Elizabeth",
    "Katherine",
    "Jennifer",
    "Michael",
    "Emily",
    "Olivia",
    "Sophie",
    "Antoine",
    "Mathieu",
    "Alexandre",
    "Aurélie",
    "Anne",
    "Julie",
    "Caroline",
    "Vincent",
    "Romain",
    "Maxime",
    "Guillaume",
    "Benoît",
    "Hélène",
];

const LAST: &[&str] = &[
    "Martin",
    "Bernard",
    "Thomas",
    "Petit",
    "Robert",
    "Richard",
    "Durand",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefèvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Lefebvre",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "François",
    "Legrand",
    "Gauthier",
    "Garcia",
    "Perrin",
    "Robin",
    "Clément",
    "Morin",
    "Nicolas",
    "Henry",
    "Roussel",
    "Mathieu",
    "Gautier",
    "Masson",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Taylor",
    "Anderson",
    "Jackson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Hall",
    "Young",
    "King",
    "Wright",
    "Scott",
    "Green",
    "Baker",
    "Adams",
    "Nelson",
    "Hill",
    "Campbell",
    "Mitchell",
    "Roberts",
    "Carter",
];

/// `n` synthetic clients from the small name lists: unique emails (60%)
/// and phones (50%), many homonyms, ids 1..=n.
fn synthetic(n: usize, seed: u64) -> Vec<DuplicateCandidate> {
    let mut rng = StdRng::seed_from_u64(seed);
    (1..=n as i64)
        .map(|id| {
            // Squared draws skew towards the first names, like real lists.
            let f = (rng.gen::<f64>().powi(2) * FIRST.len() as f64) as usize;
            let l = (rng.gen::<f64>().powi(2) * LAST.len() as f64) as usize;
            let mut c = client(id, FIRST[f], LAST[l]);
            if rng.gen_bool(0.6) {
                c.email = Some(format!("client{id}@example.com"));
            }
            if rng.gen_bool(0.5) {
                c.phone_digits = Some(format!("06{id:08}"));
            }
            c
        })
        .collect()
}

#[test]
fn synthetic_list_with_planted_duplicates() {
    let mut clients = synthetic(20_000, 42);
    let mut next_id = clients.len() as i64;
    let mut expected: Vec<(i64, i64, Vec<DuplicateReason>)> = Vec::new();
    let mut plant = |clients: &mut Vec<DuplicateCandidate>,
                     a: DuplicateCandidate,
                     b: DuplicateCandidate,
                     reasons: &[DuplicateReason]| {
        let (mut a, mut b) = (a, b);
        a.id = next_id + 1;
        b.id = next_id + 2;
        next_id += 2;
        expected.push((a.id, b.id, reasons.to_vec()));
        clients.push(a);
        clients.push(b);
    };
    // A duplicate of a generated client, same email typed differently.
    let mut orig = clients[123].clone();
    orig.email = Some("planted@example.com".to_owned());
    let mut copy = orig.clone();
    copy.email = Some(" Planted@Example.com".to_owned());
    copy.phone_digits = None;
    plant(&mut clients, orig, copy, &[SameEmail, SameName]);
    plant(
        &mut clients,
        with_phone(client(0, "Zéphyrin", "Ollivier"), "0712345678"),
        with_phone(client(0, "zephyrin", "Olivier"), "+33 7 12 34 56 78"),
        &[SamePhone, CloseSpelling],
    );
    plant(
        &mut clients,
        client(0, "Jean", "Dupont"),
        client(0, "Jaen", "Dupont"),
        &[CloseSpelling],
    );
    plant(
        &mut clients,
        client(0, "Robert", "Martin"),
        client(0, "Bob", "Martin"),
        &[Nickname],
    );
    plant(
        &mut clients,
        client(0, "Kate", "Vandenberghe"),
        client(0, "Katherine", "Vandenberghe"),
        &[Nickname],
    );
    plant(
        &mut clients,
        with_email(client(0, "Jeannot", "Lacombe"), "jl@example.org"),
        with_email(client(0, "Jean", "Lacombe"), "JL@example.org"),
        &[SameEmail, Nickname],
    );
    plant(
        &mut clients,
        client(0, "Hélène", "Lefèvre"),
        client(0, "HELENE", "lefevre"),
        &[SameName],
    );
    plant(
        &mut clients,
        client(0, "Christophe", "Garnier"),
        client(0, "Kristophe", "Garnier"),
        &[CloseSpelling],
    );
    assert_eq!(expected.len(), 8);

    let started = Instant::now();
    let pairs = find_duplicates(&clients, usize::MAX);
    println!(
        "find_duplicates: {} clients, {} pairs in {:?}",
        clients.len(),
        pairs.len(),
        started.elapsed()
    );
    for (a, b, reasons) in &expected {
        let found = pairs.iter().find(|p| (p.a, p.b) == (*a, *b));
        assert_eq!(found.map(|p| &p.reasons), Some(reasons), "{a}/{b}");
    }
    for w in pairs.windows(2) {
        let key = |p: &DuplicatePair| (u8::MAX - p.score, p.a, p.b);
        assert!(key(&w[0]) < key(&w[1]), "{:?} then {:?}", w[0], w[1]);
    }
    for p in &pairs {
        assert!(p.a < p.b);
        assert!(!p.reasons.is_empty());
        assert!(p.score >= p.reasons[0].weight() && p.score <= 100);
    }
    // Randomly generated clients have unique emails and phones: their
    // pairs come from their names only.
    let names_only = pairs
        .iter()
        .filter(|p| p.b <= 20_000)
        .all(|p| !p.reasons.contains(&SameEmail) && !p.reasons.contains(&SamePhone));
    assert!(names_only);
}
