//! CBS "Inwoner-, huishouden- en woninggegevens per numeriek deel van de postcode" (xlsx).

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};

use passend_core::ids::Pc4;

use crate::error::{ImportError, ImportErrorKind};
use crate::issues::Issues;

/// The figures passend uses for one PC4.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CbsPc4 {
    /// Inhabitants; `None` when CBS suppressed the cell (`-99997`, "0-4 / geheim").
    pub inhabitants: Option<u32>,
    /// Inhabitants under 15.
    pub under_15: Option<u32>,
    /// Inhabitants 15 to 25.
    pub age_15_to_25: Option<u32>,
}

/// The columns used, by their label in the third header row, at their published place.
const COLUMNS: [(usize, &str); 4] = [
    (0, "Postcode-4"),
    (1, "Totaal"),
    (4, "tot 15 jaar"),
    (5, "15 tot 25 jaar"),
];

/// CBS's code for "0 - 4 / geheim".
const SUPPRESSED: i64 = -99_997;

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::String(s) => s.trim().to_owned(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => f.to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn cell_int(cell: &Data) -> Option<i64> {
    match cell {
        Data::Int(i) => Some(*i),
        Data::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        Data::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Spreadsheet column letters for messages (0 = A).
fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = String::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.insert(0, char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    out
}

/// Reads the first sheet. The header row is found by its first cell `Postcode-4`; data
/// rows follow the units row, one per PC4.
pub fn read_cbs(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<BTreeMap<Pc4, CbsPc4>, ImportError> {
    let format = |e: String| ImportError::new(file, ImportErrorKind::Format(e));
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| {
        format("geen leesbaar xlsx-bestand; is het beschadigd of afgebroken?".to_owned())
    })?;
    let Some(sheet) = workbook.sheet_names().first().cloned() else {
        return Err(format("het werkboek heeft geen werkblad".to_owned()));
    };
    let range = workbook.worksheet_range(&sheet).map_err(|_| {
        format(format!(
            "werkblad '{sheet}' kan niet worden gelezen; is het bestand beschadigd?"
        ))
    })?;
    let first_row = range.start().map_or(0, |(r, _)| r as u64);
    let rows: Vec<&[Data]> = range.rows().collect();
    let Some(header_index) = rows
        .iter()
        .position(|r| r.first().is_some_and(|c| cell_text(c) == "Postcode-4"))
    else {
        return Err(ImportError::at(
            file,
            1,
            Some("A".to_owned()),
            ImportErrorKind::Header {
                expected: "Postcode-4".to_owned(),
                found: String::new(),
            },
        ));
    };
    let sheet_row = |i: usize| first_row + i as u64 + 1;
    for (column, label) in COLUMNS {
        let found = rows[header_index]
            .get(column)
            .map(cell_text)
            .unwrap_or_default();
        if found != label {
            return Err(ImportError::at(
                file,
                sheet_row(header_index),
                Some(column_letter(column)),
                ImportErrorKind::Header {
                    expected: label.to_owned(),
                    found,
                },
            ));
        }
    }
    let mut out = BTreeMap::new();
    for (i, row) in rows.iter().enumerate().skip(header_index + 1) {
        let first = row.first().map(cell_text).unwrap_or_default();
        if first.is_empty() || first == "Code" {
            continue;
        }
        let place =
            |column: usize| format!("rij {}, kolom {}", sheet_row(i), column_letter(column));
        let pc4 = match cell_int(&row[0])
            .and_then(|n| u16::try_from(n).ok())
            .and_then(Pc4::new)
        {
            Some(pc4) => pc4,
            None => {
                // Notes below the table ("Bron: CBS") are text; anything else is reported.
                if !first.chars().next().is_some_and(char::is_alphabetic) {
                    issues.invalid_in(
                        file,
                        &place(0),
                        None,
                        format!("ongeldig postcodegebied '{first}'; rij overgeslagen"),
                    );
                }
                continue;
            }
        };
        let mut value = |column: usize| -> Option<u32> {
            let cell = row.get(column)?;
            match cell_int(cell) {
                Some(SUPPRESSED) => None,
                Some(n) => match u32::try_from(n) {
                    Ok(n) => Some(n),
                    Err(_) => {
                        issues.invalid_in(
                            file,
                            &place(column),
                            None,
                            format!("ongeldig aantal '{n}'"),
                        );
                        None
                    }
                },
                None if matches!(cell, Data::Empty) => None,
                None => {
                    issues.invalid_in(
                        file,
                        &place(column),
                        None,
                        format!("geen getal: '{}'", cell_text(cell)),
                    );
                    None
                }
            }
        };
        let figures = CbsPc4 {
            inhabitants: value(1),
            under_15: value(4),
            age_15_to_25: value(5),
        };
        if out.insert(pc4, figures).is_some() {
            issues.duplicate(
                file,
                sheet_row(i),
                None,
                format!("postcodegebied {pc4} komt twee keer voor; de laatste rij telt"),
            );
        }
    }
    if out.is_empty() {
        return Err(ImportError::new(file, ImportErrorKind::Empty));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }

    #[test]
    fn a_file_that_is_not_xlsx_is_an_error() {
        let err = read_cbs(
            "cbs/x.xlsx",
            b"PK\x03\x04 truncated",
            &mut Issues::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cbs/x.xlsx: geen leesbaar xlsx-bestand"),
            "{err}"
        );
    }
}
