//! Small random instances for property tests, and the brute force they are checked
//! against.

use passend_core::geo::LatLon;
use passend_core::ids::VestigingCode;
use passend_core::support::{Level, NeedCode};
use proptest::prelude::*;

use crate::da::Ranking;
use crate::eligibility::{places_used, serves};
use crate::instance::{Candidate, Instance, NeedLevel, Place, Pupil, School};

pub(crate) fn nl(need: &str, level: Level) -> NeedLevel {
    NeedLevel {
        need: NeedCode::parse(need).unwrap(),
        level,
    }
}

fn level() -> impl Strategy<Value = Level> {
    prop_oneof![
        Just(Level::Basis),
        Just(Level::Extra),
        Just(Level::Specialistisch)
    ]
}

fn need() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("dyslexie"), Just("adhd")]
}

/// A school: capacity 0–2, offers of two needs, maybe places for one need and level.
fn school(i: usize) -> impl Strategy<Value = School> {
    (
        0u32..=2,
        proptest::option::of(level()),
        proptest::option::of(level()),
        proptest::option::of((need(), level(), 0u32..=2)),
        (0.0f64..0.2, 0.0f64..0.2),
    )
        .prop_map(move |(capacity, dys, adhd, place, (dlat, dlon))| {
            let mut offers = Vec::new();
            if let Some(l) = dys {
                offers.push(nl("dyslexie", l));
            }
            if let Some(l) = adhd {
                offers.push(nl("adhd", l));
            }
            School {
                id: VestigingCode::parse(&format!("00A{}00", (b'A' + i as u8) as char)).unwrap(),
                capacity,
                at: LatLon {
                    lat: 52.0 + dlat,
                    lon: 5.0 + dlon,
                },
                offers,
                places: place
                    .map(|(n, l, c)| Place {
                        what: nl(n, l),
                        capacity: c,
                    })
                    .into_iter()
                    .collect(),
            }
        })
}

/// A pupil with at most one need (so it uses at most one place per school), a random
/// preference list over `schools` schools, maybe its own lottery number.
fn pupil(i: usize, schools: usize) -> impl Strategy<Value = Pupil> {
    (
        proptest::option::of((need(), level())),
        Just((0..schools).collect::<Vec<usize>>()).prop_shuffle(),
        0..=schools,
        proptest::option::of(0u8..4),
        (0.0f64..0.2, 0.0f64..0.2),
    )
        .prop_map(move |(need, order, len, lottery, (dlat, dlon))| Pupil {
            id: format!("p{i}"),
            at: LatLon {
                lat: 52.0 + dlat,
                lon: 5.0 + dlon,
            },
            needs: need.map(|(n, l)| nl(n, l)).into_iter().collect(),
            preferences: order[..len].to_vec(),
            lottery: lottery.map(f64::from),
        })
}

/// An instance of 1–`max_pupils` pupils and 1–`max_schools` schools, with priorities at
/// some schools and, half the time, candidate lists with small costs.
pub(crate) fn instance(max_pupils: usize, max_schools: usize) -> impl Strategy<Value = Instance> {
    (1..=max_pupils, 1..=max_schools)
        .prop_flat_map(|(n, m)| {
            (
                (0..m).map(school).collect::<Vec<_>>(),
                (0..n).map(|i| pupil(i, m)).collect::<Vec<_>>(),
                proptest::collection::vec(
                    proptest::option::of(
                        Just((0..n).collect::<Vec<usize>>())
                            .prop_shuffle()
                            .prop_flat_map(move |o| (Just(o), 0..=n))
                            .prop_map(|(o, len)| o[..len].to_vec()),
                    ),
                    m,
                ),
                proptest::option::of(proptest::collection::vec(
                    proptest::collection::vec((0..m, 0i64..20), 0..=m),
                    n,
                )),
            )
        })
        .prop_map(|(schools, pupils, priorities, candidates)| {
            let candidates = candidates.map_or_else(Vec::new, |lists| {
                lists
                    .into_iter()
                    .map(|list| {
                        let mut seen = Vec::new();
                        list.into_iter()
                            .filter(|(s, _)| {
                                let new = !seen.contains(s);
                                seen.push(*s);
                                new
                            })
                            .map(|(school, cost)| Candidate { school, cost })
                            .collect::<Vec<_>>()
                    })
                    .map(|list| (!list.is_empty()).then_some(list))
                    .collect()
            });
            Instance {
                schools,
                pupils,
                priorities,
                candidates,
            }
        })
}

