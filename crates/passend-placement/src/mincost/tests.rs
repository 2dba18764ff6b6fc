//! Minimum cost against brute force on every small instance.

use proptest::prelude::*;

use super::*;
use crate::testgen;

/// The best (most placed, then least cost) over every assignment of pupils to one of
/// their eligible candidates or none.
fn brute_force(instance: &Instance) -> (usize, i64) {
    let options: Vec<Vec<Option<usize>>> = (0..instance.pupils.len())
        .map(|p| {
            std::iter::once(None)
                .chain(
                    candidates_of(instance, p)
                        .into_iter()
                        .map(|c| Some(c.school)),
                )
                .collect()
        })
        .collect();
    let cost_of = |p: usize, s: usize| {
        candidates_of(instance, p)
            .into_iter()
            .find(|c| c.school == s)
            .map(|c| c.cost)
            .unwrap()
    };
    testgen::product(&options)
        .into_iter()
        .filter(|at| testgen::feasible(instance, at))
        .map(|at| {
            let placed = at.iter().filter(|s| s.is_some()).count();
            let cost: i64 = at
                .iter()
                .enumerate()
                .filter_map(|(p, s)| s.map(|s| cost_of(p, s)))
                .sum();
            (placed, cost)
        })
        .max_by_key(|&(placed, cost)| (placed, -cost))
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Every instance of up to 4 pupils and 3 schools: as many placed as possible and the
    /// least total cost among those, found by trying every assignment.
    #[test]
    fn min_cost_places_the_most_at_the_least_cost(instance in testgen::instance(4, 3)) {
        let outcome = min_cost(&instance, 0).unwrap();
        let at: Vec<Option<usize>> = outcome.assignments.iter().map(|a| a.school).collect();
        prop_assert!(testgen::feasible(&instance, &at));
        let totals = outcome.totals();
        prop_assert_eq!((totals.placed, totals.total_cost), brute_force(&instance));
        // Every placement is at one of its candidates, with that candidate's cost.
        for a in &outcome.assignments {
            if let Some(s) = a.school {
                let c = candidates_of(&instance, a.pupil).into_iter().find(|c| c.school == s);
                prop_assert_eq!(c.map(|c| c.cost), a.cost);
            }
        }
        prop_assert_eq!(&min_cost(&instance, 0).unwrap(), &outcome);
    }
}
