//! What-if scenarios: a school closed, a profile changed, places added. A scenario is
//! applied to a copy of the model; the original stays as it was.

use passend_core::ids::VestigingCode;
use passend_core::support::{Level, NeedCode};

use crate::analysis::{Cell, Report};
use crate::model::Model;

/// One change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScenarioChange {
    /// The school closes.
    Close {
        /// The vestiging.
        vestiging: VestigingCode,
    },
    /// The school offers a need at a level (or, with `level: None`, no longer offers it).
    SetOffer {
        /// The vestiging.
        vestiging: VestigingCode,
        /// The need.
        need: NeedCode,
        /// The new level, or none.
        level: Option<Level>,
        /// The places at that level.
        places: Option<u32>,
    },
    /// The school gets (or, negative, loses) places for a need it offers.
    AddPlaces {
        /// The vestiging.
        vestiging: VestigingCode,
        /// The need.
        need: NeedCode,
        /// How many.
        places: i64,
    },
}

/// A named set of changes.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Scenario {
    /// A name for people.
    pub name: String,
    /// The changes, applied in order.
    pub changes: Vec<ScenarioChange>,
}

/// Why a scenario cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioError {
    /// The vestiging is not an open school with a position.
    #[error("wijziging {index}: vestiging {vestiging} is geen open school met een bekende ligging")]
    UnknownVestiging {
        /// 1-based number of the change.
        index: usize,
        /// The vestiging.
        vestiging: VestigingCode,
    },
    /// The need is not in the taxonomy.
    #[error("wijziging {index}: onbekende behoefte '{need}'")]
    UnknownNeed {
        /// 1-based number of the change.
        index: usize,
        /// The need.
        need: NeedCode,
    },
    /// Places added for a need the school does not offer above basis.
    #[error(
        "wijziging {index}: {vestiging} biedt voor '{need}' geen extra of specialistische ondersteuning; geef eerst een niveau op"
    )]
    NotOffered {
        /// 1-based number of the change.
        index: usize,
        /// The vestiging.
        vestiging: VestigingCode,
        /// The need.
        need: NeedCode,
    },
}

impl Scenario {
    /// Applies the changes to a copy of the model.
    pub fn apply(&self, model: &Model) -> Result<Model, ScenarioError> {
        let mut out = model.clone();
        for (i, change) in self.changes.iter().enumerate() {
            let index = i + 1;
            let site_of = |out: &Model, vestiging: VestigingCode| {
                out.sites
                    .iter()
                    .position(|s| s.code == vestiging)
                    .ok_or(ScenarioError::UnknownVestiging { index, vestiging })
            };
            let known_need = |need: &NeedCode| {
                if model.taxonomy.need(need).is_some() {
                    Ok(())
                } else {
                    Err(ScenarioError::UnknownNeed {
                        index,
                        need: need.clone(),
                    })
                }
            };
            match change {
                ScenarioChange::Close { vestiging } => {
                    let site = site_of(&out, *vestiging)?;
                    out.sites.remove(site);
                }
                ScenarioChange::SetOffer {
                    vestiging,
                    need,
                    level,
                    places,
                } => {
                    known_need(need)?;
                    let site = site_of(&out, *vestiging)?;
                    match level {
                        Some(level) => {
                            out.sites[site].offers.insert(
                                need.clone(),
                                (*level, places.filter(|_| level.has_places())),
                            );
                        }
                        None => {
                            out.sites[site].offers.remove(need);
                        }
                    }
                }
                ScenarioChange::AddPlaces {
                    vestiging,
                    need,
                    places,
                } => {
                    known_need(need)?;
                    let site = site_of(&out, *vestiging)?;
                    match out.sites[site].offers.get_mut(need) {
                        Some((level, current)) if level.has_places() => {
                            let new = i64::from(current.unwrap_or(0)) + places;
                            *current = Some(u32::try_from(new.max(0)).unwrap_or(u32::MAX));
                        }
                        _ => {
                            return Err(ScenarioError::NotOffered {
                                index,
                                vestiging: *vestiging,
                                need: need.clone(),
                            });
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

/// A cell before and after a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct CellChange {
    /// Before.
    pub before: Cell,
    /// After.
    pub after: Cell,
}

impl CellChange {
    /// Change in expected children within the threshold (positive is better).
    pub fn within_delta(&self) -> f64 {
        self.after.within - self.before.within
    }

    /// Change in expected children short of places (negative is better).
    pub fn short_delta(&self) -> f64 {
        self.after.short - self.before.short
    }
}

/// The cells that a scenario changed, in the order of the reports.
pub fn compare(before: &Report, after: &Report) -> Vec<CellChange> {
    before
        .cells
        .iter()
        .filter_map(|b| {
            let a = after.cell(&b.need, b.level)?;
            let changed = (a.within - b.within).abs() > 1e-9
                || (a.short - b.short).abs() > 1e-9
                || a.sites != b.sites
                || a.places != b.places;
            changed.then(|| CellChange {
                before: b.clone(),
                after: a.clone(),
            })
        })
        .collect()
}
