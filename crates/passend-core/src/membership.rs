//! Which samenwerkingsverband each vestiging belongs to, per sector.
//!
//! The legal rule (WPO art. 18a lid 2; WVO art. 17a lid 2): a vestiging belongs to the
//! SWV of the area it lies in, and the Regeling regio-indeling (BWBR0032324) gives the
//! area of every PC4. The SO part of a (V)SO school belongs to the PO SWV, the VSO part
//! to the VO SWV; clusters 1 and 2 belong to none. Boards of one richting may form a
//! landelijk SWV (WPO art. 18a lid 15), whose vestigingen then leave the regional one.

use std::collections::{BTreeSet, HashMap};

use crate::cluster::{Cluster, ClusterSet};
use crate::ids::{Pc4, VestigingCode};
use crate::register::{Membership, MembershipBasis, Pc4Area, Vestiging};
use crate::school::SchoolKind;
use crate::swv::{Sector, SwvCode};

/// The sectors in which a vestiging must belong to an SWV; empty for clusters 1 and 2.
pub fn required_sectors(v: &Vestiging) -> Vec<Sector> {
    if !v.kind.is_special() {
        return v.kind.sectors().to_vec();
    }
    if let Some(cluster) = &v.cluster
        && !cluster.swv_member()
    {
        return Vec::new();
    }
    let in_swv = |set: ClusterSet| set.contains(Cluster::Three) || set.contains(Cluster::Four);
    match &v.special_offer {
        Some(offer) if !offer.clusters().is_empty() => {
            let mut sectors = Vec::new();
            if in_swv(offer.so) {
                sectors.push(Sector::Po);
            }
            if in_swv(offer.vso) {
                sectors.push(Sector::Vo);
            }
            sectors
        }
        _ => v.kind.sectors().to_vec(),
    }
}

/// A claim that a vestiging belongs to an SWV other than by its area: from the SWV's
/// override file or from a source that lists a landelijk SWV's members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MembershipClaim {
    /// The vestiging.
    pub vestiging: VestigingCode,
    /// The sector.
    pub sector: Sector,
    /// The SWV, or `None` to record that the vestiging belongs to no SWV in this sector.
    pub swv: Option<SwvCode>,
    /// Override or landelijk, with its evidence.
    pub basis: MembershipBasis,
}

/// Why a vestiging that must belong to an SWV could not be placed in one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unassigned {
    /// Its PC4 is not in the regeling's table (a postcode newer than 2015).
    UnknownPc4(Pc4),
    /// The regeling gives no SWV code for its PC4 (such as `Europoort`).
    NoSwvForPc4(Pc4, String),
    /// No postcode, and its municipality is unknown or split over several SWVs.
    NoPostcode,
}

/// The result of deriving memberships.
#[derive(Clone, Debug, Default)]
pub struct Derivation {
    /// One membership per vestiging and required sector, where one could be found.
    pub memberships: Vec<Membership>,
    /// The vestigingen (open or closed) that must belong to an SWV but could not be placed.
    pub unassigned: Vec<(VestigingCode, Sector, Unassigned)>,
}

/// The landelijk SWV a vestiging presumably belongs to by its denominatie: reformatorische
/// basisscholen and SBO to PO0001, reformatorische VO and PrO to VO0001. DUO's own 2015
/// VSV file places 25 of the 26 VO0001 vestigingen it lists under denominatie
/// "Reformatorisch" (the 26th is not in the address list); no bundled file lists PO0001's
/// members, so this is an inference, labelled as such, that an SWV corrects in its
/// override file.
pub fn landelijk_by_denominatie(
    kind: SchoolKind,
    denominatie: Option<&str>,
) -> Option<(SwvCode, String)> {
    let denominatie = denominatie?.trim();
    if !denominatie.eq_ignore_ascii_case("reformatorisch") {
        return None;
    }
    let code = match kind {
        SchoolKind::Bao | SchoolKind::Sbo => "PO0001",
        SchoolKind::Vo(_) | SchoolKind::Praktijkonderwijs => "VO0001",
        _ => return None,
    };
    // Invariant: the literal codes above are valid.
    let swv = SwvCode::parse(code).expect("valid landelijk SWV code");
    Some((
        swv,
        "afgeleid uit denominatie Reformatorisch (vermoedelijk; geen ledenlijst in de open data)"
            .to_owned(),
    ))
}

/// A municipality name folded for comparison across sources and years: upper case,
/// without accents, spaces or punctuation (`Súdwest-Fryslân` = `SUDWESTFRYSLAN`).
pub fn fold_gemeente(name: &str) -> String {
    name.chars()
        .filter_map(|c| {
            let c = match c {
                'á' | 'à' | 'â' | 'ä' | 'Á' | 'À' | 'Â' | 'Ä' => 'A',
                'é' | 'è' | 'ê' | 'ë' | 'É' | 'È' | 'Ê' | 'Ë' => 'E',
                'í' | 'ì' | 'î' | 'ï' | 'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
                'ó' | 'ò' | 'ô' | 'ö' | 'Ó' | 'Ò' | 'Ô' | 'Ö' => 'O',
                'ú' | 'ù' | 'û' | 'ü' | 'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
                c => c.to_ascii_uppercase(),
            };
            c.is_ascii_alphanumeric().then_some(c)
        })
        .collect()
}

