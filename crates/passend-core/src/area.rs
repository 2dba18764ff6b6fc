//! Areas drawn from points: Voronoi cells of PC4 centres, clipped to a disk, and their
//! union per group (an SWV) as outline rings.
//!
//! No open data set in the repository holds PC4 polygons, so an SWV's area is
//! approximated by the Voronoi cells of the PC4 centres in it: every place on the map is
//! given to the nearest PC4 centre. Cells are clipped to a disk around their centre so
//! that coastal and border cells do not run off to infinity. The result is a map for
//! orientation, not a legal boundary; the legal area is the PC4 list itself.

use std::collections::{BTreeMap, HashMap};

use crate::geo::Xy;

/// Steps per full circle when an arc of the clipping disk is drawn.
const ARC_STEPS: f64 = 48.0;

/// A convex polygon, counter-clockwise.
pub type Polygon = Vec<Xy>;

/// The Voronoi cell of every site, clipped to a disk of `max_radius_km` around it.
/// Cells come back in the order of `sites`, counter-clockwise.
pub fn voronoi_cells(sites: &[Xy], max_radius_km: f64) -> Vec<Polygon> {
    let bucket = 2.0 * max_radius_km;
    let key = |p: Xy| ((p.x / bucket).floor() as i64, (p.y / bucket).floor() as i64);
    let mut grid: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, p) in sites.iter().enumerate() {
        grid.entry(key(*p)).or_default().push(i);
    }
    sites
        .iter()
        .enumerate()
        .map(|(i, &site)| {
            let (kx, ky) = key(site);
            let mut neighbours: Vec<(f64, Xy)> = Vec::new();
            for dx in -1..=1 {
                for dy in -1..=1 {
                    for &j in grid.get(&(kx + dx, ky + dy)).into_iter().flatten() {
                        let other = sites[j];
                        let d2 = (other.x - site.x).powi(2) + (other.y - site.y).powi(2);
                        if j != i && d2 > 1e-18 && d2 < bucket * bucket {
                            neighbours.push((d2, other));
                        }
                    }
                }
            }
            neighbours.sort_by(|a, b| a.0.total_cmp(&b.0));
            // Start from a square around the disk, cut by every bisector, then by the disk.
            let r = max_radius_km * 1.01;
            let mut cell = vec![
                Xy {
                    x: site.x - r,
                    y: site.y - r,
                },
                Xy {
                    x: site.x + r,
                    y: site.y - r,
                },
                Xy {
                    x: site.x + r,
                    y: site.y + r,
                },
                Xy {
                    x: site.x - r,
                    y: site.y + r,
                },
            ];
            for (_, other) in neighbours {
                cell = clip_to_bisector(&cell, site, other);
                if cell.is_empty() {
                    break;
                }
            }
            clip_to_disk(&cell, site, max_radius_km)
        })
        .collect()
}

/// Keeps the part of a convex polygon that is nearer to `site` than to `other`.
fn clip_to_bisector(polygon: &[Xy], site: Xy, other: Xy) -> Polygon {
    // Points p with (p - m) . n <= 0 are on the site's side.
    let n = Xy {
        x: other.x - site.x,
        y: other.y - site.y,
    };
    let m = Xy {
        x: (site.x + other.x) / 2.0,
        y: (site.y + other.y) / 2.0,
    };
    let side = |p: Xy| (p.x - m.x) * n.x + (p.y - m.y) * n.y;
    let mut out = Vec::with_capacity(polygon.len() + 1);
    for (k, &a) in polygon.iter().enumerate() {
        let b = polygon[(k + 1) % polygon.len()];
        let (sa, sb) = (side(a), side(b));
        if sa <= 0.0 {
            out.push(a);
        }
        if (sa <= 0.0) != (sb <= 0.0) {
            let t = sa / (sa - sb);
            out.push(Xy {
                x: a.x + t * (b.x - a.x),
                y: a.y + t * (b.y - a.y),
            });
        }
    }
    out
}

