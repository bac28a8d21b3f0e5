use super::*;
use proptest::prelude::*;

/// An Android-style export: vCard 2.1, quoted-printable, bare parameters, CRLF.
const V21: &str = "BEGIN:VCARD\r\n\
VERSION:2.1\r\n\
N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Dupont;H=C3=A9l=C3=A8ne;;;\r\n\
FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:H=C3=A9l=C3=A8ne Dupont\r\n\
TEL;CELL:06 11 11 11 11\r\n\
TEL;HOME;PREF:01 22 22 22 22\r\n\
EMAIL;HOME:helene@example.fr\r\n\
NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Pr=C3=A9f=C3=A8re le matin,=0D=0Aallergique =\r\n\
au latex\r\n\
END:VCARD\r\n\
BEGIN:VCARD\r\n\
VERSION:2.1\r\n\
N;CHARSET=ISO-8859-1;QUOTED-PRINTABLE:L=E9v=EAque;Fran=E7ois;;;\r\n\
TEL;WORK;VOICE:+33 1 23 45 67 89\r\n\
END:VCARD\r\n\
BEGIN:VCARD\r\n\
VERSION:2.1\r\n\
N:;Maman;;;\r\n\
FN:Maman\r\n\
TEL;CELL:0633333333\r\n\
END:VCARD\r\n";

/// An iPhone-style export: vCard 3.0, groups, TYPE lists, escapes, folded lines.
const V30: &str = "BEGIN:VCARD\r\n\
VERSION:3.0\r\n\
PRODID:-//Apple Inc.//iPhone OS 17.0//EN\r\n\
N:Martin;Anne;Marie;Dr.;\r\n\
FN:Dr. Anne Marie Martin\r\n\
item1.EMAIL;type=INTERNET;type=HOME:anne.home@example.com\r\n\
item2.EMAIL;type=INTERNET;type=WORK;type=pref:anne@work.example\r\n\
TEL;type=CELL;type=VOICE;type=pref:+33 6 44 44 44 44\r\n\
TEL;type=HOME;type=VOICE:01 55 55 55 55\r\n\
NOTE:Line one\\nLine two\\, with a comma\\; a semicolon and a backslash \\\\ here. A li\r\n ne folded in a word\\, and here \r\n after a space.\r\n\
END:VCARD\r\n\
BEGIN:VCARD\r\n\
VERSION:3.0\r\n\
N:O'Brien;Seán;;;\r\n\
FN:Seán O'Brien\r\n\
EMAIL;TYPE=INTERNET:not-an-email\r\n\
END:VCARD\r\n";

/// vCard 4.0: no N, PREF=n, quoted parameter lists, tel: URIs.
const V40: &str = "BEGIN:VCARD\n\
VERSION:4.0\n\
FN:Jean-Pierre de La Fontaine\n\
TEL;VALUE=uri;PREF=2;TYPE=\"voice,home\":tel:+33-1-11-11-11-11\n\
TEL;VALUE=uri;PREF=1;TYPE=\"voice,cell\":tel:+33-6-22-22-22-22;ext=12\n\
EMAIL:jp.other@example.org\n\
EMAIL;PREF=1:jp@example.org\n\
END:VCARD\n\
BEGIN:VCARD\n\
VERSION:4.0\n\
N:Curie;Marie;;;\n\
FN:Marie Curie\n\
TEL;TYPE=cell:call me maybe\n\
NOTE:Prix Nobel\n\
END:VCARD\n";

fn parse(text: &str) -> Vec<VcardContact> {
    parse_vcards(text).expect("a vCard file")
}

fn name(c: &VcardContact) -> (String, String) {
    let n = c.name.as_ref().expect("a name");
    (n.first().to_owned(), n.last().to_owned())
}

fn phone(c: &VcardContact) -> Option<&str> {
    c.phone.as_ref().map(Phone::as_str)
}

fn email(c: &VcardContact) -> Option<&str> {
    c.email.as_ref().map(Email::as_str)
}

