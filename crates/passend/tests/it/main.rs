//! The `passend` binary, black box: run as a user runs it, on a database in a temporary
//! directory and on the bundled data or a copy of it; and the workspace's tidy checks.
//! One test binary, so the bundled data is imported once for all of them.

mod budget;
mod cli;
mod coverage;
mod durability;
mod placement;
mod sop;
mod support;
mod tidy;
mod users;
