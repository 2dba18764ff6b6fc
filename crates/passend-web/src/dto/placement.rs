//! The JSON of placement: an instance file as `passend place generate` writes it (the
//! format `passend_import::read::placement` reads, documented in `docs/plaatsing.md`),
//! the outcome of `passend place` and of the web page, and the finder's answer.

use serde::Serialize;
use utoipa::ToSchema;

use passend_coverage::Model;
use passend_placement::finder::{Answer, Found};
use passend_placement::{Instance, NeedLevel, Outcome, Why, reason};

/// A need at a level.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct NeedLevelDto {
    /// The need's code (`instellingen/behoeften.csv`).
    pub need: String,
    /// `basis`, `extra` or `specialistisch`.
    pub level: String,
}

impl From<&NeedLevel> for NeedLevelDto {
    fn from(n: &NeedLevel) -> NeedLevelDto {
        NeedLevelDto {
            need: n.need.to_string(),
            level: n.level.code().to_owned(),
        }
    }
}

/// Places for a need at a level.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct PlaceDto {
    /// The need.
    pub need: String,
    /// The level.
    pub level: String,
    /// How many.
    pub capacity: u32,
}

/// A school of an instance.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct SchoolDto {
    /// Vestigingscode.
    pub id: String,
    /// Its name, for people reading the file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Pupils it takes.
    pub capacity: u32,
    /// Latitude (WGS84).
    pub lat: f64,
    /// Longitude (WGS84).
    pub lon: f64,
    /// What it offers.
    pub offers: Vec<NeedLevelDto>,
    /// Places per need and level.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<PlaceDto>,
}

/// A pupil of an instance.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct PupilDto {
    /// Its id.
    pub id: String,
    /// Latitude of its home.
    pub lat: f64,
    /// Longitude of its home.
    pub lon: f64,
    /// What it needs.
    pub needs: Vec<NeedLevelDto>,
    /// Schools, best first.
    pub preferences: Vec<String>,
    /// Its lottery number, lower is better.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lottery: Option<f64>,
}

/// A whole instance file.
#[derive(Serialize, Clone, Debug, PartialEq)]
pub struct InstanceDto {
    /// Its name.
    pub name: String,
    /// What it is, in Dutch.
    pub description: String,
    /// The seed it was made with.
    pub seed: u64,
    /// Whether the pupils are made up.
    pub synthetic: bool,
    /// The schools.
    pub schools: Vec<SchoolDto>,
    /// The pupils.
    pub pupils: Vec<PupilDto>,
}

/// Rounds coordinates to 6 decimals (about 0.1 m): enough, and the file stays small.
fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

impl InstanceDto {
    /// The file of an instance; `names` gives school names by index where known.
    pub fn new(
        instance: &Instance,
        name: String,
        description: String,
        seed: u64,
        synthetic: bool,
        names: &dyn Fn(usize) -> Option<String>,
    ) -> InstanceDto {
        InstanceDto {
            name,
            description,
            seed,
            synthetic,
            schools: instance
                .schools
                .iter()
                .enumerate()
                .map(|(i, s)| SchoolDto {
                    id: s.id.to_string(),
                    name: names(i),
                    capacity: s.capacity,
                    lat: round6(s.at.lat),
                    lon: round6(s.at.lon),
                    offers: s.offers.iter().map(NeedLevelDto::from).collect(),
                    places: s
                        .places
                        .iter()
                        .map(|p| PlaceDto {
                            need: p.what.need.to_string(),
                            level: p.what.level.code().to_owned(),
                            capacity: p.capacity,
                        })
                        .collect(),
                })
                .collect(),
            pupils: instance
                .pupils
                .iter()
                .map(|p| PupilDto {
                    id: p.id.clone(),
                    lat: round6(p.at.lat),
                    lon: round6(p.at.lon),
                    needs: p.needs.iter().map(NeedLevelDto::from).collect(),
                    preferences: p
                        .preferences
                        .iter()
                        .map(|&s| instance.schools[s].id.to_string())
                        .collect(),
                    lottery: p.lottery,
                })
                .collect(),
        }
    }
}

/// A school a pupil is not at, with why.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct PassedDto {
    /// The school.
    pub school: String,
    /// Its rank in the pupil's preferences, if it is one.
    pub rank: Option<usize>,
    /// `niet_geboden`, `geen_capaciteit`, `vol`, `plaatsen_vol`, `minder_kosten` or
    /// `afgewezen`.
    pub code: String,
    /// The admitted pupil the school ranks lowest, where the school is full.
    pub last_admitted: Option<String>,
}

/// One pupil's outcome.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct AssignmentDto {
    /// The pupil.
    pub pupil: String,
    /// The school, or null.
    pub school: Option<String>,
    /// The rank of that school in the pupil's preferences, or null.
    pub rank: Option<usize>,
    /// Why this is the outcome, in Dutch.
    pub reason: String,
    /// The cost of the placement (min-cost: the candidate's cost; da-stb: the distance).
    pub cost: Option<i64>,
    /// Distance from home to the school in whole metres (great circle).
    pub distance_m: Option<i64>,
    /// The schools it preferred (or that cost less) and why it is not there.
    pub passed: Vec<PassedDto>,
}

