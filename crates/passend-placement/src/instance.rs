//! A placement instance: schools with capacity and what they offer, pupils with their
//! needs and preferences, and optionally priorities per school and candidate lists with
//! costs. Schools and pupils refer to each other by index here; the file format with
//! its ids is read by `passend_import::read::placement`.

use std::collections::HashMap;

use passend_core::geo::{EARTH_RADIUS_KM, LatLon};
use passend_core::ids::VestigingCode;
use passend_core::support::{Level, NeedCode};

/// A need at a level: what a pupil asks, or what a school offers.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NeedLevel {
    /// The need.
    pub need: NeedCode,
    /// The level.
    pub level: Level,
}

impl std::fmt::Display for NeedLevel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.need, self.level)
    }
}

/// Places a school has for one need at one level.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The need and level.
    pub what: NeedLevel,
    /// How many pupils with that need at that level it can take.
    pub capacity: u32,
}

/// A school in an instance.
#[derive(Clone, Debug, PartialEq)]
pub struct School {
    /// The vestiging.
    pub id: VestigingCode,
    /// How many pupils it takes in all.
    pub capacity: u32,
    /// Where it is.
    pub at: LatLon,
    /// The needs it serves, each up to a level.
    pub offers: Vec<NeedLevel>,
    /// Places per need and level; a pupil whose need and level have an entry here uses
    /// one of its places (besides one of the school's capacity).
    pub places: Vec<Place>,
}

/// A pupil in an instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Pupil {
    /// Its id in the instance (not a name).
    pub id: String,
    /// Where it lives.
    pub at: LatLon,
    /// What it needs.
    pub needs: Vec<NeedLevel>,
    /// Schools, best first, by index.
    pub preferences: Vec<usize>,
    /// Its lottery number, lower is better; drawn from the seed when absent.
    pub lottery: Option<f64>,
}

/// One school a pupil may be placed at by minimum cost, with the cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The school, by index.
    pub school: usize,
    /// The cost (whole metres, or whatever unit the file uses).
    pub cost: i64,
}

/// A whole instance.
#[derive(Clone, Debug, PartialEq)]
pub struct Instance {
    /// The schools.
    pub schools: Vec<School>,
    /// The pupils.
    pub pupils: Vec<Pupil>,
    /// Per school, its priority order of pupils (best first), if it has one; pupils it
    /// does not list come after those it does, in lottery order.
    pub priorities: Vec<Option<Vec<usize>>>,
    /// Per pupil, its candidates for minimum cost where the file gives them (empty when
    /// the file gives none); without, a pupil's candidates are its preferences, or every
    /// school that serves it when it has none, at their distance in metres.
    pub candidates: Vec<Option<Vec<Candidate>>>,
}

/// Why an instance is not consistent (the reader names ids; these name indices only
/// when the instance was built in code).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstanceError {
    /// A reference to a school or pupil that does not exist.
    #[error("{what} verwijst naar {kind} nummer {index}, die niet bestaat")]
    Dangling {
        /// Where.
        what: String,
        /// `school` or `leerling`.
        kind: &'static str,
        /// The index.
        index: usize,
    },
    /// The same school twice in one list.
    #[error("{what} noemt {id} twee keer")]
    Twice {
        /// Where.
        what: String,
        /// The id.
        id: String,
    },
    /// A number that is not finite.
    #[error("{what}: het lotnummer moet een eindig getal zijn")]
    Lottery {
        /// Where.
        what: String,
    },
}

impl Instance {
    /// Checks references and lists; the reader has checked ids, capacities and codes.
    pub fn check(&self) -> Result<(), InstanceError> {
        let n_schools = self.schools.len();
        let n_pupils = self.pupils.len();
        for p in &self.pupils {
            let what = || format!("leerling {}", p.id);
            let mut seen = vec![false; n_schools];
            for &s in &p.preferences {
                if s >= n_schools {
                    return Err(InstanceError::Dangling {
                        what: what(),
                        kind: "school",
                        index: s,
                    });
                }
                if std::mem::replace(&mut seen[s], true) {
                    return Err(InstanceError::Twice {
                        what: format!("de voorkeuren van leerling {}", p.id),
                        id: self.schools[s].id.to_string(),
                    });
                }
            }
            if p.lottery.is_some_and(|l| !l.is_finite()) {
                return Err(InstanceError::Lottery { what: what() });
            }
        }
        for (s, order) in self.priorities.iter().enumerate() {
            let Some(order) = order else { continue };
            let what = || format!("de prioriteiten van school {}", self.schools[s].id);
            let mut seen = vec![false; n_pupils];
            for &p in order {
                if p >= n_pupils {
                    return Err(InstanceError::Dangling {
                        what: what(),
                        kind: "leerling",
                        index: p,
                    });
                }
                if std::mem::replace(&mut seen[p], true) {
                    return Err(InstanceError::Twice {
                        what: what(),
                        id: self.pupils[p].id.clone(),
                    });
                }
            }
        }
        if !self.candidates.is_empty() && self.candidates.len() != n_pupils {
            return Err(InstanceError::Dangling {
                what: "de kandidatenlijsten".to_owned(),
                kind: "leerling",
                index: self.candidates.len(),
            });
        }
        {
            for (p, list) in self
                .candidates
                .iter()
                .enumerate()
                .filter_map(|(p, l)| l.as_ref().map(|l| (p, l)))
            {
                let what = || format!("de kandidaten van leerling {}", self.pupils[p].id);
                let mut seen = vec![false; n_schools];
                for c in list {
                    if c.school >= n_schools {
                        return Err(InstanceError::Dangling {
                            what: what(),
                            kind: "school",
                            index: c.school,
                        });
                    }
                    if std::mem::replace(&mut seen[c.school], true) {
                        return Err(InstanceError::Twice {
                            what: what(),
                            id: self.schools[c.school].id.to_string(),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// The index of every school by id.
    pub fn school_index(&self) -> HashMap<VestigingCode, usize> {
        self.schools
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id, i))
            .collect()
    }
}

/// Great-circle distance in whole metres (earth radius 6371.0088 km), the default cost.
pub fn distance_m(a: LatLon, b: LatLon) -> i64 {
    debug_assert!((EARTH_RADIUS_KM - 6371.0088).abs() < 1e-9);
    (a.distance_km(b) * 1000.0).round() as i64
}
