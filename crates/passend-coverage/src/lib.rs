//! The dekkend aanbod: can every child, whatever its support need, get a fitting place?
//!
//! For an SWV and every PC4 area, need and level this crate finds the nearest school
//! that offers the need at that level or higher, the share of children that lives within
//! the threshold distance of such a school, places against expected demand (a two-step
//! floating catchment area measure), and the gaps. A scenario (a school closed, a profile
//! changed, places added) is applied to a copy of the model and compared.
//!
//! Pure: no I/O, no clock. Inputs come from `passend-core` (register, profiles, taxonomy,
//! demand); distances are great-circle km, with a road estimate by a detour factor.

mod analysis;
mod model;
mod scenario;
mod spatial;

pub use analysis::{Cell, DetailRow, Filter, Gap, GapKind, Report, Scope, analyse, analyse_all};
pub use model::{Area, Model, Params, Site, serves};
pub use scenario::{CellChange, Scenario, ScenarioChange, ScenarioError, compare};
pub use spatial::{Nearest, SiteIndex};
