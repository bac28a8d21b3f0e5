//! A reader between the decoded file and the `csv` crate that follows the
//! CSV grammar byte by byte, to give what the crate does not: the physical
//! line on which each record starts (blank lines and quoted newlines
//! counted), whether the file ends inside a quoted field (the crate then
//! silently takes everything up to the end as one field), and a bound on the
//! size of one record, so that memory stays flat even when a stray quote
//! would otherwise swallow the rest of a huge file.

use std::collections::VecDeque;
use std::io::{self, Read};

/// Longest accepted record, in bytes: far above five client fields at their limits.
pub(crate) const MAX_RECORD_BYTES: usize = 1 << 20;

/// Where the scanner is, mirroring the `csv` crate's own reader (double-quote escaping, no comments).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lex {
    /// Between records: line ends here are blank lines, skipped.
    RecordStart,
    /// At the start of a field.
    FieldStart,
    /// Inside a field that did not start with a quote (quotes in it are plain text).
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: closing, or the first of a doubled quote.
    QuoteInQuoted,
}

/// Scans the bytes the `csv` crate reads, see the module documentation.
pub(crate) struct Tracker<R> {
    inner: R,
    delimiter: u8,
    lex: Lex,
    /// Current physical line, 1-based (LF, CRLF and a lone CR each end a line).
    line: u64,
    prev_cr: bool,
    /// Start lines of the records scanned but not yet taken by [`Tracker::next_start`].
    starts: VecDeque<u64>,
    record_bytes: usize,
    eof: bool,
    overflow: bool,
}

impl<R: Read> Tracker<R> {
    /// Scans `inner`, a CSV stream whose fields are separated by `delimiter`.
    pub(crate) fn new(inner: R, delimiter: u8) -> Self {
        Self {
            inner,
            delimiter,
            lex: Lex::RecordStart,
            line: 1,
            prev_cr: false,
            starts: VecDeque::new(),
            record_bytes: 0,
            eof: false,
            overflow: false,
        }
    }

    /// Line on which the next record not yet accounted for starts.
    pub(crate) fn next_start(&mut self) -> Option<u64> {
        self.starts.pop_front()
    }

    /// True when the input ended inside a quoted field, that is in the last record started.
    pub(crate) fn ended_in_quotes(&self) -> bool {
        self.eof && self.lex == Lex::Quoted && self.starts.is_empty()
    }

    /// True when the last record started grew past [`MAX_RECORD_BYTES`]: reading stopped there.
    pub(crate) fn overflowed(&self) -> bool {
        self.overflow && self.starts.is_empty()
    }

    /// True when the overflowing record was inside a quoted field (a quote never closed, likely).
    pub(crate) fn in_quotes(&self) -> bool {
        self.lex == Lex::Quoted
    }

    fn step(&mut self, b: u8) {
        let term = b == b'\r' || b == b'\n';
        self.lex = match self.lex {
            Lex::RecordStart if term => Lex::RecordStart,
            Lex::RecordStart => {
                self.starts.push_back(self.line);
                self.record_bytes = 0;
                self.field_start(b)
            }
            Lex::FieldStart => self.field_start(b),
            Lex::Unquoted | Lex::QuoteInQuoted if term => Lex::RecordStart,
            Lex::Unquoted | Lex::QuoteInQuoted if b == self.delimiter => Lex::FieldStart,
            Lex::Unquoted => Lex::Unquoted,
            Lex::QuoteInQuoted if b == b'"' => Lex::Quoted,
            Lex::QuoteInQuoted => Lex::Unquoted,
            Lex::Quoted if b == b'"' => Lex::QuoteInQuoted,
            Lex::Quoted => Lex::Quoted,
        };
        self.record_bytes += 1;
        if b == b'\r' || (b == b'\n' && !self.prev_cr) {
            self.line += 1;
        }
        self.prev_cr = b == b'\r';
    }

    fn field_start(&self, b: u8) -> Lex {
        match b {
            b'"' => Lex::Quoted,
            b'\r' | b'\n' => Lex::RecordStart,
            b if b == self.delimiter => Lex::FieldStart,
            _ => Lex::Unquoted,
        }
    }
}

impl<R: Read> Read for Tracker<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.eof || self.overflow {
            return Ok(0);
        }
        let n = loop {
            match self.inner.read(buf) {
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                other => break other?,
            }
        };
        if n == 0 {
            self.eof = true;
        }
        for (i, &b) in buf[..n].iter().enumerate() {
            self.step(b);
            if self.record_bytes > MAX_RECORD_BYTES && self.lex != Lex::RecordStart {
                // Cut here: the `csv` crate sees the end of the input and
                // hands over the record read so far, which is then rejected.
                self.overflow = true;
                return Ok(i + 1);
            }
        }
        Ok(n)
    }
}
