//! Tests of the min-cost max-flow solver: hand-made cases, brute force on small placement
//! instances, a reference successive-shortest-path solver on small general networks, and an
//! optimality certificate (no augmenting path, no negative residual cycle) on every answer.

use proptest::prelude::*;

use super::*;

/// Checks that `sol` is a feasible flow of value `sol.flow` from `s` to `t` whose cost is
/// `sol.cost`, and that it is optimal: no residual path from `s` to `t` (maximum) and no
/// residual cycle of negative cost (least cost among maximum flows).
fn certify(g: &FlowGraph, s: usize, t: usize, sol: &FlowSolution) {
    assert_eq!(sol.arc_flows().len(), g.arc_count());
    let mut balance = vec![0i128; g.node_count()];
    let mut cost = 0i128;
    for (i, arc) in g.arcs.iter().enumerate() {
        let f = sol.flow_on(i);
        assert!(
            f <= arc.capacity,
            "arc {i} carries {f} over {}",
            arc.capacity
        );
        balance[arc.from as usize] -= i128::from(f);
        balance[arc.to as usize] += i128::from(f);
        cost += i128::from(f) * i128::from(arc.cost);
    }
    assert_eq!(
        cost,
        i128::from(sol.cost),
        "the cost is the sum over the arcs"
    );
    for (v, &b) in balance.iter().enumerate() {
        if s == t || (v != s && v != t) {
            assert_eq!(b, 0, "flow is conserved at node {v}");
        }
    }
    if s != t {
        assert_eq!(
            balance[t],
            i128::from(sol.flow),
            "the sink receives the flow"
        );
        assert_eq!(
            balance[s],
            -i128::from(sol.flow),
            "the source sends the flow"
        );
    } else {
        assert_eq!(sol.flow, 0);
    }
    // The residual network as (from, to, cost) with positive residual capacity.
    let mut residual = Vec::new();
    for (i, arc) in g.arcs.iter().enumerate() {
        let f = sol.flow_on(i);
        if f < arc.capacity {
            residual.push((arc.from as usize, arc.to as usize, arc.cost));
        }
        if f > 0 {
            residual.push((arc.to as usize, arc.from as usize, -arc.cost));
        }
    }
    // Maximum: the sink is not reachable from the source in the residual network.
    if s != t {
        let mut seen = vec![false; g.node_count()];
        seen[s] = true;
        let mut stack = vec![s];
        while let Some(u) = stack.pop() {
            for &(a, b, _) in &residual {
                if a == u && !seen[b] {
                    seen[b] = true;
                    stack.push(b);
                }
            }
        }
        assert!(
            !seen[t],
            "an augmenting path is left: the flow is not maximum"
        );
    }
    // Least cost: Bellman-Ford from a virtual root finds no negative cycle.
    let mut dist = vec![0i128; g.node_count()];
    for _ in 0..=g.node_count() {
        let mut changed = false;
        for &(a, b, c) in &residual {
            if dist[a] + i128::from(c) < dist[b] {
                dist[b] = dist[a] + i128::from(c);
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
    panic!("a residual cycle has a negative cost: the flow is not of least cost");
}

fn solve(g: &FlowGraph, s: usize, t: usize) -> FlowSolution {
    let sol = g.min_cost_max_flow(s, t);
    certify(g, s, t, &sol);
    let again = g.clone().min_cost_max_flow(s, t);
    assert_eq!(sol, again, "the same network gives the same flows");
    sol
}

/// Reference: successive shortest paths found by Bellman-Ford, one path per augmentation.
/// Exact when the network has no cycle of negative cost.
fn reference(g: &FlowGraph, s: usize, t: usize) -> (u64, i64) {
    if s == t {
        return (0, 0);
    }
    let n = g.node_count();
    // (to, residual capacity, cost, paired arc), and the arcs per node.
    let mut arcs: Vec<(usize, u64, i64, usize)> = Vec::new();
    let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
    for arc in &g.arcs {
        let (u, v) = (arc.from as usize, arc.to as usize);
        out[u].push(arcs.len());
        arcs.push((v, u64::from(arc.capacity), arc.cost, arcs.len() + 1));
        out[v].push(arcs.len());
        arcs.push((u, 0, -arc.cost, arcs.len() - 1));
    }
    let (mut flow, mut cost) = (0u64, 0i64);
    loop {
        let mut dist: Vec<Option<i64>> = vec![None; n];
        let mut via: Vec<Option<usize>> = vec![None; n];
        dist[s] = Some(0);
        for _ in 0..n {
            let mut changed = false;
            for u in 0..n {
                let Some(du) = dist[u] else { continue };
                for &a in &out[u] {
                    let (v, r, c, _) = arcs[a];
                    if r > 0 && dist[v].is_none_or(|dv| du + c < dv) {
                        dist[v] = Some(du + c);
                        via[v] = Some(a);
                        changed = true;
                    }
                }
            }
            if !changed {
                break;
            }
        }
        let Some(d) = dist[t] else {
            return (flow, cost);
        };
        let mut path = Vec::new();
        let mut v = t;
        while v != s {
            let a = via[v].expect("a path");
            path.push(a);
            v = arcs[arcs[a].3].0;
        }
        let delta = path.iter().map(|&a| arcs[a].1).min().expect("a path");
        for &a in &path {
            arcs[a].1 -= delta;
            let r = arcs[a].3;
            arcs[r].1 += delta;
        }
        flow += delta;
        cost += d * i64::try_from(delta).expect("small");
    }
}

// Hand-made cases.

#[test]
fn an_empty_network_has_no_flow() {
    let g = FlowGraph::new(2);
    let sol = solve(&g, 0, 1);
    assert_eq!((sol.flow, sol.cost), (0, 0));
    assert!(sol.arc_flows().is_empty());
}

#[test]
fn a_single_arc_is_filled() {
    let mut g = FlowGraph::new(2);
    let a = g.add_arc(0, 1, 7, 3);
    let sol = solve(&g, 0, 1);
    assert_eq!((sol.flow, sol.cost, sol.flow_on(a)), (7, 21, 7));
}

#[test]
fn the_cheap_route_is_filled_first_and_the_rest_goes_round() {
    // Two units must go; the cheap route takes only one.
    let mut g = FlowGraph::new(4);
    let cheap1 = g.add_arc(0, 1, 1, 1);
    let cheap2 = g.add_arc(1, 3, 5, 1);
    let dear1 = g.add_arc(0, 2, 5, 5);
    let dear2 = g.add_arc(2, 3, 5, 5);
    let sol = solve(&g, 0, 3);
    assert_eq!((sol.flow, sol.cost), (6, 2 + 50));
    assert_eq!(sol.flow_on(cheap1), 1);
    assert_eq!(sol.flow_on(cheap2), 1);
    assert_eq!(sol.flow_on(dear1), 5);
    assert_eq!(sol.flow_on(dear2), 5);
}

#[test]
fn more_flow_beats_less_cost() {
    // The cheapest single path (0-1-2-3, cost 0) blocks both others; the maximum flow of
    // two must use the dear arcs.
    let mut g = FlowGraph::new(4);
    g.add_arc(0, 1, 1, 0);
    g.add_arc(1, 2, 1, 0);
    g.add_arc(2, 3, 1, 0);
    g.add_arc(0, 2, 1, 100);
    g.add_arc(1, 3, 1, 100);
    let sol = solve(&g, 0, 3);
    assert_eq!((sol.flow, sol.cost), (2, 200));
    assert_eq!(sol.flow_on(1), 0);
}

#[test]
fn a_pupil_with_one_option_keeps_the_seat_when_only_one_fits() {
    // Pupil A prefers school X at 100 but could not go elsewhere either; pupil B can only go
    // to X at 0. One seat: either way one pupil is placed, and B costs less.
    let (s, a, b, x, t) = (0, 1, 2, 3, 4);
    let mut g = FlowGraph::new(5);
    g.add_arc(s, a, 1, 0);
    g.add_arc(s, b, 1, 0);
    let ax = g.add_arc(a, x, 1, 100);
    let bx = g.add_arc(b, x, 1, 0);
    g.add_arc(x, t, 1, 0);
    let sol = solve(&g, s, t);
    assert_eq!((sol.flow, sol.cost), (1, 0));
    assert_eq!((sol.flow_on(ax), sol.flow_on(bx)), (0, 1));
}

#[test]
fn ties_are_broken_the_same_way_every_time() {
    // Four pupils, two schools of two seats, every cost equal.
    let mut g = FlowGraph::new(8);
    let (s, t) = (0, 7);
    for p in 1..=4 {
        g.add_arc(s, p, 1, 0);
        g.add_arc(p, 5, 1, 10);
        g.add_arc(p, 6, 1, 10);
    }
    g.add_arc(5, t, 2, 0);
    g.add_arc(6, t, 2, 0);
    let first = solve(&g, s, t);
    assert_eq!((first.flow, first.cost), (4, 40));
    for _ in 0..5 {
        assert_eq!(g.min_cost_max_flow(s, t), first);
    }
}

#[test]
fn zero_capacity_arcs_carry_nothing() {
    let mut g = FlowGraph::new(3);
    let closed = g.add_arc(0, 1, 0, -5);
    let open = g.add_arc(0, 2, 3, 4);
    g.add_arc(1, 2, 9, 0);
    let sol = solve(&g, 0, 2);
    assert_eq!((sol.flow, sol.cost), (3, 12));
    assert_eq!((sol.flow_on(closed), sol.flow_on(open)), (0, 3));
}

#[test]
fn an_unreachable_sink_gets_nothing() {
    let mut g = FlowGraph::new(4);
    g.add_arc(0, 1, 5, 1);
    g.add_arc(2, 3, 5, 1);
    g.add_arc(3, 1, 5, 1);
    let sol = solve(&g, 0, 3);
    assert_eq!((sol.flow, sol.cost), (0, 0));
    assert!(sol.arc_flows().iter().all(|&f| f == 0));
}

#[test]
fn parallel_arcs_are_used_cheapest_first() {
    // All parallel arcs fill when nothing else limits the flow.
    let mut g = FlowGraph::new(2);
    g.add_arc(0, 1, 2, 9);
    g.add_arc(0, 1, 2, 1);
    g.add_arc(0, 1, 2, 5);
    let sol = solve(&g, 0, 1);
    assert_eq!((sol.flow, sol.cost), (6, 2 * 9 + 2 + 2 * 5));
    // Behind a bottleneck of 3, the cheapest two and one of the middle one.
    let mut g = FlowGraph::new(3);
    g.add_arc(0, 1, 3, 0);
    let dear = g.add_arc(1, 2, 2, 9);
    let cheap = g.add_arc(1, 2, 2, 1);
    let middle = g.add_arc(1, 2, 2, 5);
    let sol = solve(&g, 0, 2);
    assert_eq!((sol.flow, sol.cost), (3, 2 + 5));
    assert_eq!(
        (sol.flow_on(dear), sol.flow_on(cheap), sol.flow_on(middle)),
        (0, 2, 1)
    );
}

#[test]
fn a_source_that_is_the_sink_sends_nothing() {
    let mut g = FlowGraph::new(2);
    g.add_arc(0, 1, 4, 2);
    g.add_arc(1, 0, 4, 2);
    let sol = solve(&g, 0, 0);
    assert_eq!((sol.flow, sol.cost), (0, 0));
}

#[test]
fn negative_costs_and_negative_cycles_are_taken() {
    // A negative arc on the path, and a negative cycle off it that a least-cost flow fills.
    let mut g = FlowGraph::new(5);
    let path = g.add_arc(0, 1, 2, -3);
    g.add_arc(1, 4, 2, 1);
    let c1 = g.add_arc(2, 3, 4, -5);
    let c2 = g.add_arc(3, 2, 3, 2);
    let lp = g.add_arc(2, 2, 6, -1);
    let sol = solve(&g, 0, 4);
    assert_eq!(sol.flow, 2);
    assert_eq!(sol.flow_on(path), 2);
    assert_eq!(
        (sol.flow_on(c1), sol.flow_on(c2), sol.flow_on(lp)),
        (3, 3, 6)
    );
    assert_eq!(sol.cost, 2 * -3 + 2 + 3 * -5 + 3 * 2 - 6);
}

#[test]
fn large_capacities_and_costs_do_not_overflow() {
    let mut g = FlowGraph::new(4);
    g.add_arc(0, 1, u32::MAX, 1_000_000);
    g.add_arc(0, 2, u32::MAX, 0);
    g.add_arc(1, 3, u32::MAX, 1_000_000);
    g.add_arc(2, 3, u32::MAX, 3);
    let sol = solve(&g, 0, 3);
    assert_eq!(sol.flow, 2 * u64::from(u32::MAX));
    assert_eq!(
        i128::from(sol.cost),
        i128::from(u32::MAX) * 2_000_003,
        "the cost of both routes"
    );
}

// Placement-shaped instances against brute force.

/// A small placement instance: per pupil the candidate schools with their costs, and the
/// capacity per school.
#[derive(Debug, Clone)]
struct Placement {
    candidates: Vec<Vec<(usize, i64)>>,
    capacity: Vec<u32>,
}

impl Placement {
    /// The flow network: source 0, pupils, schools, sink last; returns it with the index
    /// of the pupil-to-school arc per candidate.
    fn network(&self) -> (FlowGraph, Vec<Vec<usize>>, usize, usize) {
        let pupils = self.candidates.len();
        let schools = self.capacity.len();
        let (s, t) = (0, pupils + schools + 1);
        let mut g = FlowGraph::new(t + 1);
        let mut arcs = Vec::new();
        for (p, list) in self.candidates.iter().enumerate() {
            g.add_arc(s, 1 + p, 1, 0);
            arcs.push(
                list.iter()
                    .map(|&(school, cost)| g.add_arc(1 + p, 1 + pupils + school, 1, cost))
                    .collect(),
            );
        }
        for (school, &cap) in self.capacity.iter().enumerate() {
            g.add_arc(1 + pupils + school, t, cap, 0);
        }
        (g, arcs, s, t)
    }

    /// The most pupils placed, then the least cost, over every assignment.
    fn brute_force(&self) -> (u64, i64) {
        fn go(
            inst: &Placement,
            p: usize,
            left: &mut Vec<u32>,
            placed: u64,
            cost: i64,
            best: &mut (u64, i64),
        ) {
            if p == inst.candidates.len() {
                if placed > best.0 || (placed == best.0 && cost < best.1) {
                    *best = (placed, cost);
                }
                return;
            }
            go(inst, p + 1, left, placed, cost, best);
            for &(school, c) in &inst.candidates[p] {
                if left[school] > 0 {
                    left[school] -= 1;
                    go(inst, p + 1, left, placed + 1, cost + c, best);
                    left[school] += 1;
                }
            }
        }
        let mut best = (0, 0);
        go(self, 0, &mut self.capacity.clone(), 0, 0, &mut best);
        best
    }
}

fn placement() -> impl Strategy<Value = Placement> {
    (1usize..=4, 0usize..=6).prop_flat_map(|(schools, pupils)| {
        (
            proptest::collection::vec(
                proptest::collection::vec(proptest::option::of(0i64..=20), schools),
                pupils,
            ),
            proptest::collection::vec(0u32..=3, schools),
        )
            .prop_map(|(costs, capacity)| Placement {
                candidates: costs
                    .into_iter()
                    .map(|row| {
                        row.into_iter()
                            .enumerate()
                            .filter_map(|(school, c)| c.map(|c| (school, c)))
                            .collect()
                    })
                    .collect(),
                capacity,
            })
    })
}

/// A small general network: node count, arcs (from, to, capacity, cost), source and sink.
fn network(
    costs: std::ops::RangeInclusive<i64>,
    acyclic: bool,
) -> impl Strategy<Value = FlowGraph> {
    (2usize..=7).prop_flat_map(move |n| {
        proptest::collection::vec((0..n, 0..n, 0u32..=5, costs.clone()), 0..=16).prop_map(
            move |arcs| {
                let mut g = FlowGraph::new(n);
                for (a, b, cap, cost) in arcs {
                    let (a, b) = if acyclic {
                        (a.min(b), a.max(b))
                    } else {
                        (a, b)
                    };
                    if !acyclic || a != b {
                        g.add_arc(a, b, cap, cost);
                    }
                }
                g
            },
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn placement_matches_brute_force(inst in placement()) {
        let (g, arcs, s, t) = inst.network();
        let sol = solve(&g, s, t);
        prop_assert_eq!((sol.flow, sol.cost), inst.brute_force());
        for (p, list) in arcs.iter().enumerate() {
            let seats: u32 = list.iter().map(|&a| sol.flow_on(a)).sum();
            prop_assert!(seats <= 1, "pupil {} placed twice", p);
        }
    }

    #[test]
    fn general_networks_match_successive_shortest_paths(
        g in network(0..=20, false),
        s in 0usize..7,
        t in 0usize..7,
    ) {
        let (s, t) = (s % g.node_count(), t % g.node_count());
        let sol = solve(&g, s, t);
        prop_assert_eq!((sol.flow, sol.cost), reference(&g, s, t));
    }

    #[test]
    fn negative_costs_without_cycles_match_successive_shortest_paths(
        g in network(-20..=20, true),
    ) {
        let t = g.node_count() - 1;
        let sol = solve(&g, 0, t);
        prop_assert_eq!((sol.flow, sol.cost), reference(&g, 0, t));
    }

    #[test]
    fn networks_with_negative_cycles_are_certified(
        g in network(-20..=20, false),
        s in 0usize..7,
        t in 0usize..7,
    ) {
        let (s, t) = (s % g.node_count(), t % g.node_count());
        solve(&g, s, t);
    }
}

fn larger_network() -> impl Strategy<Value = (FlowGraph, usize, usize)> {
    (2usize..=40).prop_flat_map(|n| {
        (
            proptest::collection::vec((0..n, 0..n, 0u32..=20, -30i64..=100), 0..=240),
            0..n,
            0..n,
        )
            .prop_map(move |(arcs, s, t)| {
                let mut g = FlowGraph::new(n);
                for (a, b, cap, cost) in arcs {
                    g.add_arc(a, b, cap, cost);
                }
                (g, s, t)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Networks of up to 40 nodes and 240 arcs, negative cycles included: large enough for
    /// several scaling phases, global price updates and the early optimality check.
    #[test]
    fn larger_networks_are_certified((g, s, t) in larger_network()) {
        solve(&g, s, t);
    }
}

/// A seeded placement instance of a few hundred pupils, large enough that the scaling
/// phases and their heuristics all do real work.
fn medium(seed: u64, pupils: usize, schools: usize, seats_per_pupil: f64) -> Placement {
    let mut state = seed;
    let mut next = move || {
        // splitmix64
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let total = (pupils as f64 * seats_per_pupil) as u64;
    let mut capacity = vec![0u32; schools];
    for _ in 0..total {
        capacity[(next() % schools as u64) as usize] += 1;
    }
    let candidates = (0..pupils)
        .map(|_| {
            let mut list: Vec<(usize, i64)> = Vec::new();
            while list.len() < 8.min(schools) {
                let school = (next() % schools as u64) as usize;
                if list.iter().all(|&(s, _)| s != school) {
                    list.push((school, (next() % 5_000) as i64));
                }
            }
            list
        })
        .collect();
    Placement {
        candidates,
        capacity,
    }
}

#[test]
fn medium_placements_match_successive_shortest_paths() {
    for (seed, ratio) in [(1, 1.3), (2, 1.0), (3, 0.5), (4, 2.0)] {
        let inst = medium(seed, 300, 40, ratio);
        let (g, _, s, t) = inst.network();
        let sol = solve(&g, s, t);
        assert_eq!((sol.flow, sol.cost), reference(&g, s, t), "seed {seed}");
    }
}
