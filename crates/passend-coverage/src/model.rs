//! The input of the analysis: schools with what they offer, PC4 areas with their
//! children, and the parameters.

use std::collections::BTreeMap;

use jiff::civil::Date;

use passend_core::demand::children;
use passend_core::geo::{LatLon, Xy, project};
use passend_core::ids::{Pc4, VestigingCode};
use passend_core::register::{Register, Vestiging};
use passend_core::school::{SchoolKind, Status};
use passend_core::support::{Level, NeedCode, ProfileBook, Taxonomy};
use passend_core::swv::{Sector, SwvCode};

/// Distances that count as "near enough" per level, and the detour factor.
///
/// The thresholds are road distances, as in the leerlingenvervoer rules ("langs de
/// kortste begaanbare weg"). passend has no road network, so it estimates a road distance
/// as the great-circle distance times the detour factor: a school is near enough when
/// `great-circle km × detour ≤ threshold`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// Threshold in km over the road for basis, extra and specialist.
    pub threshold_km: [f64; 3],
    /// Road distance ≈ great-circle distance × this factor.
    pub detour: f64,
}

impl Default for Params {
    /// The defaults of `data/instellingen/dekking.csv`: 6 km (the leerlingenvervoer rule
    /// for primary education), 10 km and 20 km; detour factor 1.3.
    fn default() -> Params {
        Params {
            threshold_km: [6.0, 10.0, 20.0],
            detour: 1.3,
        }
    }
}

impl Params {
    /// The threshold of a level, in km over the road.
    pub fn threshold(&self, level: Level) -> f64 {
        self.threshold_km[level_index(level)]
    }

    /// The great-circle radius that corresponds to the threshold of a level.
    pub fn radius(&self, level: Level) -> f64 {
        self.threshold(level) / self.detour
    }
}

pub(crate) fn level_index(level: Level) -> usize {
    match level {
        Level::Basis => 0,
        Level::Extra => 1,
        Level::Specialistisch => 2,
    }
}

pub(crate) fn sector_index(sector: Sector) -> usize {
    match sector {
        Sector::Po => 0,
        Sector::Vo => 1,
    }
}

/// A school as the analysis sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Site {
    /// The vestiging.
    pub code: VestigingCode,
    /// Its name, for reports.
    pub name: String,
    /// Its position.
    pub point: LatLon,
    /// The same, projected (km).
    pub xy: Xy,
    /// Whether it teaches primary-age and secondary-age children.
    pub serves: [bool; 2],
    /// The SWVs it belongs to.
    pub swvs: Vec<SwvCode>,
    /// A (V)SO school of cluster 1 or 2: a national institution that belongs to no SWV
    /// and serves every region, so it counts for every SWV, also in the SWV scope.
    pub national_institution: bool,
    /// Per need: the highest level offered and the places at that level.
    pub offers: BTreeMap<NeedCode, (Level, Option<u32>)>,
}

impl Site {
    /// Whether it counts for `swv` when only the SWV's own schools count: its members and
    /// the national institutions of clusters 1 and 2.
    pub fn counts_for(&self, swv: SwvCode) -> bool {
        self.national_institution || self.swvs.contains(&swv)
    }

    /// Whether it offers a need at `level` or higher.
    pub fn offers_at(&self, need: &NeedCode, level: Level) -> bool {
        self.offers.get(need).is_some_and(|(l, _)| *l >= level)
    }

    /// Its places for a need at `level` or higher (0 when unknown or basis).
    pub fn places_at(&self, need: &NeedCode, level: Level) -> u32 {
        match self.offers.get(need) {
            Some((l, places)) if *l >= level && level.has_places() => places.unwrap_or(0),
            _ => 0,
        }
    }
}

/// A PC4 area as the analysis sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Area {
    /// The PC4.
    pub pc4: Pc4,
    /// Its centre.
    pub point: LatLon,
    /// The same, projected.
    pub xy: Xy,
    /// Its PO and VO SWV.
    pub swv: [Option<SwvCode>; 2],
    /// Children of primary and of secondary age (estimated, see `passend_core::demand`).
    pub children: [f64; 2],
}

/// Everything the analysis needs.
#[derive(Clone, Debug)]
pub struct Model {
    /// The needs.
    pub taxonomy: Taxonomy,
    /// Open schools with a position.
    pub sites: Vec<Site>,
    /// PC4 areas with a centre.
    pub areas: Vec<Area>,
    /// Thresholds and detour factor.
    pub params: Params,
    /// Whether any profile in use is synthetic demo data.
    pub synthetic: bool,
}

/// Which age groups a vestiging teaches: primary (BAO, SBO, SO and the SO part of
/// (V)SO) and secondary (VO, PrO, VSO and the VSO part).
pub fn serves(v: &Vestiging) -> [bool; 2] {
    match v.kind {
        SchoolKind::Bao | SchoolKind::Sbo | SchoolKind::So => [true, false],
        SchoolKind::Vso | SchoolKind::Vo(_) | SchoolKind::Praktijkonderwijs => [false, true],
        SchoolKind::SoVso => match &v.special_offer {
            Some(offer) if !offer.clusters().is_empty() => {
                [!offer.so.is_empty(), !offer.vso.is_empty()]
            }
            _ => [true, true],
        },
    }
}

impl Model {
    /// Builds the model from the register and the profiles in force on `date`.
    pub fn build(
        register: &Register,
        book: &ProfileBook,
        taxonomy: Taxonomy,
        date: Date,
        params: Params,
    ) -> Model {
        let sites = register
            .vestigingen()
            .iter()
            .filter(|v| v.status == Status::Open)
            .filter_map(|v| {
                let location = v.location?;
                let swvs: Vec<SwvCode> = register.memberships_of(v.code).map(|m| m.swv).collect();
                Some(Site {
                    code: v.code,
                    name: v.name.clone(),
                    point: location.point,
                    xy: project(location.point),
                    serves: serves(v),
                    offers: book.effective(v.code, &swvs, date),
                    national_institution: v.cluster.as_ref().is_some_and(|c| !c.swv_member()),
                    swvs,
                })
            })
            .collect();
        let areas = register
            .pc4s()
            .iter()
            .filter_map(|a| {
                let point = a.centroid?;
                Some(Area {
                    pc4: a.pc4,
                    point,
                    xy: project(point),
                    swv: [a.po_swv, a.vo_swv],
                    children: [children(a, Sector::Po), children(a, Sector::Vo)],
                })
            })
            .collect();
        Model {
            taxonomy,
            sites,
            areas,
            params,
            synthetic: book.has_synthetic(date),
        }
    }
}
