//! The PC4 table of the Regeling regio-indeling and DUO's 2015 VSV file per SWV.

use passend_core::ids::{Pc4, VestigingCode};
use passend_core::swv::{Sector, SwvCode};

use crate::error::ImportError;
use crate::issues::Issues;
use crate::table;
use crate::text::Encoding;

/// A row of the PC4 table.
#[derive(Clone, Debug)]
pub struct RegioRow {
    /// Line in the file.
    pub line: u64,
    /// The PC4.
    pub pc4: Pc4,
    /// Municipality (2015).
    pub gemeente: String,
    /// PO SWV, or the raw text when it is not a code (`Europoort`).
    pub po: Result<SwvCode, String>,
    /// VO SWV, or the raw text.
    pub vo: Result<SwvCode, String>,
}

/// Reads the PC4 table (UTF-8).
pub fn read_regio(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<Vec<RegioRow>, ImportError> {
    let table = table::read(
        file,
        bytes,
        Encoding::Utf8,
        &["PC4", "GEMEENTE", "PO_SWV", "VO_SWV"],
    )?;
    let mut out: Vec<RegioRow> = Vec::with_capacity(table.rows.len());
    let mut seen = std::collections::HashMap::new();
    for row in &table.rows {
        let pc4 = match Pc4::parse(row.get(0)) {
            Ok(pc4) => pc4,
            Err(e) => {
                issues.invalid(
                    file,
                    row.line,
                    "PC4",
                    None,
                    format!("{e}; regel overgeslagen"),
                );
                continue;
            }
        };
        if let Some(first) = seen.insert(pc4, row.line) {
            issues.duplicate(
                file,
                row.line,
                None,
                format!("postcodegebied {pc4} staat ook op regel {first}; de eerste regel telt"),
            );
            continue;
        }
        let swv = |index: usize, sector: Sector, column: &str, issues: &mut Issues| {
            let raw = row.get(index);
            match SwvCode::parse(raw) {
                Ok(code) if code.sector() == sector => Ok(code),
                Ok(code) => {
                    issues.invalid(
                        file,
                        row.line,
                        column,
                        None,
                        format!("{code} is geen {sector}-samenwerkingsverband"),
                    );
                    Err(raw.to_owned())
                }
                // Something that looks like a code but is not one is a typo; a name such as
                // "Europoort" is kept as a note, and the check reports the schools there.
                Err(e)
                    if raw.len() >= 2
                        && (raw[..2].eq_ignore_ascii_case("PO")
                            || raw[..2].eq_ignore_ascii_case("VO")) =>
                {
                    issues.invalid(file, row.line, column, None, e);
                    Err(raw.to_owned())
                }
                Err(_) => Err(raw.to_owned()),
            }
        };
        let po = swv(2, Sector::Po, "PO_SWV", issues);
        let vo = swv(3, Sector::Vo, "VO_SWV", issues);
        out.push(RegioRow {
            line: row.line,
            pc4,
            gemeente: row.get(1).to_owned(),
            po,
            vo,
        });
    }
    Ok(out)
}

/// A row of the VSV file: DUO's own SWV of a VO vestiging.
#[derive(Clone, Debug)]
pub struct VsvRow {
    /// Line in the file.
    pub line: u64,
    /// The SWV.
    pub swv: SwvCode,
    /// The vestiging (built from BRIN and a two-digit number).
    pub code: VestigingCode,
}

/// Reads the VSV file (ASCII).
pub fn read_vsv(file: &str, bytes: &[u8], issues: &mut Issues) -> Result<Vec<VsvRow>, ImportError> {
    let table = table::read(
        file,
        bytes,
        Encoding::Utf8,
        &[
            "SAMENWERKINGSVERBAND_NUMMER",
            "brin_nummer",
            "vestigings_nummer",
        ],
    )?;
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let code = match VestigingCode::from_parts(row.get(1), row.get(2)) {
            Ok(code) => code,
            Err(e) => {
                issues.invalid(
                    file,
                    row.line,
                    "vestigings_nummer",
                    None,
                    format!("{e}; regel overgeslagen"),
                );
                continue;
            }
        };
        match SwvCode::parse(row.get(0)) {
            Ok(swv) => out.push(VsvRow {
                line: row.line,
                swv,
                code,
            }),
            Err(e) => issues.invalid(file, row.line, "SAMENWERKINGSVERBAND_NUMMER", Some(code), e),
        }
    }
    Ok(out)
}
