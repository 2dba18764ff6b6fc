//! The R-tree search gives exactly the answers of a brute-force search.

use passend_core::geo::LatLon;
use passend_coverage::SiteIndex;
use proptest::prelude::*;

fn brute_nearest(points: &[(usize, LatLon)], from: LatLon) -> Option<(usize, f64)> {
    points
        .iter()
        .map(|(id, p)| (*id, from.distance_km(*p)))
        .min_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)))
}

fn point() -> impl Strategy<Value = LatLon> {
    (50.8f64..53.5, 3.4f64..7.2).prop_map(|(lat, lon)| LatLon { lat, lon })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn nearest_and_within_match_brute_force(
        points in proptest::collection::vec(point(), 0..80),
        queries in proptest::collection::vec(point(), 1..10),
        km in 0.5f64..60.0,
    ) {
        let indexed: Vec<(usize, LatLon)> = points.into_iter().enumerate().collect();
        let index = SiteIndex::new(indexed.clone());
        for q in queries {
            let got = index.nearest(q).map(|n| (n.id, n.km));
            prop_assert_eq!(got, brute_nearest(&indexed, q));
            let mut within: Vec<usize> = index.within(q, km).iter().map(|n| n.id).collect();
            within.sort_unstable();
            let expected: Vec<usize> = indexed.iter().filter(|(_, p)| q.distance_km(*p) <= km).map(|(id, _)| *id).collect();
            prop_assert_eq!(within, expected);
        }
    }

    /// Clustered points (many at almost the same distance) are the hard case for an index
    /// that orders by flat distance.
    #[test]
    fn nearest_matches_brute_force_on_rings(n in 3usize..40, radius in 0.01f64..0.5, lat in 51.0f64..53.0) {
        let centre = LatLon { lat, lon: 5.0 };
        let indexed: Vec<(usize, LatLon)> = (0..n)
            .map(|i| {
                let a = i as f64 / n as f64 * std::f64::consts::TAU;
                (i, LatLon { lat: lat + radius * a.sin(), lon: 5.0 + radius * a.cos() })
            })
            .collect();
        let index = SiteIndex::new(indexed.clone());
        let got = index.nearest(centre).map(|n| (n.id, n.km));
        prop_assert_eq!(got, brute_nearest(&indexed, centre));
    }
}
