//! The JSON and CSV shapes of a coverage report: the API, `passend coverage` and the
//! page's download links all use these, so the three cannot disagree.

use serde::Serialize;
use utoipa::ToSchema;

use passend_core::register::Register;
use passend_core::support::{CoverageSettings, Level, NeedCode, Taxonomy};
use passend_coverage::{Cell, CellChange, DetailRow, Gap, Report};

/// Rounds to three decimals: expected children are estimates, more digits suggest a
/// precision they do not have.
fn r3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The thresholds and detour factor a report used.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct CoverageSettingsDto {
    /// Road-distance threshold (km) for basisondersteuning.
    pub threshold_basis_km: f64,
    /// Road-distance threshold (km) for extra ondersteuning.
    pub threshold_extra_km: f64,
    /// Road-distance threshold (km) for specialistische ondersteuning.
    pub threshold_specialistisch_km: f64,
    /// Road distance is estimated as the great-circle distance times this factor.
    pub detour: f64,
}

impl From<&CoverageSettings> for CoverageSettingsDto {
    fn from(s: &CoverageSettings) -> CoverageSettingsDto {
        CoverageSettingsDto {
            threshold_basis_km: s.threshold(Level::Basis),
            threshold_extra_km: s.threshold(Level::Extra),
            threshold_specialistisch_km: s.threshold(Level::Specialistisch),
            detour: s.detour,
        }
    }
}

/// One need at one level.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct CoverageCellDto {
    /// Need code.
    pub need: String,
    /// Dutch name of the need.
    pub need_label: String,
    /// `basis`, `extra` or `specialistisch`.
    pub level: String,
    /// Expected children with the need at this level or higher.
    pub children: f64,
    /// Of them, within the threshold of a school that offers it.
    pub within: f64,
    /// `within / children`; null without children.
    pub share_within: Option<f64>,
    /// Schools in scope that offer it at this level or higher.
    pub schools: usize,
    /// Their places within reach of the area (extra and specialist only).
    pub places: u64,
    /// Places per 1,000 expected children; null at basis level or without children.
    pub places_per_1000: Option<f64>,
    /// Expected children within reach of a school but short of places (2SFCA below 1).
    pub short: f64,
    /// Largest great-circle distance (km) from a PC4 with children to the nearest school.
    pub max_km: Option<f64>,
    /// PC4 areas with a gap for this need and level.
    pub gaps: usize,
}

impl CoverageCellDto {
    fn of(cell: &Cell, taxonomy: &Taxonomy, gaps: usize) -> CoverageCellDto {
        CoverageCellDto {
            need: cell.need.to_string(),
            need_label: need_label(taxonomy, &cell.need),
            level: cell.level.code().to_owned(),
            children: r3(cell.children),
            within: r3(cell.within),
            share_within: cell
                .share_within()
                .map(|s| (s * 10_000.0).round() / 10_000.0),
            schools: cell.sites,
            places: cell.places,
            places_per_1000: cell.places_per_1000().map(|p| (p * 10.0).round() / 10.0),
            short: r3(cell.short),
            max_km: cell.max_km.map(r3),
            gaps,
        }
    }
}

fn need_label(taxonomy: &Taxonomy, need: &NeedCode) -> String {
    taxonomy
        .need(need)
        .map_or_else(|| need.to_string(), |n| n.label.clone())
}

/// A PC4 area where the offer falls short for a need and level.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct CoverageGapDto {
    /// PC4.
    pub pc4: String,
    /// Place name of the PC4, if known.
    pub place: Option<String>,
    /// Need code.
    pub need: String,
    /// Level.
    pub level: String,
    /// `no_school`, `too_far` or `too_few_places`.
    pub kind: String,
    /// Dutch description of the kind.
    pub kind_label: String,
    /// Expected children affected.
    pub children: f64,
    /// Great-circle km to the nearest school that offers it.
    pub nearest_km: Option<f64>,
    /// Road estimate (km) of that distance.
    pub road_km: Option<f64>,
    /// Places per expected child within reach (2SFCA), when places count.
    pub access: Option<f64>,
}

impl CoverageGapDto {
    fn of(gap: &Gap, register: &Register) -> CoverageGapDto {
        CoverageGapDto {
            pc4: gap.pc4.to_string(),
            place: register.pc4(gap.pc4).and_then(|a| a.place.clone()),
            need: gap.need.to_string(),
            level: gap.level.code().to_owned(),
            kind: gap.kind.code().to_owned(),
            kind_label: gap.kind.label().to_owned(),
            children: r3(gap.children),
            nearest_km: gap.nearest_km.map(r3),
            road_km: gap.road_km.map(r3),
            access: gap.access.map(r3),
        }
    }
}

