use super::*;
use proptest::prelude::*;

fn ok(s: &str) -> Phone {
    Phone::parse(s).unwrap_or_else(|e| panic!("{s:?} should be valid: {e}"))
}

fn reason(s: &str) -> String {
    let e = Phone::parse(s).expect_err(s);
    assert_eq!(e.field, "phone");
    assert!(
        e.message.starts_with("invalid phone number: "),
        "{}",
        e.message
    );
    e.message
}

#[test]
fn keeps_typed_form_and_digits() {
    let p = ok("  +33 6 12-34 ");
    assert_eq!(p.as_str(), "+33 6 12-34");
    assert_eq!(p.to_string(), "+33 6 12-34");
    assert_eq!(p.digits(), "3361234");
    assert_eq!(ok("(555) 123.4567").digits(), "5551234567");
    assert_eq!(ok("06/12/34/56/78").digits(), "0612345678");
    assert_eq!(ok("06\u{a0}12\u{202f}34").digits(), "061234");
    assert_eq!(ok("112").digits(), "112");
}

#[test]
fn rejects_with_a_reason() {
    assert!(reason("").contains("empty"));
    assert!(reason("   ").contains("empty"));
    assert!(reason("06 12 ab").contains("only digits"));
    assert!(reason("06\t12 34").contains("only digits"));
    assert!(reason("０６１２３４").contains("only digits"));
    assert!(reason("06 + 12").contains("'+' is only allowed at the start"));
    assert!(reason("++33 6").contains("'+'"));
    assert!(reason("12").contains("too few digits"));
    assert!(reason("+-()").contains("too few digits"));
    assert!(reason(&"1".repeat(21)).contains("too many digits"));
    assert!(reason(&format!("{} 1", " ".repeat(39))).contains("too few"));
    assert!(reason(&format!("1{}12", " ".repeat(38))).contains("too long"));
}

#[test]
fn limits_are_inclusive() {
    assert_eq!(ok(&"1".repeat(20)).digits().len(), 20);
    let forty = format!("1{}12", " ".repeat(37));
    assert_eq!(forty.chars().count(), 40);
    ok(&forty);
}

#[test]
fn optional_field() {
    assert_eq!(parse_optional_phone(None), Ok(None));
    assert_eq!(parse_optional_phone(Some(" ")), Ok(None));
    assert_eq!(
        parse_optional_phone(Some("06 12")).map(|p| p.map(|p| p.digits().to_owned())),
        Ok(Some("0612".to_owned()))
    );
    assert_eq!(
        parse_optional_phone(Some("x")).map_err(|e| e.field),
        Err("phone")
    );
}

proptest! {
    #[test]
    fn parse_never_panics(s in any::<String>()) {
        let _ = Phone::parse(&s);
    }

    #[test]
    fn digits_are_the_input_digits(s in "\\+?[0-9 .()/+-]{0,42}") {
        if let Ok(p) = Phone::parse(&s) {
            prop_assert!(p.digits().chars().all(|c| c.is_ascii_digit()));
            let expected: String = s.chars().filter(char::is_ascii_digit).collect();
            prop_assert_eq!(p.digits(), expected.as_str());
            prop_assert_eq!(p.as_str(), s.trim());
        }
    }

    #[test]
    fn well_formed_numbers_accepted(s in "\\+?[0-9]{3}([ .-]?[0-9]{2}){0,8}") {
        let p = Phone::parse(&s).map_err(|e| TestCaseError::fail(format!("{s:?}: {e}")))?;
        prop_assert!(p.digits().len() >= 3);
    }
}
