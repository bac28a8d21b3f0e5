//! Contacts from a phone's address book (vCard 2.1, 3.0 or 4.0 files): a
//! preview list from which the user ticks the contacts to import.

use crate::email::Email;
use crate::error::DomainError;
use crate::name::PersonName;
use crate::notes::Notes;
use crate::phone::Phone;

mod lines;

use lines::{properties, split_unescaped, unescape, Property};

/// One contact of a vCard file, as previewed before import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VcardContact {
    /// Position of the contact in the file, 0-based: what a selection refers to.
    pub index: usize,
    /// First and last name, when usable.
    pub name: Option<PersonName>,
    /// The preferred (else the first) email address.
    pub email: Option<Email>,
    /// The preferred (else the first) valid phone number.
    pub phone: Option<Phone>,
    /// Other phones and emails ("Other phones: …; other emails: …"), then the contact's notes.
    pub notes: Option<String>,
    /// Why the contact cannot be imported as is ("no name", an invalid email...); `None` when it can.
    pub problem: Option<String>,
}

/// The contacts of a vCard file, in order; a text without `BEGIN:VCARD` is refused (field `"file"`).
///
/// - Names come from `N` (family; given; additional...; the given and
///   additional names make the first name), or else from `FN` split at its
///   last space; a contact with neither gets the problem "no name".
/// - Of several `TEL` or `EMAIL`, the preferred one is kept (`TYPE=pref`,
///   a bare `PREF` in 2.1, the lowest `PREF=n` in 4.0), else the first; the
///   others go to `notes` as text. A phone that is not a valid number is
///   never a problem: it goes to `notes` and the next valid one is taken. An
///   invalid kept email is a problem.
/// - `NOTE`s are appended to `notes` after a blank line.
/// - A contact cut short by the end of the file gets a problem, as its
///   last properties may be missing; contacts nested in another (2.1
///   `AGENT`) are ignored.
pub fn parse_vcards(text: &str) -> Result<Vec<VcardContact>, DomainError> {
    let props = properties(text);
    if !props.iter().any(|p| is_vcard_bound(p, "BEGIN")) {
        return Err(DomainError::new("file", "not a vCard file"));
    }
    let mut contacts = Vec::new();
    let mut current: Option<Card> = None;
    let mut nested = 0usize;
    for p in props {
        if is_vcard_bound(&p, "BEGIN") {
            match current {
                Some(_) => nested += 1,
                None => current = Some(Card::default()),
            }
        } else if is_vcard_bound(&p, "END") {
            if nested > 0 {
                nested -= 1;
            } else if let Some(card) = current.take() {
                contacts.push(card.finish(contacts.len(), true));
            }
        } else if nested == 0 {
            if let Some(card) = current.as_mut() {
                card.add(p);
            }
        }
    }
    if let Some(card) = current {
        contacts.push(card.finish(contacts.len(), false));
    }
    Ok(contacts)
}

fn is_vcard_bound(p: &Property, name: &str) -> bool {
    p.name == name && p.value.trim().eq_ignore_ascii_case("VCARD")
}

/// A phone or email and how much it is preferred (lower first).
struct Entry {
    value: String,
    rank: u32,
}

/// The properties of one contact that matter here.
#[derive(Default)]
struct Card {
    n: Option<Vec<String>>,
    full_name: Option<String>,
    phones: Vec<Entry>,
    emails: Vec<Entry>,
    notes: Vec<String>,
}

impl Card {
    fn add(&mut self, p: Property) {
        match p.name.as_str() {
            "N" if self.n.is_none() => {
                let parts = split_unescaped(&p.value, ';')
                    .into_iter()
                    .map(|part| {
                        let values: Vec<String> = split_unescaped(part, ',')
                            .into_iter()
                            .map(|v| unescape(v).trim().to_owned())
                            .filter(|v| !v.is_empty())
                            .collect();
                        values.join(" ")
                    })
                    .collect();
                self.n = Some(parts);
            }
            "FN" if self.full_name.is_none() => self.full_name = Some(unescape(&p.value)),
            "TEL" => push_entry(&mut self.phones, &p, clean_tel(&unescape(&p.value))),
            "EMAIL" => push_entry(&mut self.emails, &p, clean_email(&unescape(&p.value))),
            "NOTE" => {
                let note = unescape(&p.value);
                if !note.trim().is_empty() {
                    self.notes.push(note.trim_end().to_owned());
                }
            }
            _ => {}
        }
    }

