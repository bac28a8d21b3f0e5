use super::*;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::time::Instant;
use DuplicateReason::*;

fn client(id: i64, first: &str, last: &str) -> DuplicateCandidate {
    DuplicateCandidate {
        id,
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        ..DuplicateCandidate::default()
    }
}

fn with_email(mut c: DuplicateCandidate, email: &str) -> DuplicateCandidate {
    c.email = Some(email.to_owned());
    c
}

fn with_phone(mut c: DuplicateCandidate, phone: &str) -> DuplicateCandidate {
    c.phone_digits = Some(phone.to_owned());
    c
}

/// The only pair found among `clients`, which must be exactly one.
fn only_pair(clients: &[DuplicateCandidate]) -> DuplicatePair {
    let pairs = find_duplicates(clients, 100);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    pairs.into_iter().next().expect("one pair")
}

fn reasons_of(a: DuplicateCandidate, b: DuplicateCandidate) -> Vec<DuplicateReason> {
    let pairs = find_duplicates(&[a, b], 10);
    pairs.first().map(|p| p.reasons.clone()).unwrap_or_default()
}

#[test]
fn same_email_case_insensitive() {
    let p = only_pair(&[
        with_email(client(1, "Alice", "Durand"), "Alice@Example.com "),
        with_email(client(2, "Zoé", "Lambert"), "alice@example.COM"),
    ]);
    assert_eq!((p.a, p.b, p.score), (1, 2, 90));
    assert_eq!(p.reasons, [SameEmail]);
}

#[test]
fn blank_emails_never_match() {
    let pairs = find_duplicates(
        &[
            with_email(client(1, "Alice", "Durand"), "  "),
            with_email(client(2, "Zoé", "Lambert"), ""),
        ],
        10,
    );
    assert!(pairs.is_empty(), "{pairs:?}");
}

#[test]
fn same_phone_national_and_international() {
    let p = only_pair(&[
        with_phone(client(1, "Alice", "Durand"), "+33 6 12 34 56 78"),
        with_phone(client(2, "Zoé", "Lambert"), "06 12 34 56 78"),
    ]);
    assert_eq!(
        (p.score, p.reasons.as_slice()),
        (80, [SamePhone].as_slice())
    );
    assert_eq!(
        reasons_of(
            with_phone(client(1, "A", "B"), "33612345678"),
            with_phone(client(2, "C", "D"), "0612345678"),
        ),
        [SamePhone]
    );
}

#[test]
fn phone_key_rules() {
    use super::index::phone_key;
    assert_eq!(
        phone_key(Some("+33 6 12 34 56 78")).as_deref(),
        Some("612345678")
    );
    assert_eq!(phone_key(Some("0612345678")).as_deref(), Some("612345678"));
    assert_eq!(phone_key(Some("612345678")).as_deref(), Some("612345678"));
    assert_eq!(phone_key(Some("12345678")).as_deref(), Some("12345678"));
    assert_eq!(phone_key(Some("123456")).as_deref(), Some("123456"));
    assert_eq!(phone_key(Some("12345")), None);
    assert_eq!(phone_key(Some("")), None);
    assert_eq!(phone_key(None), None);
}

#[test]
fn short_phones_compare_all_digits_and_tiny_ones_are_ignored() {
    let pair = |p1: &str, p2: &str| {
        reasons_of(
            with_phone(client(1, "Alice", "Durand"), p1),
            with_phone(client(2, "Zoé", "Lambert"), p2),
        )
    };
    assert_eq!(pair("1234567", "123-4567"), [SamePhone]);
    assert!(pair("1234567", "01234567").is_empty());
    assert!(pair("12345", "12345").is_empty());
    assert!(pair("0612345678", "0612345679").is_empty());
}

#[test]
fn same_name_up_to_accents_case_spaces_and_hyphens() {
    let p = only_pair(&[
        client(1, "Hélène", "Dupont-Martin"),
        client(2, "  HELENE ", "dupont  martin"),
    ]);
    assert_eq!((p.score, p.reasons.as_slice()), (70, [SameName].as_slice()));
    assert_eq!(
        reasons_of(
            client(1, "Jean-Pierre", "Roux"),
            client(2, "jean pierre", "ROUX")
        ),
        [SameName]
    );
}

#[test]
fn close_spelling_of_first_or_last_name() {
    for (a, b) in [
        (("Jean", "Dupont"), ("Jaen", "Dupont")),
        (("Jean", "Dupont"), ("Jean", "Dupond")),
        (("Jean", "Dupont"), ("Jean", "Dupon")),
        (("Christophe", "Durand"), ("Kristophe", "Durand")),
        (("Marie", "Lefebvre"), ("Marie", "Lefèvre")),
        (("Anne", "Rousseau"), ("Anne", "Rouseau")),
    ] {
        let p = only_pair(&[client(1, a.0, a.1), client(2, b.0, b.1)]);
        assert_eq!(p.reasons, [CloseSpelling], "{a:?} {b:?}");
        assert_eq!(p.score, 50);
    }
}

