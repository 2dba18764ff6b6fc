//! The residual network both phases of the solver work on.
//!
//! Every arc of the input with a positive capacity and distinct ends becomes two residual
//! arcs, the forward one (residual capacity = capacity − flow, cost `c`) and its reverse
//! (residual capacity = flow, cost `−c`). They are stored as a forward star (compressed
//! sparse rows): the arcs leaving node `u` are `first[u]..first[u + 1]`, in the order the
//! input arcs were added, so that every scan (and so the answer) is deterministic.

/// One residual arc: what the inner loops read together, in 16 bytes.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ResArc {
    /// The node the arc enters.
    pub(super) head: u32,
    /// The residual capacity.
    pub(super) res: u32,
    /// The cost of one unit on the arc (the reverse arc has the negated cost).
    pub(super) cost: i64,
}

/// The residual network in forward-star form.
#[derive(Debug, Clone)]
pub(super) struct Residual {
    /// `first[u]..first[u + 1]` are the residual arcs leaving `u`; `first.len() == n + 1`.
    pub(super) first: Vec<u32>,
    /// The residual arcs.
    pub(super) arcs: Vec<ResArc>,
    /// The paired arc in the other direction, per residual arc.
    pub(super) rev: Vec<u32>,
    /// The capacity of the input arc, per residual arc: the residual capacities of an arc
    /// and its pair add up to it, so the pair's is known without looking it up.
    pub(super) cap: Vec<u32>,
}

/// Where an input arc went in the residual network.
pub(super) const SKIPPED: u32 = u32::MAX;

impl Residual {
    /// Builds the network for `nodes` nodes from `(from, to, capacity, cost)` arcs; returns
    /// it with, per input arc, the index of its forward residual arc (or [`SKIPPED`] for a
    /// loop or an arc without capacity, which never carry flow towards the sink).
    pub(super) fn build(
        nodes: usize,
        arcs: impl ExactSizeIterator<Item = (u32, u32, u32, i64)> + Clone,
    ) -> (Residual, Vec<u32>) {
        let kept = |&(from, to, capacity, _): &(u32, u32, u32, i64)| from != to && capacity > 0;
        let mut degree = vec![0u32; nodes + 1];
        let mut count = 0usize;
        for (from, to, _, _) in arcs.clone().filter(kept) {
            degree[from as usize] += 1;
            degree[to as usize] += 1;
            count += 2;
        }
        assert!(
            u32::try_from(count).is_ok_and(|c| c < SKIPPED),
            "the flow network has more than 2^31 arcs"
        );
        // Prefix sums: first[u] is where the arcs of u start; `next` is where the next one goes.
        let mut first = Vec::with_capacity(nodes + 1);
        let mut sum = 0u32;
        for &d in &degree {
            first.push(sum);
            sum += d;
        }
        let mut next = first.clone();
        let mut residual = vec![ResArc::default(); count];
        let mut rev = vec![0u32; count];
        let mut cap = vec![0u32; count];
        let mut position = Vec::with_capacity(arcs.len());
        for arc in arcs {
            if !kept(&arc) {
                position.push(SKIPPED);
                continue;
            }
            let (from, to, capacity, c) = arc;
            let forward = next[from as usize];
            next[from as usize] += 1;
            let backward = next[to as usize];
            next[to as usize] += 1;
            let (f, b) = (forward as usize, backward as usize);
            residual[f] = ResArc {
                head: to,
                res: capacity,
                cost: c,
            };
            rev[f] = backward;
            cap[f] = capacity;
            residual[b] = ResArc {
                head: from,
                res: 0,
                cost: -c,
            };
            rev[b] = forward;
            cap[b] = capacity;
            position.push(forward);
        }
        (
            Residual {
                first,
                arcs: residual,
                rev,
                cap,
            },
            position,
        )
    }

    /// The number of nodes.
    pub(super) fn node_count(&self) -> usize {
        self.first.len() - 1
    }

    /// The residual arcs leaving `u`, as a range of arc indices.
    pub(super) fn arcs(&self, u: usize) -> std::ops::Range<usize> {
        self.first[u] as usize..self.first[u + 1] as usize
    }

    /// Moves `delta` units along residual arc `a`.
    #[inline]
    pub(super) fn push(&mut self, a: usize, delta: u32) {
        self.arcs[a].res -= delta;
        let r = self.rev[a] as usize;
        self.arcs[r].res += delta;
    }
}
