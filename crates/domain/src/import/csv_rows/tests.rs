use super::*;
use crate::import::{export_headers, neutralise_cell};
use proptest::prelude::*;

/// Each data row as (line, short description): "First Last|phone|email|notes", "blank" or the reason.
fn rows(bytes: &[u8]) -> Vec<(u64, String)> {
    open_csv(bytes)
        .expect("opens")
        .map(|r| {
            let r = r.expect("reads");
            (r.line, describe(&r.outcome))
        })
        .collect()
}

fn describe(outcome: &RowOutcome) -> String {
    match outcome {
        RowOutcome::Client(c) => format!(
            "{}|{}|{}|{}",
            c.name,
            c.phone.as_ref().map_or("", |p| p.as_str()),
            c.email.as_ref().map_or("", |e| e.as_str()),
            c.notes.as_ref().map_or("", |n| n.as_str()),
        ),
        RowOutcome::Blank => "blank".to_owned(),
        RowOutcome::Rejected(reason) => reason.clone(),
    }
}

fn refusal(bytes: &[u8]) -> String {
    match open_csv(bytes) {
        Err(OpenError::Invalid(e)) => {
            assert_eq!(e.field, "file");
            e.message
        }
        Err(e) => panic!("unexpected {e}"),
        Ok(_) => panic!("expected a refusal"),
    }
}

fn row(line: u64, text: &str) -> (u64, String) {
    (line, text.to_owned())
}

#[test]
fn plain_utf8_with_commas() {
    let csv =
        "First Name,Last Name,Phone,Email,Notes\nJean,Dupont,06 12 34 56 78,jean@example.com,VIP\n";
    assert_eq!(
        rows(csv.as_bytes()),
        [row(2, "Jean Dupont|06 12 34 56 78|jean@example.com|VIP")]
    );
}

#[test]
fn utf8_with_bom() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice("Prénom,Nom\nHélène,Dupont\n".as_bytes());
    let rows_ = open_csv(&bytes[..]).expect("opens");
    assert_eq!(rows_.columns().first_name, Some(0));
    assert_eq!(rows(&bytes), [row(2, "Hélène Dupont|||")]);
}

#[test]
fn french_excel_latin1_with_semicolons() {
    let bytes = b"Pr\xe9nom;Nom;T\xe9l\xe9phone;E-mail;Remarques\r\n\
        H\xe9l\xe8ne;L\xe9v\xeaque;06 12 34 56 78;helene@example.fr;Pr\xe9f\xe8re le matin\r\n\
        Fran\xe7ois;C\xf4t\xe9;;;\r\n";
    assert_eq!(open_csv(&bytes[..]).expect("opens").separator(), b';');
    assert_eq!(
        rows(bytes),
        [
            row(
                2,
                "Hélène Lévêque|06 12 34 56 78|helene@example.fr|Préfère le matin"
            ),
            row(3, "François Côté|||"),
        ]
    );
}

#[test]
fn utf16_with_tabs() {
    let text = "First Name\tLast Name\tEmail\r\nZoë\tÅberg\tzoe@example.se\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    assert_eq!(open_csv(&bytes[..]).expect("opens").separator(), b'\t');
    assert_eq!(rows(&bytes), [row(2, "Zoë Åberg||zoe@example.se|")]);
}

#[test]
fn quoted_fields_with_newlines_and_quotes_keep_their_start_line() {
    let csv = "First Name,Last Name,Notes\n\
        Jean,Dupont,\"line one\nline two\"\n\
        Marie,\"O\"\"Brien\",x\n\
        \"Anne\",\"Martin\",\"a \"\"quoted\"\" word, a comma; and\n\nblank lines\"\n\
        \n\
        Paul,Durand,\n";
    let expected = [
        row(2, "Jean Dupont|||line one\nline two"),
        row(4, "Marie O\"Brien|||x"),
        row(
            5,
            "Anne Martin|||a \"quoted\" word, a comma; and\n\nblank lines",
        ),
        row(9, "Paul Durand|||"),
    ];
    assert_eq!(rows(csv.as_bytes()), expected);
    let crlf = csv.replace('\n', "\r\n");
    let crlf_expected = expected.clone().map(|(l, t)| (l, t.replace('\n', "\r\n")));
    assert_eq!(rows(crlf.as_bytes()), crlf_expected);
    let cr = csv.replace('\n', "\r");
    let cr_expected = expected.map(|(l, t)| (l, t.replace('\n', "\r")));
    assert_eq!(rows(cr.as_bytes()), cr_expected);
}

