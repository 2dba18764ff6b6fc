//! Phase two: a minimum-cost circulation in the residual network of the maximum flow, by
//! cost scaling (Goldberg and Tarjan's successive approximation, with the push-relabel
//! refinement and the heuristics of Goldberg's CS2: push look-ahead and global price
//! updates).
//!
//! Costs are multiplied by `n + 1`. With prices `p`, the reduced cost of a residual arc is
//! `c_p(u, v) = c(u, v) + p(u) − p(v)`; a circulation is ε-optimal when every residual arc
//! has `c_p ≥ −ε`, and an arc is admissible when it has residual capacity and `c_p < 0`.
//! The starting circulation with zero prices is ε-optimal for ε the largest negative cost
//! of a residual arc. Each [`State::refine`] divides ε by [`ALPHA`] and restores
//! ε-optimality: it saturates every admissible arc (which leaves excesses and deficits but
//! no admissible arc), then moves excess along admissible arcs (`push`) and lowers the
//! price of a node with excess and no admissible arc as far as ε-optimality allows
//! (`relabel`) until no excess is left. After the phase with ε = 1 the circulation is
//! 1/(n + 1)-optimal in the original costs, hence optimal: a residual cycle has at most `n`
//! arcs, so its cost is above −1, and costs are integers. Phases with ε below one original
//! unit are often unneeded; after each of them [`State::certify`] looks for prices that
//! prove the circulation optimal, and the scaling stops when it finds them.
//!
//! The heuristics: look-ahead (before pushing into a node, relabel it if it could only
//! push back) and global price updates ([`State::price_update`]). Without them the
//! placement benchmark ran about five times slower.

use std::collections::VecDeque;

use super::residual::Residual;

/// The factor ε shrinks by per phase (as in LEMON; 8 to 32 measured the same).
const ALPHA: i64 = 16;

/// A global price update runs at the start of every phase and after every
/// `UPDATE_EVERY · n` relabels.
const UPDATE_EVERY: u64 = 2;

/// Prices are kept at or below zero and above this; leaving that range would take costs
/// and sizes far beyond those [`super::FlowGraph::min_cost_max_flow`] accepts.
const PRICE_FLOOR: i64 = i64::MIN / 4;

/// Changes the flow in `g` by a minimum-cost circulation, so that no residual cycle has a
/// negative cost. Leaves the costs in `g` multiplied by `n + 1`.
pub(super) fn min_cost_circulation(g: &mut Residual) {
    let n = g.node_count();
    let scale = i64::try_from(n + 1).expect("the node count fits in i64");
    let max_cost = g
        .arcs
        .iter()
        .map(|a| a.cost.unsigned_abs())
        .max()
        .unwrap_or(0);
    // A price moves by a few times n·(n + 1)·max_cost at most; keep a wide margin.
    let bound = i128::from(max_cost) * i128::from(scale) * i128::from(scale) * 16;
    assert!(
        bound < i128::from(i64::MAX),
        "arc costs up to {max_cost} are too large for a network of {n} nodes"
    );
    let mut eps = 0;
    for arc in &mut g.arcs {
        arc.cost *= scale;
        if arc.res > 0 {
            eps = eps.max(-arc.cost);
        }
    }
    let mut state = State {
        price: vec![0; n],
        excess: vec![0; n],
        current: g.first[..n].to_vec(),
        active: VecDeque::new(),
        relabels: 0,
        dist: Vec::new(),
        done: Vec::new(),
        buckets: Vec::new(),
    };
    while eps > 1 {
        eps = (eps / ALPHA).max(1);
        state.refine(g, eps);
        // Once ε is below one unit of the original costs, the circulation is often optimal
        // already; if so, the remaining phases would change nothing.
        if eps < scale && state.certify(g) {
            break;
        }
    }
}

/// The working state of the cost-scaling loop.
struct State {
    price: Vec<i64>,
    /// Inflow minus outflow of the current pseudoflow, per node.
    excess: Vec<i64>,
    /// Where the search for an admissible arc resumes, per node: no arc before it is
    /// admissible.
    current: Vec<u32>,
    /// The nodes with a positive excess, first in first out.
    active: VecDeque<u32>,
    /// Relabels so far, to time the global price updates.
    relabels: u64,
    /// Scratch for the price update: the distance per node ([`UNREACHED`] if none yet),
    /// whether it is final, and the nodes per tentative distance.
    dist: Vec<u32>,
    done: Vec<bool>,
    buckets: Vec<Vec<u32>>,
}