/// Whether every school's capacity and places hold and every pupil is at a school that
/// serves it.
pub(crate) fn feasible(instance: &Instance, at: &[Option<usize>]) -> bool {
    let mut count = vec![0u32; instance.schools.len()];
    let mut used: Vec<Vec<u32>> = instance
        .schools
        .iter()
        .map(|s| vec![0; s.places.len()])
        .collect();
    for (p, s) in at.iter().enumerate() {
        let Some(s) = *s else { continue };
        let school = &instance.schools[s];
        if serves(&school.offers, &instance.pupils[p].needs).is_err() {
            return false;
        }
        count[s] += 1;
        for i in places_used(&school.places, &instance.pupils[p].needs) {
            used[s][i] += 1;
        }
    }
    instance.schools.iter().enumerate().all(|(s, school)| {
        count[s] <= school.capacity
            && school
                .places
                .iter()
                .enumerate()
                .all(|(i, place)| used[s][i] <= place.capacity)
    })
}

/// Every assignment of pupils to a school of their preference list (or none).
pub(crate) fn all_preference_assignments(instance: &Instance) -> Vec<Vec<Option<usize>>> {
    let options: Vec<Vec<Option<usize>>> = instance
        .pupils
        .iter()
        .map(|p| {
            std::iter::once(None)
                .chain(p.preferences.iter().map(|&s| Some(s)))
                .collect()
        })
        .collect();
    product(&options)
}

pub(crate) fn product(options: &[Vec<Option<usize>>]) -> Vec<Vec<Option<usize>>> {
    let mut all: Vec<Vec<Option<usize>>> = vec![Vec::new()];
    for opts in options {
        all = all
            .into_iter()
            .flat_map(|prefix| {
                opts.iter().map(move |o| {
                    let mut next = prefix.clone();
                    next.push(*o);
                    next
                })
            })
            .collect();
    }
    all
}

/// The rank of a pupil's school in its preferences (0 = first), `usize::MAX` for none.
pub(crate) fn rank(instance: &Instance, p: usize, s: Option<usize>) -> usize {
    s.and_then(|s| instance.pupils[p].preferences.iter().position(|&x| x == s))
        .unwrap_or(usize::MAX)
}

/// Whether (p, s) blocks: p prefers s to what it has, s serves p, and s would choose p
/// from its pupils and p (greedy by its ranking under its capacities).
pub(crate) fn blocks(
    instance: &Instance,
    ranking: &Ranking,
    at: &[Option<usize>],
    p: usize,
    s: usize,
) -> bool {
    let school = &instance.schools[s];
    if rank(instance, p, Some(s)) >= rank(instance, p, at[p]) {
        return false;
    }
    if serves(&school.offers, &instance.pupils[p].needs).is_err() {
        return false;
    }
    let mut applicants: Vec<usize> = (0..at.len()).filter(|&q| at[q] == Some(s)).collect();
    applicants.push(p);
    applicants.sort_by_key(|&q| ranking.key(s, q));
    let mut used = vec![0u32; school.places.len()];
    let mut kept = 0usize;
    for q in applicants {
        let pools = places_used(&school.places, &instance.pupils[q].needs);
        if kept < school.capacity as usize
            && pools.iter().all(|&i| used[i] < school.places[i].capacity)
        {
            for i in pools {
                used[i] += 1;
            }
            kept += 1;
            if q == p {
                return true;
            }
        }
    }
    false
}

/// Whether an assignment is stable: no pupil and school block it.
pub(crate) fn stable(instance: &Instance, ranking: &Ranking, at: &[Option<usize>]) -> bool {
    (0..at.len()).all(|p| (0..instance.schools.len()).all(|s| !blocks(instance, ranking, at, p, s)))
}
