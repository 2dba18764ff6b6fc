//! Phase one: a maximum flow, by Dinic's algorithm (blocking flows in the layered network
//! of shortest residual paths).
//!
//! `O(n² m)` in general and `O(m √n)` on unit-capacity networks such as the placement
//! graph, where it takes a few passes over the arcs. The depth-first search is iterative,
//! so long paths cannot overflow the stack.

use super::residual::Residual;

/// A level no node has: not reached by the breadth-first search, or found to be a dead end.
const NONE: u32 = u32::MAX;

/// Saturates `g` with a maximum flow from `source` to `sink` (changing only residual
/// capacities) and returns its value.
pub(super) fn max_flow(g: &mut Residual, source: usize, sink: usize) -> u64 {
    let n = g.node_count();
    if source == sink {
        return 0;
    }
    let mut level = vec![NONE; n];
    let mut current = vec![0u32; n];
    let mut queue: Vec<u32> = Vec::with_capacity(n);
    // The path from the source to the node being advanced from, as residual arcs.
    let mut path: Vec<u32> = Vec::new();
    let mut total = 0u64;
    loop {
        // Breadth-first search for the levels, not beyond the sink's level.
        level.fill(NONE);
        level[source] = 0;
        queue.clear();
        queue.push(source as u32);
        let mut i = 0;
        while i < queue.len() {
            let u = queue[i] as usize;
            i += 1;
            if level[sink] != NONE && level[u] >= level[sink] {
                break;
            }
            for a in g.arcs(u) {
                let v = g.arcs[a].head as usize;
                if g.arcs[a].res > 0 && level[v] == NONE {
                    level[v] = level[u] + 1;
                    queue.push(v as u32);
                }
            }
        }
        if level[sink] == NONE {
            return total;
        }
        current.copy_from_slice(&g.first[..n]);
        // Blocking flow by advance and retreat.
        path.clear();
        let mut u = source;
        loop {
            if u == sink {
                let delta = path
                    .iter()
                    .map(|&a| g.arcs[a as usize].res)
                    .min()
                    .unwrap_or(0);
                for &a in &path {
                    g.push(a as usize, delta);
                }
                total += u64::from(delta);
                // Back to the tail of the first arc the augmentation saturated.
                let k = path
                    .iter()
                    .position(|&a| g.arcs[a as usize].res == 0)
                    .unwrap_or(0);
                path.truncate(k);
                u = path
                    .last()
                    .map_or(source, |&a| g.arcs[a as usize].head as usize);
                continue;
            }
            let end = g.first[u + 1];
            let mut a = current[u];
            while a < end {
                let v = g.arcs[a as usize].head as usize;
                if g.arcs[a as usize].res > 0 && level[v] != NONE && level[v] == level[u] + 1 {
                    break;
                }
                a += 1;
            }
            current[u] = a;
            if a < end {
                path.push(a);
                u = g.arcs[a as usize].head as usize;
            } else {
                // A dead end: nothing more reaches the sink through u in this phase.
                level[u] = NONE;
                let Some(_) = path.pop() else { break };
                u = path
                    .last()
                    .map_or(source, |&a| g.arcs[a as usize].head as usize);
                current[u] += 1;
            }
        }
    }
}
