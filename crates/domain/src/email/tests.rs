use super::*;
use proptest::prelude::*;

fn ok(s: &str) -> Email {
    Email::parse(s).unwrap_or_else(|e| panic!("{s:?} should be valid: {e}"))
}

fn reason(s: &str) -> String {
    let e = Email::parse(s).expect_err(s);
    assert_eq!(e.field, "email");
    assert!(
        e.message.starts_with("invalid email address"),
        "{}",
        e.message
    );
    e.message
}

#[test]
fn accepts_common_addresses() {
    for s in [
        "dupont@example.com",
        "Jean.Dupont+rdv@Example.FR",
        "a@b.co",
        "o'neil@mail.example.co.uk",
        "x_y-z%1!#$&*=?^`{|}~/@sub-domain.example.org",
        "contact@müller.de",
        "elise@xn--bcher-kva.example",
        "info@пример.рф",
        "info@example.xn--p1ai",
        "user@123.example.com",
    ] {
        ok(s);
    }
}

#[test]
fn trims_and_keeps_case_as_typed() {
    let e = ok("  Dupont@Example.com \n");
    assert_eq!(e.as_str(), "Dupont@Example.com");
    assert_eq!(e.to_string(), "Dupont@Example.com");
    assert_eq!(e.normalized(), "dupont@example.com");
}

#[test]
fn trimmed_incomplete_address_still_rejected() {
    assert!(reason("  dupont@ ").contains("nothing after '@'"));
}

#[test]
fn rejects_with_a_reason() {
    assert!(reason("").contains("empty"));
    assert!(reason("   ").contains("empty"));
    assert!(reason("dupont.example.com").contains("missing '@'"));
    assert!(reason("a@b@example.com").contains("more than one '@'"));
    assert!(reason("@example.com").contains("nothing before '@'"));
    assert!(reason("jean dupont@example.com").contains("before '@'"));
    assert!(reason("jean(x)@example.com").contains("before '@'"));
    assert!(reason("\"jean\"@example.com").contains("before '@'"));
    assert!(reason("jéan@example.com").contains("before '@'"));
    assert!(reason("jean@localhost").contains("needs a dot"));
    assert!(reason("jean@example..com").contains("two dots"));
    assert!(reason("jean@.example.com").contains("empty part"));
    assert!(reason("jean@example.com.").contains("empty part"));
    assert!(reason("jean@-example.com").contains("'-'"));
    assert!(reason("jean@example-.com").contains("'-'"));
    assert!(reason("jean@exa_mple.com").contains("not allowed"));
    assert!(reason("jean@exa mple.com").contains("not allowed"));
    assert!(reason("jean@example.c").contains("2 letters"));
    assert!(reason("jean@example.c0m").contains("2 letters"));
    assert!(reason("jean@example.123").contains("2 letters"));
    assert!(reason("jean@ex\u{0}ample.com").contains("not allowed"));
}

#[test]
fn length_limits() {
    let local64 = "a".repeat(64);
    ok(&format!("{local64}@example.com"));
    assert!(reason(&format!("a{local64}@example.com")).contains("max 64"));
    let label63 = "b".repeat(63);
    ok(&format!("x@{label63}.com"));
    assert!(reason(&format!("x@b{label63}.com")).contains("max 63"));
    // 254 characters in total is the ceiling.
    let domain = format!(
        "{}.{}.{}.com",
        "c".repeat(63),
        "d".repeat(63),
        "e".repeat(57)
    );
    let at_max = format!("{local64}@{domain}");
    assert_eq!(at_max.len(), 254);
    ok(&at_max);
    assert!(reason(&format!("a{at_max}")).contains("max 254"));
}

#[test]
fn optional_field() {
    assert_eq!(parse_optional_email(None), Ok(None));
    assert_eq!(parse_optional_email(Some("")), Ok(None));
    assert_eq!(parse_optional_email(Some("  \t")), Ok(None));
    assert_eq!(
        parse_optional_email(Some(" a@b.fr ")).map(|e| e.map(|e| e.as_str().to_owned())),
        Ok(Some("a@b.fr".to_owned()))
    );
    assert_eq!(
        parse_optional_email(Some("nope")).map_err(|e| e.field),
        Err("email")
    );
}

fn valid_address() -> impl Strategy<Value = String> {
    let local = "[a-zA-Z0-9._%+'-]{1,30}";
    let label = "[a-zA-Z0-9üéø]([a-zA-Z0-9ü-]{0,10}[a-zA-Z0-9])?";
    let tld = "[a-zA-Z]{2,6}";
    (
        local,
        prop::collection::vec(label, 1..4),
        tld,
        " {0,2}",
        "[ \t]{0,2}",
    )
        .prop_map(|(local, labels, tld, lead, trail)| {
            format!("{lead}{local}@{}.{tld}{trail}", labels.join("."))
        })
}

proptest! {
    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = Email::parse(&s);
    }

    #[test]
    fn parse_never_panics_on_near_misses(s in "[a-zA-Z0-9@.\\- ü_\"]{0,40}") {
        let _ = Email::parse(&s);
    }

    #[test]
    fn accepts_generated_valid_addresses(s in valid_address()) {
        let e = Email::parse(&s).map_err(|e| TestCaseError::fail(format!("{s:?}: {e}")))?;
        prop_assert_eq!(e.as_str(), s.trim());
        let n = e.normalized();
        prop_assert_eq!(n.to_lowercase(), n.clone());
        prop_assert!(!n.chars().any(char::is_uppercase));
    }
}
