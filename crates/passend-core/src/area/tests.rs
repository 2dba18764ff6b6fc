//! Tests of the Voronoi cells and their dissolve into outlines.

use super::*;

fn grid(n: usize, spacing: f64) -> Vec<Xy> {
    let mut sites = Vec::new();
    for i in 0..n {
        for j in 0..n {
            // A small deterministic jitter avoids the degenerate all-cocircular grid.
            let jitter = ((i * 7 + j * 13) % 5) as f64 * 0.01;
            sites.push(Xy {
                x: i as f64 * spacing + jitter,
                y: j as f64 * spacing - jitter,
            });
        }
    }
    sites
}

fn contains(polygon: &[Xy], p: Xy) -> bool {
    let n = polygon.len();
    (0..n).all(|k| {
        let (a, b) = (polygon[k], polygon[(k + 1) % n]);
        (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) >= -1e-9
    })
}

#[test]
fn a_lone_site_gets_the_whole_disk() {
    let cells = voronoi_cells(&[Xy { x: 0.0, y: 0.0 }], 5.0);
    let area = signed_area(&cells[0]);
    let disk = std::f64::consts::PI * 25.0;
    assert!(area > 0.0, "counter-clockwise");
    assert!((area - disk).abs() / disk < 0.01, "{area} vs {disk}");
}

#[test]
fn every_cell_holds_its_site_and_cells_do_not_overlap() {
    let sites = grid(6, 2.0);
    let cells = voronoi_cells(&sites, 3.0);
    for (site, cell) in sites.iter().zip(&cells) {
        assert!(cell.len() >= 3);
        assert!(contains(cell, *site), "site {site:?} outside its cell");
        assert!(signed_area(cell) > 0.0);
    }
    // The union is the sum of the cells; it must not exceed the union of the disks'
    // bounding box, and the interior cells are exactly the grid squares (about 4 km²).
    let interior = &cells[2 * 6 + 2];
    let area = signed_area(interior);
    assert!((area - 4.0).abs() < 0.2, "{area}");
}

#[test]
fn dissolving_one_group_gives_one_outline_with_the_total_area() {
    let sites = grid(5, 2.0);
    let cells = voronoi_cells(&sites, 2.5);
    let total: f64 = cells.iter().map(|c| signed_area(c)).sum();
    let groups = vec![1u8; sites.len()];
    let rings = dissolve(&cells, &groups);
    let outline = &rings[&1];
    assert_eq!(outline.len(), 1, "one ring, no stray interior edges");
    let area = signed_area(&outline[0]);
    assert!((area - total).abs() / total < 1e-6, "{area} vs {total}");
}

#[test]
fn two_groups_split_the_area_between_them() {
    let sites = grid(4, 2.0);
    let cells = voronoi_cells(&sites, 2.5);
    let groups: Vec<char> = sites
        .iter()
        .map(|p| if p.x < 3.0 { 'a' } else { 'b' })
        .collect();
    let rings = dissolve(&cells, &groups);
    assert_eq!(rings.len(), 2);
    let total: f64 = cells.iter().map(|c| signed_area(c)).sum();
    let sum: f64 = rings.values().flatten().map(|r| signed_area(r)).sum();
    assert!((sum - total).abs() / total < 1e-6);
    assert_eq!(rings[&'a'].len(), 1);
    assert_eq!(rings[&'b'].len(), 1);
}

#[test]
fn an_enclave_becomes_a_hole() {
    let sites = grid(5, 2.0);
    let cells = voronoi_cells(&sites, 2.5);
    let groups: Vec<u8> = (0..sites.len()).map(|i| u8::from(i == 12)).collect();
    let rings = dissolve(&cells, &groups);
    let outer = &rings[&0];
    assert_eq!(outer.len(), 2, "outline plus a hole");
    let areas: Vec<f64> = outer.iter().map(|r| signed_area(r)).collect();
    assert!(
        areas.iter().any(|a| *a > 0.0) && areas.iter().any(|a| *a < 0.0),
        "{areas:?}"
    );
}

#[test]
fn identical_sites_do_not_break_the_cells() {
    let sites = vec![
        Xy { x: 0.0, y: 0.0 },
        Xy { x: 0.0, y: 0.0 },
        Xy { x: 3.0, y: 0.0 },
    ];
    let cells = voronoi_cells(&sites, 5.0);
    assert!(cells.iter().all(|c| c.len() >= 3));
}

#[test]
fn simplifying_keeps_corners_and_drops_collinear_points() {
    let mut ring = Vec::new();
    for i in 0..10 {
        ring.push(Xy {
            x: f64::from(i),
            y: 0.0,
        });
    }
    for i in 0..10 {
        ring.push(Xy {
            x: 10.0,
            y: f64::from(i),
        });
    }
    ring.push(Xy { x: 10.0, y: 10.0 });
    ring.push(Xy { x: 0.0, y: 10.0 });
    let simple = simplify_ring(&ring, 0.1).unwrap();
    assert_eq!(simple.len(), 4, "{simple:?}");
    assert!((signed_area(&simple) - 100.0).abs() < 1e-9);
    // A sliver smaller than the tolerance disappears.
    let tiny = [
        Xy { x: 0.0, y: 0.0 },
        Xy { x: 0.01, y: 0.0 },
        Xy { x: 0.0, y: 0.01 },
    ];
    assert_eq!(simplify_ring(&tiny, 0.5), None);
}

#[test]
fn neighbouring_groups_are_found() {
    let sites = grid(3, 2.0);
    let cells = voronoi_cells(&sites, 2.5);
    let groups: Vec<u8> = sites
        .iter()
        .map(|p| {
            if p.x < 1.0 {
                0
            } else if p.x < 3.0 {
                1
            } else {
                2
            }
        })
        .collect();
    let pairs = neighbours(&cells, &groups);
    assert!(pairs.contains(&(0, 1)) && pairs.contains(&(1, 2)));
    assert!(!pairs.contains(&(0, 2)), "{pairs:?}");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// On random points: every cell holds its site, no two cells overlap (their areas add
    /// up to the union's), and dissolving everything gives one area of the same size.
    #[test]
    fn random_sites_give_sound_cells(points in proptest::collection::vec((0.0f64..20.0, 0.0f64..20.0), 2..60)) {
        let sites: Vec<Xy> = points.iter().map(|(x, y)| Xy { x: *x, y: *y }).collect();
        let cells = voronoi_cells(&sites, 4.0);
        let distinct = |i: usize| sites.iter().take(i).all(|p| (p.x - sites[i].x).abs() + (p.y - sites[i].y).abs() > 1e-6);
        let mut total = 0.0;
        for (i, (site, cell)) in sites.iter().zip(&cells).enumerate() {
            if !distinct(i) {
                continue;
            }
            proptest::prop_assert!(cell.len() >= 3);
            proptest::prop_assert!(contains(cell, *site));
            let area = signed_area(cell);
            proptest::prop_assert!(area > 0.0 && area <= std::f64::consts::PI * 16.0 + 1e-6);
            total += area;
        }
        let unique: Vec<usize> = (0..sites.len()).filter(|i| distinct(*i)).collect();
        let unique_cells: Vec<Polygon> = unique.iter().map(|i| cells[*i].clone()).collect();
        let groups = vec![0u8; unique_cells.len()];
        let rings = dissolve(&unique_cells, &groups);
        let union: f64 = rings[&0].iter().map(|r| signed_area(r)).sum();
        proptest::prop_assert!((union - total).abs() < 1e-6 * total.max(1.0), "union {} vs cells {}", union, total);
    }
}
