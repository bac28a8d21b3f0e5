use super::*;
use proptest::prelude::*;

fn decode(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    decoding_reader(bytes)
        .read_to_end(&mut out)
        .expect("decodes");
    out
}

fn decode_str(bytes: &[u8]) -> String {
    String::from_utf8(decode(bytes)).expect("UTF-8 out")
}

/// Hands out one byte per read, to exercise every buffer boundary.
struct Trickle<'a>(&'a [u8]);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match (self.0.split_first(), buf.is_empty()) {
            (Some((&b, rest)), false) => {
                buf[0] = b;
                self.0 = rest;
                Ok(1)
            }
            _ => Ok(0),
        }
    }
}

fn read_in_small_pieces(r: impl Read) -> Vec<u8> {
    let mut r = r;
    let mut out = Vec::new();
    let mut buf = [0u8; 3];
    loop {
        let n = r.read(&mut buf).expect("reads");
        if n == 0 {
            return out;
        }
        out.extend_from_slice(&buf[..n]);
    }
}

#[test]
fn utf8_without_bom_is_unchanged() {
    assert_eq!(
        decode_str("Prénom,Nom\nHélène,Dupont\n".as_bytes()),
        "Prénom,Nom\nHélène,Dupont\n"
    );
    assert_eq!(decode_str(b"plain ascii"), "plain ascii");
}

#[test]
fn utf8_bom_is_stripped() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("Prénom;Nom\n".as_bytes());
    assert_eq!(decode_str(&bytes), "Prénom;Nom\n");
    assert_eq!(decode_str(&[0xEF, 0xBB, 0xBF]), "");
}

#[test]
fn utf16_with_bom_is_transcoded() {
    let text = "Prénom\tNom\nHélène\tDupont\n";
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
        be.extend_from_slice(&unit.to_be_bytes());
    }
    assert_eq!(decode_str(&le), text);
    assert_eq!(decode_str(&be), text);
    assert_eq!(
        String::from_utf8(read_in_small_pieces(decoding_reader(Trickle(&le)))).unwrap(),
        text
    );
}

#[test]
fn latin1_is_read_as_windows_1252() {
    assert_eq!(decode_str(&[0x48, 0xE9, 0x6C, 0xE8, 0x6E, 0x65]), "Hélène");
    // Windows-1252 only: euro sign and curly apostrophe.
    assert_eq!(decode_str(&[0x80, b' ', b'O', 0x92, b'B']), "€ O’B");
    let excel = b"Pr\xe9nom;Nom;T\xe9l\xe9phone\nFran\xe7ois;L\xe9v\xeaque;06\n";
    assert_eq!(
        decode_str(excel),
        "Prénom;Nom;Téléphone\nFrançois;Lévêque;06\n"
    );
}

#[test]
fn decision_waits_for_the_first_non_ascii_byte() {
    // 100 KiB of ASCII, then a Latin-1 "é": the first block alone looks like UTF-8.
    let mut bytes = b"a,b\n".repeat(25 * 1024);
    bytes.extend_from_slice(b"H\xe9l\xe8ne,Dupont\n");
    let out = decode_str(&bytes);
    assert!(out.ends_with("Hélène,Dupont\n"));
    assert_eq!(out.len(), bytes.len() + 2);
}

#[test]
fn utf8_char_cut_at_a_block_boundary_stays_utf8() {
    for pad in [SNIFF_BYTES - 1, SNIFF_BYTES - 2, SNIFF_BYTES] {
        let text = format!("{}{}", "a".repeat(pad), "é€😀".repeat(30_000));
        assert_eq!(decode(text.as_bytes()), text.as_bytes(), "pad {pad}");
    }
    // The window after the first non-ASCII byte ends inside a character.
    let text = format!("é{}", "€".repeat(SNIFF_BYTES));
    assert_eq!(decode(text.as_bytes()), text.as_bytes());
}

#[test]
fn invalid_utf8_within_the_window_means_windows_1252() {
    let bytes = b"\xc3\xa9 then \xe9";
    assert_eq!(decode_str(bytes), "Ã© then é");
}