#[test]
fn blank_lines_and_blank_rows() {
    let csv = "\n\nFirst Name,Last Name\n\n\nJean,Dupont\n,\n  ,  \nMarie,Curie";
    assert_eq!(
        rows(csv.as_bytes()),
        [
            row(6, "Jean Dupont|||"),
            row(7, "blank"),
            row(8, "blank"),
            row(9, "Marie Curie|||"),
        ]
    );
}

#[test]
fn ragged_rows_are_rejected_on_their_line() {
    let csv = "First Name,Last Name,Phone\nJean,Dupont,0612345678,extra\nMarie\nAnne,Martin\nPaul,Durand,\n";
    assert_eq!(
        rows(csv.as_bytes()),
        [
            row(2, "ragged row: 4 fields, the header has 3"),
            row(3, "ragged row: 1 fields, the header has 3"),
            row(4, "ragged row: 2 fields, the header has 3"),
            row(5, "Paul Durand|||"),
        ]
    );
}

#[test]
fn every_rejection_reason_with_its_line() {
    let csv = format!(
        "First Name;Last Name;Phone;Email;Notes\n\
         ;Dupont;;;\n\
         Jean;;;;\n\
         Jean;Dupont;;not-an-email;\n\
         Jean;Dupont;12ab;;\n\
         {};Dupont;;;\n\
         Jean;Dupont;;;{}\n\
         Jean;Dupont;;;\"ok\"\n",
        "a".repeat(101),
        "n".repeat(10_001),
    );
    assert_eq!(
        rows(csv.as_bytes()),
        [
            row(2, "missing first name"),
            row(3, "missing last name"),
            row(4, "invalid email address: missing '@'"),
            row(
                5,
                "invalid phone number: only digits, spaces and . - ( ) / + are allowed"
            ),
            row(6, "first name is too long (max 100 characters)"),
            row(7, "notes are too long (max 10000 characters)"),
            row(8, "Jean Dupont|||ok"),
        ]
    );
}

#[test]
fn ten_thousand_character_fields() {
    let notes = "é".repeat(10_000);
    let csv = format!("First Name,Last Name,Notes\nJean,Dupont,\"{notes}\"\nMarie,Curie,x\n");
    let got = rows(csv.as_bytes());
    assert_eq!(got[0], (2, format!("Jean Dupont|||{notes}")));
    assert_eq!(got[1], row(3, "Marie Curie|||x"));
}

#[test]
fn broken_quoting_stops_on_the_line_it_starts() {
    let csv =
        "First Name,Last Name,Notes\nJean,Dupont,ok\nMarie,Curie,\"never closed\nAnne,Martin,x\n";
    assert_eq!(
        rows(csv.as_bytes()),
        [
            row(2, "Jean Dupont|||ok"),
            row(
                3,
                "broken quoting: a quote opened on this line is never closed"
            ),
        ]
    );
    // A quote in the middle of an unquoted field is plain text.
    let csv = "First Name,Last Name,Notes\nJean,Dupont,5\" tall\n";
    assert_eq!(rows(csv.as_bytes()), [row(2, "Jean Dupont|||5\" tall")]);
}

