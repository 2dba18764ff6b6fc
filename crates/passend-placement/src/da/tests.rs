//! Deferred acceptance: a worked example, and every small instance against brute force.

use passend_core::support::Level;
use proptest::prelude::*;

use super::*;
use crate::outcome::reason;
use crate::testgen::{self, nl};

fn example() -> Instance {
    use passend_core::geo::LatLon;
    use passend_core::ids::VestigingCode;
    let school = |code: &str, capacity: u32, offers: Vec<crate::NeedLevel>| crate::School {
        id: VestigingCode::parse(code).unwrap(),
        capacity,
        at: LatLon {
            lat: 52.0,
            lon: 5.0,
        },
        offers,
        places: Vec::new(),
    };
    let pupil = |id: &str, needs, preferences, lottery| crate::Pupil {
        id: id.into(),
        at: LatLon {
            lat: 52.01,
            lon: 5.0,
        },
        needs,
        preferences,
        lottery: Some(lottery),
    };
    Instance {
        schools: vec![
            school("00AA00", 1, vec![nl("dyslexie", Level::Extra)]),
            school("00AB00", 2, vec![nl("dyslexie", Level::Basis)]),
        ],
        pupils: vec![
            pupil("anna", vec![nl("dyslexie", Level::Extra)], vec![0, 1], 0.5),
            pupil("bram", vec![], vec![0, 1], 0.1),
            pupil("cas", vec![nl("dyslexie", Level::Extra)], vec![1, 0], 0.9),
        ],
        priorities: vec![None, None],
        candidates: Vec::new(),
    }
}

#[test]
fn a_worked_example_with_every_reason() {
    let instance = example();
    let outcome = deferred_acceptance(&instance, 7);
    let got: Vec<(Option<usize>, Option<usize>, String)> = outcome
        .assignments
        .iter()
        .map(|a| (a.school, a.rank, reason(&instance, &outcome, a)))
        .collect();
    assert_eq!(
        got,
        [
            (
                None,
                None,
                "niet geplaatst: 1e keus 00AA00: vol met leerlingen met een hogere prioriteit; de laatst toegelaten leerling is bram; 2e keus 00AB00: kan de ondersteuning niet bieden: biedt dyslexie alleen tot basisondersteuning (gevraagd: extra ondersteuning)".to_owned()
            ),
            (Some(0), Some(1), "eerste keus".to_owned()),
            (
                None,
                None,
                "niet geplaatst: 1e keus 00AB00: kan de ondersteuning niet bieden: biedt dyslexie alleen tot basisondersteuning (gevraagd: extra ondersteuning); 2e keus 00AA00: vol met leerlingen met een hogere prioriteit; de laatst toegelaten leerling is bram".to_owned()
            ),
        ]
    );
    // A priority at the first school puts anna before bram, who moves to his second.
    let mut with_priority = example();
    with_priority.priorities[0] = Some(vec![0]);
    let outcome = deferred_acceptance(&with_priority, 7);
    let bram = &outcome.assignments[1];
    assert_eq!((bram.school, bram.rank), (Some(1), Some(2)));
    assert_eq!(
        reason(&with_priority, &outcome, bram),
        "2e keus; niet bij een hogere keus: 1e keus 00AA00: vol met leerlingen met een hogere prioriteit; de laatst toegelaten leerling is anna"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    /// Every instance of up to 4 pupils and 3 schools: the result is feasible, stable,
    /// and no pupil does better in any stable assignment (found by trying them all).
    #[test]
    fn da_gives_the_pupil_optimal_stable_matching(instance in testgen::instance(4, 3), seed in 0u64..4) {
        let outcome = deferred_acceptance(&instance, seed);
        let at: Vec<Option<usize>> = outcome.assignments.iter().map(|a| a.school).collect();
        let ranking = Ranking::new(&instance, seed);
        prop_assert!(testgen::feasible(&instance, &at));
        prop_assert!(testgen::stable(&instance, &ranking, &at), "{at:?}");
        for other in testgen::all_preference_assignments(&instance) {
            if testgen::feasible(&instance, &other) && testgen::stable(&instance, &ranking, &other) {
                for p in 0..at.len() {
                    prop_assert!(
                        testgen::rank(&instance, p, at[p]) <= testgen::rank(&instance, p, other[p]),
                        "pupil {p} does better in {other:?} than in {at:?}"
                    );
                }
            }
        }
        // Nobody is told it was turned down for no reason: with at most one place per
        // pupil the choice is a matroid's.
        for a in &outcome.assignments {
            prop_assert!(a.passed.iter().all(|d| d.why != Why::TurnedDown));
            if let Some(r) = a.rank {
                prop_assert_eq!(a.passed.len(), r - 1);
            }
        }
        prop_assert_eq!(&deferred_acceptance(&instance, seed), &outcome);
    }
}
