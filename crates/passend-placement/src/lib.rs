//! Placement: which schools can serve a child, and placing many children at once.
//!
//! - [`instance`]: schools with capacity, coordinates and offers (and optionally places
//!   per need), pupils with needs and preferences, priorities and candidate lists.
//! - [`finder`]: the schools that can serve one child, nearest first, and why the
//!   others near it cannot.
//! - [`eligibility`]: whether a school serves a pupil's needs, and why not.
//! - [`da`]: pupil-proposing deferred acceptance with a single lottery (stable).
//! - [`flow`]: an exact minimum-cost maximum-flow solver.
//! - [`mincost`]: the most pupils placed at the least total cost (exact, by [`flow`]).
//! - [`generate`]: synthetic instances from the real schools, profiles and children.
//! - [`outcome`]: per pupil the school, its rank and the reasons; the totals.
//!
//! Pure: no I/O, no clock; randomness only from a seed the caller passes.

pub mod da;
pub mod eligibility;
pub mod finder;
pub mod flow;
pub mod generate;
pub mod instance;
pub mod mincost;
pub mod outcome;
#[cfg(test)]
mod props;
#[cfg(test)]
mod testgen;

pub use da::deferred_acceptance;
pub use instance::{Candidate, Instance, NeedLevel, Place, Pupil, School};
pub use mincost::{MinCostError, min_cost};
pub use outcome::{Algorithm, Assignment, Outcome, Passed, Totals, Why, reason};