/// The totals.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct TotalsDto {
    /// Pupils.
    pub pupils: usize,
    /// Placed.
    pub placed: usize,
    /// Not placed.
    pub unplaced: usize,
    /// Share of all pupils at their first choice (0–1).
    pub first_choice: f64,
    /// Share of all pupils at one of their first three choices (0–1).
    pub top3: f64,
    /// Total distance of the placed pupils, metres.
    pub total_distance_m: i64,
    /// Mean distance of the placed pupils, metres.
    pub mean_distance_m: f64,
    /// Total cost of the placed pupils.
    pub total_cost: i64,
}

/// The outcome of a placement run.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct OutcomeDto {
    /// `da-stb` or `min-cost`.
    pub algorithm: String,
    /// The seed of the lottery: with the same input, the same output.
    pub seed: u64,
    /// SHA-256 of the instance file.
    pub input_sha256: String,
    /// The instance's name.
    pub instance: Option<String>,
    /// Whether the instance says its pupils are made up.
    pub synthetic: bool,
    /// The totals.
    pub totals: TotalsDto,
    /// One per pupil, in the instance's order.
    pub assignments: Vec<AssignmentDto>,
}

fn code(why: &Why) -> &'static str {
    match why {
        Why::Unserved(_) => "niet_geboden",
        Why::NoCapacity => "geen_capaciteit",
        Why::Full { .. } => "vol",
        Why::PlacesFull { .. } => "plaatsen_vol",
        Why::TakenForLessCost => "minder_kosten",
        Why::TurnedDown => "afgewezen",
    }
}

impl OutcomeDto {
    /// The JSON of an outcome.
    pub fn new(
        instance: &Instance,
        outcome: &Outcome,
        input_sha256: &str,
        name: Option<&str>,
        synthetic: bool,
    ) -> OutcomeDto {
        let t = outcome.totals();
        let round = |x: f64, d: i32| {
            let f = 10f64.powi(d);
            (x * f).round() / f
        };
        OutcomeDto {
            algorithm: outcome.algorithm.code().to_owned(),
            seed: outcome.seed,
            input_sha256: input_sha256.to_owned(),
            instance: name.map(str::to_owned),
            synthetic,
            totals: TotalsDto {
                pupils: t.pupils,
                placed: t.placed,
                unplaced: t.unplaced,
                first_choice: round(t.first_choice, 4),
                top3: round(t.top3, 4),
                total_distance_m: t.total_distance_m,
                mean_distance_m: round(t.mean_distance_m, 1),
                total_cost: t.total_cost,
            },
            assignments: outcome
                .assignments
                .iter()
                .map(|a| AssignmentDto {
                    pupil: instance.pupils[a.pupil].id.clone(),
                    school: a.school.map(|s| instance.schools[s].id.to_string()),
                    rank: a.rank,
                    reason: reason(instance, outcome, a),
                    cost: a.cost,
                    distance_m: a.distance_m,
                    passed: a
                        .passed
                        .iter()
                        .map(|p| PassedDto {
                            school: instance.schools[p.school].id.to_string(),
                            rank: p.rank,
                            code: code(&p.why).to_owned(),
                            last_admitted: match &p.why {
                                Why::Full { last_admitted }
                                | Why::PlacesFull { last_admitted, .. } => {
                                    last_admitted.map(|l| instance.pupils[l].id.clone())
                                }
                                _ => None,
                            },
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// One school in the finder's answer.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct FoundDto {
    /// Vestigingscode.
    pub vestiging: String,
    /// Name.
    pub name: String,
    /// Distance from home in whole metres (great circle).
    pub distance_m: i64,
    /// Places per need at extra or specialist level, from the profile (null: not given).
    pub places: Vec<FoundPlacesDto>,
    /// Why it cannot take the child (null when it can).
    pub reason: Option<String>,
}

/// Places for one need.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct FoundPlacesDto {
    /// The need.
    pub need: String,
    /// The level asked.
    pub level: String,
    /// The profile's places (null: the profile gives no number).
    pub places: Option<u32>,
}

/// The finder's answer.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq)]
pub struct FinderDto {
    /// The SWV.
    pub swv: String,
    /// What was asked.
    pub needs: Vec<NeedLevelDto>,
    /// Whether the profiles are synthetic demo data.
    pub synthetic_profiles: bool,
    /// Schools that can, nearest first.
    pub fits: Vec<FoundDto>,
    /// The nearest schools that cannot, with why.
    pub nearby_unfit: Vec<FoundDto>,
    /// How many schools of the SWV cannot, in all.
    pub unfit_total: usize,
}

impl FinderDto {
    /// The JSON of an answer.
    pub fn new(model: &Model, swv: &str, needs: &[NeedLevel], answer: &Answer) -> FinderDto {
        let found = |f: &Found| FoundDto {
            vestiging: model.sites[f.site].code.to_string(),
            name: model.sites[f.site].name.clone(),
            distance_m: f.distance_m,
            places: f
                .places
                .iter()
                .map(|(n, p)| FoundPlacesDto {
                    need: n.need.to_string(),
                    level: n.level.code().to_owned(),
                    places: *p,
                })
                .collect(),
            reason: f.unfit.as_ref().map(ToString::to_string),
        };
        FinderDto {
            swv: swv.to_owned(),
            needs: needs.iter().map(NeedLevelDto::from).collect(),
            synthetic_profiles: model.synthetic,
            fits: answer.fits.iter().map(found).collect(),
            nearby_unfit: answer.nearby_unfit.iter().map(found).collect(),
            unfit_total: answer.unfit_total,
        }
    }
}
