//! Minimum cost: place as many pupils as possible, and among those assignments the one
//! with the least total cost, respecting every capacity and eligibility. Exact: it is a
//! minimum-cost maximum flow ([`crate::flow`]) on
//!
//! ```text
//! source ─1─▶ pupil ─1, cost─▶ school ─capacity─▶ sink
//!                   └─1, cost─▶ places (need, level) of the school ─places─▶ school
//! ```
//!
//! A pupil's candidates are those the instance gives (with their costs), else its
//! preferences, else every school that serves it, at the great-circle distance in whole
//! metres; candidates that cannot serve it are left out, with the reason. Places per
//! need fit a flow only when a pupil uses at most one kind of place at a school; an
//! instance where a pupil needs places of two needs at one candidate school is refused
//! for this algorithm (deferred acceptance handles it).

use crate::eligibility::{places_used, serves};
use crate::flow::FlowGraph;
use crate::instance::{Candidate, Instance, distance_m};
use crate::outcome::{Algorithm, Outcome, Passed, Why, assignment};

/// Why minimum cost cannot run on an instance.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MinCostError {
    /// A pupil that would use places of two needs at one school.
    #[error(
        "leerling {pupil} gebruikt op school {school} plaatsen van twee behoeften; minimale kosten kan dat niet exact oplossen (gebruik da-stb, of geef plaatsen voor één van beide)"
    )]
    TwoPlaces {
        /// The pupil's id.
        pupil: String,
        /// The school's id.
        school: String,
    },
}

/// The candidates of a pupil, cheapest first (ties by school index), before the
/// eligibility check.
fn candidates_of(instance: &Instance, p: usize) -> Vec<Candidate> {
    let pupil = &instance.pupils[p];
    let mut list: Vec<Candidate> = match instance.candidates.get(p).and_then(Option::as_ref) {
        Some(given) => given.clone(),
        None if !pupil.preferences.is_empty() => pupil
            .preferences
            .iter()
            .map(|&s| Candidate {
                school: s,
                cost: distance_m(pupil.at, instance.schools[s].at),
            })
            .collect(),
        None => instance
            .schools
            .iter()
            .enumerate()
            .filter(|(_, s)| serves(&s.offers, &pupil.needs).is_ok())
            .map(|(s, school)| Candidate {
                school: s,
                cost: distance_m(pupil.at, school.at),
            })
            .collect(),
    };
    list.sort_by_key(|c| (c.cost, c.school));
    list
}

/// Runs minimum cost. `seed` is only recorded: the result does not depend on it (of
/// several optimal assignments the solver's is deterministic).
pub fn min_cost(instance: &Instance, seed: u64) -> Result<Outcome, MinCostError> {
    let n = instance.pupils.len();
    let m = instance.schools.len();
    let candidates: Vec<Vec<Candidate>> = (0..n).map(|p| candidates_of(instance, p)).collect();

    // Nodes: source, pupils, schools, one node per (school, place) in use, sink.
    let source = 0;
    let pupil_node = |p: usize| 1 + p;
    let school_node = |s: usize| 1 + n + s;
    let mut place_nodes: Vec<Vec<Option<usize>>> = instance
        .schools
        .iter()
        .map(|s| vec![None; s.places.len()])
        .collect();
    let mut next_node = 1 + n + m;
    // (pupil, candidate, arc) for every eligible candidate.
    let mut arcs: Vec<(usize, Candidate, Option<usize>)> = Vec::new();
    for (p, list) in candidates.iter().enumerate() {
        for c in list {
            let school = &instance.schools[c.school];
            if serves(&school.offers, &instance.pupils[p].needs).is_err() {
                continue;
            }
            let used = places_used(&school.places, &instance.pupils[p].needs);
            if used.len() > 1 {
                return Err(MinCostError::TwoPlaces {
                    pupil: instance.pupils[p].id.clone(),
                    school: school.id.to_string(),
                });
            }
            let pool = used.first().copied();
            if let Some(i) = pool
                && place_nodes[c.school][i].is_none()
            {
                place_nodes[c.school][i] = Some(next_node);
                next_node += 1;
            }
            arcs.push((p, *c, pool));
        }
    }
    let sink = next_node;
    let mut graph = FlowGraph::new(sink + 1);
    for p in 0..n {
        graph.add_arc(source, pupil_node(p), 1, 0);
    }
    let mut arc_of: Vec<(usize, usize, i64, usize)> = Vec::with_capacity(arcs.len());
    for (p, c, pool) in &arcs {
        let to = match pool {
            Some(i) => place_nodes[c.school][*i].unwrap_or(school_node(c.school)),
            None => school_node(c.school),
        };
        let arc = graph.add_arc(pupil_node(*p), to, 1, c.cost);
        arc_of.push((*p, c.school, c.cost, arc));
    }
    for (s, school) in instance.schools.iter().enumerate() {
        for (i, node) in place_nodes[s].iter().enumerate() {
            if let Some(node) = node {
                graph.add_arc(*node, school_node(s), school.places[i].capacity, 0);
            }
        }
        graph.add_arc(school_node(s), sink, school.capacity, 0);
    }
    let solution = graph.min_cost_max_flow(source, sink);

    let mut placed: Vec<Option<(usize, i64)>> = vec![None; n];
    for &(p, s, cost, arc) in &arc_of {
        if solution.flow_on(arc) > 0 {
            placed[p] = Some((s, cost));
        }
    }
    let assignments = (0..n)
        .map(|p| {
            let pupil = &instance.pupils[p];
            let mine = placed[p];
            // The candidates cheaper than the school it got (all of them when it got
            // none), and why it is not there.
            let passed = candidates[p]
                .iter()
                .take_while(|c| mine.is_none_or(|(s, cost)| (c.cost, c.school) < (cost, s)))
                .map(|c| {
                    let school = &instance.schools[c.school];
                    let why = match serves(&school.offers, &pupil.needs) {
                        Err(u) => Why::Unserved(u),
                        Ok(()) if school.capacity == 0 => Why::NoCapacity,
                        Ok(()) => Why::TakenForLessCost,
                    };
                    Passed {
                        school: c.school,
                        rank: pupil
                            .preferences
                            .iter()
                            .position(|&x| x == c.school)
                            .map(|r| r + 1),
                        why,
                    }
                })
                .collect();
            assignment(
                instance,
                p,
                mine.map(|(s, _)| s),
                mine.map(|(_, c)| c),
                passed,
            )
        })
        .collect();
    Ok(Outcome {
        algorithm: Algorithm::MinCost,
        seed,
        assignments,
    })
}

#[cfg(test)]
mod tests;