#[test]
fn invalid_utf8_past_the_window_is_passed_through() {
    let mut bytes = "é".repeat(SNIFF_BYTES).into_bytes();
    bytes.extend_from_slice(b"\nH\xe9l\xe8ne\n");
    assert_eq!(decode(&bytes), bytes);
}

#[test]
fn a_cut_utf8_char_at_end_of_file_is_not_utf8() {
    assert_eq!(decode_str(b"abc\xe9"), "abcé");
}

#[test]
fn empty_input_gives_nothing() {
    assert_eq!(decode(b""), b"");
}

#[test]
fn reads_in_small_pieces_give_the_same_text() {
    let text = format!("{}Hélène\n", "x,y\n".repeat(20_000));
    let out = read_in_small_pieces(decoding_reader(Trickle(text.as_bytes())));
    assert_eq!(out, text.as_bytes());
    let latin1 = b"Pr\xe9nom\nH\xe9l\xe8ne\n";
    let out = read_in_small_pieces(decoding_reader(Trickle(latin1)));
    assert_eq!(String::from_utf8(out).unwrap(), "Prénom\nHélène\n");
}

#[test]
fn io_errors_are_passed_on() {
    struct Broken;
    impl Read for Broken {
        fn read(&mut self, _: &mut [u8]) -> io::Result<usize> {
            Err(io::Error::other("connection reset"))
        }
    }
    let mut r = decoding_reader(Broken);
    let mut buf = [0u8; 16];
    assert_eq!(
        r.read(&mut buf).unwrap_err().to_string(),
        "connection reset"
    );
    assert!(r.read(&mut buf).is_err());
}

#[test]
fn binary_content_is_recognised() {
    assert!(looks_binary(b"First Name,Last Name\0"));
    assert!(looks_binary(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"));
    assert!(looks_binary(b"PK\x03\x04\x14\0\x06\0"));
    assert!(looks_binary(&[
        0x01, 0x02, 0x03, b'a', 0x04, 0x05, 0x06, 0x07, 0x08, 0x0E
    ]));
    assert!(looks_binary(&b"abcdefghi\x1b".repeat(100)));
}

#[test]
fn text_is_not_binary() {
    assert!(!looks_binary(b""));
    assert!(!looks_binary(b"First Name,Last Name\r\nJean,Dupont\r\n"));
    assert!(!looks_binary(b"a\tb\tc\n\x0c"));
    assert!(!looks_binary(b"Pr\xe9nom;Nom\nH\xe9l\xe8ne;Dupont\n"));
    assert!(!looks_binary("Prénom;Nom\n".as_bytes()));
    // One stray control char in a normal file is not enough.
    let mut text = b"Jean,Dupont,notes\n".repeat(10);
    text.push(0x1b);
    assert!(!looks_binary(&text));
}

#[test]
fn utf16_is_looked_at_decoded() {
    let mut le = vec![0xFF, 0xFE];
    for unit in "Prénom\tNom\n".encode_utf16() {
        le.extend_from_slice(&unit.to_le_bytes());
    }
    assert!(!looks_binary(&le));
    le.extend_from_slice(&[0, 0]);
    assert!(looks_binary(&le));
}

proptest! {
    #[test]
    fn valid_utf8_is_returned_unchanged(s in any::<String>()) {
        prop_assume!(!s.starts_with('\u{feff}'));
        prop_assert_eq!(decode(s.as_bytes()), s.as_bytes());
        let pieces = read_in_small_pieces(decoding_reader(Trickle(s.as_bytes())));
        prop_assert_eq!(pieces, s.as_bytes());
    }

    #[test]
    fn windows_1252_text_is_decoded(s in "([a-z ,;]{0,5}[À-ÿ][a-z]){1,10}") {
        let (bytes, _, unmappable) = WINDOWS_1252.encode(&s);
        prop_assume!(!unmappable);
        prop_assert_eq!(decode_str(&bytes), s);
    }

    #[test]
    fn any_bytes_are_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = looks_binary(&bytes);
        let out = decode(&bytes);
        if Encoding::for_bom(&bytes).is_none() {
            prop_assert_eq!(out.is_empty(), bytes.is_empty());
        }
    }
}