#[test]
fn over_long_records_stop_reading() {
    let mut csv = b"First Name,Last Name,Notes\nJean,Dupont,ok\nMarie,Curie,\"".to_vec();
    csv.extend(std::iter::repeat_n(b'x', 2 * MAX_RECORD_BYTES));
    csv.extend_from_slice(b"\"\nAnne,Martin,x\n");
    assert_eq!(
        rows(&csv),
        [
            row(2, "Jean Dupont|||ok"),
            row(
                3,
                "broken quoting: a quote opened on this line is not closed within 1 MiB"
            ),
        ]
    );
    let mut csv = b"First Name,Last Name,Notes\nJean,Dupont,".to_vec();
    csv.extend(std::iter::repeat_n(b'x', 2 * MAX_RECORD_BYTES));
    assert_eq!(rows(&csv), [row(2, "row is too long (over 1 MiB)")]);
}

#[test]
fn invalid_utf8_rejects_only_its_row() {
    let mut bytes = "First Name,Last Name,Notes\n".as_bytes().to_vec();
    for _ in 0..3000 {
        bytes.extend_from_slice("Hélène,Dupont,ça va\n".as_bytes());
    }
    bytes.extend_from_slice(b"H\xe9l\xe8ne,Dupont,latin-1 here\nMarie,Curie,fine\n");
    let got = rows(&bytes);
    assert_eq!(got.len(), 3002);
    assert_eq!(got[2999], row(3001, "Hélène Dupont|||ça va"));
    assert_eq!(
        got[3000],
        row(
            3002,
            "invalid characters: this row is not in the file's text encoding"
        )
    );
    assert_eq!(got[3001], row(3003, "Marie Curie|||fine"));
}

#[test]
fn empty_and_header_only_files() {
    assert_eq!(refusal(b""), "the file is empty");
    assert_eq!(refusal(b" \r\n\n\t"), "the file is empty");
    assert_eq!(refusal(&[0xEF, 0xBB, 0xBF]), "the file is empty");
    assert!(rows(b"First Name,Last Name\n").is_empty());
    assert!(rows(b"First Name,Last Name").is_empty());
    assert!(rows(b"First Name,Last Name\r\n\r\n").is_empty());
}

#[test]
fn binary_files_are_refused() {
    assert_eq!(
        refusal(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01"),
        "this is not a CSV file: it holds binary data"
    );
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    assert!(refusal(&garbage).contains("binary"));
}

#[test]
fn files_without_name_columns_are_refused() {
    assert!(refusal(b"Phone,Email\n0612345678,a@example.com\n").starts_with("no name columns"));
    assert!(refusal(b"\"First Name,Last Name\n").contains("quote"));
}

#[test]
fn unknown_columns_are_reported() {
    let rows_ = open_csv(&b"First Name,Ville,Last Name,Birthday\nJean,Paris,Dupont,1970\n"[..])
        .expect("opens");
    assert_eq!(rows_.columns().unknown, ["Ville", "Birthday"]);
    let got: Vec<_> = rows_
        .map(|r| describe(&r.expect("reads").outcome))
        .collect();
    assert_eq!(got, ["Jean Dupont|||"]);
}

#[test]
fn full_name_column() {
    let csv = "Name;Phone\nJean Pierre Dupont;0612345678\nCher;\n";
    assert_eq!(
        rows(csv.as_bytes()),
        [
            row(2, "Jean Pierre Dupont|0612345678||"),
            row(3, "missing last name"),
        ]
    );
}

#[test]
fn an_export_reimports_unchanged() {
    let clients = [
        [
            "=Jean",
            "+Dupont",
            "+33 6 12 34 56 78",
            "-x@example.com",
            "@first\n=SUM(A1)\ttab",
        ],
        [
            "Hélène",
            "O\"Brien; d'Arc",
            "",
            "",
            "'=kept quote\r\nand \"quotes\", commas; semis",
        ],
        ["Tab", "Notes", "06.12.34", "t@example.com", "\tindented"],
    ];
    for locale in ["fr", "en"] {
        let mut out = Vec::new();
        {
            let mut w = csv::WriterBuilder::new()
                .delimiter(if locale == "fr" { b';' } else { b',' })
                .from_writer(&mut out);
            w.write_record(export_headers(locale)).expect("writes");
            for c in &clients {
                let mut cells: Vec<String> =
                    c.iter().map(|s| neutralise_cell(s).into_owned()).collect();
                cells.extend(["yes", "no", "2024-01-02", "", "0"].map(str::to_owned));
                w.write_record(&cells).expect("writes");
            }
        }
        let mut with_bom = vec![0xEF, 0xBB, 0xBF];
        with_bom.extend_from_slice(&out);
        let got: Vec<String> = rows(&with_bom).into_iter().map(|(_, d)| d).collect();
        let expected: Vec<String> = clients
            .iter()
            .map(|c| format!("{} {}|{}|{}|{}", c[0], c[1], c[2], c[3], c[4]))
            .collect();
        assert_eq!(got, expected, "{locale}");
    }
}

#[test]
fn io_errors_end_the_rows() {
    /// Serves its bytes, then fails instead of reporting the end.
    struct FailsAtEnd(io::Cursor<Vec<u8>>);
    impl Read for FailsAtEnd {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            match self.0.read(buf)? {
                0 if !buf.is_empty() => Err(io::Error::other("connection reset")),
                n => Ok(n),
            }
        }
    }
    let short = b"First Name,Last Name\nJean,Dupont\n".to_vec();
    match open_csv(FailsAtEnd(io::Cursor::new(short))) {
        Err(OpenError::Io(e)) => assert_eq!(e.to_string(), "connection reset"),
        Err(e) => panic!("{e}"),
        Ok(_) => panic!("the first block cannot be read whole"),
    }
    let long = format!(
        "First Name,Last Name\n{}Marie,Cu",
        "Jean,Dupont\n".repeat(2000)
    );
    let results: Vec<_> = CsvRows::new(FailsAtEnd(io::Cursor::new(long.into_bytes())))
        .expect("header read")
        .collect();
    let (last, read) = results.split_last().expect("rows");
    assert_eq!(
        last.as_ref().expect_err("fails").to_string(),
        "connection reset"
    );
    assert!(read.len() <= 2000 && read.iter().all(Result::is_ok));
}

