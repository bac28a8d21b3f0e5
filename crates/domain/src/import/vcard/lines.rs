//! The content lines of a vCard file, any version: unfolding, the name and
//! parameters of each property, quoted-printable values, and the backslash
//! escapes of text values.
//!
//! Written here rather than taken from a crate: the maintained parsers
//! either follow RFC 6350 strictly and refuse vCard 2.1 (the format Android
//! phones export), or choke on 2.1's bare parameters (`TEL;CELL;PREF:`) and
//! drop the space before a folded line break. The line format is simple.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// One property of a vCard: `[group.]NAME[;PARAM...]:value`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Property {
    /// Property name, uppercase, without its group.
    pub name: String,
    /// Parameters as (uppercase name, value); a bare 2.1 parameter is a `TYPE` (or `ENCODING`).
    pub params: Vec<(String, String)>,
    /// The value, quoted-printable decoded, backslash escapes left in.
    pub value: String,
}

impl Property {
    /// Values of the parameter `name` (uppercase), each comma-separated item apart.
    pub fn param_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.params
            .iter()
            .filter(move |(k, _)| k == name)
            .flat_map(|(_, v)| v.split(','))
            .map(str::trim)
    }
}

/// Every property of `text`, in order; lines without a `:` are skipped.
pub(super) fn properties(text: &str) -> Vec<Property> {
    let lines: Vec<&str> = text.lines().map(|l| l.trim_end_matches('\r')).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let logical = next_logical(&lines, &mut i);
        if let Some(p) = parse_property(&logical) {
            out.push(p);
        }
    }
    out
}

/// Joins the line at `i` with its continuations: folded lines (starting
/// with a space or tab, which is removed) and quoted-printable soft line
/// breaks (a `=` ending the line, removed, the next line taken as is).
fn next_logical(lines: &[&str], i: &mut usize) -> String {
    let mut s = lines[*i].to_owned();
    *i += 1;
    loop {
        let soft_break = s.ends_with('=') && is_quoted_printable(&s);
        match lines.get(*i) {
            Some(next) if soft_break => {
                s.pop();
                s.push_str(next);
            }
            Some(next) if next.starts_with([' ', '\t']) => s.push_str(&next[1..]),
            _ => return s,
        }
        *i += 1;
    }
}

fn is_quoted_printable(line: &str) -> bool {
    split_head(line).is_some_and(|(head, _)| head.to_ascii_uppercase().contains("QUOTED-PRINTABLE"))
}

/// Splits a content line at its first `:` outside double quotes.
fn split_head(line: &str) -> Option<(&str, &str)> {
    let mut quoted = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ':' if !quoted => return Some((&line[..i], &line[i + 1..])),
            _ => {}
        }
    }
    None
}

fn parse_property(line: &str) -> Option<Property> {
    let (head, raw_value) = split_head(line)?;
    let mut parts = split_outside_quotes(head, ';').into_iter();
    let full_name = parts.next()?.trim();
    let name = full_name.rsplit('.').next().unwrap_or(full_name);
    if name.is_empty() {
        return None;
    }
    let params: Vec<(String, String)> = parts.filter_map(parse_param).collect();
    let mut p = Property {
        name: name.to_ascii_uppercase(),
        params,
        value: String::new(),
    };
    let qp = p
        .param_values("ENCODING")
        .any(|v| v.eq_ignore_ascii_case("QUOTED-PRINTABLE"));
    p.value = if qp {
        let charset = p.param_values("CHARSET").next().map(str::to_owned);
        decode_text(&decode_quoted_printable(raw_value), charset.as_deref())
    } else {
        raw_value.to_owned()
    };
    Some(p)
}

fn parse_param(part: &str) -> Option<(String, String)> {
    let part = part.trim();
    if part.is_empty() {
        return None;
    }
    Some(match part.split_once('=') {
        Some((k, v)) => (k.trim().to_ascii_uppercase(), unquote(v.trim()).to_owned()),
        None if is_encoding_name(part) => ("ENCODING".to_owned(), part.to_owned()),
        None => ("TYPE".to_owned(), part.to_owned()),
    })
}

fn is_encoding_name(s: &str) -> bool {
    ["QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"]
        .iter()
        .any(|e| s.eq_ignore_ascii_case(e))
}

fn unquote(s: &str) -> &str {
    s.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .unwrap_or(s)
}

fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut quoted, mut start) = (false, 0);
    for (i, c) in s.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == sep && !quoted {
            out.push(&s[start..i]);
            start = i + 1;
        }
    }
    out.push(&s[start..]);
    out
}

/// Bytes of a quoted-printable text: `=XX` is a byte, a `=` not followed by two hex digits is dropped.
fn decode_quoted_printable(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
            } else {
                i += 1;
            }
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    out
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
