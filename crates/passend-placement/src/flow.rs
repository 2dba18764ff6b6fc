//! Exact minimum-cost maximum flow (being written).
