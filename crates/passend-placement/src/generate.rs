//! Synthetic placement instances from the real schools, their support profiles and the
//! children per PC4: for trying the algorithms and measuring them, never real pupils.
//!
//! - Schools: the open schools of the sector in the SWV (its members, without the national
//!   institutions of clusters 1 and 2, which place pupils nationally) or in the country,
//!   with what their profile offers. Capacity is the intake of one round: every school's share of the
//!   sector's pupils, so that all schools together have room for 10 % more pupils than
//!   the instance has (divided by largest remainder: in a small instance a small school
//!   may have no seat); places per need are the profile's places scaled the same way,
//!   rounded up.
//! - Pupils: a home drawn by the number of children per PC4 (CBS), within 1 km of the
//!   PC4's centre; each need with its prevalence, at extra or specialist level with its
//!   share (`instellingen/behoeften.csv`). At most one need is above basis: the one that
//!   leads the child's arrangement (so a child uses places of one need at a school,
//!   which minimum cost needs).
//! - Preferences: among the schools a family would consider (an SBO or (V)SO school only
//!   for a child that needs specialist education), 10 (or fewer where there are fewer),
//!   mostly near home: the
//!   nearest 40, and among the nearest 150 those that can serve the child's needs,
//!   ranked by distance times a random factor, a school that cannot as if it were ten
//!   times farther; then two further away (among the nearest 150).
//!
//! Everything is drawn from the seed, so the same seed gives the same instance.

use std::collections::HashMap;

use passend_core::geo::{LatLon, project};
use passend_core::ids::VestigingCode;
use passend_core::support::Level;
use passend_core::swv::{Sector, SwvCode};
use passend_coverage::Model;
use rstar::RTree;
use rstar::primitives::GeomWithData;

use crate::da::SplitMix64;
use crate::eligibility::serves;
use crate::instance::{Instance, NeedLevel, Place, Pupil, School, distance_m};

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spec {
    /// The SWV, or `None` for the whole country.
    pub swv: Option<SwvCode>,
    /// The sector (the SWV's own when an SWV is given).
    pub sector: Sector,
    /// How many pupils.
    pub pupils: usize,
    /// The seed.
    pub seed: u64,
}

/// Why no instance can be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenerateError {
    /// No open school of the sector with a position in the scope.
    #[error("er zijn geen open scholen met een ligging in {0}")]
    NoSchools(String),
    /// No PC4 with children in the scope.
    #[error("er zijn geen postcodegebieden met kinderen in {0}")]
    NoChildren(String),
}

/// Preferences per pupil.
const PREFERENCES: usize = 10;
/// Of which this many are further away.
const FAR: usize = 2;
/// Near schools to choose from.
const NEAR_POOL: usize = 40;
/// Schools to choose the far ones from, and the farthest a school that can serve the
/// child's needs is looked for.
const FAR_POOL: usize = 150;
/// How much less likely a school that cannot serve the child is chosen (as if it were
/// this many times farther away).
const UNFIT_PENALTY: f64 = 10.0;

/// Each vestiging's pupils at its latest count (suppressed counts left out), the sizes
/// [`generate`] divides the seats by.
pub fn school_sizes(register: &passend_core::register::Register) -> HashMap<VestigingCode, u32> {
    register
        .vestigingen()
        .iter()
        .filter_map(|v| Some((v.code, v.latest_count()?.count.exact()?)))
        .collect()
}

