//! Exact minimum-cost maximum flow.
//!
//! [`FlowGraph::min_cost_max_flow`] sends as much flow as possible from a source to a sink
//! and, among all maximum flows, returns one of least total cost. For placement: as many
//! pupils placed as possible, and among those assignments the one with the least total
//! distance. Capacities are `u32`, costs `i64` (zero and negative allowed, including
//! cycles of negative cost, which a least-cost flow fills), all arithmetic is integer and
//! the answer is exact.
//!
//! # Algorithm
//!
//! Two phases on one residual network (`residual`: forward star, arcs of a node in the
//! order they were added).
//!
//! 1. `max_flow`: a maximum flow by Dinic's algorithm (breadth-first levels, blocking
//!    flow by an iterative depth-first search). Its cost is arbitrary.
//! 2. `cost_scaling`: every maximum flow is that one plus a circulation in its residual
//!    network, so the least-cost maximum flow is it plus a minimum-cost circulation there,
//!    which cost scaling finds (Goldberg and Tarjan 1990, "Finding minimum-cost
//!    circulations by successive approximation"). Costs are multiplied by `n + 1`; each
//!    phase divides the error bound ε by 16 and restores ε-optimality (every residual arc
//!    has reduced cost ≥ −ε) by push-relabel, with the heuristics of Goldberg's CS2
//!    (1997, "An efficient implementation of a scaling minimum-cost flow algorithm"):
//!    push look-ahead, and global price updates (a Dial search from the deficits) at the
//!    start of each phase and after every 2n relabels. At ε = 1 the flow is optimal (a
//!    cycle has at most `n` arcs, so with ε < 1/n in the original costs no cycle has a
//!    negative integer cost); once ε is below one original unit the solver also tries to
//!    prove optimality directly (potentials without any negative reduced cost, by a
//!    bounded label-correcting search) and stops early when it can.
//!
//! Successive shortest paths would need one Dijkstra per distinct path length, which at
//! 20 000 pupils with costs in metres is far too many; cost scaling does
//! `log₁₆(n·C)` phases (C the largest |cost|; 8 or 9 for the placement network), each of
//! a few passes over the arcs in practice.
//!
//! # Complexity
//!
//! Memory `O(n + m)` (about 24 bytes per residual arc, two per arc). Time: Dinic
//! `O(n² m)`, `O(m √n)` on unit-capacity networks; cost scaling with FIFO push-relabel
//! `O(n³ log(n C))` in the worst case, far less in practice: 20 000 pupils with 20
//! candidate schools each (31 000 nodes, 431 000 arcs) take 0.9–1.4 s on one core of a
//! 2.5 GHz Xeon (`benches/flow.rs`).
//!
//! # Determinism
//!
//! No randomness, hashing, clock or threads: the same network (the same arcs added in the
//! same order) always gives the same flow on every arc. Among several optimal flows, which
//! one comes out depends on the order of the arcs.

mod cost_scaling;
mod max_flow;
mod residual;
#[cfg(test)]
mod tests;

use residual::{Residual, SKIPPED};

/// One arc as it was added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Arc {
    from: u32,
    to: u32,
    capacity: u32,
    cost: i64,
}

/// A directed network with integer capacities and costs, built arc by arc.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlowGraph {
    nodes: usize,
    arcs: Vec<Arc>,
}

impl FlowGraph {
    /// A network of `nodes` nodes, numbered `0..nodes`, without arcs.
    ///
    /// # Panics
    /// If `nodes` does not fit in 32 bits.
    #[must_use]
    pub fn new(nodes: usize) -> FlowGraph {
        assert!(
            u32::try_from(nodes).is_ok(),
            "a flow network has at most 2^32 − 1 nodes, not {nodes}"
        );
        FlowGraph {
            nodes,
            arcs: Vec::new(),
        }
    }

    /// The number of nodes.
    #[must_use]
    pub fn node_count(&self) -> usize {
        self.nodes
    }

    /// The number of arcs added.
    #[must_use]
    pub fn arc_count(&self) -> usize {
        self.arcs.len()
    }

    /// Adds an arc from `from` to `to` that carries at most `capacity` units at `cost` each
    /// (zero and negative costs are allowed); returns its index, counting from 0 in the
    /// order arcs were added. Parallel arcs are fine; a loop (`from == to`) is filled when
    /// its cost is negative and left empty otherwise.
    ///
    /// # Panics
    /// If `from` or `to` is not a node of the network.
    pub fn add_arc(&mut self, from: usize, to: usize, capacity: u32, cost: i64) -> usize {
        assert!(
            from < self.nodes && to < self.nodes,
            "arc {from} → {to} in a network of {} nodes",
            self.nodes
        );
        self.arcs.push(Arc {
            from: from as u32,
            to: to as u32,
            capacity,
            cost,
        });
        self.arcs.len() - 1
    }

    /// The maximum flow from `source` to `sink` with the least total cost among maximum
    /// flows. When `source == sink` the flow value is 0 (and only cycles of negative cost
    /// carry flow).
    ///
    /// # Panics
    /// If `source` or `sink` is not a node; if the costs are so large for the size of the
    /// network that the prices could overflow 64 bits (|cost| · (n + 1)² · 16 must stay
    /// below 2^63: for 31 000 nodes a cost below 6 · 10^8, for 100 000 nodes below
    /// 5.7 · 10^7); or if the total cost does not fit in an `i64`.
    #[must_use]
    pub fn min_cost_max_flow(&self, source: usize, sink: usize) -> FlowSolution {
        assert!(
            source < self.nodes && sink < self.nodes,
            "source {source} or sink {sink} is not a node of a network of {} nodes",
            self.nodes
        );
        let (mut g, position) = Residual::build(
            self.nodes,
            self.arcs.iter().map(|a| (a.from, a.to, a.capacity, a.cost)),
        );
        let flow = max_flow::max_flow(&mut g, source, sink);
        cost_scaling::min_cost_circulation(&mut g);
        let arc_flows: Vec<u32> = self
            .arcs
            .iter()
            .zip(&position)
            .map(|(arc, &p)| {
                if p != SKIPPED {
                    arc.capacity - g.arcs[p as usize].res
                } else if arc.from == arc.to && arc.cost < 0 {
                    arc.capacity
                } else {
                    0
                }
            })
            .collect();
        let cost: i128 = self
            .arcs
            .iter()
            .zip(&arc_flows)
            .map(|(arc, &f)| i128::from(arc.cost) * i128::from(f))
            .sum();
        FlowSolution {
            flow,
            cost: i64::try_from(cost).expect("the total cost fits in 64 bits"),
            arc_flows,
        }
    }
}

/// A minimum-cost maximum flow: its value, its total cost and the flow on every arc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowSolution {
    /// The number of units from the source to the sink.
    pub flow: u64,
    /// The total cost, the sum of flow × cost over all arcs.
    pub cost: i64,
    arc_flows: Vec<u32>,
}

impl FlowSolution {
    /// The flow on the arc with index `arc` (as returned by [`FlowGraph::add_arc`]).
    ///
    /// # Panics
    /// If there is no such arc.
    #[must_use]
    pub fn flow_on(&self, arc: usize) -> u32 {
        self.arc_flows[arc]
    }

    /// The flow on every arc, by arc index.
    #[must_use]
    pub fn arc_flows(&self) -> &[u32] {
        &self.arc_flows
    }
}
