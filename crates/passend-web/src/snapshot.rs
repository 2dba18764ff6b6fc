//! Everything the pages and the API read, computed once when the server starts: the
//! register, all findings, per-SWV summaries and the map outlines. Pages never touch the
//! database, so they are as fast as rendering a template.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use passend_core::area::{self, Polygon};
use passend_core::composition::{Finding, SeverityCounts, all_findings};
use passend_core::geo::{Xy, project};
use passend_core::ids::Pc4;
use passend_core::membership::fold_gemeente;
use passend_core::register::Register;
use passend_core::summary::{
    Participation, ReferenceDates, SwvSummary, YearTotals, national_participation, national_series,
    summarise_at,
};
use passend_core::support::{CoverageSettings, ProfileBook, Taxonomy};
use passend_core::swv::{Sector, SwvCode};
use passend_coverage::{Filter, Model, Params, Report, Scope, analyse, analyse_all};
use passend_store::{ImportRun, SourceFileRecord};

/// Radius (km) to which each PC4's Voronoi cell is clipped: large enough for the widest
/// rural PC4 areas, small enough that coastal cells do not run far into the sea.
pub const CELL_RADIUS_KM: f64 = 6.0;

/// Douglas–Peucker tolerance (km) for the national map, where one pixel is about 0.3 km.
const NATIONAL_TOLERANCE_KM: f64 = 0.25;

/// Tolerance (km) for the map of one SWV.
const SWV_TOLERANCE_KM: f64 = 0.03;

/// A closed outline in projected km.
pub type Ring = Vec<Xy>;

/// The outlines of every SWV of one sector.
#[derive(Debug, Default)]
pub struct SectorMap {
    /// Detailed outlines per SWV (`None`: PC4s without an SWV in the regeling).
    pub detailed: BTreeMap<Option<SwvCode>, Vec<Ring>>,
    /// Simplified outlines for the national map.
    pub national: BTreeMap<Option<SwvCode>, Vec<Ring>>,
    /// A colour index per SWV such that neighbours differ.
    pub colours: BTreeMap<SwvCode, usize>,
    /// Bounding box of each SWV's area: (min, max).
    pub bounds: BTreeMap<SwvCode, (Xy, Xy)>,
    /// The detailed outlines as SVG path data, made once (maps draw them on every
    /// request).
    pub detailed_paths: BTreeMap<Option<SwvCode>, String>,
}

/// What a search for SWVs looks at, folded once (upper case, no accents or spaces).
#[derive(Debug, Default)]
pub struct SwvSearchTerms {
    /// Names of places and municipalities in the area, and the SWV's own name and province.
    pub names: BTreeSet<String>,
    /// The PC4s of the area.
    pub pc4s: Vec<String>,
}

/// What the store holds about support: the taxonomy, the coverage settings, the profiles,
/// and the date whose profiles are in force.
#[derive(Debug, Clone)]
pub struct SupportData {
    /// The needs.
    pub taxonomy: Taxonomy,
    /// Thresholds and detour factor.
    pub settings: CoverageSettings,
    /// Every profile version.
    pub book: ProfileBook,
    /// The date the pages show ("today", passed in: the web reads no clock for data).
    pub date: jiff::civil::Date,
}

/// The coverage model with a cache of computed reports: one SWV takes milliseconds, all
/// of them under a second, so they are computed when first asked for and kept.
#[derive(Debug)]
pub struct SupportState {
    /// The inputs.
    pub data: SupportData,
    /// The model of the profiles in force on `data.date`.
    pub model: Model,
    reports: std::sync::Mutex<BTreeMap<(SwvCode, Scope), std::sync::Arc<Report>>>,
    all: std::sync::OnceLock<std::sync::Arc<Vec<Report>>>,
}

impl SupportState {
    fn new(register: &Register, data: SupportData) -> SupportState {
        let params = Params {
            threshold_km: data.settings.threshold_km,
            detour: data.settings.detour,
        };
        let model = Model::build(
            register,
            &data.book,
            data.taxonomy.clone(),
            data.date,
            params,
        );
        SupportState {
            data,
            model,
            reports: std::sync::Mutex::new(BTreeMap::new()),
            all: std::sync::OnceLock::new(),
        }
    }

    /// The full report of one SWV (every need and level, with detail rows), computed once.
    pub fn report(&self, swv: SwvCode, scope: Scope) -> std::sync::Arc<Report> {
        let cached = self
            .reports
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&(swv, scope))
            .cloned();
        if let Some(report) = cached {
            return report;
        }
        let report = std::sync::Arc::new(analyse(
            &self.model,
            swv,
            scope,
            &Filter {
                detail: true,
                ..Filter::default()
            },
        ));
        self.reports
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert((swv, scope), report.clone());
        report
    }

    /// Every SWV's report with only its own schools (the legal test), computed once.
    pub fn all(&self) -> std::sync::Arc<Vec<Report>> {
        self.all
            .get_or_init(|| {
                std::sync::Arc::new(analyse_all(&self.model, Scope::Swv, &Filter::default()))
            })
            .clone()
    }
}

