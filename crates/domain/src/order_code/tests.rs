use super::*;
use proptest::prelude::*;
use rand::rngs::StdRng;
use rand::SeedableRng;

fn err(s: &str) -> String {
    let e = parse_code(s).expect_err(s);
    assert_eq!(e.field, "code");
    e.message
}

#[test]
fn alphabet_has_no_ambiguous_characters() {
    for c in ['0', 'O', '1', 'I', 'L', 'U'] {
        assert!(!CODE_ALPHABET.contains(c), "{c}");
    }
    assert_eq!(CODE_ALPHABET.len(), 30);
    let mut chars: Vec<char> = CODE_ALPHABET.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    assert_eq!(chars.len(), 30);
}

#[test]
fn generated_codes_look_like_xxxx_xxxx() {
    let mut rng = StdRng::seed_from_u64(7);
    let code = generate_code(&mut rng);
    assert_eq!(code.len(), 9);
    assert_eq!(&code[4..5], "-");
    assert_ne!(code, generate_code(&mut rng));
}

#[test]
fn staff_codes_are_trimmed_and_uppercased() {
    assert_eq!(parse_code("  abcd-2345 ").as_deref(), Ok("ABCD-2345"));
    assert_eq!(parse_code("GIFT2024").as_deref(), Ok("GIFT2024"));
    // Staff codes from other systems may use any letter or digit.
    assert_eq!(parse_code("o0-Il1").as_deref(), Ok("O0-IL1"));
    assert_eq!(parse_code("abcd").as_deref(), Ok("ABCD"));
    let max = "A".repeat(CODE_MAX_CHARS);
    assert_eq!(parse_code(&max), Ok(max));
}

#[test]
fn bad_codes_refused() {
    assert_eq!(err(""), "code is required");
    assert_eq!(err("   "), "code is required");
    assert_eq!(err("abc"), "code must be 4 to 32 characters long");
    assert_eq!(
        err(&"A".repeat(CODE_MAX_CHARS + 1)),
        "code must be 4 to 32 characters long"
    );
    let bad_chars = "code may only contain letters A-Z, digits and '-'";
    assert_eq!(err("ABCD EFGH"), bad_chars);
    assert_eq!(err("ABCD_EFGH"), bad_chars);
    assert_eq!(err("CAFÉ-1234"), bad_chars);
    assert_eq!(err("straße"), bad_chars);
    assert_eq!(err("AB\tCD"), bad_chars);
    assert_eq!(err("----"), "code must contain a letter or a digit");
}

proptest! {
    #[test]
    fn generated_codes_parse_to_themselves(seed in any::<u64>()) {
        let code = generate_code(&mut StdRng::seed_from_u64(seed));
        prop_assert_eq!(parse_code(&code), Ok(code.clone()));
        prop_assert_eq!(parse_code(&code.to_lowercase()), Ok(code.clone()));
        let (left, right) = code.split_once('-').expect("a dash");
        prop_assert_eq!((left.len(), right.len()), (4, 4));
        prop_assert!(left.chars().chain(right.chars()).all(|c| CODE_ALPHABET.contains(c)));
    }

    #[test]
    fn parsed_codes_are_canonical(s in "\\PC{0,40}") {
        if let Ok(code) = parse_code(&s) {
            prop_assert_eq!(parse_code(&code), Ok(code.clone()));
            prop_assert!((CODE_MIN_CHARS..=CODE_MAX_CHARS).contains(&code.len()));
            prop_assert!(code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-'));
        }
    }
}
