//! Benchmarks of the min-cost flow solver (being written).
fn main() {}
