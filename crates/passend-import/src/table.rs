//! Semicolon-separated tables as DUO publishes them: a fixed header, trimmed fields,
//! and an error with line and column when the header or the row shape is wrong.

use crate::error::{ImportError, ImportErrorKind};
use crate::text::{Encoding, decode};

/// One data row with its line number in the file.
#[derive(Debug)]
pub struct Row {
    /// 1-based line of the row's start.
    pub line: u64,
    record: csv::StringRecord,
}

impl Row {
    /// Field `index`, with surrounding spaces removed (DUO pads empty fields with spaces).
    pub fn get(&self, index: usize) -> &str {
        self.record.get(index).map_or("", str::trim)
    }

    /// Field `index`, or `None` when empty after trimming.
    pub fn opt(&self, index: usize) -> Option<&str> {
        Some(self.get(index)).filter(|s| !s.is_empty())
    }
}

/// A whole table.
#[derive(Debug)]
pub struct Table {
    /// The header, trimmed.
    pub header: Vec<String>,
    /// The data rows.
    pub rows: Vec<Row>,
}

impl Table {
    /// The name of column `index`, for messages.
    pub fn column(&self, index: usize) -> &str {
        self.header.get(index).map_or("?", String::as_str)
    }
}

/// Reads a `;`-separated table. The header must start with `expected` (the columns as
/// published, in order); extra columns after them are allowed. Every row must have as
/// many fields as the header, and there must be at least one row.
pub fn read(
    file: &str,
    bytes: &[u8],
    encoding: Encoding,
    expected: &[&str],
) -> Result<Table, ImportError> {
    let table = read_table(file, bytes, encoding, expected, true, false)?;
    if table.rows.is_empty() {
        return Err(ImportError::new(file, ImportErrorKind::Empty));
    }
    Ok(table)
}

/// Like [`read`], but a header without rows is a valid, empty table, and the last line
/// need not end with a line break: for the override files people edit by hand.
pub fn read_allow_empty(
    file: &str,
    bytes: &[u8],
    encoding: Encoding,
    expected: &[&str],
) -> Result<Table, ImportError> {
    read_table(file, bytes, encoding, expected, false, false)
}

/// Like [`read_allow_empty`], for the settings files whose last column is free text
/// (`BRON`): a row with more fields than the header has a `;` in that text, and the
/// extra fields are joined back into it. Fewer fields are still an error.
pub fn read_free_last(
    file: &str,
    bytes: &[u8],
    encoding: Encoding,
    expected: &[&str],
) -> Result<Table, ImportError> {
    read_table(file, bytes, encoding, expected, false, true)
}

fn read_table(
    file: &str,
    bytes: &[u8],
    encoding: Encoding,
    expected: &[&str],
    complete_last_line: bool,
    free_last: bool,
) -> Result<Table, ImportError> {
    let text = decode(file, bytes, encoding)?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        // The field count is checked below, after blank lines are skipped.
        .flexible(true)
        .from_reader(text.as_bytes());
    // Lines are counted from byte offsets: the csv crate's own line count is off by one
    // for CRLF files, which DUO publishes. In a CRLF file a record's offset points at the
    // `\n` that ends the previous line, so that newline is counted too.
    let newlines: Vec<usize> = text
        .bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_at = |byte: u64| newlines.partition_point(|&nl| (nl as u64) <= byte) as u64 + 1;
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| csv_error(file, &e, &line_at))?
        .iter()
        .map(|h| h.trim().to_owned())
        .collect();
    for (i, want) in expected.iter().enumerate() {
        let found = header.get(i).map_or("", String::as_str);
        if !found.eq_ignore_ascii_case(want) {
            return Err(ImportError::at(
                file,
                1,
                Some((i + 1).to_string()),
                ImportErrorKind::Header {
                    expected: (*want).to_owned(),
                    found: found.to_owned(),
                },
            ));
        }
    }
    let mut rows = Vec::new();
    for result in reader.records() {
        let record = result.map_err(|e| csv_error(file, &e, &line_at))?;
        let line = record.position().map_or(0, |p| line_at(p.byte()));
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            // A line with only spaces, as some exports end.
            continue;
        }
        let record = if free_last && record.len() > header.len() && !header.is_empty() {
            let keep = header.len() - 1;
            let mut joined: csv::StringRecord = record.iter().take(keep).collect();
            joined.push_field(&record.iter().skip(keep).collect::<Vec<_>>().join(";"));
            joined.set_position(record.position().cloned());
            joined
        } else {
            record
        };
        if record.len() != header.len() {
            return Err(ImportError::at(
                file,
                line,
                None,
                ImportErrorKind::FieldCount {
                    expected: header.len() as u64,
                    found: record.len() as u64,
                },
            ));
        }
        rows.push(Row { line, record });
    }
    // Every published file ends its last line with a line break. Without one, a file
    // cut off inside its last field still has the right number of fields and would be
    // read as if complete.
    let after_last_break = text
        .rsplit_once('\n')
        .map_or(text.as_str(), |(_, tail)| tail);
    if complete_last_line && !rows.is_empty() && !after_last_break.trim().is_empty() {
        return Err(ImportError::at(
            file,
            newlines.len() as u64 + 1,
            None,
            ImportErrorKind::Truncated,
        ));
    }
    Ok(Table { header, rows })
}