/// Clips a convex polygon to a disk. Edge endpoints that come from the disk are exact,
/// so two neighbouring cells cut their shared edge at the same points.
fn clip_to_disk(polygon: &[Xy], centre: Xy, radius: f64) -> Polygon {
    enum Event {
        Vertex(Xy),
        Entry(Xy),
        Exit(Xy),
    }
    if polygon.len() < 3 {
        return Vec::new();
    }
    let r2 = radius * radius;
    let inside = |p: Xy| (p.x - centre.x).powi(2) + (p.y - centre.y).powi(2) <= r2;
    let angle = |p: Xy| (p.y - centre.y).atan2(p.x - centre.x);
    let n = polygon.len();
    let mut events = Vec::new();
    for k in 0..n {
        let (a, b) = (polygon[k], polygon[(k + 1) % n]);
        if inside(a) {
            events.push(Event::Vertex(a));
        }
        for (t, p) in segment_circle(a, b, centre, radius) {
            // Look just past the crossing to see which way the boundary goes.
            let probe = (t + 1e-9).min(1.0);
            let after = Xy {
                x: a.x + probe * (b.x - a.x),
                y: a.y + probe * (b.y - a.y),
            };
            events.push(if inside(after) {
                Event::Entry(p)
            } else {
                Event::Exit(p)
            });
        }
    }
    let crossings = events
        .iter()
        .filter(|e| !matches!(e, Event::Vertex(_)))
        .count();
    if crossings == 0 {
        if events.is_empty() {
            // No vertex inside and no crossing: the disk lies wholly inside the polygon.
            let mut circle = vec![Xy {
                x: centre.x + radius,
                y: centre.y,
            }];
            push_arc(&mut circle, centre, radius, 0.0, std::f64::consts::TAU);
            return circle;
        }
        return polygon.to_vec();
    }
    // Every exit is followed (cyclically) by an entry; between them runs an arc.
    let mut out = Vec::new();
    let m = events.len();
    for (k, event) in events.iter().enumerate() {
        match event {
            Event::Vertex(p) | Event::Entry(p) => out.push(*p),
            Event::Exit(p) => {
                out.push(*p);
                let next_entry = (1..=m).map(|d| &events[(k + d) % m]).find_map(|e| match e {
                    Event::Entry(q) => Some(*q),
                    _ => None,
                });
                if let Some(q) = next_entry {
                    push_arc(&mut out, centre, radius, angle(*p), angle(q));
                }
            }
        }
    }
    out
}

/// Intersections of segment a→b (excluding a, including b) with the circle, in order.
fn segment_circle(a: Xy, b: Xy, c: Xy, r: f64) -> Vec<(f64, Xy)> {
    let d = Xy {
        x: b.x - a.x,
        y: b.y - a.y,
    };
    let f = Xy {
        x: a.x - c.x,
        y: a.y - c.y,
    };
    let qa = d.x * d.x + d.y * d.y;
    let qb = 2.0 * (f.x * d.x + f.y * d.y);
    let qc = f.x * f.x + f.y * f.y - r * r;
    let disc = qb * qb - 4.0 * qa * qc;
    if qa == 0.0 || disc <= 0.0 {
        return Vec::new();
    }
    let sq = disc.sqrt();
    let mut hits = Vec::new();
    for t in [(-qb - sq) / (2.0 * qa), (-qb + sq) / (2.0 * qa)] {
        if t > 0.0 && t <= 1.0 {
            hits.push((
                t,
                Xy {
                    x: a.x + t * d.x,
                    y: a.y + t * d.y,
                },
            ));
        }
    }
    hits
}

/// Appends the counter-clockwise arc from angle `from` to angle `to`, exclusive of both.
fn push_arc(out: &mut Polygon, centre: Xy, radius: f64, from: f64, to: f64) {
    let mut sweep = to - from;
    while sweep <= 0.0 {
        sweep += std::f64::consts::TAU;
    }
    let steps = (sweep / std::f64::consts::TAU * ARC_STEPS).ceil() as usize;
    for k in 1..steps {
        let a = from + sweep * k as f64 / steps as f64;
        out.push(Xy {
            x: centre.x + radius * a.cos(),
            y: centre.y + radius * a.sin(),
        });
    }
}

/// The signed area of a ring (positive when counter-clockwise).
pub fn signed_area(ring: &[Xy]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|k| {
            let (a, b) = (ring[k], ring[(k + 1) % n]);
            a.x * b.y - b.x * a.y
        })
        .sum::<f64>()
        / 2.0
}

/// A vertex rounded to 1 m, as a map key.
type VertexKey = (i64, i64);

/// Rounds a point to 1 m, so that a vertex computed from two neighbouring cells is
/// recognised as one.
fn vertex_key(p: Xy) -> VertexKey {
    ((p.x * 1000.0).round() as i64, (p.y * 1000.0).round() as i64)
}

/// The union of the cells of each group as outline rings: edges shared by two cells of
/// the same group are interior and dropped; the rest are chained into rings. Outer rings
/// run counter-clockwise and holes clockwise, so a non-zero fill draws them right.
pub fn dissolve<G: Ord + Copy>(cells: &[Polygon], groups: &[G]) -> BTreeMap<G, Vec<Vec<Xy>>> {
    let mut edges_by_group: BTreeMap<G, Vec<(Xy, Xy)>> = BTreeMap::new();
    for (cell, group) in cells.iter().zip(groups) {
        let n = cell.len();
        if n < 3 {
            continue;
        }
        let edges = edges_by_group.entry(*group).or_default();
        for k in 0..n {
            let (a, b) = (cell[k], cell[(k + 1) % n]);
            if vertex_key(a) != vertex_key(b) {
                edges.push((a, b));
            }
        }
    }
    edges_by_group
        .into_iter()
        .map(|(group, edges)| (group, rings_from_edges(&edges)))
        .collect()
}

