//! Decoding source files: windows-1252 (DUO's "ANSI") or UTF-8 with or without a
//! byte-order mark, with the position of the first byte that does not fit.

use crate::error::{ImportError, ImportErrorKind};

/// The encoding a file is published in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// windows-1252 (cp1252): DUO's "ANSI" files. Not ISO-8859-1: `’` is 0x92.
    Windows1252,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Bytes that windows-1252 leaves undefined; their presence means another encoding.
const UNDEFINED_IN_1252: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Decodes a file. A UTF-8 byte-order mark always means UTF-8. A file published as
/// windows-1252 that turns out to be valid UTF-8 with non-ASCII text is read as UTF-8:
/// DUO has re-published files that way, and the two cannot be confused. Anything that
/// fits neither is an error at the first offending byte.
pub fn decode(file: &str, bytes: &[u8], expected: Encoding) -> Result<String, ImportError> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(error_at(
            file,
            bytes,
            pos,
            "het bestand bevat nul-bytes; is het UTF-16 of een binair bestand?".to_owned(),
        ));
    }
    if let Some(rest) = bytes.strip_prefix(BOM) {
        return strict_utf8(file, bytes, rest, BOM.len());
    }
    match expected {
        Encoding::Utf8 => strict_utf8(file, bytes, bytes, 0),
        Encoding::Windows1252 => {
            if !bytes.is_ascii()
                && let Ok(text) = std::str::from_utf8(bytes)
            {
                return Ok(text.to_owned());
            }
            if let Some(pos) = bytes.iter().position(|b| UNDEFINED_IN_1252.contains(b)) {
                return Err(error_at(
                    file,
                    bytes,
                    pos,
                    format!("byte 0x{:02X} bestaat niet in windows-1252", bytes[pos]),
                ));
            }
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Ok(text.into_owned())
        }
    }
}

fn strict_utf8(file: &str, all: &[u8], body: &[u8], offset: usize) -> Result<String, ImportError> {
    match std::str::from_utf8(body) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => Err(error_at(
            file,
            all,
            offset + e.valid_up_to(),
            "ongeldige UTF-8; is het bestand in windows-1252 (ANSI) opgeslagen?".to_owned(),
        )),
    }
}

fn error_at(file: &str, bytes: &[u8], pos: usize, message: String) -> ImportError {
    let before = &bytes[..pos];
    let line = before.iter().filter(|&&b| b == b'\n').count() as u64 + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..pos])
        .chars()
        .count()
        + 1;
    ImportError::at(
        file,
        line,
        Some(column.to_string()),
        ImportErrorKind::Encoding(message),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_quote_is_a_curly_apostrophe() {
        let text = decode("f.csv", b"Sint\x92s school", Encoding::Windows1252).unwrap();
        assert_eq!(text, "Sint\u{2019}s school");
    }

    #[test]
    fn a_byte_order_mark_is_stripped() {
        let text = decode("f.csv", b"\xEF\xBB\xBFINSTELLINGSCODE;X", Encoding::Utf8).unwrap();
        assert_eq!(text, "INSTELLINGSCODE;X");
        let text = decode(
            "f.csv",
            b"\xEF\xBB\xBFS\xC3\x9ADWEST",
            Encoding::Windows1252,
        )
        .unwrap();
        assert_eq!(text, "SÚDWEST");
    }

    #[test]
    fn utf8_files_published_as_ansi_are_read_as_utf8() {
        let text = decode("f.csv", "Súdwest-Fryslân".as_bytes(), Encoding::Windows1252).unwrap();
        assert_eq!(text, "Súdwest-Fryslân");
    }

    #[test]
    fn ansi_bytes_in_a_utf8_file_are_an_error_with_line_and_column() {
        let err = decode("po/06.csv", b"A;B\r\nS\xDAdwest;1\r\n", Encoding::Utf8).unwrap_err();
        assert_eq!(err.line, Some(2));
        assert_eq!(err.column.as_deref(), Some("2"));
        assert_eq!(
            err.to_string(),
            "po/06.csv, regel 2, kolom 2: verkeerde tekenset: ongeldige UTF-8; is het bestand in windows-1252 (ANSI) opgeslagen?"
        );
    }

    #[test]
    fn utf16_is_an_error() {
        let err = decode("f.csv", b"A\0;\0B\0", Encoding::Windows1252).unwrap_err();
        assert!(err.to_string().contains("nul-bytes"), "{err}");
    }

    #[test]
    fn bytes_undefined_in_windows_1252_are_an_error() {
        let err = decode("f.csv", b"ok\nab\x81c", Encoding::Windows1252).unwrap_err();
        assert_eq!((err.line, err.column.as_deref()), (Some(2), Some("3")));
    }
}