/// The csv crate reads already-decoded text with flexible rows, so the only errors left
/// are structural; its own message is English and not shown.
fn csv_error(file: &str, e: &csv::Error, line_at: &dyn Fn(u64) -> u64) -> ImportError {
    ImportError {
        file: file.to_owned(),
        line: e.position().map(|p| line_at(p.byte())),
        column: None,
        kind: ImportErrorKind::Format("ongeldige CSV op deze regel".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_trimmed_and_blank_means_none() {
        let t = read(
            "f.csv",
            b"A;B\r\n x ;   \r\n",
            Encoding::Windows1252,
            &["A", "B"],
        )
        .unwrap();
        assert_eq!(t.rows[0].get(0), "x");
        assert_eq!(t.rows[0].opt(1), None);
        assert_eq!(t.rows[0].line, 2);
    }

    #[test]
    fn line_numbers_count_crlf_and_quoted_newlines() {
        for (data, expected) in [
            (&b"A;B\n1;2\n3;4\n"[..], [2, 3]),
            (&b"A;B\r\n1;2\r\n3;4\r\n"[..], [2, 3]),
            (&b"A;B\n\"x\ny\";2\n3;4\n"[..], [2, 4]),
        ] {
            let t = read("f.csv", data, Encoding::Utf8, &["A"]).unwrap();
            let lines: Vec<u64> = t.rows.iter().map(|r| r.line).collect();
            assert_eq!(lines, expected);
        }
    }

    #[test]
    fn a_wrong_header_names_line_and_column() {
        let err = read("vo/x.csv", b"A;C\n1;2\n", Encoding::Utf8, &["A", "B"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "vo/x.csv, regel 1, kolom 2: de kopregel klopt niet: verwacht 'B', gevonden 'C'"
        );
    }

    #[test]
    fn a_truncated_last_row_is_an_error() {
        let err = read("f.csv", b"A;B;C\n1;2;3\n4;5", Encoding::Utf8, &["A"]).unwrap_err();
        assert_eq!(err.line, Some(3));
        assert!(
            matches!(
                err.kind,
                ImportErrorKind::FieldCount {
                    expected: 3,
                    found: 2
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn a_last_line_without_line_break_is_an_error_in_published_files_only() {
        // Cut inside the last field: the field count is right, the value is not.
        let cut = b"A;B\r\n1;2\r\n3;45";
        let err = read("f.csv", &cut[..cut.len() - 1], Encoding::Utf8, &["A"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "f.csv, regel 3: de laatste regel houdt halverwege op; is het bestand afgebroken?"
        );
        let t = read_allow_empty("f.csv", b"A;B\n1;2", Encoding::Utf8, &["A"]).unwrap();
        assert_eq!(t.rows.len(), 1);
    }

    #[test]
    fn a_free_last_column_may_hold_semicolons() {
        let t = read_free_last(
            "f.csv",
            b"A;B\n1;x; y;z\n2;\"q;r\"\n",
            Encoding::Utf8,
            &["A", "B"],
        )
        .unwrap();
        assert_eq!(t.rows[0].get(1), "x; y;z");
        assert_eq!(t.rows[0].line, 2);
        assert_eq!(t.rows[1].get(1), "q;r");
        let err = read_free_last("f.csv", b"A;B;C\n1;2\n", Encoding::Utf8, &["A"]).unwrap_err();
        assert!(
            matches!(err.kind, ImportErrorKind::FieldCount { .. }),
            "{err}"
        );
    }

    #[test]
    fn lines_of_only_spaces_are_skipped() {
        for data in [
            &b"A;B\n1;2\n  "[..],
            b"A;B\r\n1;2\r\n \r\n",
            b"A;B\n \n1;2\n",
        ] {
            let t = read("f.csv", data, Encoding::Utf8, &["A"]).unwrap();
            assert_eq!(t.rows.len(), 1);
            assert_eq!(t.rows[0].get(1), "2");
        }
    }

    #[test]
    fn a_header_without_rows_is_an_error() {
        let err = read("f.csv", b"A;B\n", Encoding::Utf8, &["A"]).unwrap_err();
        assert!(matches!(err.kind, ImportErrorKind::Empty));
    }

    #[test]
    fn doubled_quotes_inside_quotes_are_unescaped_once() {
        // As in DUO's history file: "BS """"De Maasparel""""" gives BS ""De Maasparel"".
        let t = read(
            "f.csv",
            b"A;B\n\"BS \"\"\"\"De Maasparel\"\"\"\"\";1\n",
            Encoding::Utf8,
            &["A"],
        )
        .unwrap();
        assert_eq!(t.rows[0].get(0), "BS \"\"De Maasparel\"\"");
    }
}