fn rings_from_edges(edges: &[(Xy, Xy)]) -> Vec<Vec<Xy>> {
    // An interior edge appears once in each direction; count them by direction.
    let mut directed: HashMap<(VertexKey, VertexKey), usize> = HashMap::new();
    for (a, b) in edges {
        *directed
            .entry((vertex_key(*a), vertex_key(*b)))
            .or_default() += 1;
    }
    let mut outgoing: HashMap<VertexKey, Vec<(Xy, Xy)>> = HashMap::new();
    for (a, b) in edges {
        let (ka, kb) = (vertex_key(*a), vertex_key(*b));
        if directed.get(&(kb, ka)).copied().unwrap_or(0) == 0 {
            outgoing.entry(ka).or_default().push((*a, *b));
        }
    }
    let mut starts: Vec<VertexKey> = outgoing.keys().copied().collect();
    starts.sort_unstable();
    let mut rings = Vec::new();
    for start in starts {
        while let Some((a, b)) = outgoing.get_mut(&start).and_then(Vec::pop) {
            let mut ring = vec![a];
            let mut at = b;
            let mut guard = edges.len();
            while vertex_key(at) != start && guard > 0 {
                guard -= 1;
                ring.push(at);
                match outgoing.get_mut(&vertex_key(at)).and_then(Vec::pop) {
                    Some((_, next)) => at = next,
                    None => break,
                }
            }
            if ring.len() >= 3 {
                rings.push(ring);
            }
        }
    }
    rings
}

/// Simplifies a closed ring with Douglas–Peucker: points closer than `tolerance` km to
/// the line between their neighbours are dropped. Returns `None` when the ring collapses
/// (fewer than three points, or an area below `tolerance` squared).
pub fn simplify_ring(ring: &[Xy], tolerance: f64) -> Option<Vec<Xy>> {
    if ring.len() < 3 {
        return None;
    }
    let start = ring[0];
    let far = (1..ring.len())
        .max_by(|&a, &b| dist2(ring[a], start).total_cmp(&dist2(ring[b], start)))
        .unwrap_or(0);
    let mut out = Vec::with_capacity(ring.len() / 2);
    douglas_peucker(&ring[..=far], tolerance, &mut out);
    out.pop();
    let mut second: Vec<Xy> = ring[far..].to_vec();
    second.push(start);
    douglas_peucker(&second, tolerance, &mut out);
    out.pop();
    (out.len() >= 3 && signed_area(&out).abs() >= tolerance * tolerance).then_some(out)
}

fn dist2(a: Xy, b: Xy) -> f64 {
    (a.x - b.x).powi(2) + (a.y - b.y).powi(2)
}

/// Appends the simplified open polyline, both ends included.
fn douglas_peucker(points: &[Xy], tolerance: f64, out: &mut Vec<Xy>) {
    let (first, last) = (points[0], points[points.len() - 1]);
    let mut worst = (0, 0.0);
    for (i, p) in points.iter().enumerate().take(points.len() - 1).skip(1) {
        let d = distance_to_segment(*p, first, last);
        if d > worst.1 {
            worst = (i, d);
        }
    }
    if worst.1 > tolerance {
        douglas_peucker(&points[..=worst.0], tolerance, out);
        out.pop();
        douglas_peucker(&points[worst.0..], tolerance, out);
    } else {
        out.push(first);
        out.push(last);
    }
}

fn distance_to_segment(p: Xy, a: Xy, b: Xy) -> f64 {
    let len2 = dist2(a, b);
    if len2 == 0.0 {
        return dist2(p, a).sqrt();
    }
    let t = (((p.x - a.x) * (b.x - a.x) + (p.y - a.y) * (b.y - a.y)) / len2).clamp(0.0, 1.0);
    dist2(
        p,
        Xy {
            x: a.x + t * (b.x - a.x),
            y: a.y + t * (b.y - a.y),
        },
    )
    .sqrt()
}

/// Which groups touch: two groups are neighbours when their cells share a vertex.
pub fn neighbours<G: Ord + Copy>(
    cells: &[Polygon],
    groups: &[G],
) -> std::collections::BTreeSet<(G, G)> {
    let mut at_vertex: HashMap<VertexKey, Vec<G>> = HashMap::new();
    for (cell, group) in cells.iter().zip(groups) {
        for p in cell {
            let list = at_vertex.entry(vertex_key(*p)).or_default();
            if !list.contains(group) {
                list.push(*group);
            }
        }
    }
    let mut pairs = std::collections::BTreeSet::new();
    for list in at_vertex.values() {
        for (i, a) in list.iter().enumerate() {
            for b in &list[i + 1..] {
                pairs.insert(if a < b { (*a, *b) } else { (*b, *a) });
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests;