/// Which SWVs each municipality's PC4s belong to, per sector (names folded).
#[derive(Debug, Default)]
pub struct GemeenteIndex(HashMap<(String, Sector), BTreeSet<SwvCode>>);

impl GemeenteIndex {
    /// Indexes the PC4 table.
    pub fn new(pc4s: &[Pc4Area]) -> GemeenteIndex {
        let mut index: HashMap<(String, Sector), BTreeSet<SwvCode>> = HashMap::new();
        for area in pc4s {
            for sector in Sector::ALL {
                if let Some(swv) = area.swv(sector) {
                    index
                        .entry((fold_gemeente(&area.gemeente), sector))
                        .or_default()
                        .insert(swv);
                }
            }
        }
        GemeenteIndex(index)
    }

    /// The SWV of a sector, when the municipality lies wholly in one.
    pub fn only_swv(&self, gemeente: &str, sector: Sector) -> Option<SwvCode> {
        let swvs = self.0.get(&(fold_gemeente(gemeente), sector))?;
        match swvs.len() {
            1 => swvs.iter().next().copied(),
            _ => None,
        }
    }
}

/// Derives every membership: an override or landelijk claim first, then the PC4 of the
/// postcode, then (only without a postcode) a municipality that lies wholly in one SWV.
pub fn derive(
    vestigingen: &[Vestiging],
    pc4s: &[Pc4Area],
    claims: &[MembershipClaim],
) -> Derivation {
    let by_pc4: HashMap<Pc4, &Pc4Area> = pc4s.iter().map(|a| (a.pc4, a)).collect();
    let by_gemeente = GemeenteIndex::new(pc4s);
    let mut claims_by_key: HashMap<(VestigingCode, Sector), &MembershipClaim> = HashMap::new();
    for claim in claims {
        // An override beats a landelijk claim for the same vestiging and sector.
        let replace = match claims_by_key.get(&(claim.vestiging, claim.sector)) {
            None => true,
            Some(existing) => {
                matches!(claim.basis, MembershipBasis::Override(_))
                    && !matches!(existing.basis, MembershipBasis::Override(_))
            }
        };
        if replace {
            claims_by_key.insert((claim.vestiging, claim.sector), claim);
        }
    }

    let mut out = Derivation::default();
    for v in vestigingen {
        // An override may place a vestiging in a sector it need not be in; keep it, so
        // that the composition check can report it instead of it vanishing.
        let mut sectors = required_sectors(v);
        for sector in Sector::ALL {
            let overridden = claims_by_key.get(&(v.code, sector)).is_some_and(|c| {
                c.swv.is_some() && matches!(c.basis, MembershipBasis::Override(_))
            });
            if overridden && !sectors.contains(&sector) {
                sectors.push(sector);
            }
        }
        for sector in sectors {
            let mut push = |swv: SwvCode, basis: MembershipBasis| {
                out.memberships.push(Membership {
                    vestiging: v.code,
                    sector,
                    swv,
                    basis,
                });
            };
            if let Some(claim) = claims_by_key.get(&(v.code, sector)) {
                if let Some(swv) = claim.swv {
                    push(swv, claim.basis.clone());
                }
                continue;
            }
            if let Some((swv, evidence)) =
                landelijk_by_denominatie(v.kind, v.denominatie.as_deref())
                && swv.sector() == sector
            {
                push(swv, MembershipBasis::Landelijk(evidence));
                continue;
            }
            match v.pc4() {
                Some(pc4) => match by_pc4.get(&pc4).filter(|a| a.in_regeling) {
                    Some(area) => match area.swv(sector) {
                        Some(swv) => push(swv, MembershipBasis::Pc4(pc4)),
                        None => out.unassigned.push((
                            v.code,
                            sector,
                            Unassigned::NoSwvForPc4(pc4, area.note.clone().unwrap_or_default()),
                        )),
                    },
                    None => out
                        .unassigned
                        .push((v.code, sector, Unassigned::UnknownPc4(pc4))),
                },
                None => {
                    let unique = v
                        .gemeente
                        .as_ref()
                        .and_then(|g| by_gemeente.only_swv(&g.name, sector).map(|swv| (g, swv)));
                    match unique {
                        Some((gemeente, swv)) => {
                            push(swv, MembershipBasis::Gemeente(gemeente.name.clone()));
                        }
                        None => out
                            .unassigned
                            .push((v.code, sector, Unassigned::NoPostcode)),
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
