//! Files an SWV edits itself: cluster overrides, membership overrides and SWV names.
//! Each is a `;`-separated UTF-8 table; a header without rows is fine.

use std::collections::BTreeMap;

use passend_core::cluster::ClusterSet;
use passend_core::ids::VestigingCode;
use passend_core::membership::MembershipClaim;
use passend_core::register::MembershipBasis;
use passend_core::swv::{Sector, SwvCode};

use super::po::vestiging_code;
use crate::error::ImportError;
use crate::issues::Issues;
use crate::table;
use crate::text::Encoding;

/// The header of `overrides/cluster.csv`.
pub const CLUSTER_HEADER: &[&str] = &["VESTIGINGSCODE", "CLUSTER", "TOELICHTING"];
/// The header of `overrides/lidmaatschap.csv`.
pub const MEMBERSHIP_HEADER: &[&str] = &["VESTIGINGSCODE", "SECTOR", "SWV", "TOELICHTING"];
/// The header of `overrides/swv-namen.csv`.
pub const NAMES_HEADER: &[&str] = &["SWV", "NAAM"];

/// Cluster overrides: vestiging → (clusters, the SWV's note).
pub fn read_cluster_overrides(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<BTreeMap<VestigingCode, (ClusterSet, String)>, ImportError> {
    let table = table::read_allow_empty(file, bytes, Encoding::Utf8, CLUSTER_HEADER)?;
    let mut out = BTreeMap::new();
    for row in &table.rows {
        let Some(code) = vestiging_code(file, row, 0, "VESTIGINGSCODE", issues) else {
            continue;
        };
        let Some(clusters) = ClusterSet::parse(row.get(1)) else {
            issues.invalid(
                file,
                row.line,
                "CLUSTER",
                Some(code),
                format!(
                    "onbekend cluster '{}': gebruik 1, 2, 3, 4 of 3/4; regel overgeslagen",
                    row.get(1)
                ),
            );
            continue;
        };
        if out
            .insert(code, (clusters, row.get(2).to_owned()))
            .is_some()
        {
            issues.duplicate(
                file,
                row.line,
                Some(code),
                format!("{code} staat er meer dan eens in; de laatste regel telt"),
            );
        }
    }
    Ok(out)
}

/// Membership overrides. An empty `SWV` records that the vestiging belongs to no SWV in
/// that sector.
pub fn read_membership_overrides(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<Vec<MembershipClaim>, ImportError> {
    let table = table::read_allow_empty(file, bytes, Encoding::Utf8, MEMBERSHIP_HEADER)?;
    let mut out: Vec<MembershipClaim> = Vec::new();
    for row in &table.rows {
        let Some(code) = vestiging_code(file, row, 0, "VESTIGINGSCODE", issues) else {
            continue;
        };
        let Some(sector) = Sector::parse(row.get(1)) else {
            issues.invalid(
                file,
                row.line,
                "SECTOR",
                Some(code),
                format!(
                    "onbekende sector '{}': gebruik PO of VO; regel overgeslagen",
                    row.get(1)
                ),
            );
            continue;
        };
        let swv = match row.opt(2).map(SwvCode::parse) {
            None => None,
            Some(Ok(swv)) if swv.sector() == sector => Some(swv),
            Some(Ok(swv)) => {
                issues.invalid(
                    file,
                    row.line,
                    "SWV",
                    Some(code),
                    format!("{swv} is geen {sector}-samenwerkingsverband; regel overgeslagen"),
                );
                continue;
            }
            Some(Err(e)) => {
                issues.invalid(
                    file,
                    row.line,
                    "SWV",
                    Some(code),
                    format!("{e}; regel overgeslagen"),
                );
                continue;
            }
        };
        let note = row.opt(3).unwrap_or("geen toelichting").to_owned();
        let claim = MembershipClaim {
            vestiging: code,
            sector,
            swv,
            basis: MembershipBasis::Override(note),
        };
        // As in the cluster file, the last row for a vestiging and sector counts.
        match out
            .iter_mut()
            .find(|c| c.vestiging == code && c.sector == sector)
        {
            Some(earlier) => {
                issues.duplicate(
                    file,
                    row.line,
                    Some(code),
                    format!("{code} ({sector}) staat er meer dan eens in; de laatste regel telt"),
                );
                *earlier = claim;
            }
            None => out.push(claim),
        }
    }
    Ok(out)
}

/// SWV names.
pub fn read_swv_names(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<BTreeMap<SwvCode, String>, ImportError> {
    let table = table::read_allow_empty(file, bytes, Encoding::Utf8, NAMES_HEADER)?;
    let mut out = BTreeMap::new();
    for row in &table.rows {
        match (SwvCode::parse(row.get(0)), row.opt(1)) {
            (Ok(swv), Some(name)) => {
                out.insert(swv, name.to_owned());
            }
            (Err(e), _) => issues.invalid(
                file,
                row.line,
                "SWV",
                None,
                format!("{e}; regel overgeslagen"),
            ),
            (Ok(_), None) => issues.invalid(
                file,
                row.line,
                "NAAM",
                None,
                "naam ontbreekt; regel overgeslagen",
            ),
        }
    }
    Ok(out)
}