/// A CSV file made on the fly: a header then `rows` rows, never held in memory.
struct Generated {
    rows: usize,
    next: usize,
    buf: Vec<u8>,
    pos: usize,
}

impl Read for Generated {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
            if self.next == 0 {
                self.buf
                    .extend_from_slice("Prénom;Nom;Téléphone;E-mail;Remarques\r\n".as_bytes());
            }
            while self.next < self.rows && self.buf.len() < 4096 {
                let n = self.next;
                let line = format!(
                    "Élise{n};Martin;06 12 {:02} {:02} 00;e{n}@example.com;\"two\r\nlines\"\r\n",
                    n % 100,
                    n / 100 % 100
                );
                self.buf.extend_from_slice(line.as_bytes());
                self.next += 1;
            }
        }
        let n = out.len().min(self.buf.len() - self.pos);
        out[..n].copy_from_slice(&self.buf[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn streams_a_large_file_row_by_row() {
    let total = 20_000;
    let source = Generated {
        rows: total,
        next: 0,
        buf: Vec::new(),
        pos: 0,
    };
    let mut count = 0;
    let mut last_line = 0;
    for r in open_csv(source).expect("opens") {
        let r = r.expect("reads");
        assert!(
            matches!(r.outcome, RowOutcome::Client(_)),
            "{:?}",
            r.outcome
        );
        count += 1;
        last_line = r.line;
    }
    assert_eq!(count, total);
    assert_eq!(last_line, 2 * total as u64);
}

proptest! {
    #[test]
    fn any_bytes_are_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(rows_) = open_csv(&bytes[..]) {
            let mut last = 0;
            for r in rows_ {
                let r = r.expect("no I/O error on a slice");
                prop_assert!(r.line > last);
                last = r.line;
            }
        }
    }

    #[test]
    fn any_text_rows_are_read_without_panic(body in "[a-zé\",;\t\r\n ]{0,200}") {
        let csv = format!("First Name,Last Name,Notes\n{body}");
        let rows_ = open_csv(csv.as_bytes()).expect("opens");
        let mut last = 1;
        for r in rows_ {
            let r = r.expect("reads");
            prop_assert!(r.line > last);
            last = r.line;
        }
    }
}
