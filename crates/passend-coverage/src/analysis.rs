//! The analysis: per need and level, the nearest school for every PC4, the share within
//! reach, places against demand, and the gaps.
//!
//! Places against demand use the two-step floating catchment area method (2SFCA; Luo &
//! Wang 2003): first each school's places are divided by the expected children with the
//! need who live within the threshold of that school (in the whole country: children
//! across the border compete for the same places); then each PC4 sums those ratios over
//! the schools within its reach. A sum of 1 means one place per expected child; below 1
//! the places within reach are too few.

use std::collections::BTreeMap;

use passend_core::geo::LatLon;
use passend_core::ids::{Pc4, VestigingCode};
use passend_core::support::{Level, Need, NeedCode};
use passend_core::swv::SwvCode;

use crate::model::{Model, Params, sector_index};
use crate::spatial::SiteIndex;

/// Which schools count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Only the SWV's own member schools: the legal test of a dekkend aanbod. The
    /// schools of clusters 1 and 2 count too: they belong to no SWV, and the law places
    /// their offer (visual, auditory, TOS) with national institutions for every region.
    Swv,
    /// Any school in the country, to show options across the border.
    National,
}

impl Scope {
    /// `swv` or `national`.
    pub fn code(self) -> &'static str {
        match self {
            Scope::Swv => "swv",
            Scope::National => "national",
        }
    }

    /// Parses `swv`/`eigen` or `national`/`landelijk`.
    pub fn parse(input: &str) -> Option<Scope> {
        match input.trim().to_lowercase().as_str() {
            "swv" | "eigen" => Some(Scope::Swv),
            "national" | "landelijk" => Some(Scope::National),
            _ => None,
        }
    }

    /// Dutch label.
    pub fn label(self) -> &'static str {
        match self {
            Scope::Swv => {
                "alleen de eigen scholen van het samenwerkingsverband (met de landelijke instellingen van cluster 1 en 2)"
            }
            Scope::National => "alle scholen, ook buiten het samenwerkingsverband",
        }
    }
}

/// The figures of one need at one level.
#[derive(Clone, Debug, PartialEq)]
pub struct Cell {
    /// The need.
    pub need: NeedCode,
    /// The level.
    pub level: Level,
    /// Expected children with the need at this level or higher.
    pub children: f64,
    /// Of them, living within the threshold of a school that offers it.
    pub within: f64,
    /// Schools in scope that offer it.
    pub sites: usize,
    /// Their places, counting only schools within reach of the area.
    pub places: u64,
    /// Expected children where the places within reach are fewer than the children (2SFCA below 1).
    pub short: f64,
    /// The largest distance from a PC4 with children to the nearest such school.
    pub max_km: Option<f64>,
}

impl Cell {
    /// Share of the children within the threshold (0 to 1); `None` without children.
    pub fn share_within(&self) -> Option<f64> {
        (self.children > 0.0).then(|| self.within / self.children)
    }

    /// Places per 1,000 expected children; `None` for basisondersteuning or without children.
    pub fn places_per_1000(&self) -> Option<f64> {
        (self.level.has_places() && self.children > 0.0)
            .then(|| self.places as f64 * 1000.0 / self.children)
    }

    /// Expected children beyond the threshold.
    pub fn beyond(&self) -> f64 {
        self.children - self.within
    }
}

/// One PC4, need and level.
#[derive(Clone, Debug, PartialEq)]
pub struct DetailRow {
    /// The PC4.
    pub pc4: Pc4,
    /// Its centre.
    pub point: LatLon,
    /// The need.
    pub need: NeedCode,
    /// The level.
    pub level: Level,
    /// Expected children.
    pub children: f64,
    /// The nearest school that offers the need at this level or higher.
    pub nearest: Option<VestigingCode>,
    /// Its great-circle distance.
    pub nearest_km: Option<f64>,
    /// The road estimate (distance × detour factor).
    pub road_km: Option<f64>,
    /// Places per expected child within reach (2SFCA); `None` at basis level.
    pub access: Option<f64>,
}

/// What kind of gap.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GapKind {
    /// No school in scope offers the need at this level at all.
    NoSchool,
    /// The nearest school is beyond the threshold.
    TooFar,
    /// Within reach, but fewer places than expected children.
    TooFewPlaces,
}

impl GapKind {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            GapKind::NoSchool => "no_school",
            GapKind::TooFar => "too_far",
            GapKind::TooFewPlaces => "too_few_places",
        }
    }

    /// Dutch label.
    pub fn label(self) -> &'static str {
        match self {
            GapKind::NoSchool => "geen enkele school biedt dit",
            GapKind::TooFar => "dichtstbijzijnde school te ver",
            GapKind::TooFewPlaces => "te weinig plaatsen binnen bereik",
        }
    }
}

