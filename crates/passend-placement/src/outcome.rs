//! The result of a placement: per pupil the school or none, the rank of that school in
//! its preferences, and why it is not at a school it preferred; and the totals.

use std::fmt;

use crate::eligibility::Unserved;
use crate::instance::{Instance, NeedLevel, distance_m};

/// Which algorithm placed the pupils.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
    /// Pupil-proposing deferred acceptance with a single tie-breaking lottery.
    DaStb,
    /// As many pupils as possible, then the least total cost.
    MinCost,
}

impl Algorithm {
    /// The code on the command line and in the output.
    pub fn code(self) -> &'static str {
        match self {
            Algorithm::DaStb => "da-stb",
            Algorithm::MinCost => "min-cost",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Algorithm> {
        match code.trim().to_lowercase().as_str() {
            "da-stb" | "da" => Some(Algorithm::DaStb),
            "min-cost" | "mincost" => Some(Algorithm::MinCost),
            _ => None,
        }
    }
}

/// Why a pupil is not at one school.
#[derive(Clone, Debug, PartialEq)]
pub enum Why {
    /// The school cannot serve its needs.
    Unserved(Unserved),
    /// The school has no places at all in this instance.
    NoCapacity,
    /// The school is full with pupils it ranks higher; the last one it admitted.
    Full {
        /// The admitted pupil it ranks lowest (by index).
        last_admitted: Option<usize>,
    },
    /// The school's places for one of the pupil's needs are taken by pupils it ranks
    /// higher.
    PlacesFull {
        /// The need and level of the places.
        place: NeedLevel,
        /// The admitted pupil with those places it ranks lowest.
        last_admitted: Option<usize>,
    },
    /// Minimum cost gave the school's places to others: placing this pupil there would
    /// place fewer pupils or make the total cost higher.
    TakenForLessCost,
    /// Deferred acceptance turned the pupil down during the rounds, and the school did
    /// not fill up afterwards: possible only when one pupil uses places of two needs at
    /// the same school (then no stable assignment need exist).
    TurnedDown,
}

/// A school a pupil is not at, with why.
#[derive(Clone, Debug, PartialEq)]
pub struct Passed {
    /// The school, by index.
    pub school: usize,
    /// Its rank in the pupil's preferences (1 = first choice), if it is one.
    pub rank: Option<usize>,
    /// Why.
    pub why: Why,
}

/// One pupil's outcome.
#[derive(Clone, Debug, PartialEq)]
pub struct Assignment {
    /// The pupil, by index.
    pub pupil: usize,
    /// The school, by index, or none.
    pub school: Option<usize>,
    /// The rank of that school in the pupil's preferences (1 = first choice).
    pub rank: Option<usize>,
    /// Its cost (min-cost), or its distance in metres (da-stb).
    pub cost: Option<i64>,
    /// Great-circle distance from home to the school in whole metres.
    pub distance_m: Option<i64>,
    /// The schools it preferred (da-stb) or could have gone to at less cost (min-cost),
    /// and why it is not there.
    pub passed: Vec<Passed>,
}

/// A whole placement.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The seed of the lottery.
    pub seed: u64,
    /// One per pupil, in the instance's order.
    pub assignments: Vec<Assignment>,
}

/// The totals of a placement.
#[derive(Clone, Debug, PartialEq)]
pub struct Totals {
    /// Pupils.
    pub pupils: usize,
    /// Placed.
    pub placed: usize,
    /// Not placed.
    pub unplaced: usize,
    /// Share of all pupils placed at their first choice (0–1).
    pub first_choice: f64,
    /// Share of all pupils placed at one of their first three choices (0–1).
    pub top3: f64,
    /// Total distance of the placed pupils, whole metres.
    pub total_distance_m: i64,
    /// Mean distance of the placed pupils, metres.
    pub mean_distance_m: f64,
    /// Total cost of the placed pupils.
    pub total_cost: i64,
}