#[test]
fn version_2_1_with_quoted_printable() {
    let cs = parse(V21);
    assert_eq!(cs.len(), 3);
    assert_eq!(cs.iter().map(|c| c.index).collect::<Vec<_>>(), [0, 1, 2]);

    assert_eq!(name(&cs[0]), ("Hélène".into(), "Dupont".into()));
    assert_eq!(phone(&cs[0]), Some("01 22 22 22 22"));
    assert_eq!(email(&cs[0]), Some("helene@example.fr"));
    assert_eq!(
        cs[0].notes.as_deref(),
        Some("Other phones: 06 11 11 11 11\n\nPréfère le matin,\r\nallergique au latex")
    );
    assert_eq!(cs[0].problem, None);

    assert_eq!(name(&cs[1]), ("François".into(), "Lévêque".into()));
    assert_eq!(phone(&cs[1]), Some("+33 1 23 45 67 89"));
    assert_eq!((cs[1].notes.as_deref(), email(&cs[1])), (None, None));

    assert_eq!(cs[2].name, None);
    assert_eq!(cs[2].problem.as_deref(), Some("no name"));
    assert_eq!(phone(&cs[2]), Some("0633333333"));
}

#[test]
fn version_3_0_with_groups_escapes_and_folding() {
    let cs = parse(V30);
    assert_eq!(cs.len(), 2);
    assert_eq!(name(&cs[0]), ("Anne Marie".into(), "Martin".into()));
    assert_eq!(email(&cs[0]), Some("anne@work.example"));
    assert_eq!(phone(&cs[0]), Some("+33 6 44 44 44 44"));
    assert_eq!(
        cs[0].notes.as_deref(),
        Some(
            "Other phones: 01 55 55 55 55; other emails: anne.home@example.com\n\n\
             Line one\nLine two, with a comma; a semicolon and a backslash \\ here. \
             A line folded in a word, and here after a space."
        )
    );
    assert_eq!(cs[0].problem, None);

    assert_eq!(name(&cs[1]), ("Seán".into(), "O'Brien".into()));
    assert_eq!(email(&cs[1]), None);
    assert_eq!(
        cs[1].problem.as_deref(),
        Some("invalid email address: missing '@'")
    );
}

#[test]
fn version_4_0_with_pref_numbers_and_uris() {
    let cs = parse(V40);
    assert_eq!(cs.len(), 2);
    assert_eq!(
        name(&cs[0]),
        ("Jean-Pierre de La".into(), "Fontaine".into())
    );
    assert_eq!(phone(&cs[0]), Some("+33-6-22-22-22-22"));
    assert_eq!(email(&cs[0]), Some("jp@example.org"));
    assert_eq!(
        cs[0].notes.as_deref(),
        Some("Other phones: +33-1-11-11-11-11; other emails: jp.other@example.org")
    );
    assert_eq!(name(&cs[1]), ("Marie".into(), "Curie".into()));
    assert_eq!(phone(&cs[1]), None);
    assert_eq!(
        cs[1].notes.as_deref(),
        Some("Other phones: call me maybe\n\nPrix Nobel")
    );
    assert_eq!(cs[1].problem, None);
}

#[test]
fn several_files_glued_together() {
    let all = format!("{V21}{V30}{V40}");
    let cs = parse(&all);
    assert_eq!(cs.len(), 7);
    assert_eq!(cs[6].index, 6);
    assert_eq!(name(&cs[6]).1, "Curie");
}

