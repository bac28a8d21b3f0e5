//! One data row of an imported CSV file: a client to import, a blank row to
//! skip, or a rejection with a short reason naming the field.

use crate::email::{parse_optional_email, Email};
use crate::error::DomainError;
use crate::name::PersonName;
use crate::notes::Notes;
use crate::phone::{parse_optional_phone, Phone};

use super::export::unneutralise;
use super::headers::ColumnMap;

/// A client read from an import row, every field valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedClient {
    /// First and last name.
    pub name: PersonName,
    /// Email, when the cell is not blank.
    pub email: Option<Email>,
    /// Phone, when the cell is not blank.
    pub phone: Option<Phone>,
    /// Notes, when the cell is not blank.
    pub notes: Option<Notes>,
}

/// What one data row of an import gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowOutcome {
    /// A valid client.
    Client(ImportedClient),
    /// Every cell is blank: skipped, neither imported nor reported.
    Blank,
    /// The row is refused; the reason is short, human, and names the field(s).
    Rejected(String),
}

/// Parses one data row (its cells, in header order) with the header's [`ColumnMap`].
///
/// - A row whose cells are all blank is [`RowOutcome::Blank`].
/// - A row with more cells than the header is rejected ("ragged row: N
///   fields, the header has M"); so is a shorter one unless every mapped
///   column is within it (some tools drop trailing empty cells; a missing
///   mapped cell rather means cells shifted, which would put values in the
///   wrong fields).
/// - Each cell first loses the `'` that the export puts before a
///   formula-like cell (see [`neutralise_cell`](super::neutralise_cell)), so
///   that an export re-imports unchanged.
/// - Then the name (first and last, or a full name split at its first
///   space), email, phone and notes are parsed with the same rules as the
///   client form; every problem of the row is listed, separated by `; `.
pub fn parse_row(record: &[&str], map: &ColumnMap) -> RowOutcome {
    parse_cells(record.len(), |i| record.get(i).copied(), map)
}

/// [`parse_row`] on any record: `len` cells, the `i`th given by `cell(i)`.
pub(crate) fn parse_cells<'a>(
    len: usize,
    cell: impl Fn(usize) -> Option<&'a str>,
    map: &ColumnMap,
) -> RowOutcome {
    if (0..len).all(|i| cell(i).unwrap_or_default().trim().is_empty()) {
        return RowOutcome::Blank;
    }
    let mapped = [
        map.first_name,
        map.last_name,
        map.full_name,
        map.phone,
        map.email,
        map.notes,
    ];
    let needed = mapped.iter().flatten().map(|&i| i + 1).max().unwrap_or(0);
    if len > map.columns || len < needed {
        return RowOutcome::Rejected(format!(
            "ragged row: {len} fields, the header has {}",
            map.columns
        ));
    }
    let get = |col: Option<usize>| col.and_then(&cell).map(unneutralise);
    let mut problems: Vec<String> = Vec::new();
    let name = parse_name(&get, map, &mut problems);
    let email = parse_optional_email(get(map.email)).map_err(|e| problems.push(e.message));
    let phone = parse_optional_phone(get(map.phone)).map_err(|e| problems.push(e.message));
    let notes = parse_notes(get(map.notes)).map_err(|e| problems.push(e.message));
    match (name, email, phone, notes) {
        (Some(name), Ok(email), Ok(phone), Ok(notes)) => RowOutcome::Client(ImportedClient {
            name,
            email,
            phone,
            notes,
        }),
        _ => RowOutcome::Rejected(problems.join("; ")),
    }
}

fn parse_name<'a>(
    get: &impl Fn(Option<usize>) -> Option<&'a str>,
    map: &ColumnMap,
    problems: &mut Vec<String>,
) -> Option<PersonName> {
    let (first, last) = match map.full_name {
        Some(_) if map.first_name.is_none() || map.last_name.is_none() => {
            split_full_name(get(map.full_name).unwrap_or_default())
        }
        _ => (
            get(map.first_name).unwrap_or_default(),
            get(map.last_name).unwrap_or_default(),
        ),
    };
    match (first.trim().is_empty(), last.trim().is_empty()) {
        (true, true) => problems.push("missing first and last name".to_owned()),
        (true, false) => problems.push("missing first name".to_owned()),
        (false, true) => problems.push("missing last name".to_owned()),
        (false, false) => {
            return PersonName::parse(first, last)
                .map_err(|e| problems.push(e.message))
                .ok()
        }
    }
    None
}

/// "Jean Pierre Dupont" gives ("Jean", "Pierre Dupont"): split at the first whitespace.
fn split_full_name(full: &str) -> (&str, &str) {
    let full = full.trim();
    full.split_once(char::is_whitespace).unwrap_or((full, ""))
}

fn parse_notes(cell: Option<&str>) -> Result<Option<Notes>, DomainError> {
    match cell {
        Some(s) if !s.trim().is_empty() => Notes::parse(s).map(Some),
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests;
