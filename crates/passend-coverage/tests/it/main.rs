//! Tests of the coverage analysis: the spatial index against brute force, level and scope
//! rules, a snapshot of a small SWV's matrix, and scenarios.

mod analysis;
mod spatial;
mod support;