#[test]
fn first_entry_without_any_preference() {
    let cs = parse("BEGIN:VCARD\nN:A;B\nTEL:111\nTEL:222\nEMAIL:a@x.fr\nEMAIL:b@x.fr\nEND:VCARD\n");
    assert_eq!(phone(&cs[0]), Some("111"));
    assert_eq!(email(&cs[0]), Some("a@x.fr"));
    assert_eq!(
        cs[0].notes.as_deref(),
        Some("Other phones: 222; other emails: b@x.fr")
    );
    let cs = parse("BEGIN:VCARD\nN:A;B\nEMAIL:a@x.fr\nEMAIL;TYPE=work,pref:b@x.fr\nEND:VCARD\n");
    assert_eq!(email(&cs[0]), Some("b@x.fr"));
    assert_eq!(cs[0].notes.as_deref(), Some("Other emails: a@x.fr"));
}

#[test]
fn an_invalid_phone_gives_way_to_a_valid_one() {
    let cs = parse("BEGIN:VCARD\nN:A;B\nTEL;PREF:1-800-FLOWERS\nTEL:0611111111\nEND:VCARD\n");
    assert_eq!(phone(&cs[0]), Some("0611111111"));
    assert_eq!(cs[0].notes.as_deref(), Some("Other phones: 1-800-FLOWERS"));
    assert_eq!(cs[0].problem, None);
}

#[test]
fn lf_line_ends_and_tab_folding() {
    let cs = parse("begin:vcard\nversion:3.0\nn:Du\n\tpont;Jean;;;\nfn:Jean Dupont\nend:vcard");
    assert_eq!(name(&cs[0]), ("Jean".into(), "Dupont".into()));
    assert_eq!(cs[0].problem, None);
}

#[test]
fn quoted_printable_soft_breaks_keep_leading_spaces() {
    let text = "BEGIN:VCARD\r\nN:A;B\r\nNOTE;ENCODING=QUOTED-PRINTABLE:hello=\r\n world=\r\n=3D done=\r\n\r\nEND:VCARD\r\n";
    assert_eq!(parse(text)[0].notes.as_deref(), Some("hello world= done"));
}

#[test]
fn latin1_quoted_printable_without_charset() {
    let cs = parse("BEGIN:VCARD\nN;ENCODING=QUOTED-PRINTABLE:L=E9v=EAque;Fran=E7ois\nEND:VCARD\n");
    assert_eq!(name(&cs[0]), ("François".into(), "Lévêque".into()));
}

#[test]
fn name_from_fn_when_n_is_partial() {
    let cs = parse("BEGIN:VCARD\nN:;Jean;;;\nFN:Jean  Dupont \nEND:VCARD\n");
    assert_eq!(name(&cs[0]), ("Jean".into(), "Dupont".into()));
    for card in [
        "BEGIN:VCARD\nFN:Plumber\nEND:VCARD\n",
        "BEGIN:VCARD\nEND:VCARD\n",
        "BEGIN:VCARD\nN:;;;;\nFN:\nEND:VCARD\n",
    ] {
        assert_eq!(parse(card)[0].problem.as_deref(), Some("no name"), "{card}");
    }
}

#[test]
fn invalid_names_and_long_notes_are_problems() {
    let long = "a".repeat(101);
    let cs = parse(&format!("BEGIN:VCARD\nN:{long};Jean\nEND:VCARD\n"));
    assert_eq!(
        cs[0].problem.as_deref(),
        Some("last name is too long (max 100 characters)")
    );
    let note = "n".repeat(10_001);
    let cs = parse(&format!("BEGIN:VCARD\nN:A;B\nNOTE:{note}\nEND:VCARD\n"));
    assert_eq!(
        cs[0].problem.as_deref(),
        Some("notes are too long (max 10000 characters)")
    );
    assert_eq!(cs[0].notes.as_deref(), Some(note.as_str()));
}

#[test]
fn a_contact_cut_by_the_end_of_the_file_is_flagged() {
    let cs = parse("BEGIN:VCARD\nN:Dupont;Jean\nEND:VCARD\nBEGIN:VCARD\nN:Curie;Marie\n");
    assert_eq!(cs.len(), 2);
    assert_eq!(cs[0].problem, None);
    assert_eq!(
        cs[1].problem.as_deref(),
        Some("incomplete contact: the file ends before END:VCARD")
    );
    assert_eq!(name(&cs[1]), ("Marie".into(), "Curie".into()));
}