/// A distance the price update has not found (yet).
const UNREACHED: u32 = u32::MAX;

impl State {
    /// Turns an (αε)-optimal circulation into an ε-optimal one.
    fn refine(&mut self, g: &mut Residual, eps: i64) {
        let n = g.node_count();
        for u in 0..n {
            let pu = self.price[u];
            for a in g.arcs(u) {
                let arc = g.arcs[a];
                if arc.res > 0 && arc.cost + pu - self.price[arc.head as usize] < 0 {
                    g.push(a, arc.res);
                    self.excess[u] -= i64::from(arc.res);
                    self.excess[arc.head as usize] += i64::from(arc.res);
                }
            }
        }
        self.active.clear();
        for u in 0..n {
            if self.excess[u] > 0 {
                self.active.push_back(u as u32);
            }
        }
        self.price_update(g, eps);
        let every = UPDATE_EVERY * n as u64 + 1;
        let mut last = self.relabels;
        while let Some(u) = self.active.pop_front() {
            self.discharge(g, u as usize, eps);
            if self.relabels - last >= every {
                self.price_update(g, eps);
                last = self.relabels;
            }
        }
    }

    /// Pushes all of `u`'s excess away, relabelling `u` whenever it has no admissible arc.
    fn discharge(&mut self, g: &mut Residual, u: usize, eps: i64) {
        loop {
            let end = g.first[u + 1] as usize;
            let mut a = self.current[u] as usize;
            while a < end {
                let arc = g.arcs[a];
                let v = arc.head as usize;
                if arc.res > 0 && arc.cost + self.price[u] - self.price[v] < 0 {
                    // Look ahead: rather than push into a node that could only push it
                    // back, lower that node's price first; the arc may stop being
                    // admissible.
                    if self.excess[v] >= 0 && !self.has_admissible(g, v) {
                        self.relabel(g, v, eps);
                        if arc.cost + self.price[u] - self.price[v] >= 0 {
                            a += 1;
                            continue;
                        }
                    }
                    let delta = arc
                        .res
                        .min(u32::try_from(self.excess[u]).unwrap_or(u32::MAX));
                    g.push(a, delta);
                    self.excess[u] -= i64::from(delta);
                    let before = self.excess[v];
                    self.excess[v] += i64::from(delta);
                    if before <= 0 && self.excess[v] > 0 {
                        self.active.push_back(v as u32);
                    }
                    if self.excess[u] == 0 {
                        self.current[u] = a as u32;
                        return;
                    }
                }
                a += 1;
            }
            self.relabel(g, u, eps);
        }
    }

    /// Whether `v` has an admissible arc; moves its current arc to the first one.
    fn has_admissible(&mut self, g: &Residual, v: usize) -> bool {
        let end = g.first[v + 1];
        let pv = self.price[v];
        let mut a = self.current[v];
        while a < end {
            let arc = g.arcs[a as usize];
            if arc.res > 0 && arc.cost + pv - self.price[arc.head as usize] < 0 {
                self.current[v] = a;
                return true;
            }
            a += 1;
        }
        self.current[v] = end;
        false
    }

    /// Lowers `u`'s price as far as ε-optimality allows, which makes an arc admissible. A
    /// node without residual arcs goes down by ε, which is always allowed and makes the
    /// arcs into it inadmissible.
    fn relabel(&mut self, g: &Residual, u: usize, eps: i64) {
        self.relabels += 1;
        let mut best = i64::MIN;
        for a in g.arcs(u) {
            let arc = g.arcs[a];
            if arc.res > 0 {
                best = best.max(self.price[arc.head as usize] - arc.cost);
            }
        }
        self.price[u] = if best > i64::MIN {
            best - eps
        } else {
            self.price[u] - eps
        };
        self.current[u] = g.first[u];
    }

