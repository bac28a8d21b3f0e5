use super::*;
use proptest::prelude::*;

#[test]
fn default_message_by_locale() {
    assert_eq!(
        default_ban_message("fr"),
        "Vous n'êtes pas autorisé à prendre des rendez-vous en ligne"
    );
    assert_eq!(default_ban_message("FR"), default_ban_message("fr"));
    assert_eq!(default_ban_message("fr-CA"), default_ban_message("fr"));
    assert_eq!(default_ban_message("fr_FR"), default_ban_message("fr"));
    let en = "You are not permitted to schedule appointments online.";
    assert_eq!(default_ban_message("en"), en);
    assert_eq!(default_ban_message("de"), en);
    assert_eq!(default_ban_message(""), en);
    assert_eq!(default_ban_message("fra"), en);
    assert_eq!(default_ban_message("french"), en);
}

#[test]
fn custom_message_wins_unless_blank() {
    assert_eq!(
        ban_message(Some("Please call us."), "fr"),
        "Please call us."
    );
    assert_eq!(
        ban_message(Some("  Appelez-nous.\n"), "en"),
        "Appelez-nous."
    );
    assert_eq!(ban_message(Some(" \n "), "fr"), default_ban_message("fr"));
    assert_eq!(ban_message(None, "en"), default_ban_message("en"));
}

#[test]
fn parses_trimmed_message() {
    assert_eq!(parse_ban_message(None), Ok(None));
    assert_eq!(parse_ban_message(Some("")), Ok(None));
    assert_eq!(parse_ban_message(Some(" \n\t ")), Ok(None));
    assert_eq!(
        parse_ban_message(Some("  Unpaid invoice.\nCall us.  ")),
        Ok(Some("Unpaid invoice.\nCall us.".to_owned()))
    );
    assert_eq!(
        parse_ban_message(Some("Ligne 1\r\nLigne 2\r\n")),
        Ok(Some("Ligne 1\nLigne 2".to_owned()))
    );
}

#[test]
fn too_long_refused() {
    let max = "é".repeat(BAN_MESSAGE_MAX_CHARS);
    assert_eq!(parse_ban_message(Some(&format!(" {max} "))), Ok(Some(max)));
    let e = parse_ban_message(Some(&"a".repeat(BAN_MESSAGE_MAX_CHARS + 1))).expect_err("long");
    assert_eq!(e.field, "message");
    assert_eq!(e.message, "message is too long (max 500 characters)");
}

#[test]
fn control_chars_refused_but_newlines() {
    for bad in ["a\tb", "a\u{0}b", "a\rb", "a\u{7f}", "a\u{85}b"] {
        let e = parse_ban_message(Some(bad)).expect_err(bad);
        assert_eq!(e.field, "message");
        assert_eq!(e.message, "message contains invalid characters");
    }
}

proptest! {
    #[test]
    fn parsed_messages_are_stable(s in "\\PC{0,60}(\r?\n\\PC{0,20}){0,3}") {
        if let Ok(Some(m)) = parse_ban_message(Some(&s)) {
            prop_assert_eq!(parse_ban_message(Some(&m)), Ok(Some(m.clone())));
            prop_assert_eq!(m.trim(), m.as_str());
            prop_assert_eq!(ban_message(Some(&m), "fr"), m.clone());
        }
    }
}