    fn finish(self, index: usize, complete: bool) -> VcardContact {
        let mut problems = Vec::new();
        let name = match self.name() {
            Some(Ok(name)) => Some(name),
            Some(Err(e)) => {
                problems.push(e.message);
                None
            }
            None => {
                problems.push("no name".to_owned());
                None
            }
        };
        let (phone, other_phones) = pick_phone(self.phones);
        let (email, other_emails) = pick(self.emails);
        let email = email.and_then(|e| Email::parse(&e).map_err(|e| problems.push(e.message)).ok());
        let mut blocks = Vec::new();
        match (other_phones.is_empty(), other_emails.is_empty()) {
            (true, true) => {}
            (false, true) => blocks.push(format!("Other phones: {}", other_phones.join(", "))),
            (true, false) => blocks.push(format!("Other emails: {}", other_emails.join(", "))),
            (false, false) => blocks.push(format!(
                "Other phones: {}; other emails: {}",
                other_phones.join(", "),
                other_emails.join(", ")
            )),
        }
        blocks.extend(self.notes);
        let notes = (!blocks.is_empty()).then(|| blocks.join("\n\n"));
        if let Some(Err(e)) = notes.as_deref().map(Notes::parse) {
            problems.push(e.message);
        }
        if !complete {
            problems.push("incomplete contact: the file ends before END:VCARD".to_owned());
        }
        VcardContact {
            index,
            name,
            email,
            phone,
            notes,
            problem: (!problems.is_empty()).then(|| problems.join("; ")),
        }
    }

    /// The name from N (given + additional, family), else from FN split at its last space.
    fn name(&self) -> Option<Result<PersonName, DomainError>> {
        let part = |i: usize| {
            self.n
                .as_ref()
                .and_then(|n| n.get(i))
                .map_or("", String::as_str)
        };
        let first = [part(1), part(2)]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let last = part(0);
        if !first.trim().is_empty() && !last.trim().is_empty() {
            return Some(PersonName::parse(&first, last));
        }
        let full = self.full_name.as_deref()?.trim();
        let (first, last) = full.rsplit_once(char::is_whitespace)?;
        (!first.trim().is_empty()).then(|| PersonName::parse(first, last))
    }
}

fn push_entry(entries: &mut Vec<Entry>, p: &Property, value: String) {
    if value.is_empty() {
        return;
    }
    let type_pref = p.types.iter().any(|t| t.eq_ignore_ascii_case("pref"));
    let rank = match (p.pref, type_pref) {
        (Some(n), _) => n,
        (None, true) => 1,
        (None, false) => u32::MAX,
    };
    entries.push(Entry { value, rank });
}

/// The preferred entry (lowest rank, first on ties) and the others in file order.
fn pick(entries: Vec<Entry>) -> (Option<String>, Vec<String>) {
    let best = entries
        .iter()
        .enumerate()
        .min_by_key(|(i, e)| (e.rank, *i))
        .map(|(i, _)| i);
    let mut chosen = None;
    let mut others = Vec::new();
    for (i, e) in entries.into_iter().enumerate() {
        if Some(i) == best {
            chosen = Some(e.value);
        } else {
            others.push(e.value);
        }
    }
    (chosen, others)
}

/// Like [`pick`], but the most preferred VALID number; the others (invalid ones too) as text.
fn pick_phone(mut entries: Vec<Entry>) -> (Option<Phone>, Vec<String>) {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by_key(|&i| (entries[i].rank, i));
    let valid = order
        .into_iter()
        .find_map(|i| Phone::parse(&entries[i].value).ok().map(|p| (i, p)));
    match valid {
        Some((i, phone)) => {
            entries.remove(i);
            (Some(phone), entries.into_iter().map(|e| e.value).collect())
        }
        None => (None, entries.into_iter().map(|e| e.value).collect()),
    }
}

/// A TEL value without the `tel:` URI scheme of 4.0 nor its `;ext=` parameters.
fn clean_tel(value: &str) -> String {
    let v = value.trim();
    match v.get(..4) {
        Some(scheme) if scheme.eq_ignore_ascii_case("tel:") => v[4..]
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_owned(),
        _ => v.to_owned(),
    }
}

/// An EMAIL value without a `mailto:` prefix.
fn clean_email(value: &str) -> String {
    let v = value.trim();
    match v.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => v[7..].trim().to_owned(),
        _ => v.to_owned(),
    }
}

#[cfg(test)]
mod tests;
