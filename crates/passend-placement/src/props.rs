//! Properties on larger random instances than brute force can search: both algorithms
//! keep every capacity and eligibility, DA is stable, the same input and seed give the
//! same output, and minimum cost never places fewer pupils than DA.

use proptest::prelude::*;

use crate::da::Ranking;
use crate::{deferred_acceptance, min_cost, testgen};

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn larger_instances_keep_every_rule(instance in testgen::instance(40, 8), seed in any::<u64>()) {
        let da = deferred_acceptance(&instance, seed);
        let at: Vec<Option<usize>> = da.assignments.iter().map(|a| a.school).collect();
        prop_assert!(testgen::feasible(&instance, &at));
        prop_assert!(testgen::stable(&instance, &Ranking::new(&instance, seed), &at));
        prop_assert_eq!(&deferred_acceptance(&instance, seed), &da);

        let mc = min_cost(&instance, seed).unwrap();
        let mc_at: Vec<Option<usize>> = mc.assignments.iter().map(|a| a.school).collect();
        prop_assert!(testgen::feasible(&instance, &mc_at));
        if instance.candidates.is_empty() {
            // With the preferences as candidates, DA's assignment is one min-cost could
            // have chosen, so it places at least as many.
            prop_assert!(mc.totals().placed >= da.totals().placed);
        }
        // Every reason names only schools the pupil preferred (DA) or could have had.
        for a in &da.assignments {
            for p in &a.passed {
                prop_assert!(instance.pupils[a.pupil].preferences.contains(&p.school));
            }
        }
    }
}
