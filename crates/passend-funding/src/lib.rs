//! Funding of a samenwerkingsverband: what DUO pays and deducts per calendar year
//! (`budget`, from the formulas in `formula` and the amounts in `rates`), how the SWV
//! divides it over its schools (`allocation`), the pupil prognosis per vestiging
//! (`prognosis`) and the multi-year budget with the reserves (`multiyear`).
//!
//! Pure like `passend-core`: no I/O, no clock, no file formats. Money is
//! `passend_core::money::Money`, exact to the cent; the amounts per year are data,
//! read by `passend-import` from `data/bekostiging/`.

pub mod allocation;
pub mod budget;
pub mod data;
pub mod error;
pub mod formula;
pub mod multiyear;
pub mod prognosis;
pub mod rates;
pub mod scenario;

pub use error::FundingError;
