//! CSV export helpers: the header line in the business's language, and
//! cells made safe to open in a spreadsheet.
//!
//! An export must re-import unchanged, so these rules mirror the import
//! ones: the headers map back through [`map_headers`](super::map_headers),
//! and the `'` put before a formula-like cell is taken off again by
//! [`parse_row`](super::parse_row).

use std::borrow::Cow;

/// Characters that make a spreadsheet read a cell as a formula (or hide its start).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Header line of the client export, French for a locale starting with `fr`, else English.
///
/// Columns: first name, last name, phone, email, notes, account, banned,
/// created, last appointment, appointment count.
pub fn export_headers(locale: &str) -> [&'static str; 10] {
    if is_french(locale) {
        [
            "Prénom",
            "Nom",
            "Téléphone",
            "E-mail",
            "Remarques",
            "Compte",
            "Banni",
            "Créé le",
            "Dernier rendez-vous",
            "Nombre de rendez-vous",
        ]
    } else {
        [
            "First Name",
            "Last Name",
            "Phone",
            "Email",
            "Notes",
            "Account",
            "Banned",
            "Created",
            "Last Appointment",
            "Appointment Count",
        ]
    }
}

/// `fr`, `FR`, `fr-CA`, `fr_FR`... but not `fra-x` nor `frisian`.
fn is_french(locale: &str) -> bool {
    let lower = locale.trim().to_ascii_lowercase();
    lower == "fr" || lower.starts_with("fr-") || lower.starts_with("fr_")
}

/// A cell a spreadsheet would run as a formula gets a leading `'`, the original text kept after it.
///
/// Formula-like means starting with `=`, `+`, `-`, `@`, a tab or a carriage
/// return. A cell already starting with `'` followed by such a start (as in
/// `'=A1`) gets one more `'`, so that the import, which takes one `'` off a
/// neutralised cell, gives the original text back in every case.
pub fn neutralise_cell(s: &str) -> Cow<'_, str> {
    if needs_neutralising(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// True when [`neutralise_cell`] prefixes `s`: formula-like, or `'` then something that is.
pub(crate) fn needs_neutralising(s: &str) -> bool {
    let rest = s.trim_start_matches('\'');
    rest.starts_with(FORMULA_STARTS)
}

/// The cell as it was before [`neutralise_cell`]: one leading `'` off a neutralised cell.
pub(crate) fn unneutralise(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_neutralising(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests;

/// CSV records written one after the other into memory, taken out in chunks.
///
/// One csv writer serves many records: a writer per record (each allocating and
/// zeroing its own 8 KiB buffer) was the biggest cost of writing an export.
pub struct CsvRecords(csv::Writer<Vec<u8>>);

impl Default for CsvRecords {
    fn default() -> Self {
        CsvRecords(Self::writer())
    }
}

impl CsvRecords {
    fn writer() -> csv::Writer<Vec<u8>> {
        csv::WriterBuilder::new().from_writer(Vec::new())
    }

    /// Appends one record (quoted where needed, `\n` line end).
    pub fn write<T: AsRef<str>>(&mut self, fields: impl IntoIterator<Item = T>) {
        // Writing to a Vec cannot fail.
        for field in fields {
            let _ = self.0.write_field(field.as_ref());
        }
        let _ = self.0.write_record(None::<&[u8]>);
    }

    /// Bytes ready to take, give or take the writer's own buffer (8 KiB at most).
    pub fn len(&self) -> usize {
        self.0.get_ref().len()
    }

    /// No bytes ready to take (the writer may still buffer some).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Everything written since the last take.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::replace(&mut self.0, Self::writer())
            .into_inner()
            .unwrap_or_default()
    }
}
