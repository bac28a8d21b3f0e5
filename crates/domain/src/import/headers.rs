//! The header line of an imported CSV file: which separator it uses, and
//! which column holds which client field.

use crate::error::DomainError;
use crate::text::fold;

/// Which column (0-based) holds each client field, from the header line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ColumnMap {
    /// Number of columns of the header line (rows are checked against it).
    pub columns: usize,
    /// First-name column.
    pub first_name: Option<usize>,
    /// Last-name column.
    pub last_name: Option<usize>,
    /// Single full-name column, used only when there are not both first- and last-name columns.
    pub full_name: Option<usize>,
    /// Phone column.
    pub phone: Option<usize>,
    /// Email column.
    pub email: Option<usize>,
    /// Notes column.
    pub notes: Option<usize>,
    /// Headers that are not imported, as written: unknown, repeated, or superseded; to be reported.
    pub unknown: Vec<String>,
}

/// The client field a header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    First,
    Last,
    Full,
    Phone,
    Email,
    Notes,
}

/// Recognised headers, folded (see [`header_key`]): English, French, and
/// the wording of the hosted scheduler's own client export.
const HEADERS: &[(&str, Field)] = &[
    ("firstname", Field::First),
    ("prenom", Field::First),
    ("givenname", Field::First),
    ("lastname", Field::Last),
    ("nom", Field::Last),
    ("nomdefamille", Field::Last),
    ("surname", Field::Last),
    ("familyname", Field::Last),
    ("name", Field::Full),
    ("nomcomplet", Field::Full),
    ("fullname", Field::Full),
    ("phone", Field::Phone),
    ("telephone", Field::Phone),
    ("tel", Field::Phone),
    ("mobile", Field::Phone),
    ("portable", Field::Phone),
    ("phonenumber", Field::Phone),
    ("numerodetelephone", Field::Phone),
    ("email", Field::Email),
    ("adresseemail", Field::Email),
    ("courriel", Field::Email),
    ("emailaddress", Field::Email),
    ("mail", Field::Email),
    ("notes", Field::Notes),
    ("note", Field::Notes),
    ("remarques", Field::Notes),
    ("remarque", Field::Notes),
    ("notessurleclient", Field::Notes),
    ("remarquessurleclient", Field::Notes),
    ("clientnotes", Field::Notes),
    ("commentaires", Field::Notes),
    ("commentaire", Field::Notes),
    ("comments", Field::Notes),
];

/// The separator of a CSV file from its first line: `,` `;` or tab, the most frequent outside quotes.
///
/// Ties go to `,` then `;`; a line without any of them (a single column)
/// gives `,`.
pub fn detect_separator(header_line: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in header_line.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let seps = [b',', b';', b'\t'];
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    seps[best]
}

/// Maps header cells to client fields, case-, accent-, space-, hyphen- and underscore-insensitively.
///
/// Names come from a first- and a last-name column when there are both,
/// otherwise from a single full-name column ("Name", "Nom complet"); the
/// unused name columns are then listed in `unknown`, like unknown headers
/// and repeated ones (the first of a repeated field wins). Without any
/// usable name column the file is refused (field `"file"`).
pub fn map_headers(headers: &[String]) -> Result<ColumnMap, DomainError> {
    let mut map = ColumnMap {
        columns: headers.len(),
        ..ColumnMap::default()
    };
    let mut found: Vec<(Field, usize)> = Vec::new();
    let mut unused: Vec<usize> = Vec::new();
    for (i, raw) in headers.iter().enumerate() {
        let key = header_key(raw);
        let field = HEADERS.iter().find(|(k, _)| *k == key).map(|&(_, f)| f);
        match field {
            Some(f) if !found.iter().any(|&(g, _)| g == f) => found.push((f, i)),
            _ => unused.push(i),
        }
    }
    let col = |f: Field| found.iter().find(|&&(g, _)| g == f).map(|&(_, i)| i);
    let (first, last, full) = (col(Field::First), col(Field::Last), col(Field::Full));
    match (first, last, full) {
        (Some(_), Some(_), _) => {
            map.first_name = first;
            map.last_name = last;
            unused.extend(full);
        }
        (_, _, Some(_)) => {
            map.full_name = full;
            unused.extend(first);
            unused.extend(last);
        }
        _ => {
            return Err(DomainError::new(
                "file",
                "no name columns: the header line needs \"First Name\" and \"Last Name\" \
                 (or \"Prénom\" and \"Nom\"), or a single \"Name\" column",
            ))
        }
    }
    unused.sort_unstable();
    map.unknown = unused
        .iter()
        .map(|&i| headers[i].trim().to_owned())
        .collect();
    map.phone = col(Field::Phone);
    map.email = col(Field::Email);
    map.notes = col(Field::Notes);
    Ok(map)
}

/// Comparison form of a header: folded, without spaces, hyphens, underscores, dots or apostrophes.
fn header_key(header: &str) -> String {
    fold(header)
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_' | '.' | '\''))
        .collect()
}

#[cfg(test)]
mod tests;