/// Generates an instance. `sizes` gives each school's pupils (the latest count); a
/// school without one counts as the median size.
pub fn generate(
    model: &Model,
    sizes: &HashMap<VestigingCode, u32>,
    spec: Spec,
) -> Result<Instance, GenerateError> {
    let age = usize::from(spec.sector == Sector::Vo);
    let scope_name = spec
        .swv
        .map_or_else(|| format!("Nederland ({})", spec.sector), |s| s.dotted());
    let sites: Vec<usize> = model
        .sites
        .iter()
        .enumerate()
        // An SWV's own schools: the national institutions of clusters 1 and 2 place
        // pupils nationally, not in an SWV's round.
        .filter(|(_, s)| s.serves[age] && spec.swv.is_none_or(|swv| s.swvs.contains(&swv)))
        .map(|(i, _)| i)
        .collect();
    if sites.is_empty() {
        return Err(GenerateError::NoSchools(scope_name));
    }
    let areas: Vec<(LatLon, f64)> = model
        .areas
        .iter()
        .filter(|a| spec.swv.is_none_or(|swv| a.swv[age] == Some(swv)))
        .filter(|a| a.children[age] > 0.0)
        .map(|a| (a.point, a.children[age]))
        .collect();
    if areas.is_empty() {
        return Err(GenerateError::NoChildren(scope_name));
    }
    let mut rng = SplitMix64::new(spec.seed);

    // Schools, with capacity for 10 % more pupils than there are.
    let mut known: Vec<u32> = sites
        .iter()
        .filter_map(|&i| sizes.get(&model.sites[i].code).copied())
        .collect();
    known.sort_unstable();
    let median = known.get(known.len() / 2).copied().unwrap_or(100).max(1);
    let size = |i: usize| {
        f64::from(
            sizes
                .get(&model.sites[i].code)
                .copied()
                .unwrap_or(median)
                .max(1),
        )
    };
    let total: f64 = sites.iter().map(|&i| size(i)).sum();
    let share = 1.1 * spec.pupils as f64 / total;
    // Seats by largest remainder, so that all schools together have exactly 10 % more
    // than there are pupils (a small school may get none in a small instance).
    let target = (1.1 * spec.pupils as f64).round() as u64;
    let quotas: Vec<f64> = sites.iter().map(|&i| size(i) * share).collect();
    let mut seats: Vec<u32> = quotas.iter().map(|q| q.floor() as u32).collect();
    let given: u64 = seats.iter().map(|&s| u64::from(s)).sum();
    let mut order: Vec<usize> = (0..quotas.len()).collect();
    order.sort_by(|&a, &b| {
        (quotas[b] - quotas[b].floor())
            .total_cmp(&(quotas[a] - quotas[a].floor()))
            .then(a.cmp(&b))
    });
    for &k in order.iter().take(target.saturating_sub(given) as usize) {
        seats[k] += 1;
    }
    let schools: Vec<School> = sites
        .iter()
        .zip(&seats)
        .map(|(&i, &capacity)| {
            let site = &model.sites[i];
            let offers = site
                .offers
                .iter()
                .map(|(need, (level, _))| NeedLevel {
                    need: need.clone(),
                    level: *level,
                })
                .collect();
            let places = site
                .offers
                .iter()
                .filter_map(|(need, (level, places))| {
                    let p = (*places)?;
                    level.has_places().then(|| Place {
                        what: NeedLevel {
                            need: need.clone(),
                            level: *level,
                        },
                        capacity: (f64::from(p) * share).ceil() as u32,
                    })
                })
                .collect();
            School {
                id: site.code,
                capacity,
                at: site.point,
                offers,
                places,
            }
        })
        .collect();

    // Where the children live.
    let mut cumulative = Vec::with_capacity(areas.len());
    let mut sum = 0.0;
    for (_, children) in &areas {
        sum += children;
        cumulative.push(sum);
    }
    let tree: RTree<GeomWithData<[f64; 2], usize>> = RTree::bulk_load(
        schools
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let xy = project(s.at);
                GeomWithData::new([xy.x, xy.y], i)
            })
            .collect(),
    );
    let needs = model.taxonomy.needs();
    // Schools that give specialist education: those that offer a need at that level
    // (only SBO, (V)SO and praktijkonderwijs may).
    let specialist: Vec<bool> = schools
        .iter()
        .map(|s| s.offers.iter().any(|o| o.level == Level::Specialistisch))
        .collect();
    let mut pupils = Vec::with_capacity(spec.pupils);
    for n in 0..spec.pupils {
        let pick = rng.next_f64() * sum;
        let area = cumulative
            .partition_point(|&c| c <= pick)
            .min(areas.len() - 1);
        let centre = areas[area].0;
        let (r, angle) = (
            rng.next_f64().sqrt(),
            rng.next_f64() * std::f64::consts::TAU,
        );
        let km_lat = 111.195;
        let home = LatLon {
            lat: centre.lat + r * angle.sin() / km_lat,
            lon: centre.lon + r * angle.cos() / (km_lat * centre.lat.to_radians().cos()),
        };
        let mut wants = Vec::new();
        for need in needs {
            let prevalence = if age == 1 {
                need.prevalence_vo
            } else {
                need.prevalence_po
            };
            let (u, v) = (rng.next_f64(), rng.next_f64());
            if u < prevalence {
                let mut level = if v < need.share_specialist {
                    Level::Specialistisch
                } else if v < need.share_extra {
                    Level::Extra
                } else {
                    Level::Basis
                };
                // One need leads the arrangement: the others are met within it.
                if level > Level::Basis && wants.iter().any(|w: &NeedLevel| w.level > Level::Basis)
                {
                    level = Level::Basis;
                }
                wants.push(NeedLevel {
                    need: need.code.clone(),
                    level,
                });
            }
        }
        let xy = project(home);
        // A child that needs no specialist education does not choose an SBO or (V)SO
        // school (nor a national institution of cluster 1 or 2).
        let needs_specialist = wants.iter().any(|w| w.level == Level::Specialistisch);
        let nearest: Vec<usize> = tree
            .nearest_neighbor_iter([xy.x, xy.y])
            .map(|g| g.data)
            .filter(|&s| needs_specialist || !specialist[s])
            .take(FAR_POOL)
            .collect();
        let near = nearest.len().min(NEAR_POOL);
        // Near schools, and farther ones that can serve the child: parents of a child
        // that needs an SBO or SO school look further for one.
        let mut scored: Vec<(f64, usize)> = nearest
            .iter()
            .enumerate()
            .filter_map(|(k, &s)| {
                let fits = serves(&schools[s].offers, &wants).is_ok();
                (k < near || fits).then(|| {
                    let d = distance_m(home, schools[s].at) as f64 + 100.0;
                    let noise = (0.6 * normal(&mut rng)).exp();
                    (d * noise * if fits { 1.0 } else { UNFIT_PENALTY }, s)
                })
            })
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        let want = PREFERENCES.min(schools.len());
        let mut preferences: Vec<usize> = scored
            .iter()
            .take(want.saturating_sub(FAR))
            .map(|&(_, s)| s)
            .collect();
        // Further away: beyond the near pool where there is such a school, else any
        // school not chosen yet.
        let mut far_pool: Vec<usize> = nearest[near..]
            .iter()
            .copied()
            .filter(|s| !preferences.contains(s))
            .collect();
        if far_pool.is_empty() {
            far_pool = nearest
                .iter()
                .copied()
                .filter(|s| !preferences.contains(s))
                .collect();
        }
        while preferences.len() < want && !far_pool.is_empty() {
            let k = (rng.next_u64() % far_pool.len() as u64) as usize;
            preferences.push(far_pool.swap_remove(k));
        }
        pupils.push(Pupil {
            id: format!("L{}", n + 1),
            at: home,
            needs: wants,
            preferences,
            lottery: None,
        });
    }
    Ok(Instance {
        priorities: vec![None; schools.len()],
        schools,
        pupils,
        candidates: Vec::new(),
    })
}

/// A standard normal draw (Box–Muller).
fn normal(rng: &mut SplitMix64) -> f64 {
    let u = rng.next_f64().max(f64::MIN_POSITIVE);
    let v = rng.next_f64();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}
