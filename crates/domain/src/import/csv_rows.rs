//! Streaming a whole CSV file into row outcomes, one record at a time, each
//! with the physical line it starts on.

use std::io::{self, Chain, Cursor, Read};

use csv::{ByteRecord, StringRecord};

use crate::error::DomainError;

use super::decode::{decoding_reader, fill, looks_binary, SNIFF_BYTES};
use super::headers::{detect_separator, map_headers, ColumnMap};
use super::row::{parse_cells, RowOutcome};

mod tracker;

use tracker::{Tracker, MAX_RECORD_BYTES};

/// Why a CSV file cannot be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    /// The file is refused as a whole (empty, binary, no name column...); the field is `"file"`.
    #[error(transparent)]
    Invalid(#[from] DomainError),
    /// The file could not be read (an upload cut short...): nothing must be imported.
    #[error("could not read the file: {0}")]
    Io(#[from] io::Error),
}

/// One data record of the file: the physical line it starts on (the header being line 1) and what it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRow {
    /// Physical line of the file on which the record starts, 1-based.
    pub line: u64,
    /// Client, blank row, or rejection.
    pub outcome: RowOutcome,
}

/// Opens a raw uploaded CSV file: refuses binary content, decodes it to UTF-8, reads the header.
///
/// See [`looks_binary`], [`decoding_reader`](super::decoding_reader) and [`CsvRows::new`].
pub fn open_csv<R: Read>(mut raw: R) -> Result<CsvRows<impl Read>, OpenError> {
    let mut block = Vec::new();
    fill(&mut raw, &mut block, SNIFF_BYTES)?;
    if looks_binary(&block) {
        return Err(
            DomainError::new("file", "this is not a CSV file: it holds binary data").into(),
        );
    }
    CsvRows::new(decoding_reader(Cursor::new(block).chain(raw)))
}

/// The data rows of a decoded (UTF-8) CSV stream, read one record at a time in constant memory.
///
/// Iterating gives every data record in order, as a [`CsvRow`]; blank rows
/// come as [`RowOutcome::Blank`] (to be skipped) and blank lines are not
/// records at all. Fields are separated by the separator detected on the
/// header line, may be double-quoted, and quoted fields may hold separators,
/// newlines and doubled quotes.
///
/// Reading stops after a record that cannot be delimited, given as a
/// rejected row on its start line: a quote never closed before the end of
/// the file ("broken quoting"), or a record over 1 MiB. A row whose bytes are
/// not valid UTF-8 is rejected alone and reading goes on. An I/O error is
/// returned as `Err` and ends the iteration: the import must then be
/// abandoned as a whole.
pub struct CsvRows<R: Read> {
    reader: csv::Reader<Tracker<Chain<Cursor<Vec<u8>>, R>>>,
    map: ColumnMap,
    separator: u8,
    record: ByteRecord,
    done: bool,
}

impl<R: Read> CsvRows<R> {
    /// Reads the header of `decoded` (UTF-8 text, see [`decoding_reader`](super::decoding_reader)).
    ///
    /// Errors: an empty (or blank) file, a header line with broken quoting,
    /// a header without name columns (see [`map_headers`]).
    pub fn new(mut decoded: R) -> Result<Self, OpenError> {
        let mut head = Vec::new();
        let mut eof = false;
        while !eof && head.len() < SNIFF_BYTES && !first_line(&head).1 {
            let target = head.len() + 8192;
            eof = fill(&mut decoded, &mut head, target)?;
        }
        if eof && head.iter().all(u8::is_ascii_whitespace) {
            return Err(DomainError::new("file", "the file is empty").into());
        }
        let separator = detect_separator(&String::from_utf8_lossy(first_line(&head).0));
        let tracker = Tracker::new(Cursor::new(head).chain(decoded), separator);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator)
            .quoting(true)
            .double_quote(true)
            .from_reader(tracker);
        let mut record = ByteRecord::new();
        if !reader
            .read_byte_record(&mut record)
            .map_err(io::Error::from)?
        {
            return Err(DomainError::new("file", "the file is empty").into());
        }
        let tracker = reader.get_mut();
        tracker.next_start();
        if tracker.ended_in_quotes() || tracker.overflowed() {
            return Err(DomainError::new(
                "file",
                "broken quoting in the header line: a quote is never closed",
            )
            .into());
        }
        let headers: Vec<String> = record
            .iter()
            .map(|h| String::from_utf8_lossy(h).into_owned())
            .collect();
        let map = map_headers(&headers)?;
        Ok(Self {
            reader,
            map,
            separator,
            record,
            done: false,
        })
    }

    /// The columns found on the header line (with the unknown ones, to report).
    pub fn columns(&self) -> &ColumnMap {
        &self.map
    }

    /// The separator detected on the header line.
    pub fn separator(&self) -> u8 {
        self.separator
    }

    fn next_row(&mut self) -> io::Result<Option<CsvRow>> {
        if !self.reader.read_byte_record(&mut self.record)? {
            return Ok(None);
        }
        let tracker = self.reader.get_mut();
        let line = tracker.next_start().unwrap_or_default();
        let cut = if tracker.ended_in_quotes() {
            Some("broken quoting: a quote opened on this line is never closed".to_owned())
        } else if tracker.overflowed() {
            let mib = MAX_RECORD_BYTES >> 20;
            Some(if tracker.in_quotes() {
                format!(
                    "broken quoting: a quote opened on this line is not closed within {mib} MiB"
                )
            } else {
                format!("row is too long (over {mib} MiB)")
            })
        } else {
            None
        };
        if let Some(reason) = cut {
            self.done = true;
            return Ok(Some(CsvRow {
                line,
                outcome: RowOutcome::Rejected(reason),
            }));
        }
        let outcome = match StringRecord::from_byte_record(std::mem::take(&mut self.record)) {
            Ok(text) => {
                let outcome = parse_cells(text.len(), |i| text.get(i), &self.map);
                self.record = text.into_byte_record();
                outcome
            }
            Err(e) => {
                self.record = e.into_byte_record();
                RowOutcome::Rejected(
                    "invalid characters: this row is not in the file's text encoding".to_owned(),
                )
            }
        };
        Ok(Some(CsvRow { line, outcome }))
    }
}

impl<R: Read> Iterator for CsvRows<R> {
    type Item = io::Result<CsvRow>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let row = self.next_row();
        if !matches!(row, Ok(Some(_))) {
            self.done = true;
        }
        row.transpose()
    }
}

/// The first non-blank line of `head`, and whether a line end follows it.
fn first_line(head: &[u8]) -> (&[u8], bool) {
    let mut rest = head;
    while let Some(end) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
        if !rest[..end].iter().all(u8::is_ascii_whitespace) {
            return (&rest[..end], true);
        }
        rest = &rest[end + 1..];
    }
    (rest, false)
}

#[cfg(test)]
mod tests;
