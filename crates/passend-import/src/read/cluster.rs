//! The cluster extract of DUO's address list of SBO, SO and VSO vestigingen.

use passend_core::cluster::{ClusterSet, SpecialOffer};
use passend_core::ids::{BoardNumber, GemeenteCode, Postcode, VestigingCode};
use passend_core::school::SchoolKind;

use super::parse_or_issue;
use super::po::{brin_matches, po_kind, vestiging_code};
use crate::error::ImportError;
use crate::issues::Issues;
use crate::table;
use crate::text::Encoding;

/// A row of the extract.
#[derive(Clone, Debug)]
pub struct ClusterRow {
    /// Line in the file.
    pub line: u64,
    /// The vestiging.
    pub code: VestigingCode,
    /// `SOORT PRIMAIR ONDERWIJS`: (V)SO, SO or VSO.
    pub kind: Option<SchoolKind>,
    /// Board.
    pub board: Option<BoardNumber>,
    /// Name.
    pub name: String,
    /// Postcode.
    pub postcode: Option<Postcode>,
    /// Place.
    pub place: Option<String>,
    /// Municipality code (zero-padded in this file).
    pub gemeente_code: Option<GemeenteCode>,
    /// `CLUSTER`.
    pub cluster: Option<ClusterSet>,
    /// `ONDERWIJS`, raw.
    pub onderwijs: String,
    /// `ONDERWIJS`, parsed.
    pub offer: Option<SpecialOffer>,
}

const HEADER: &[&str] = &[
    "SOORT PRIMAIR ONDERWIJS",
    "BEVOEGD GEZAG NUMMER",
    "INSTELLINGSCODE",
    "VESTIGINGSCODE",
    "VESTIGINGSNAAM",
    "POSTCODE",
    "PLAATSNAAM",
    "GEMEENTENUMMER",
    "CLUSTER",
    "ONDERWIJS",
];

/// Reads the extract (UTF-8).
pub fn read_clusters(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<Vec<ClusterRow>, ImportError> {
    let table = table::read(file, bytes, Encoding::Utf8, HEADER)?;
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let Some(code) = vestiging_code(file, row, 3, "VESTIGINGSCODE", issues) else {
            continue;
        };
        if !brin_matches(file, row, 2, code, issues) {
            continue;
        }
        let kind = po_kind(row.get(0));
        if kind.is_none() {
            issues.invalid(
                file,
                row.line,
                "SOORT PRIMAIR ONDERWIJS",
                Some(code),
                format!("onbekende soort '{}'", row.get(0)),
            );
        }
        let cluster = parse_or_issue(file, row, 8, "CLUSTER", Some(code), issues, |s| {
            ClusterSet::parse(s).ok_or_else(|| format!("onbekend cluster '{s}'"))
        });
        let offer = parse_or_issue(
            file,
            row,
            9,
            "ONDERWIJS",
            Some(code),
            issues,
            SpecialOffer::parse,
        );
        if let (Some(cluster), Some(offer)) = (cluster, &offer)
            && offer.clusters() != cluster
        {
            issues.invalid(
                file,
                row.line,
                "CLUSTER",
                Some(code),
                format!(
                    "cluster {cluster} past niet bij het onderwijsaanbod (cluster {})",
                    offer.clusters()
                ),
            );
        }
        out.push(ClusterRow {
            line: row.line,
            code,
            kind,
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
            postcode: parse_or_issue(
                file,
                row,
                5,
                "POSTCODE",
                Some(code),
                issues,
                Postcode::parse,
            ),
            place: row.opt(6).map(str::to_owned),
            gemeente_code: parse_or_issue(
                file,
                row,
                7,
                "GEMEENTENUMMER",
                Some(code),
                issues,
                GemeenteCode::parse,
            ),
            cluster,
            onderwijs: row.get(9).to_owned(),
            offer,
        });
    }
    Ok(out)
}