/// One PC4, need and level.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct CoverageDetailDto {
    /// PC4.
    pub pc4: String,
    /// Latitude of the PC4 centre (WGS84).
    pub lat: f64,
    /// Longitude of the PC4 centre (WGS84).
    pub lon: f64,
    /// Need code.
    pub need: String,
    /// Level.
    pub level: String,
    /// Expected children.
    pub children: f64,
    /// Vestigingscode of the nearest school that offers it at this level or higher.
    pub nearest: Option<String>,
    /// Great-circle km to it.
    pub nearest_km: Option<f64>,
    /// Road estimate (km).
    pub road_km: Option<f64>,
    /// Places per expected child within reach (2SFCA), when places count.
    pub access: Option<f64>,
}

impl From<&DetailRow> for CoverageDetailDto {
    fn from(d: &DetailRow) -> CoverageDetailDto {
        CoverageDetailDto {
            pc4: d.pc4.to_string(),
            lat: (d.point.lat * 1e6).round() / 1e6,
            lon: (d.point.lon * 1e6).round() / 1e6,
            need: d.need.to_string(),
            level: d.level.code().to_owned(),
            children: r3(d.children),
            nearest: d.nearest.map(|v| v.to_string()),
            nearest_km: d.nearest_km.map(r3),
            road_km: d.road_km.map(r3),
            access: d.access.map(r3),
        }
    }
}

/// A cell a scenario changed.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct CoverageChangeDto {
    /// Need code.
    pub need: String,
    /// Level.
    pub level: String,
    /// The cell before.
    pub before: CoverageCellDto,
    /// The cell after.
    pub after: CoverageCellDto,
}

/// The outcome of a scenario.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct ScenarioOutcomeDto {
    /// The scenario's name.
    pub name: String,
    /// The cells that changed; empty when nothing changed.
    pub changes: Vec<CoverageChangeDto>,
}

/// The coverage of one SWV.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct CoverageDto {
    /// SWV code.
    pub swv: String,
    /// `swv` (own schools, the legal test) or `national` (any school).
    pub scope: String,
    /// The date whose profiles were used (ISO 8601).
    pub date: String,
    /// True when synthetic demo profiles were used: the figures then show how passend
    /// works, not what the schools offer.
    pub synthetic: bool,
    /// Thresholds and detour factor.
    pub settings: CoverageSettingsDto,
    /// One cell per need and level.
    pub cells: Vec<CoverageCellDto>,
    /// The gaps, most children first.
    pub gaps: Vec<CoverageGapDto>,
    /// One row per PC4, need and level, when asked for (`detail`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<CoverageDetailDto>>,
    /// The effect of a scenario, when one was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioOutcomeDto>,
}

/// What a coverage DTO is built from.
pub struct CoverageInput<'a> {
    /// The register, for place names.
    pub register: &'a Register,
    /// The needs.
    pub taxonomy: &'a Taxonomy,
    /// Thresholds.
    pub settings: &'a CoverageSettings,
    /// The date of the profiles.
    pub date: jiff::civil::Date,
}

impl CoverageDto {
    /// From a report; `detail` includes its detail rows, `scenario` the changes.
    pub fn of(
        input: &CoverageInput<'_>,
        report: &Report,
        detail: bool,
        scenario: Option<(&str, &[CellChange])>,
    ) -> CoverageDto {
        let cell = |c: &Cell| {
            let gaps = report
                .gaps
                .iter()
                .filter(|g| g.need == c.need && g.level == c.level)
                .count();
            CoverageCellDto::of(c, input.taxonomy, gaps)
        };
        CoverageDto {
            swv: report.swv.to_string(),
            scope: report.scope.code().to_owned(),
            date: input.date.to_string(),
            synthetic: report.synthetic,
            settings: input.settings.into(),
            cells: report.cells.iter().map(cell).collect(),
            gaps: report
                .gaps
                .iter()
                .map(|g| CoverageGapDto::of(g, input.register))
                .collect(),
            details: detail.then(|| report.details.iter().map(CoverageDetailDto::from).collect()),
            scenario: scenario.map(|(name, changes)| ScenarioOutcomeDto {
                name: name.to_owned(),
                changes: changes
                    .iter()
                    .map(|c| CoverageChangeDto {
                        need: c.before.need.to_string(),
                        level: c.before.level.code().to_owned(),
                        before: CoverageCellDto::of(&c.before, input.taxonomy, 0),
                        after: CoverageCellDto::of(&c.after, input.taxonomy, 0),
                    })
                    .collect(),
            }),
        }
    }
}