/// A gap: children in a PC4 area for whom the offer falls short.
#[derive(Clone, Debug, PartialEq)]
pub struct Gap {
    /// The PC4.
    pub pc4: Pc4,
    /// The need.
    pub need: NeedCode,
    /// The level.
    pub level: Level,
    /// What falls short.
    pub kind: GapKind,
    /// Expected children affected.
    pub children: f64,
    /// Great-circle distance to the nearest school that offers it, if any.
    pub nearest_km: Option<f64>,
    /// The road estimate of that distance (× detour factor), which the threshold applies to.
    pub road_km: Option<f64>,
    /// Places per expected child within reach, if counted.
    pub access: Option<f64>,
}

/// The coverage of one SWV.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The SWV.
    pub swv: SwvCode,
    /// Which schools counted.
    pub scope: Scope,
    /// The parameters used.
    pub params: Params,
    /// One cell per need and level, in taxonomy order, lowest level first.
    pub cells: Vec<Cell>,
    /// One row per PC4, need and level (only when asked for).
    pub details: Vec<DetailRow>,
    /// The gaps, most children first.
    pub gaps: Vec<Gap>,
    /// Whether the profiles used include synthetic demo data.
    pub synthetic: bool,
}

impl Report {
    /// The cell of a need and level.
    pub fn cell(&self, need: &NeedCode, level: Level) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|c| &c.need == need && c.level == level)
    }
}

/// What to compute.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    /// Only these needs (all when `None`).
    pub needs: Option<Vec<NeedCode>>,
    /// Only these levels (all when `None`).
    pub levels: Option<Vec<Level>>,
    /// Also the detail rows.
    pub detail: bool,
}

/// Work shared by many SWVs: an index of every PC4 centre, and for the national scope an
/// index per sector, need and level.
struct Shared {
    areas: SiteIndex,
    national: BTreeMap<(usize, NeedCode, Level), SiteIndex>,
    /// 2SFCA step 1 per sector, need, level and school: it depends on the school's
    /// catchment only, not on the SWV asking, so many SWVs share it.
    ratios: BTreeMap<(usize, NeedCode, Level, usize), f64>,
}

impl Shared {
    fn new(model: &Model) -> Shared {
        Shared {
            areas: SiteIndex::new(
                model
                    .areas
                    .iter()
                    .enumerate()
                    .map(|(i, a)| (i, a.point))
                    .collect(),
            ),
            national: BTreeMap::new(),
            ratios: BTreeMap::new(),
        }
    }
}

/// Analyses one SWV.
pub fn analyse(model: &Model, swv: SwvCode, scope: Scope, filter: &Filter) -> Report {
    let mut shared = Shared::new(model);
    analyse_with(model, swv, scope, filter, &mut shared)
}

/// Analyses every SWV in the model, sharing the indexes; in code order.
pub fn analyse_all(model: &Model, scope: Scope, filter: &Filter) -> Vec<Report> {
    let mut shared = Shared::new(model);
    let mut swvs: Vec<SwvCode> = model
        .areas
        .iter()
        .flat_map(|a| a.swv.iter().flatten().copied())
        .collect();
    swvs.sort_unstable();
    swvs.dedup();
    swvs.into_iter()
        .map(|swv| analyse_with(model, swv, scope, filter, &mut shared))
        .collect()
}

fn eligible_index(model: &Model, candidates: &[usize], need: &NeedCode, level: Level) -> SiteIndex {
    SiteIndex::new(
        candidates
            .iter()
            .filter(|&&i| model.sites[i].offers_at(need, level))
            .map(|&i| (i, model.sites[i].point))
            .collect(),
    )
}

