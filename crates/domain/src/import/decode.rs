//! Text encoding of uploaded files: whatever arrives is streamed out as
//! UTF-8, and files that are not text at all are recognised up front.
//!
//! Files in the wild are UTF-8 (with or without a BOM, the BOM being what
//! Excel writes for "CSV UTF-8"), UTF-16 with a BOM ("Unicode text"), or a
//! legacy single-byte encoding: a French Excel export is Windows-1252, of
//! which Latin-1 is a subset for every printable character.

use std::io::{self, Chain, Cursor, Read};

use encoding_rs::{Encoding, WINDOWS_1252};
use encoding_rs_io::{DecodeReaderBytes, DecodeReaderBytesBuilder};

/// Size of the block read ahead to decide on the encoding (and to look for binary content).
pub const SNIFF_BYTES: usize = 64 * 1024;

/// Streams `inner` as UTF-8: UTF-8 (BOM stripped), UTF-16 with a BOM, or else Windows-1252.
///
/// The choice between UTF-8 and Windows-1252 is made on the first non-ASCII
/// byte, which both encodings read the same way up to there: the 64 KiB from
/// that byte on are looked at, and when they are valid UTF-8 (a character cut
/// at the end of the block allowed) the stream is UTF-8, otherwise it is
/// Windows-1252. Deciding there rather than on the first block means a file
/// whose first thousand rows are plain ASCII and whose row 2,000 holds a
/// Latin-1 "é" is still read right.
///
/// Once UTF-8 is chosen, bytes are passed through unchanged: a file that
/// turns invalid further on (two files glued together) yields invalid UTF-8
/// there instead of silent U+FFFD replacement characters in a name, so the
/// CSV reader rejects just the rows concerned. Memory stays bounded (at most
/// two blocks) whatever the size of the input.
pub fn decoding_reader<R: Read>(inner: R) -> impl Read {
    DecodingReader {
        state: State::Ascii {
            inner,
            block: Vec::new(),
            pos: 0,
            eof: false,
            first: true,
        },
    }
}

/// True when `first_block` (the start of a file, raw bytes) is binary rather than text.
///
/// A NUL byte, or more than 5% of control characters other than tab, line
/// feed, carriage return and form feed, mean a picture, a spreadsheet in its
/// native format, an archive...: such a file is refused as a whole. A UTF-16
/// file (with a BOM) is decoded before being looked at, as its ASCII
/// characters are half NUL bytes.
pub fn looks_binary(first_block: &[u8]) -> bool {
    if let Some((encoding, bom_len)) = Encoding::for_bom(first_block) {
        if encoding != encoding_rs::UTF_8 {
            let (text, _) = encoding.decode_without_bom_handling(&first_block[bom_len..]);
            return control_share_too_high(text.chars().map(|c| u32::from(c).min(0x100)));
        }
    }
    control_share_too_high(first_block.iter().map(|&b| u32::from(b)))
}

fn control_share_too_high(units: impl Iterator<Item = u32>) -> bool {
    let (mut total, mut controls) = (0usize, 0usize);
    for u in units {
        if u == 0 {
            return true;
        }
        total += 1;
        let allowed = matches!(u, 0x09 | 0x0A | 0x0C | 0x0D);
        if (u < 0x20 && !allowed) || u == 0x7F {
            controls += 1;
        }
    }
    controls * 20 > total
}

type Decoder<R> = DecodeReaderBytes<Chain<Cursor<Vec<u8>>, R>, Vec<u8>>;

struct DecodingReader<R> {
    state: State<R>,
}

enum State<R> {
    /// Nothing but ASCII seen so far: `block[pos..]` is handed out as is.
    Ascii {
        inner: R,
        block: Vec<u8>,
        pos: usize,
        eof: bool,
        first: bool,
    },
    /// The encoding is known; the decoder reads what is left of the block, then `inner`.
    Decoding(Box<Decoder<R>>),
    /// An I/O error happened while sniffing: the stream cannot go on.
    Failed,
}

impl<R: Read> Read for DecodingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            match &mut self.state {
                State::Decoding(decoder) => return decoder.read(buf),
                State::Ascii { block, pos, .. } if *pos < block.len() => {
                    let n = buf.len().min(block.len() - *pos);
                    buf[..n].copy_from_slice(&block[*pos..*pos + n]);
                    *pos += n;
                    return Ok(n);
                }
                State::Ascii { eof: true, .. } => return Ok(0),
                State::Ascii { .. } => self.next_block()?,
                State::Failed => {
                    return Err(io::Error::other("the file could not be read"));
                }
            }
        }
    }
}

impl<R: Read> DecodingReader<R> {
    /// Reads the next block and decides on the encoding if it is not plain ASCII.
    fn next_block(&mut self) -> io::Result<()> {
        let State::Ascii {
            mut inner,
            mut block,
            first,
            ..
        } = std::mem::replace(&mut self.state, State::Failed)
        else {
            return Ok(());
        };
        block.clear();
        let mut eof = fill(&mut inner, &mut block, SNIFF_BYTES)?;
        let builder = if first && Encoding::for_bom(&block).is_some() {
            // UTF-8 BOM: stripped, the rest passed through; UTF-16: transcoded.
            Some(decoder_builder(None))
        } else if let Some(i) = block.iter().position(|b| !b.is_ascii()) {
            if !eof {
                eof = fill(&mut inner, &mut block, i + SNIFF_BYTES)?;
            }
            let utf8 = is_utf8_prefix(&block[i..], eof);
            Some(decoder_builder((!utf8).then_some(WINDOWS_1252)))
        } else {
            None
        };
        self.state = match builder {
            Some(b) => State::Decoding(Box::new(b.build(Cursor::new(block).chain(inner)))),
            None => State::Ascii {
                inner,
                block,
                pos: 0,
                eof,
                first: false,
            },
        };
        Ok(())
    }
}

/// UTF-8 pass-through with BOM sniffing (`None`), or transcoding from `encoding`.
fn decoder_builder(encoding: Option<&'static Encoding>) -> DecodeReaderBytesBuilder {
    let mut b = DecodeReaderBytesBuilder::new();
    b.encoding(encoding).utf8_passthru(true).strip_bom(true);
    b
}

/// True when `bytes` are valid UTF-8, allowing a character cut at the end unless at end of file.
fn is_utf8_prefix(bytes: &[u8], eof: bool) -> bool {
    match std::str::from_utf8(bytes) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none() && !eof,
    }
}

/// Reads from `inner` until `block` holds `target` bytes; returns true at end of input.
pub(crate) fn fill<R: Read>(inner: &mut R, block: &mut Vec<u8>, target: usize) -> io::Result<bool> {
    let mut chunk = [0u8; 8192];
    while block.len() < target {
        let want = chunk.len().min(target - block.len());
        match inner.read(&mut chunk[..want]) {
            Ok(0) => return Ok(true),
            Ok(n) => block.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests;