/// What the last import recorded.
#[derive(Debug, Default, Clone)]
pub struct ImportInfo {
    /// The run.
    pub run: Option<ImportRun>,
    /// Its files.
    pub files: Vec<SourceFileRecord>,
}

/// The read-only state of the web application.
#[derive(Debug)]
pub struct Snapshot {
    /// The register.
    pub register: Register,
    /// Composition and data findings, sorted.
    pub findings: Vec<Finding>,
    /// Findings per SWV, counted.
    pub counts_by_swv: BTreeMap<SwvCode, SeverityCounts>,
    /// The summary of every SWV.
    pub summaries: BTreeMap<SwvCode, SwvSummary>,
    /// National participation per sector.
    pub national: BTreeMap<Sector, Vec<Participation>>,
    /// National pupil series per sector (members of an SWV of that sector).
    pub national_series: BTreeMap<Sector, Vec<YearTotals>>,
    /// Map outlines per sector.
    pub maps: BTreeMap<Sector, SectorMap>,
    /// The Voronoi cell of every PC4 centre, for maps coloured per PC4.
    pub pc4_cells: BTreeMap<Pc4, Ring>,
    /// The same cells as SVG path data, made once.
    pub pc4_paths: BTreeMap<Pc4, String>,
    /// Support profiles and the coverage analysis, when the store holds a taxonomy;
    /// replaced as a whole when the profile editor saves (see [`Snapshot::support`]).
    support: std::sync::RwLock<Option<std::sync::Arc<SupportState>>>,
    /// Search terms per SWV.
    pub search: BTreeMap<SwvCode, SwvSearchTerms>,
    /// The last import.
    pub import: ImportInfo,
    /// The funding amounts and example scenarios, when the server was given them.
    pub funding: Option<FundingData>,
    /// Facts over the whole register for the budgets.
    pub funding_national: passend_funding::data::National,
    /// Rendered pages that depend only on the register and what is computed from it
    /// at start-up, never on the support state (see [`crate::cache`]).
    pub(crate) pages: crate::cache::PageCache,
}

/// What the budget pages need besides the register: the amounts per year and the
/// example scenarios, read from the data directory when the server starts.
#[derive(Debug, Clone)]
pub struct FundingData {
    /// The amounts per year.
    pub rates: passend_funding::rates::Rates,
    /// Example scenarios with labelled assumptions, per sector.
    pub examples: BTreeMap<Sector, passend_funding::scenario::Scenario>,
}

impl Snapshot {
    /// Adds the funding amounts and example scenarios.
    pub fn with_funding(mut self, funding: FundingData) -> Snapshot {
        self.funding = Some(funding);
        self
    }

