//! Benchmarks of the min-cost max-flow solver (`passend_placement::flow`) on seeded random
//! placement networks shaped like the placement engine's: source → pupil (1 seat, cost 0)
//! → school or school pool (1 seat, cost = distance in metres) → school (pool capacity) →
//! sink (school capacity).
//!
//! The instance per size: pupils and schools (7 000 schools for 20 000 pupils, in
//! proportion for smaller sizes) spread uniformly over a 280 × 300 km rectangle; every
//! pupil has 20 candidate schools, the 16 nearest and 4 anywhere in the country (road
//! distance taken as 1.3 × straight, so costs run from 0 to about 530 000 m); school
//! capacities drawn from 5–60 and then scaled (largest remainder) so that all seats
//! together are 1.25 × the pupils ("ample"), exactly as many ("tight", the hardest: every
//! seat filled, long chains of displaced pupils) or 0.5 × ("scarce"); three in ten
//! schools split their seats over two pools of 70 % each, and a pupil's candidate arc to
//! such a school goes to one of its pools. What is timed is building the `FlowGraph` and
//! solving it. Run with `cargo bench -p passend-placement --bench flow`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

use passend_placement::flow::FlowGraph;

/// splitmix64 (Steele, Lea and Flood 2014): small, fast and seeded, enough for test data.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The size of the area, in metres.
const WIDTH: f64 = 280_000.0;
const HEIGHT: f64 = 300_000.0;
/// Candidate schools per pupil, of which the nearest.
const CANDIDATES: usize = 20;
const NEAREST: usize = 16;
/// Road distance over straight distance.
const DETOUR: f64 = 1.3;

/// A placement network, as the arcs to add.
struct Instance {
    nodes: usize,
    source: usize,
    sink: usize,
    arcs: Vec<(usize, usize, u32, i64)>,
}

type Point = (f64, f64);

/// School capacities drawn from 5–60 and scaled to `total` by the largest remainder.
fn capacities(rng: &mut Rng, schools: usize, total: u64) -> Vec<u32> {
    let raw: Vec<u64> = (0..schools).map(|_| 5 + rng.below(56) as u64).collect();
    let raw_total: u64 = raw.iter().sum();
    let mut capacity: Vec<u32> = raw
        .iter()
        .map(|&c| (c * total / raw_total) as u32)
        .collect();
    let mut by_remainder: Vec<usize> = (0..schools).collect();
    by_remainder.sort_by_key(|&s| (std::cmp::Reverse(raw[s] * total % raw_total), s));
    let given: u64 = capacity.iter().map(|&c| u64::from(c)).sum();
    for &s in by_remainder.iter().take((total - given) as usize) {
        capacity[s] += 1;
    }
    capacity
}

/// The schools per cell of a grid over the area, to find the nearest ones.
struct Grid {
    cell: f64,
    columns: usize,
    rows: usize,
    schools: Vec<Vec<usize>>,
}

fn metres(a: Point, b: Point) -> i64 {
    ((a.0 - b.0).hypot(a.1 - b.1) * DETOUR).round() as i64
}

impl Grid {
    fn new(at: &[Point]) -> Grid {
        // Cells of about four schools each.
        let cell = (WIDTH * HEIGHT / at.len() as f64 * 4.0).sqrt();
        let columns = (WIDTH / cell).ceil() as usize;
        let rows = (HEIGHT / cell).ceil() as usize;
        let mut grid = Grid {
            cell,
            columns,
            rows,
            schools: vec![Vec::new(); columns * rows],
        };
        for (s, &p) in at.iter().enumerate() {
            let (c, r) = grid.cell_of(p);
            grid.schools[r * columns + c].push(s);
        }
        grid
    }

    fn cell_of(&self, (x, y): Point) -> (usize, usize) {
        (
            ((x / self.cell) as usize).min(self.columns - 1),
            ((y / self.cell) as usize).min(self.rows - 1),
        )
    }

