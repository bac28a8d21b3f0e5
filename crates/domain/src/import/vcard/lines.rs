//! The content lines of a vCard file, any version, read with maintained
//! crates: `vcard-rs` (lib `vcard`) tokenises each line (unfolding with a
//! space or a tab, quoted-printable soft line breaks, blank lines, the group,
//! the parameters and their quoted value lists, 2.1 bare parameters),
//! `quoted_printable` decodes `=XX` octets and `encoding_rs` the charset.
//!
//! What stays here, and why:
//! - The loop over lines: `VcardCst::parse_many` stops at the first card
//!   with a line lacking `:` or an `END`, dropping every contact after it,
//!   where a preview must show them; a refused line is skipped instead.
//! - A 2.1 bare parameter comes out of the crate as a parameter without
//!   value (`CELL`, `PREF`): it is a `TYPE`, or the `QUOTED-PRINTABLE` encoding.
//! - Quoted-printable and charset decoding of the raw value: the crate's own
//!   helpers run after unescaping the whole value (an escaped `\;` in `N`
//!   would then split it), and read a value without `CHARSET` as UTF-8 only,
//!   where old 2.1 exports write Latin-1 (hence the Windows-1252 fallback).
//! - The text escapes ([`unescape`], [`split_unescaped`]): the crate applies
//!   each version's rules strictly (2.1 resolves only `\;`; 3.0 and 4.0 turn
//!   `\x` into `x`, eating the backslash of `C:\dir`), while real exports mix
//!   them; one lenient set serves every version.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use quoted_printable::ParseMode;
use vcard::param::VcardParam;
use vcard::tree::error::VcardParseError;
use vcard::tree::line::VcardLine;

/// One property of a vCard: `[group.]NAME[;PARAM...]:value`, as the mapping needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Property {
    /// Property name, uppercase, without its group.
    pub name: String,
    /// The `TYPE` values, one per comma-separated item, 2.1 bare parameters
    /// included (`TEL;CELL;PREF:` has the types `CELL` and `PREF`).
    pub types: Vec<String>,
    /// The lowest `PREF=n` (4.0).
    pub pref: Option<u32>,
    /// The value, quoted-printable and charset decoded, backslash escapes left in.
    pub value: String,
}

/// Every property of `text`, in order; lines without a `:` are skipped.
pub(super) fn properties(text: &str) -> Vec<Property> {
    let text = single_cr_line_ends(text);
    let mut rest = text.as_bytes();
    let mut out = Vec::new();
    while !rest.is_empty() {
        match VcardLine::take(rest) {
            Ok((line, tail)) => {
                out.extend(Property::from_line(&line));
                rest = tail;
            }
            // Only blank lines are left.
            Err(VcardParseError::MissingCrlf(_)) => break,
            Err(_) => rest = skip_refused_line(rest),
        }
    }
    out
}

/// `text` with at most one carriage return at the end of each line.
///
/// A CRLF file converted once more (`\r\r\n`) is seen in the wild; the crate
/// takes a single `\r` as part of the line end, and the others would stay in
/// the value, hiding a quoted-printable soft break (`=\r`).
fn single_cr_line_ends(text: &str) -> Cow<'_, str> {
    if !text.contains("\r\r") && !text.ends_with('\r') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (content, eol) = match line.strip_suffix('\n') {
            Some(content) => (content.trim_end_matches('\r'), "\r\n"),
            None => (line.trim_end_matches('\r'), ""),
        };
        out.push_str(content);
        out.push_str(eol);
    }
    Cow::Owned(out)
}

/// The input after the line that `VcardLine::take` refused: the blank lines
/// before it (which the crate skips too), the line, and its folded continuations.
fn skip_refused_line(rest: &[u8]) -> &[u8] {
    let mut lines = rest.split_inclusive(|&b| b == b'\n');
    let mut skipped = 0;
    for line in lines.by_ref() {
        skipped += line.len();
        if line != b"\n" && line != b"\r\n" {
            break;
        }
    }
    for line in lines {
        if !line.starts_with(b" ") && !line.starts_with(b"\t") {
            break;
        }
        skipped += line.len();
    }
    &rest[skipped..]
}

impl Property {
    fn from_line(line: &VcardLine<'_>) -> Option<Self> {
        let name = line.bare_name().trim();
        if name.is_empty() {
            return None;
        }
        let mut types = Vec::new();
        let mut pref = None::<u32>;
        let mut quoted_printable = false;
        let mut charset = None;
        for param in &line.params {
            if param.values.is_empty() {
                let bare = param.name.get().trim();
                if bare.eq_ignore_ascii_case("QUOTED-PRINTABLE") {
                    quoted_printable = true;
                } else if !bare.is_empty() {
                    types.push(bare.to_owned());
                }
                continue;
            }
            match param.decode() {
                VcardParam::Type(values) => types.extend(
                    values
                        .iter()
                        .flat_map(|v| v.split(','))
                        .map(|v| v.trim().to_owned()),
                ),
                VcardParam::Pref(n) => {
                    let lowest = n.split(',').filter_map(|v| v.trim().parse::<u32>().ok());
                    pref = pref.into_iter().chain(lowest).min();
                }
                VcardParam::Encoding(e) => {
                    quoted_printable |= e.trim().eq_ignore_ascii_case("QUOTED-PRINTABLE");
                }
                VcardParam::Charset(c) => {
                    charset.get_or_insert_with(|| c.trim().to_owned());
                }
                _ => {}
            }
        }
        // The value as written (still escaped): the input is UTF-8, and the
        // crate only removed folds and soft line breaks, so nothing is lost.
        let raw = line.value.to_string();
        let value = if quoted_printable {
            let octets =
                quoted_printable::decode(keep_raw_bytes(&raw).as_bytes(), ParseMode::Robust)
                    .unwrap_or_else(|_| raw.clone().into_bytes());
            decode_text(&octets, charset.as_deref())
        } else {
            raw
        };
        Some(Self {
            name: name.to_ascii_uppercase(),
            types,
            pref,
            value,
        })
    }
}

/// `value` with every byte but printable ASCII, space and tab written as `=XX`.
///
/// `quoted_printable`'s robust mode drops such bytes, yet exports do leave raw
/// UTF-8 letters in a quoted-printable value: encoded first, they survive.
fn keep_raw_bytes(value: &str) -> Cow<'_, str> {
    let kept = |b: u8| b == b'\t' || (b' '..=b'~').contains(&b);
    if value.bytes().all(kept) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if kept(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("={b:02X}"));
        }
    }
    Cow::Owned(out)
}

/// Text of decoded bytes in `charset`; without one, UTF-8 if valid, else Windows-1252.
fn decode_text(bytes: &[u8], charset: Option<&str>) -> String {
    let encoding = match charset.and_then(|c| Encoding::for_label(c.as_bytes())) {
        Some(e) => e,
        None if std::str::from_utf8(bytes).is_ok() => UTF_8,
        None => WINDOWS_1252,
    };
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// Splits a text value at each `sep` that is not escaped by a backslash (escapes kept).
pub(super) fn split_unescaped(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut escaped, mut start) = (false, 0);
    for (i, c) in s.char_indices() {
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == sep {
            out.push(&s[start..i]);
            start = i + c.len_utf8();
        }
    }
    out.push(&s[start..]);
    out
}

/// Resolves the escapes of a text value: `\n` (or `\N`), `\,`, `\;`, `\:` and `\\`; others are kept.
pub(super) fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(e @ (',' | ';' | ':' | '\\')) => out.push(e),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}
