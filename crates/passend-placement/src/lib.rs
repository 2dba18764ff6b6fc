//! Placement: which schools can serve a child, and placing many children at once.
//!
//! Pure: no I/O, no clock; randomness only from a seed the caller passes.

pub mod flow;