#[test]
fn nested_agent_cards_are_ignored() {
    let text = "BEGIN:VCARD\nVERSION:2.1\nN:Boss;Big\nAGENT:\nBEGIN:VCARD\nN:Assistant;Ann\nTEL:0600000000\nEND:VCARD\nTEL:0611111111\nEND:VCARD\n";
    let cs = parse(text);
    assert_eq!(cs.len(), 1);
    assert_eq!(name(&cs[0]), ("Big".into(), "Boss".into()));
    assert_eq!(phone(&cs[0]), Some("0611111111"));
    assert_eq!(cs[0].notes, None);
}

#[test]
fn not_a_vcard_file() {
    for text in [
        "",
        "First Name,Last Name\nJean,Dupont\n",
        "N:Dupont;Jean\nEND:VCARD\n",
    ] {
        let e = parse_vcards(text).expect_err("refused");
        assert_eq!((e.field, e.message.as_str()), ("file", "not a vCard file"));
    }
}

#[test]
fn escapes_and_splitting() {
    assert_eq!(
        lines::unescape(r"a\nb\Nc\,d\;e\\f\:g\x\"),
        "a\nb\nc,d;e\\f:g\\x\\"
    );
    assert_eq!(
        lines::split_unescaped(r"a\;b;c\\;d", ';'),
        [r"a\;b", r"c\\", "d"]
    );
    let cs = parse("BEGIN:VCARD\nN:Stevenson;John;Philip,Paul;Dr.;Jr.,M.D.\nEND:VCARD\n");
    assert_eq!(
        name(&cs[0]),
        ("John Philip Paul".into(), "Stevenson".into())
    );
    let cs = parse("BEGIN:VCARD\nN:Dupont\\; Fils;Jean\nEND:VCARD\n");
    assert_eq!(name(&cs[0]), ("Jean".into(), "Dupont; Fils".into()));
}

#[test]
fn doubly_converted_line_ends() {
    let cs = parse(&V21.replace("\r\n", "\r\r\n"));
    assert_eq!(cs, parse(V21));
}

#[test]
fn raw_letters_in_a_quoted_printable_value_are_kept() {
    let cs = parse(
        "BEGIN:VCARD\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Lef=C3=A8vre;Zoé\nEND:VCARD\n",
    );
    assert_eq!(name(&cs[0]), ("Zoé".into(), "Lefèvre".into()));
}

#[test]
fn a_line_without_colon_is_skipped_with_its_continuation() {
    let text = "BEGIN:VCARD\nN:A;B\nnot a property\n TEL:0600000000\nTEL:0611111111\nEND:VCARD\n\
                BEGIN:VCARD\nN:Curie;Marie\nEND:VCARD\n";
    let cs = parse(text);
    assert_eq!(cs.len(), 2);
    assert_eq!(phone(&cs[0]), Some("0611111111"));
    assert_eq!(
        (cs[0].notes.as_deref(), cs[0].problem.as_deref()),
        (None, None)
    );
    assert_eq!(name(&cs[1]), ("Marie".into(), "Curie".into()));
}

proptest! {
    #[test]
    fn parse_vcards_never_panics(s in any::<String>()) {
        let _ = parse_vcards(&s);
        let _ = parse_vcards(&format!("BEGIN:VCARD\r\n{s}\r\nEND:VCARD"));
    }

    #[test]
    fn vcard_lines_never_panic(lines in proptest::collection::vec("([A-Z;=:,\"\\\\é.-][A-Z;=:,\"\\\\ é.-]{0,20})?", 0..10)) {
        let text = format!("BEGIN:VCARD\n{}\nEND:VCARD\n", lines.join("\n"));
        let cs = parse_vcards(&text).expect("has BEGIN:VCARD");
        prop_assert!(!cs.is_empty());
    }
}
