use super::*;
use DuplicateReason::*;

pub(super) fn client(id: i64, first: &str, last: &str) -> DuplicateCandidate {
    DuplicateCandidate {
        id,
        first_name: first.to_owned(),
        last_name: last.to_owned(),
        ..DuplicateCandidate::default()
    }
}

pub(super) fn with_email(mut c: DuplicateCandidate, email: &str) -> DuplicateCandidate {
    c.email = Some(email.to_owned());
    c
}

pub(super) fn with_phone(mut c: DuplicateCandidate, phone: &str) -> DuplicateCandidate {
    c.phone_digits = Some(phone.to_owned());
    c
}

/// The only pair found among `clients`, which must be exactly one.
pub(super) fn only_pair(clients: &[DuplicateCandidate]) -> DuplicatePair {
    let pairs = find_duplicates(clients, 100);
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    pairs.into_iter().next().expect("one pair")
}

pub(super) fn reasons_of(a: DuplicateCandidate, b: DuplicateCandidate) -> Vec<DuplicateReason> {
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
