//! One reader per source file. Each returns typed rows and records row-level problems in
//! an [`Issues`] collector; only a file that cannot be read at all is an error.

use std::fmt::Display;

use passend_core::ids::{BoardNumber, GemeenteCode, Postcode, VestigingCode};
use passend_core::school::VoStructure;

use crate::issues::Issues;
use crate::table::Row;

pub mod cbs;
pub mod cluster;
pub mod funding;
pub mod geo;
pub mod overrides;
pub mod placement;
pub mod po;
pub mod profiles;
pub mod scenario;
pub mod settings;
pub mod swv;
pub mod vo;

/// An address as the DUO address lists give it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Address {
    /// Street and house number.
    pub street: Option<String>,
    /// Postcode.
    pub postcode: Option<Postcode>,
    /// Place.
    pub place: Option<String>,
    /// Municipality code.
    pub gemeente_code: Option<GemeenteCode>,
    /// Municipality name.
    pub gemeente_name: Option<String>,
    /// Province name as written.
    pub province: Option<String>,
}

/// A row of DUO's BO or VO address list: the two lay out their first fourteen columns
/// the same way (only the names of the code columns differ).
#[derive(Clone, Debug)]
pub struct AddressListRow {
    /// Line in the file.
    pub line: u64,
    /// The vestiging.
    pub code: VestigingCode,
    /// Board.
    pub board: Option<BoardNumber>,
    /// Name.
    pub name: String,
    /// Address.
    pub address: Address,
    /// Denominatie.
    pub denominatie: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Onderwijsstructuur (VO list only).
    pub structure: Option<VoStructure>,
}

/// Reads the shared columns of an address-list row; `structure` is read by the caller.
pub(crate) fn address_list_row(
    file: &str,
    row: &Row,
    code: VestigingCode,
    issues: &mut Issues,
) -> AddressListRow {
    AddressListRow {
        line: row.line,
        code,
        board: parse_or_issue(
            file,
            row,
            1,
            "BEVOEGD GEZAG NUMMER",
            Some(code),
            issues,
            BoardNumber::parse,
        ),
        name: row.get(4).to_owned(),
        address: Address {
            street: po::join_street(row.get(5), row.get(6)),
            postcode: parse_or_issue(
                file,
                row,
                7,
                "POSTCODE",
                Some(code),
                issues,
                Postcode::parse,
            ),
            place: row.opt(8).map(str::to_owned),
            gemeente_code: parse_or_issue(
                file,
                row,
                9,
                "GEMEENTENUMMER",
                Some(code),
                issues,
                GemeenteCode::parse,
            ),
            gemeente_name: row.opt(10).map(str::to_owned),
            province: row.opt(0).map(str::to_owned),
        },
        denominatie: row.opt(11).map(str::to_owned),
        website: row.opt(13).map(str::to_owned),
        structure: None,
    }
}

/// Parses an optional field; an empty field is `None`, a bad one is `None` plus an issue.
pub(crate) fn parse_or_issue<T, E: Display>(
    file: &str,
    row: &Row,
    index: usize,
    column: &str,
    vestiging: Option<VestigingCode>,
    issues: &mut Issues,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Option<T> {
    let value = row.opt(index)?;
    match parse(value) {
        Ok(v) => Some(v),
        Err(e) => {
            issues.invalid(file, row.line, column, vestiging, e);
            None
        }
    }
}
