//! DUO's primary-education files: the address list of basisscholen and the pupil history
//! of every PO vestiging (BAO, SBO, SO, VSO, SO/VSO).

use passend_core::ids::{BoardNumber, GemeenteCode, VestigingCode};
use passend_core::pupils::{Peildatum, PupilCount};
use passend_core::school::SchoolKind;

use super::{AddressListRow, address_list_row, parse_or_issue};
use crate::error::{ImportError, ImportErrorKind};
use crate::issues::Issues;
use crate::table::{self, Row};
use crate::text::Encoding;

/// A row of "Alle schoolvestigingen basisonderwijs".
pub type BoRow = AddressListRow;

const BO_HEADER: &[&str] = &[
    "PROVINCIE",
    "BEVOEGD GEZAG NUMMER",
    "INSTELLINGSCODE",
    "VESTIGINGSCODE",
    "VESTIGINGSNAAM",
    "STRAATNAAM",
    "HUISNUMMER-TOEVOEGING",
    "POSTCODE",
    "PLAATSNAAM",
    "GEMEENTENUMMER",
    "GEMEENTENAAM",
    "DENOMINATIE",
    "TELEFOONNUMMER",
    "INTERNETADRES",
];

/// Reads the BO address list (windows-1252).
pub fn read_bo_addresses(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<Vec<BoRow>, ImportError> {
    let table = table::read(file, bytes, Encoding::Windows1252, BO_HEADER)?;
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let Some(code) = vestiging_code(file, row, 3, &table.header[3], issues) else {
            continue;
        };
        if !brin_matches(file, row, 2, code, issues) {
            continue;
        }
        out.push(address_list_row(file, row, code, issues));
    }
    Ok(out)
}

/// A row of "Historisch overzicht aantal leerlingen per schoolvestiging".
#[derive(Clone, Debug)]
pub struct HistoryRow {
    /// Line in the file.
    pub line: u64,
    /// The vestiging.
    pub code: VestigingCode,
    /// Name (double-escaped quotes repaired).
    pub name: String,
    /// `SOORT_VESTIGING`.
    pub kind: Option<SchoolKind>,
    /// Denominatie.
    pub denominatie: Option<String>,
    /// Board.
    pub board: Option<BoardNumber>,
    /// Municipality code (not zero-padded in the file).
    pub gemeente_code: Option<GemeenteCode>,
    /// Municipality name (current names).
    pub gemeente_name: Option<String>,
    /// Counts above zero, oldest first.
    pub counts: Vec<(Peildatum, PupilCount)>,
    /// The count of the newest year in the file, zero included: zero means closed.
    pub latest: Option<PupilCount>,
}

const HISTORY_HEADER: &[&str] = &[
    "INSTELLINGSCODE",
    "VESTIGINGSCODE",
    "NAAM_VESTIGING",
    "SOORT_VESTIGING",
    "DENOMINATIE_VESTIGING",
    "BEVOEGD_GEZAG_NUMMER",
    "GEMEENTECODE_VESTIGING",
    "GEMEENTENAAM_VESTIGING",
];

/// The kind in DUO's `SOORT_VESTIGING`.
pub fn po_kind(value: &str) -> Option<SchoolKind> {
    match value.trim().to_ascii_uppercase().as_str() {
        "BO" | "BAO" => Some(SchoolKind::Bao),
        "SBO" | "SBAO" => Some(SchoolKind::Sbo),
        "SO" => Some(SchoolKind::So),
        "VSO" => Some(SchoolKind::Vso),
        "SO/VSO" | "(V)SO" => Some(SchoolKind::SoVso),
        _ => None,
    }
}

