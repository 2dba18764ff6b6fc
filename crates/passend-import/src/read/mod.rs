//! One reader per source file. Each returns typed rows and records row-level problems in
//! an [`Issues`] collector; only a file that cannot be read at all is an error.

use std::fmt::Display;

use passend_core::ids::{GemeenteCode, Postcode, VestigingCode};

use crate::issues::Issues;
use crate::table::Row;

pub mod cbs;
pub mod cluster;
pub mod geo;
pub mod overrides;
pub mod po;
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