#[test]
fn not_close_enough() {
    for (a, b) in [
        (("Jean", "Dupont"), ("Jane", "Dupont")), // two edits on a short name
        (("Jean", "Dupont"), ("Jaen", "Dupond")), // both parts differ
        (("J", "Dupont"), ("M", "Dupont")),       // initials
        (("Daniel", "Roux"), ("Danielle", "Roux")),
    ] {
        assert!(
            reasons_of(client(1, a.0, a.1), client(2, b.0, b.1)).is_empty(),
            "{a:?} {b:?}"
        );
    }
}

#[test]
fn nicknames_both_ways() {
    for (a, b) in [
        ("Bob", "Robert"),
        ("Robert", "Bob"),
        ("Kate", "Katherine"),
        ("Katherine", "Kate"),
        ("Jeannot", "Jean"),
        ("Jean", "Jeannot"),
        ("Manu", "Emmanuelle"),
    ] {
        let p = only_pair(&[client(1, a, "Martin"), client(2, b, "MARTIN")]);
        assert_eq!((p.a, p.b), (1, 2));
        assert_eq!(p.reasons, [Nickname], "{a}/{b}");
        assert_eq!(p.score, 60);
    }
}

#[test]
fn nicknames_need_the_same_last_name() {
    assert!(reasons_of(client(1, "Bob", "Martin"), client(2, "Robert", "Durand")).is_empty());
}

#[test]
fn nickname_and_close_spelling_together() {
    // Bob and Rob: both Robert, and one letter apart.
    assert_eq!(
        reasons_of(client(1, "Bob", "Martin"), client(2, "Rob", "Martin")),
        [Nickname, CloseSpelling]
    );
}

#[test]
fn reasons_merge_and_score_caps_at_100() {
    let p = only_pair(&[
        with_phone(
            with_email(client(7, "Hélène", "Durand"), "h@example.com"),
            "0612345678",
        ),
        with_phone(
            with_email(client(3, "helene", "DURAND"), "H@example.com"),
            "+33612345678",
        ),
    ]);
    assert_eq!((p.a, p.b), (3, 7));
    assert_eq!(p.reasons, [SameEmail, SamePhone, SameName]);
    assert_eq!(p.score, 100);
    let p = only_pair(&[
        with_phone(client(1, "Bob", "Martin"), "0612345678"),
        with_phone(client(2, "Robert", "Martin"), "0612345678"),
    ]);
    assert_eq!((p.score, p.reasons), (90, vec![SamePhone, Nickname]));
}

#[test]
fn sorted_by_score_then_ids() {
    let clients = [
        client(10, "Jean", "Dupont"),
        client(11, "Jaen", "Dupont"), // close to 10: 50
        client(20, "Bob", "Martin"),
        client(21, "Robert", "Martin"), // nickname of 20: 60
        client(30, "Anne", "Roux"),
        client(31, "anne", "roux"), // same name: 70
        with_email(client(40, "Paul", "Petit"), "p@x.fr"),
        with_email(client(41, "Luc", "Grand"), "P@X.FR"), // same email: 90
        with_phone(client(50, "Léa", "Blanc"), "0700000000"),
        with_phone(client(51, "Zoé", "Noir"), "0700000000"), // same phone: 80
        client(5, "Éric", "Moreau"),
        client(6, "eric", "moreau"), // same name: 70, before 30/31
    ];
    let pairs = find_duplicates(&clients, 100);
    let got: Vec<(i64, i64, u8)> = pairs.iter().map(|p| (p.a, p.b, p.score)).collect();
    assert_eq!(
        got,
        [
            (40, 41, 90),
            (50, 51, 80),
            (5, 6, 70),
            (30, 31, 70),
            (20, 21, 60),
            (10, 11, 50)
        ]
    );
    let top: Vec<(i64, i64)> = find_duplicates(&clients, 3)
        .iter()
        .map(|p| (p.a, p.b))
        .collect();
    assert_eq!(top, [(40, 41), (50, 51), (5, 6)]);
    assert!(find_duplicates(&clients, 0).is_empty());
}

#[test]
fn unrelated_clients_give_no_pair() {
    let clients = [
        with_phone(
            with_email(client(1, "Alice", "Durand"), "alice@example.com"),
            "0611111111",
        ),
        with_phone(
            with_email(client(2, "Bernard", "Lefèvre"), "bernard@example.com"),
            "0622222222",
        ),
        client(3, "Chloé", "Moreau"),
        client(4, "David", "Moreno"),
        client(5, "Robert", "Petit"),
        client(6, "William", "Petit"),
        client(7, "", ""),
        client(8, "-", "?"),
    ];
    assert!(find_duplicates(&clients, 100).is_empty());
    assert!(find_duplicates(&clients[..1], 100).is_empty());
    assert!(find_duplicates(&[], 100).is_empty());
}

#[test]
fn homonyms_are_reported() {
    let p = only_pair(&[
        with_email(client(1, "Marie", "Martin"), "marie.martin@example.com"),
        with_email(client(2, "Marie", "Martin"), "mm1984@example.com"),
    ]);
    assert_eq!(p.reasons, [SameName]);
}

#[test]
fn equal_ids_are_skipped() {
    assert!(
        find_duplicates(&[client(1, "Anne", "Roux"), client(1, "Anne", "Roux")], 10).is_empty()
    );
}

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