fn analyse_with(
    model: &Model,
    swv: SwvCode,
    scope: Scope,
    filter: &Filter,
    shared: &mut Shared,
) -> Report {
    let s = sector_index(swv.sector());
    let secondary = s == 1;
    let areas: Vec<usize> = model
        .areas
        .iter()
        .enumerate()
        .filter(|(_, a)| a.swv[s] == Some(swv))
        .map(|(i, _)| i)
        .collect();
    let candidates: Vec<usize> = model
        .sites
        .iter()
        .enumerate()
        .filter(|(_, site)| site.serves[s] && (scope == Scope::National || site.counts_for(swv)))
        .map(|(i, _)| i)
        .collect();
    let needs: Vec<&Need> = model
        .taxonomy
        .needs()
        .iter()
        .filter(|n| {
            filter
                .needs
                .as_ref()
                .is_none_or(|wanted| wanted.contains(&n.code))
        })
        .collect();
    let levels: Vec<Level> = Level::ALL
        .into_iter()
        .filter(|l| {
            filter
                .levels
                .as_ref()
                .is_none_or(|wanted| wanted.contains(l))
        })
        .collect();

    let mut cells = Vec::new();
    let mut details = Vec::new();
    let mut gaps = Vec::new();
    for need in needs {
        for &level in &levels {
            // Great-circle radius of the road threshold.
            let radius = model.params.radius(level);
            let local;
            let index: &SiteIndex = match scope {
                Scope::Swv => {
                    local = eligible_index(model, &candidates, &need.code, level);
                    &local
                }
                Scope::National => shared
                    .national
                    .entry((s, need.code.clone(), level))
                    .or_insert_with(|| eligible_index(model, &candidates, &need.code, level)),
            };
            let share = need.share_at(secondary, level);
            let demand = |area: usize| model.areas[area].children[s] * share;

            // The schools within reach of each PC4, needed only where places count.
            let reach: Vec<Vec<crate::spatial::Nearest>> = if level.has_places() {
                areas
                    .iter()
                    .map(|&area| index.within(model.areas[area].point, radius))
                    .collect()
            } else {
                Vec::new()
            };
            // 2SFCA step 1: places per expected child in each school's catchment.
            let mut ratio: BTreeMap<usize, f64> = BTreeMap::new();
            let mut in_reach: BTreeMap<usize, u32> = BTreeMap::new();
            for near in reach.iter().flatten() {
                in_reach
                    .entry(near.id)
                    .or_insert_with(|| model.sites[near.id].places_at(&need.code, level));
            }
            for (&site, &places) in &in_reach {
                if places == 0 {
                    continue;
                }
                let key = (s, need.code.clone(), level, site);
                let r = match shared.ratios.get(&key) {
                    Some(r) => *r,
                    None => {
                        let catchment: f64 = shared
                            .areas
                            .within(model.sites[site].point, radius)
                            .iter()
                            .map(|a| demand(a.id))
                            .sum();
                        let r = if catchment > 0.0 {
                            f64::from(places) / catchment
                        } else {
                            f64::INFINITY
                        };
                        shared.ratios.insert(key, r);
                        r
                    }
                };
                ratio.insert(site, r);
            }

            let mut cell = Cell {
                need: need.code.clone(),
                level,
                children: 0.0,
                within: 0.0,
                sites: index.len(),
                places: in_reach.values().map(|p| u64::from(*p)).sum(),
                short: 0.0,
                max_km: None,
            };
            for (k, &area) in areas.iter().enumerate() {
                let a = &model.areas[area];
                let children = demand(area);
                let nearest = index.nearest(a.point);
                // 2SFCA step 2: sum the ratios of the schools within reach.
                let access = level.has_places().then(|| {
                    reach[k]
                        .iter()
                        .map(|n| ratio.get(&n.id).copied().unwrap_or(0.0))
                        .sum::<f64>()
                });
                cell.children += children;
                if nearest.is_some_and(|n| n.km <= radius) {
                    cell.within += children;
                }
                if children > 0.0 {
                    if let Some(n) = nearest {
                        cell.max_km = Some(cell.max_km.map_or(n.km, |m: f64| m.max(n.km)));
                    }
                    let kind = match (nearest, access) {
                        (None, _) => Some(GapKind::NoSchool),
                        (Some(n), _) if n.km > radius => Some(GapKind::TooFar),
                        (_, Some(acc)) if acc < 1.0 => Some(GapKind::TooFewPlaces),
                        _ => None,
                    };
                    // Short of places only where a school is within reach: no school at all,
                    // or none near enough, is a gap of its own kind.
                    if kind == Some(GapKind::TooFewPlaces) {
                        cell.short += children;
                    }
                    if let Some(kind) = kind {
                        gaps.push(Gap {
                            pc4: a.pc4,
                            need: need.code.clone(),
                            level,
                            kind,
                            children,
                            nearest_km: nearest.map(|n| n.km),
                            road_km: nearest.map(|n| n.km * model.params.detour),
                            access,
                        });
                    }
                }
                if filter.detail {
                    details.push(DetailRow {
                        pc4: a.pc4,
                        point: a.point,
                        need: need.code.clone(),
                        level,
                        children,
                        nearest: nearest.map(|n| model.sites[n.id].code),
                        nearest_km: nearest.map(|n| n.km),
                        road_km: nearest.map(|n| n.km * model.params.detour),
                        access,
                    });
                }
            }
            cells.push(cell);
        }
    }
    gaps.sort_by(|a, b| {
        b.children
            .total_cmp(&a.children)
            .then(a.pc4.cmp(&b.pc4))
            .then(a.need.cmp(&b.need))
    });
    Report {
        swv,
        scope,
        params: model.params,
        cells,
        details,
        gaps,
        synthetic: model.synthetic,
    }
}