impl Outcome {
    /// The totals.
    pub fn totals(&self) -> Totals {
        let pupils = self.assignments.len();
        let placed = self
            .assignments
            .iter()
            .filter(|a| a.school.is_some())
            .count();
        let share = |n: usize| {
            if pupils == 0 {
                0.0
            } else {
                n as f64 / pupils as f64
            }
        };
        let first = self
            .assignments
            .iter()
            .filter(|a| a.rank == Some(1))
            .count();
        let top3 = self
            .assignments
            .iter()
            .filter(|a| a.rank.is_some_and(|r| r <= 3))
            .count();
        let total_distance_m: i64 = self.assignments.iter().filter_map(|a| a.distance_m).sum();
        Totals {
            pupils,
            placed,
            unplaced: pupils - placed,
            first_choice: share(first),
            top3: share(top3),
            total_distance_m,
            mean_distance_m: if placed == 0 {
                0.0
            } else {
                total_distance_m as f64 / placed as f64
            },
            total_cost: self.assignments.iter().filter_map(|a| a.cost).sum(),
        }
    }
}

/// The assignment of a pupil to a school (or none), with its rank, cost and distance.
pub(crate) fn assignment(
    instance: &Instance,
    pupil: usize,
    school: Option<usize>,
    cost: Option<i64>,
    passed: Vec<Passed>,
) -> Assignment {
    let p = &instance.pupils[pupil];
    let rank = school.and_then(|s| p.preferences.iter().position(|&x| x == s).map(|r| r + 1));
    let distance = school.map(|s| distance_m(p.at, instance.schools[s].at));
    Assignment {
        pupil,
        school,
        rank,
        cost: cost.or(distance),
        distance_m: distance,
        passed,
    }
}

/// The reason of one assignment in plain Dutch, naming schools and pupils by id.
pub fn reason(instance: &Instance, outcome: &Outcome, a: &Assignment) -> String {
    let school = |s: usize| instance.schools[s].id.to_string();
    let pupil = |p: usize| instance.pupils[p].id.clone();
    let why = |w: &Why| {
        match w {
        Why::Unserved(u) => format!("kan de ondersteuning niet bieden: {u}"),
        Why::NoCapacity => "heeft geen plaatsen".to_owned(),
        Why::Full { last_admitted } => match last_admitted {
            Some(l) => format!(
                "vol met leerlingen met een hogere prioriteit; de laatst toegelaten leerling is {}",
                pupil(*l)
            ),
            None => "vol".to_owned(),
        },
        Why::PlacesFull {
            place,
            last_admitted,
        } => match last_admitted {
            Some(l) => format!(
                "de plaatsen voor {} ({}) zijn vol met leerlingen met een hogere prioriteit; de laatst toegelaten is {}",
                place.need,
                place.level.label(),
                pupil(*l)
            ),
            None => format!("heeft geen plaatsen voor {} ({})", place.need, place.level.label()),
        },
        Why::TakenForLessCost => {
            "vol: met deze plaatsing worden meer leerlingen geplaatst of is de totale afstand kleiner"
                .to_owned()
        }
        Why::TurnedDown => {
            "afgewezen in een eerdere ronde; met plaatsen voor twee behoeften van één leerling op dezelfde school kan dat gebeuren"
                .to_owned()
        }
    }
    };
    let passed = |list: &[Passed]| {
        list.iter()
            .map(|p| match p.rank {
                Some(r) => format!("{}e keus {}: {}", r, school(p.school), why(&p.why)),
                None => format!("{}: {}", school(p.school), why(&p.why)),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    let p = &instance.pupils[a.pupil];
    match (a.school, a.rank, outcome.algorithm) {
        (Some(_), Some(1), _) => "eerste keus".to_owned(),
        (Some(_), Some(r), Algorithm::DaStb) => {
            format!("{r}e keus; niet bij een hogere keus: {}", passed(&a.passed))
        }
        (Some(_), rank, Algorithm::MinCost) => {
            let head = match rank {
                Some(r) => format!("{r}e keus"),
                None => "geen voorkeur van de leerling".to_owned(),
            };
            if a.passed.is_empty() {
                format!("{head}; de dichtstbijzijnde kandidaat die kan")
            } else {
                format!(
                    "{head}; niet bij een kandidaat met minder kosten: {}",
                    passed(&a.passed)
                )
            }
        }
        (Some(_), None, Algorithm::DaStb) => "geplaatst buiten de voorkeuren".to_owned(),
        (None, _, _) if a.passed.is_empty() => {
            if p.preferences.is_empty() && outcome.algorithm == Algorithm::DaStb {
                "niet geplaatst: de leerling heeft geen voorkeuren opgegeven".to_owned()
            } else {
                "niet geplaatst: er is geen school die de leerling kan plaatsen".to_owned()
            }
        }
        (None, _, _) => format!("niet geplaatst: {}", passed(&a.passed)),
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}
