//! The domain of passend onderwijs: identifiers, samenwerkingsverbanden, school kinds and
//! clusters, pupil counts, the register, and the legal rules of membership and composition.
//!
//! This crate does no I/O, reads no clock and knows no file format, SQL or HTTP: every
//! function is a pure computation over its arguments, so every result can be reproduced
//! and tested. User-facing text it produces (finding messages, labels) is Dutch.

pub mod access;
pub mod area;
pub mod cluster;
pub mod composition;
pub mod demand;
pub mod generate;
pub mod geo;
pub mod ids;
pub mod membership;
pub mod money;
pub mod pupils;
pub mod register;
pub mod retention;
pub mod school;
pub mod summary;
pub mod support;
pub mod swv;

#[cfg(any(test, feature = "testkit"))]
pub mod testkit;