impl CoverageDto {
    /// Keeps only the cells, gaps, details and changes of one need and/or level.
    pub fn retain(&mut self, need: Option<&NeedCode>, level: Option<Level>) {
        let need = need.map(NeedCode::as_str);
        let level = level.map(Level::code);
        let keep = |n: &str, l: &str| need.is_none_or(|w| w == n) && level.is_none_or(|w| w == l);
        self.cells.retain(|c| keep(&c.need, &c.level));
        self.gaps.retain(|g| keep(&g.need, &g.level));
        if let Some(details) = &mut self.details {
            details.retain(|d| keep(&d.need, &d.level));
        }
        if let Some(s) = &mut self.scenario {
            s.changes.retain(|c| keep(&c.need, &c.level));
        }
    }
}

/// The cells of every SWV: the national view.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct NationalCoverageDto {
    /// The date whose profiles were used.
    pub date: String,
    /// True when synthetic demo profiles were used.
    pub synthetic: bool,
    /// Thresholds and detour factor.
    pub settings: CoverageSettingsDto,
    /// Per SWV its cells (own schools only, the legal test).
    pub swvs: Vec<SwvCoverageDto>,
}

/// The cells of one SWV in the national view.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct SwvCoverageDto {
    /// SWV code.
    pub swv: String,
    /// One cell per need and level.
    pub cells: Vec<CoverageCellDto>,
}

impl NationalCoverageDto {
    /// From every SWV's report.
    pub fn of(input: &CoverageInput<'_>, reports: &[Report]) -> NationalCoverageDto {
        NationalCoverageDto {
            date: input.date.to_string(),
            synthetic: reports.iter().any(|r| r.synthetic),
            settings: input.settings.into(),
            swvs: reports
                .iter()
                .map(|r| SwvCoverageDto {
                    swv: r.swv.to_string(),
                    cells: CoverageDto::of(input, r, false, None).cells,
                })
                .collect(),
        }
    }
}

/// A number for a Dutch spreadsheet: decimal comma, no thousands separator.
fn csv_number(x: f64) -> String {
    r3(x).to_string().replace('.', ",")
}

fn csv_opt(x: Option<f64>) -> String {
    x.map_or_else(String::new, csv_number)
}

/// The CSV of reports (one SWV or many), for a Dutch spreadsheet: semicolons, decimal
/// commas, Dutch headings. With details (`detail`) one row per SWV, PC4, need and level
/// (`afstand_km` is the JSON's `nearest_km`); else one row per SWV, need and level. Every
/// row says whether the profiles were synthetic, so a copied row cannot lose the label.
pub fn coverage_csv(dtos: &[CoverageDto], detail: bool) -> String {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let result = if detail {
        let header = [
            "swv",
            "pc4",
            "lat",
            "lon",
            "behoefte",
            "niveau",
            "kinderen",
            "dichtstbijzijnde_vestiging",
            "afstand_km",
            "weg_km",
            "plaatsen_per_kind",
            "synthetisch",
        ];
        std::iter::once(header.map(str::to_owned))
            .chain(dtos.iter().flat_map(|dto| {
                let synthetic = if dto.synthetic { "ja" } else { "nee" };
                dto.details.iter().flatten().map(move |d| {
                    [
                        dto.swv.clone(),
                        d.pc4.clone(),
                        csv_number(d.lat),
                        csv_number(d.lon),
                        d.need.clone(),
                        d.level.clone(),
                        csv_number(d.children),
                        d.nearest.clone().unwrap_or_default(),
                        csv_opt(d.nearest_km),
                        csv_opt(d.road_km),
                        csv_opt(d.access),
                        synthetic.to_owned(),
                    ]
                })
            }))
            .try_for_each(|row| out.write_record(&row))
    } else {
        let header = [
            "swv",
            "reikwijdte",
            "behoefte",
            "naam",
            "niveau",
            "kinderen",
            "binnen_bereik",
            "aandeel_binnen_bereik",
            "scholen",
            "plaatsen",
            "plaatsen_per_1000",
            "tekort",
            "max_km",
            "hiaten",
            "synthetisch",
        ];
        std::iter::once(header.map(str::to_owned))
            .chain(dtos.iter().flat_map(|dto| {
                let synthetic = if dto.synthetic { "ja" } else { "nee" };
                dto.cells.iter().map(move |c| {
                    [
                        dto.swv.clone(),
                        dto.scope.clone(),
                        c.need.clone(),
                        c.need_label.clone(),
                        c.level.clone(),
                        csv_number(c.children),
                        csv_number(c.within),
                        csv_opt(c.share_within),
                        c.schools.to_string(),
                        c.places.to_string(),
                        csv_opt(c.places_per_1000),
                        csv_number(c.short),
                        csv_opt(c.max_km),
                        c.gaps.to_string(),
                        synthetic.to_owned(),
                    ]
                })
            }))
            .try_for_each(|row| out.write_record(&row))
    };
    result.expect("writing CSV to memory cannot fail");
    String::from_utf8(out.into_inner().expect("memory writer")).expect("the fields are UTF-8")
}