    /// The support profiles and coverage analysis in force, if the store holds a
    /// taxonomy. A request keeps the state it got, even if the editor replaces it meanwhile.
    pub fn support(&self) -> Option<std::sync::Arc<SupportState>> {
        self.support
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Replaces the profiles (after an edit): the model and the reports are rebuilt from
    /// the new book with the same taxonomy, settings and date.
    pub fn replace_profiles(&self, book: ProfileBook) {
        let Some(current) = self.support() else {
            return;
        };
        let data = SupportData {
            book,
            ..current.data.clone()
        };
        let next = std::sync::Arc::new(SupportState::new(&self.register, data));
        *self
            .support
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(next);
    }

    /// Computes everything from the register and the import's findings.
    pub fn build(
        register: Register,
        data_findings: &[Finding],
        import: ImportInfo,
        support: Option<SupportData>,
    ) -> Snapshot {
        let findings = all_findings(&register, data_findings, None);
        let mut by_swv: HashMap<SwvCode, Vec<&Finding>> = HashMap::new();
        for f in &findings {
            if let Some(swv) = f.swv {
                by_swv.entry(swv).or_default().push(f);
            }
        }
        let counts_by_swv = register
            .swvs()
            .map(|swv| {
                (
                    swv,
                    SeverityCounts::of(by_swv.get(&swv).into_iter().flatten().copied()),
                )
            })
            .collect();
        let dates = ReferenceDates::of(&register);
        let summaries = register
            .swvs()
            .map(|swv| (swv, summarise_at(&register, swv, dates)))
            .collect();
        let national = Sector::ALL
            .into_iter()
            .map(|s| (s, national_participation(&register, s)))
            .collect();
        let national_series = Sector::ALL
            .into_iter()
            .map(|s| (s, national_series(&register, s)))
            .collect();
        let (maps, pc4_cells) = build_maps(&register);
        let pc4_paths = pc4_cells
            .iter()
            .map(|(pc4, ring)| (*pc4, crate::svg::path_data(std::slice::from_ref(ring), 2)))
            .collect();
        let funding_national = passend_funding::data::National::of(&register);
        let support = std::sync::RwLock::new(
            support.map(|data| std::sync::Arc::new(SupportState::new(&register, data))),
        );
        let search = register
            .swvs()
            .map(|swv| (swv, search_terms(&register, swv)))
            .collect();
        Snapshot {
            register,
            findings,
            counts_by_swv,
            summaries,
            national,
            national_series,
            maps,
            pc4_cells,
            pc4_paths,
            support,
            search,
            import,
            funding: None,
            funding_national,
            pages: crate::cache::PageCache::default(),
        }
    }

    /// The findings of one SWV.
    pub fn findings_of(&self, swv: SwvCode) -> Vec<Finding> {
        self.findings
            .iter()
            .filter(|f| f.swv == Some(swv))
            .cloned()
            .collect()
    }

    /// Severity counts of one SWV.
    pub fn counts_of(&self, swv: SwvCode) -> SeverityCounts {
        self.counts_by_swv.get(&swv).copied().unwrap_or_default()
    }
}

fn search_terms(register: &Register, swv: SwvCode) -> SwvSearchTerms {
    let mut terms = SwvSearchTerms::default();
    for area in register.area(swv) {
        terms.names.insert(fold_gemeente(&area.gemeente));
        for place in area.place.iter().flat_map(|p| p.split(", ")) {
            terms.names.insert(fold_gemeente(place));
        }
        terms.pc4s.push(area.pc4.to_string());
    }
    if let Some(name) = register.swv_name(swv) {
        terms.names.insert(fold_gemeente(name));
    }
    if let Some(p) = swv.province() {
        terms.names.insert(fold_gemeente(p.name()));
    }
    terms.names.remove("");
    terms
}

fn build_maps(register: &Register) -> (BTreeMap<Sector, SectorMap>, BTreeMap<Pc4, Ring>) {
    let with_centre: Vec<_> = register
        .pc4s()
        .iter()
        .filter_map(|a| a.centroid.map(|c| (a, project(c))))
        .collect();
    let sites: Vec<Xy> = with_centre.iter().map(|(_, xy)| *xy).collect();
    let cells: Vec<Polygon> = area::voronoi_cells(&sites, CELL_RADIUS_KM);
    let pc4_cells: BTreeMap<Pc4, Ring> = with_centre
        .iter()
        .zip(&cells)
        .filter(|(_, c)| c.len() >= 3)
        .map(|((a, _), c)| (a.pc4, c.clone()))
        .collect();
    let maps = Sector::ALL
        .into_iter()
        .map(|sector| {
            let groups: Vec<Option<SwvCode>> =
                with_centre.iter().map(|(a, _)| a.swv(sector)).collect();
            let detailed_raw = area::dissolve(&cells, &groups);
            let simplify = |rings: &Vec<Ring>, tolerance: f64| -> Vec<Ring> {
                rings
                    .iter()
                    .filter_map(|r| area::simplify_ring(r, tolerance))
                    .collect()
            };
            let detailed: BTreeMap<Option<SwvCode>, Vec<Ring>> = detailed_raw
                .iter()
                .map(|(g, rings)| (*g, simplify(rings, SWV_TOLERANCE_KM)))
                .collect();
            let national = detailed_raw
                .iter()
                .map(|(g, rings)| (*g, simplify(rings, NATIONAL_TOLERANCE_KM)))
                .collect();
            let mut bounds = BTreeMap::new();
            for (group, rings) in &detailed {
                if let Some(swv) = group {
                    let points = rings.iter().flatten();
                    let min = points.clone().fold(
                        Xy {
                            x: f64::MAX,
                            y: f64::MAX,
                        },
                        |m, p| Xy {
                            x: m.x.min(p.x),
                            y: m.y.min(p.y),
                        },
                    );
                    let max = points.fold(
                        Xy {
                            x: f64::MIN,
                            y: f64::MIN,
                        },
                        |m, p| Xy {
                            x: m.x.max(p.x),
                            y: m.y.max(p.y),
                        },
                    );
                    bounds.insert(*swv, (min, max));
                }
            }
            let colours = colour(&area::neighbours(&cells, &groups));
            (
                sector,
                SectorMap {
                    detailed_paths: detailed
                        .iter()
                        .map(|(g, rings)| (*g, crate::svg::path_data(rings, 2)))
                        .collect(),
                    detailed,
                    national,
                    colours,
                    bounds,
                },
            )
        })
        .collect();
    (maps, pc4_cells)
}

/// Greedy colouring so that neighbouring SWVs get different colours.
fn colour(pairs: &BTreeSet<(Option<SwvCode>, Option<SwvCode>)>) -> BTreeMap<SwvCode, usize> {
    let mut adjacent: BTreeMap<SwvCode, BTreeSet<SwvCode>> = BTreeMap::new();
    for (a, b) in pairs {
        if let (Some(a), Some(b)) = (a, b) {
            adjacent.entry(*a).or_default().insert(*b);
            adjacent.entry(*b).or_default().insert(*a);
        }
    }
    // Most-connected first gives the greedy colouring fewer colours.
    let mut order: Vec<SwvCode> = adjacent.keys().copied().collect();
    order.sort_by_key(|s| (std::cmp::Reverse(adjacent[s].len()), *s));
    let mut colours = BTreeMap::new();
    for swv in order {
        let used: BTreeSet<usize> = adjacent[&swv]
            .iter()
            .filter_map(|n| colours.get(n).copied())
            .collect();
        let colour = (0..).find(|c| !used.contains(c)).unwrap_or(0);
        colours.insert(swv, colour);
    }
    colours
}