/// Reads the PO pupil history (UTF-8 with a byte-order mark). The year columns
/// `LEERLINGEN_1996` ... must follow each other without gaps.
pub fn read_po_history(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<(Vec<HistoryRow>, Vec<i16>), ImportError> {
    let table = table::read(file, bytes, Encoding::Utf8, HISTORY_HEADER)?;
    let mut years = Vec::new();
    for (i, name) in table.header.iter().enumerate().skip(HISTORY_HEADER.len()) {
        let year = name
            .strip_prefix("LEERLINGEN_")
            .and_then(|y| y.parse::<i16>().ok())
            .filter(|y| {
                years.last().is_none_or(|last| *y == last + 1)
                    && Peildatum::try_october_first(*y).is_some()
            });
        match year {
            Some(y) => years.push(y),
            None => {
                let expected = years.last().map_or("LEERLINGEN_<jaar>".to_owned(), |y| {
                    format!("LEERLINGEN_{}", y + 1)
                });
                return Err(ImportError::at(
                    file,
                    1,
                    Some((i + 1).to_string()),
                    ImportErrorKind::Header {
                        expected,
                        found: name.clone(),
                    },
                ));
            }
        }
    }
    if years.is_empty() {
        return Err(ImportError::at(
            file,
            1,
            Some((HISTORY_HEADER.len() + 1).to_string()),
            ImportErrorKind::Header {
                expected: "LEERLINGEN_<jaar>".to_owned(),
                found: String::new(),
            },
        ));
    }
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let Some(code) = vestiging_code(file, row, 1, "VESTIGINGSCODE", issues) else {
            continue;
        };
        let kind = po_kind(row.get(3));
        if kind.is_none() {
            issues.invalid(
                file,
                row.line,
                "SOORT_VESTIGING",
                Some(code),
                format!("onbekende soort '{}'", row.get(3)),
            );
        }
        let mut counts = Vec::new();
        let mut latest = None;
        for (offset, year) in years.iter().enumerate() {
            let column = HISTORY_HEADER.len() + offset;
            match PupilCount::parse(row.get(column)) {
                Ok(Some(count)) => {
                    if count.is_positive() {
                        counts.push((Peildatum::october_first(*year), count));
                    }
                    if offset + 1 == years.len() {
                        latest = Some(count);
                    }
                }
                Ok(None) => {}
                Err(e) => issues.invalid(file, row.line, table.column(column), Some(code), e),
            }
        }
        out.push(HistoryRow {
            line: row.line,
            code,
            name: row.get(2).replace("\"\"", "\""),
            kind,
            denominatie: row.opt(4).map(str::to_owned),
            board: parse_or_issue(
                file,
                row,
                5,
                "BEVOEGD_GEZAG_NUMMER",
                Some(code),
                issues,
                BoardNumber::parse,
            ),
            gemeente_code: parse_or_issue(
                file,
                row,
                6,
                "GEMEENTECODE_VESTIGING",
                Some(code),
                issues,
                GemeenteCode::parse,
            ),
            gemeente_name: row.opt(7).map(str::to_owned),
            counts,
            latest,
        });
    }
    Ok((out, years))
}

/// Reads a vestigingscode column; an unreadable code skips the row with an issue.
pub(crate) fn vestiging_code(
    file: &str,
    row: &Row,
    index: usize,
    column: &str,
    issues: &mut Issues,
) -> Option<VestigingCode> {
    match VestigingCode::parse(row.get(index)) {
        Ok(code) => Some(code),
        Err(e) => {
            issues.invalid(
                file,
                row.line,
                column,
                None,
                format!("{e}; regel overgeslagen"),
            );
            None
        }
    }
}

/// Whether the BRIN column agrees with the vestigingscode; if not, an issue.
pub(crate) fn brin_matches(
    file: &str,
    row: &Row,
    index: usize,
    code: VestigingCode,
    issues: &mut Issues,
) -> bool {
    if row.get(index).eq_ignore_ascii_case(code.brin().as_str()) {
        true
    } else {
        issues.invalid(
            file,
            row.line,
            "INSTELLINGSCODE",
            Some(code),
            format!(
                "instellingscode '{}' hoort niet bij vestigingscode {code}; regel overgeslagen",
                row.get(index)
            ),
        );
        false
    }
}

/// Joins street and house number as DUO splits them.
pub(crate) fn join_street(street: &str, number: &str) -> Option<String> {
    match (street.trim(), number.trim()) {
        ("", _) => None,
        (s, "") => Some(s.to_owned()),
        (s, n) => Some(format!("{s} {n}")),
    }
}
