//! The finder for one child: every school that can serve it, nearest first, and the
//! nearby schools that cannot, each with its reason.
//!
//! A school can serve the child when its support profile (raised to the SWV's
//! basisondersteuning) offers every need at the level asked or higher, and it has room:
//! for a need at extra or specialist level, the profile's places at the level it offers
//! are not 0. Profiles give places, not how many are taken, so "room" means "has places
//! for this"; a profile without a number of places counts as room, and says so.

use passend_core::geo::LatLon;
use passend_core::support::Level;
use passend_core::swv::{Sector, SwvCode};
use passend_coverage::Model;

use crate::eligibility::{Unserved, serves};
use crate::instance::{NeedLevel, distance_m};

/// What the finder is asked.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    /// The SWV whose schools count (its members and the national institutions of
    /// clusters 1 and 2).
    pub swv: SwvCode,
    /// Where the child lives.
    pub home: LatLon,
    /// What it needs.
    pub needs: Vec<NeedLevel>,
}

/// Why a school cannot take the child.
#[derive(Clone, Debug, PartialEq)]
pub enum Unfit {
    /// It does not offer a need, or not at the level asked.
    Unserved(Unserved),
    /// It offers the need at the level, but its profile has 0 places there.
    Full(Vec<NeedLevel>),
}

impl std::fmt::Display for Unfit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unfit::Unserved(u) => u.fmt(f),
            Unfit::Full(needs) => {
                let list: Vec<String> = needs
                    .iter()
                    .map(|n| format!("{} ({})", n.need, n.level.label()))
                    .collect();
                write!(f, "vol: geen plaatsen voor {}", list.join(", "))
            }
        }
    }
}

/// One school in the answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The school, by index into the model's sites.
    pub site: usize,
    /// Great-circle distance from home, whole metres.
    pub distance_m: i64,
    /// Its places for each need the child has at extra or specialist level (`None`
    /// where the profile gives no number).
    pub places: Vec<(NeedLevel, Option<u32>)>,
    /// Why it cannot take the child, if it cannot.
    pub unfit: Option<Unfit>,
}

/// The answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The sector of the SWV.
    pub sector: Sector,
    /// Every school that can, nearest first.
    pub fits: Vec<Found>,
    /// The nearest schools that cannot (at most the number asked), nearest first.
    pub nearby_unfit: Vec<Found>,
    /// How many schools of the SWV cannot, in all.
    pub unfit_total: usize,
}

/// Finds the schools for a child among the schools of an SWV in `model`.
pub fn find(model: &Model, request: &Request, nearby: usize) -> Answer {
    let sector = request.swv.sector();
    let mut fits = Vec::new();
    let mut unfit = Vec::new();
    for (i, site) in model.sites.iter().enumerate() {
        let age = usize::from(sector == Sector::Vo);
        if !site.serves[age] || !site.counts_for(request.swv) {
            continue;
        }
        let offers: Vec<NeedLevel> = site
            .offers
            .iter()
            .map(|(need, (level, _))| NeedLevel {
                need: need.clone(),
                level: *level,
            })
            .collect();
        let places: Vec<(NeedLevel, Option<u32>)> = request
            .needs
            .iter()
            .filter(|n| n.level != Level::Basis)
            .map(|n| (n.clone(), site.offers.get(&n.need).and_then(|(_, p)| *p)))
            .collect();
        let why = match serves(&offers, &request.needs) {
            Err(u) => Some(Unfit::Unserved(u)),
            Ok(()) => {
                let full: Vec<NeedLevel> = places
                    .iter()
                    .filter(|(_, p)| *p == Some(0))
                    .map(|(n, _)| n.clone())
                    .collect();
                (!full.is_empty()).then_some(Unfit::Full(full))
            }
        };
        let found = Found {
            site: i,
            distance_m: distance_m(request.home, site.point),
            places,
            unfit: why,
        };
        if found.unfit.is_some() {
            unfit.push(found);
        } else {
            fits.push(found);
        }
    }
    let by_distance = |a: &Found, b: &Found| (a.distance_m, a.site).cmp(&(b.distance_m, b.site));
    fits.sort_by(by_distance);
    unfit.sort_by(by_distance);
    let unfit_total = unfit.len();
    unfit.truncate(nearby);
    Answer {
        sector,
        fits,
        nearby_unfit: unfit,
        unfit_total,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use passend_core::geo::project;
    use passend_core::ids::VestigingCode;
    use passend_core::support::{NeedCode, Taxonomy};
    use passend_coverage::{Params, Site};

    use super::*;
    use crate::testgen::nl;

    fn site(code: &str, lat: f64, offers: &[(&str, Level, Option<u32>)], swv: &str) -> Site {
        let point = LatLon { lat, lon: 5.0 };
        Site {
            code: VestigingCode::parse(code).unwrap(),
            name: code.to_owned(),
            point,
            xy: project(point),
            serves: [true, false],
            swvs: vec![SwvCode::parse(swv).unwrap()],
            national_institution: false,
            offers: offers
                .iter()
                .map(|(n, l, p)| (NeedCode::parse(n).unwrap(), (*l, *p)))
                .collect::<BTreeMap<_, _>>(),
        }
    }

    #[test]
    fn schools_that_can_come_nearest_first_and_the_others_say_why() {
        let model = Model {
            taxonomy: Taxonomy::default(),
            sites: vec![
                site(
                    "00AA00",
                    52.10,
                    &[("dyslexie", Level::Extra, Some(3))],
                    "PO2201",
                ),
                site(
                    "00AB00",
                    52.01,
                    &[("dyslexie", Level::Basis, None)],
                    "PO2201",
                ),
                site(
                    "00AC00",
                    52.05,
                    &[("dyslexie", Level::Specialistisch, Some(0))],
                    "PO2201",
                ),
                site(
                    "00AD00",
                    52.02,
                    &[("dyslexie", Level::Extra, None)],
                    "PO2201",
                ),
                site(
                    "00AE00",
                    52.00,
                    &[("dyslexie", Level::Extra, Some(9))],
                    "PO2301",
                ),
            ],
            areas: Vec::new(),
            params: Params::default(),
            synthetic: true,
        };
        let request = Request {
            swv: SwvCode::parse("PO2201").unwrap(),
            home: LatLon {
                lat: 52.0,
                lon: 5.0,
            },
            needs: vec![nl("dyslexie", Level::Extra)],
        };
        let answer = find(&model, &request, 5);
        let fits: Vec<(&str, i64)> = answer
            .fits
            .iter()
            .map(|f| (model.sites[f.site].name.as_str(), f.distance_m))
            .collect();
        assert_eq!(fits, [("00AD00", 2224), ("00AA00", 11120)]);
        assert_eq!(
            answer.fits[0].places,
            [(nl("dyslexie", Level::Extra), None)]
        );
        let unfit: Vec<(&str, String)> = answer
            .nearby_unfit
            .iter()
            .map(|f| {
                (
                    model.sites[f.site].name.as_str(),
                    f.unfit.as_ref().unwrap().to_string(),
                )
            })
            .collect();
        assert_eq!(
            unfit,
            [
                (
                    "00AB00",
                    "biedt dyslexie alleen tot basisondersteuning (gevraagd: extra ondersteuning)"
                        .to_owned()
                ),
                (
                    "00AC00",
                    "vol: geen plaatsen voor dyslexie (extra ondersteuning)".to_owned()
                ),
            ]
        );
        assert_eq!(answer.unfit_total, 2);
        assert_eq!(find(&model, &request, 1).nearby_unfit.len(), 1);
    }
}