    /// The `NEAREST` schools nearest to `at`, as (cost, school), nearest first.
    fn nearest(&self, at: Point, school_at: &[Point]) -> Vec<(i64, usize)> {
        let (c0, r0) = self.cell_of(at);
        let (c0, r0) = (c0 as isize, r0 as isize);
        let mut found: Vec<(i64, usize)> = Vec::new();
        for ring in 0isize.. {
            for r in r0 - ring..=r0 + ring {
                for c in c0 - ring..=c0 + ring {
                    let on_ring = (r - r0).abs() == ring || (c - c0).abs() == ring;
                    let inside =
                        r >= 0 && c >= 0 && r < self.rows as isize && c < self.columns as isize;
                    if on_ring && inside {
                        for &s in &self.schools[r as usize * self.columns + c as usize] {
                            found.push((metres(at, school_at[s]), s));
                        }
                    }
                }
            }
            found.sort_unstable();
            // Every school outside the rings seen is at least `ring` cells away.
            let reach = (ring as f64 * self.cell * DETOUR) as i64;
            if found.len() >= NEAREST && found[NEAREST - 1].0 <= reach {
                break;
            }
        }
        found.truncate(NEAREST);
        found
    }
}

fn instance(seed: u64, pupils: usize, seats_per_pupil: f64) -> Instance {
    let mut rng = Rng(seed);
    let schools = (pupils * 7_000 / 20_000).max(CANDIDATES);
    let place = |rng: &mut Rng| (rng.unit() * WIDTH, rng.unit() * HEIGHT);
    let school_at: Vec<Point> = (0..schools).map(|_| place(&mut rng)).collect();
    let total = (pupils as f64 * seats_per_pupil).round() as u64;
    let capacity = capacities(&mut rng, schools, total);
    let pooled: Vec<bool> = (0..schools).map(|_| rng.below(10) < 3).collect();
    // Nodes: source, pupils, schools, two pools per pooled school, sink.
    let source = 0;
    let pupil = |p: usize| 1 + p;
    let school = |s: usize| 1 + pupils + s;
    let mut pools = vec![[0usize; 2]; schools];
    let mut nodes = 1 + pupils + schools;
    let mut arcs = Vec::new();
    for s in 0..schools {
        if pooled[s] {
            for pool in &mut pools[s] {
                *pool = nodes;
                let seats = (f64::from(capacity[s]) * 0.7).ceil() as u32;
                arcs.push((nodes, school(s), seats, 0));
                nodes += 1;
            }
        }
    }
    let sink = nodes;
    nodes += 1;
    for (s, &seats) in capacity.iter().enumerate() {
        arcs.push((school(s), sink, seats, 0));
    }
    let grid = Grid::new(&school_at);
    for p in 0..pupils {
        let at = place(&mut rng);
        let mut found = grid.nearest(at, &school_at);
        while found.len() < CANDIDATES {
            let s = rng.below(schools);
            if found.iter().all(|&(_, t)| t != s) {
                found.push((metres(at, school_at[s]), s));
            }
        }
        arcs.push((source, pupil(p), 1, 0));
        for (cost, s) in found {
            let to = if pooled[s] {
                pools[s][rng.below(2)]
            } else {
                school(s)
            };
            arcs.push((pupil(p), to, 1, cost));
        }
    }
    Instance {
        nodes,
        source,
        sink,
        arcs,
    }
}

fn build(inst: &Instance) -> FlowGraph {
    let mut g = FlowGraph::new(inst.nodes);
    for &(from, to, capacity, cost) in &inst.arcs {
        g.add_arc(from, to, capacity, cost);
    }
    g
}

fn benches(c: &mut Criterion) {
    for (name, seats) in [("ample", 1.25), ("tight", 1.0), ("scarce", 0.5)] {
        let mut group = c.benchmark_group(format!("min_cost_max_flow/{name}"));
        group.sample_size(10);
        group.warm_up_time(Duration::from_secs(1));
        group.measurement_time(Duration::from_secs(15));
        for pupils in [2_500, 5_000, 10_000, 20_000] {
            let inst = instance(2026 + pupils as u64, pupils, seats);
            let sol = build(&inst).min_cost_max_flow(inst.source, inst.sink);
            eprintln!(
                "{name} {pupils}: {} nodes, {} arcs; {} placed, {} m in all",
                inst.nodes,
                inst.arcs.len(),
                sol.flow,
                sol.cost
            );
            group.bench_with_input(BenchmarkId::from_parameter(pupils), &inst, |b, inst| {
                b.iter(|| build(black_box(inst)).min_cost_max_flow(inst.source, inst.sink));
            });
        }
        group.finish();
    }
}

criterion_group!(group, benches);
criterion_main!(group);