    /// Tries to show the circulation optimal already: looks for prices under which no
    /// residual arc has a negative reduced cost (shortest distances from a virtual root,
    /// by a label-correcting search started from the current prices). Gives up, leaving
    /// the prices as they were, after a few passes' worth of work, which a negative cycle
    /// would need.
    fn certify(&mut self, g: &Residual) -> bool {
        let n = g.node_count();
        let budget = 2 * g.arcs.len() as u64 + n as u64;
        let mut work = 0u64;
        // dist[v] ≤ 0: how far below its price the node must go.
        let mut dist = vec![0i64; n];
        // The nodes with an arc of negative reduced cost start the search.
        let mut queued: Vec<bool> = (0..n)
            .map(|u| {
                g.arcs(u).any(|a| {
                    let arc = g.arcs[a];
                    arc.res > 0 && arc.cost + self.price[u] - self.price[arc.head as usize] < 0
                })
            })
            .collect();
        let mut queue: VecDeque<u32> = (0..n as u32).filter(|&u| queued[u as usize]).collect();
        while let Some(u) = queue.pop_front() {
            let u = u as usize;
            queued[u] = false;
            let du = dist[u] + self.price[u];
            work += g.arcs(u).len() as u64;
            if work > budget {
                return false;
            }
            for a in g.arcs(u) {
                let arc = g.arcs[a];
                let v = arc.head as usize;
                if arc.res > 0 {
                    let nd = du + arc.cost - self.price[v];
                    if nd < dist[v] {
                        dist[v] = nd;
                        if !queued[v] {
                            queued[v] = true;
                            queue.push_back(v as u32);
                        }
                    }
                }
            }
        }
        for (p, d) in self.price.iter_mut().zip(&dist) {
            *p += d;
        }
        true
    }

    /// Goldberg's global price update: lowers every price by ε times the node's distance to
    /// the nearest deficit in the residual network, an arc `(w, v)` counting
    /// `⌊c_p(w, v) / ε⌋ + 1 ≥ 0`. That keeps ε-optimality (distances obey the triangle
    /// inequality) and makes the arcs of a shortest path admissible, so every node with
    /// excess gets an admissible path to a deficit. A Dial search backwards from the
    /// deficits, stopped once every node with excess is reached; the nodes not reached by
    /// then (`top`) are lowered as if at that distance, which also keeps ε-optimality.
    fn price_update(&mut self, g: &Residual, eps: i64) {
        let n = g.node_count();
        let mut remaining = self.excess.iter().filter(|&&e| e > 0).count();
        if remaining == 0 {
            return;
        }
        // Distances above n are never needed for an active node; cap them there.
        let cap = u32::try_from(n).unwrap_or(u32::MAX - 2);
        self.dist.clear();
        self.dist.resize(n, UNREACHED);
        self.done.clear();
        self.done.resize(n, false);
        for bucket in &mut self.buckets {
            bucket.clear();
        }
        if self.buckets.is_empty() {
            self.buckets.push(Vec::new());
        }
        for v in 0..n {
            if self.excess[v] < 0 {
                self.dist[v] = 0;
                self.buckets[0].push(v as u32);
            }
        }
        let mut d = 0u32;
        'search: while (d as usize) < self.buckets.len() {
            while let Some(v) = self.buckets[d as usize].pop() {
                let v = v as usize;
                if self.done[v] || self.dist[v] != d {
                    continue; // already final, or a stale entry
                }
                self.done[v] = true;
                if self.excess[v] > 0 {
                    remaining -= 1;
                    if remaining == 0 {
                        break 'search;
                    }
                }
                let pv = self.price[v];
                for a in g.arcs(v) {
                    // The pair of `a` runs from w to v with residual capacity cap − res.
                    let arc = g.arcs[a];
                    let w = arc.head as usize;
                    if arc.res < g.cap[a] && !self.done[w] {
                        let reduced = -arc.cost + self.price[w] - pv;
                        let nd = i64::from(d) + reduced.div_euclid(eps) + 1;
                        if nd <= i64::from(cap) && nd < i64::from(self.dist[w]) {
                            let nd = nd as u32;
                            self.dist[w] = nd;
                            if self.buckets.len() <= nd as usize {
                                self.buckets.resize_with(nd as usize + 1, Vec::new);
                            }
                            self.buckets[nd as usize].push(w as u32);
                        }
                    }
                }
            }
            d += 1;
        }
        let top = d.min(cap);
        let mut highest = i64::MIN;
        for v in 0..n {
            let dv = if self.done[v] { self.dist[v] } else { top };
            self.price[v] -= i64::from(dv) * eps;
            highest = highest.max(self.price[v]);
            self.current[v] = g.first[v];
        }
        // Only differences of prices matter: keep the highest at zero, so that they drift
        // no further than they spread.
        for p in &mut self.price {
            *p -= highest;
            assert!(*p > PRICE_FLOOR, "node prices left the 64-bit range");
        }
    }
}
