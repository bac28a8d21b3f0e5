//! Import and export of client lists (SPEC §9): the pure rules, from the
//! bytes of an uploaded file to valid clients or rejections with their line
//! and reason, and the cells of an export.
//!
//! A CSV import goes: [`open_csv`] (refuses binary content, decodes any
//! encoding to UTF-8 with [`decoding_reader`], detects the separator, maps
//! the header with [`map_headers`]), then iterating the [`CsvRows`] gives
//! each record's physical line and [`RowOutcome`] in constant memory.
//! Matching rows with existing clients is the store's business.
//!
//! A contacts import parses a whole vCard file with [`parse_vcards`] into a
//! preview list. An export uses [`export_headers`] and [`neutralise_cell`],
//! which the import undoes, so that an export re-imports unchanged.

mod csv_rows;
mod decode;
mod export;
mod headers;
mod row;
mod vcard;

pub use csv_rows::{open_csv, CsvRow, CsvRows, OpenError};
pub use decode::{decoding_reader, looks_binary, SNIFF_BYTES};
pub use export::{export_headers, neutralise_cell, CsvRecords};
pub use headers::{detect_separator, map_headers, ColumnMap};
pub use row::{parse_row, ImportedClient, RowOutcome};
pub use vcard::{parse_vcards, VcardContact};
