//! Pupil-proposing deferred acceptance with a single tie-breaking lottery (DA-STB), as
//! the central placement of Amsterdam and The Hague uses it.
//!
//! Every pupil applies to its preferred schools in order, only to those that can serve
//! its needs (the others are dropped, with the reason). A school holds the applicants it
//! ranks best, by its priority order and then by the one lottery shared by all schools,
//! while its capacity (and, where the instance gives places per need, every capacity a
//! pupil uses) has room; the others apply to their next school. When nobody is turned
//! down any more, the held applicants are placed.
//!
//! Without places per need (or with at most one place of a need per pupil at a school),
//! a school's choice is a matroid greedy choice, so the result is stable and it is the
//! pupil-optimal stable matching (Gale and Shapley 1962; Roth 1984). A pupil that uses
//! places of two needs at one school can make a school's choice not substitutable; then
//! the rounds still end (each pupil applies to each school once), but the result need
//! not be stable, and a pupil turned down in that way is told so.
//!
//! Time: every pupil applies to each school at most once, and a school without places
//! per need keeps its applicants in a binary heap, so O(A log C) for A applications and
//! capacity C. A school with places per need re-chooses among its applicants on each
//! application: O(A·C log C) at those schools.

use std::cmp::Ordering;
use std::collections::{BinaryHeap, HashMap, VecDeque};

use crate::eligibility::{places_used, serves};
use crate::instance::Instance;
use crate::outcome::{Algorithm, Outcome, Passed, Why, assignment};

/// The order in which a school ranks applicants: priority rank (unlisted last), then
/// lottery (lower first), then position in the instance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Key {
    priority: u32,
    lottery: f64,
    pupil: u32,
}

impl Eq for Key {}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        self.priority
            .cmp(&other.priority)
            .then(self.lottery.total_cmp(&other.lottery))
            .then(self.pupil.cmp(&other.pupil))
    }
}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// splitmix64: a small, well-mixed generator for the lottery, enough for drawing
/// numbers that are the same for the same seed everywhere.
pub(crate) struct SplitMix64(u64);

impl SplitMix64 {
    pub(crate) fn new(seed: u64) -> SplitMix64 {
        SplitMix64(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub(crate) fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The lottery number of every pupil: its own, or drawn from the seed (every pupil
/// draws, in instance order, so that a given number does not shift the others).
pub fn lotteries(instance: &Instance, seed: u64) -> Vec<f64> {
    let mut rng = SplitMix64::new(seed);
    instance
        .pupils
        .iter()
        .map(|p| {
            let drawn = rng.next_f64();
            p.lottery.unwrap_or(drawn)
        })
        .collect()
}

/// How every school ranks every pupil.
pub(crate) struct Ranking {
    lottery: Vec<f64>,
    priority: Vec<Option<HashMap<usize, u32>>>,
}

impl Ranking {
    pub(crate) fn new(instance: &Instance, seed: u64) -> Ranking {
        Ranking {
            lottery: lotteries(instance, seed),
            priority: instance
                .priorities
                .iter()
                .map(|order| {
                    order.as_ref().map(|o| {
                        o.iter()
                            .enumerate()
                            .map(|(rank, &p)| (p, rank as u32))
                            .collect()
                    })
                })
                .collect(),
        }
    }

    pub(crate) fn key(&self, school: usize, pupil: usize) -> Key {
        let priority = self
            .priority
            .get(school)
            .and_then(Option::as_ref)
            .and_then(|m| m.get(&pupil).copied())
            .unwrap_or(u32::MAX);
        Key {
            priority,
            lottery: self.lottery[pupil],
            pupil: pupil as u32,
        }
    }
}

/// Runs DA-STB with the lottery of `seed`.
pub fn deferred_acceptance(instance: &Instance, seed: u64) -> Outcome {
    let n = instance.pupils.len();
    let ranking = Ranking::new(instance, seed);
    // The schools each pupil applies to, in order, and the reasons for the others.
    let mut applies: Vec<Vec<usize>> = Vec::with_capacity(n);
    let mut dropped: Vec<Vec<Passed>> = Vec::with_capacity(n);
    for p in &instance.pupils {
        let mut apply = Vec::with_capacity(p.preferences.len());
        let mut drop = Vec::new();
        for (rank, &s) in p.preferences.iter().enumerate() {
            let school = &instance.schools[s];
            match serves(&school.offers, &p.needs) {
                Ok(()) => apply.push(s),
                Err(why) => drop.push(Passed {
                    school: s,
                    rank: Some(rank + 1),
                    why: Why::Unserved(why),
                }),
            }
        }
        applies.push(apply);
        dropped.push(drop);
    }
    // The places each pupil uses at each school it applies to (only where a school has
    // places per need).
    let uses =
        |p: usize, s: usize| places_used(&instance.schools[s].places, &instance.pupils[p].needs);

    let mut next = vec![0usize; n];
    let mut heaps: Vec<BinaryHeap<(Key, usize)>> = vec![BinaryHeap::new(); instance.schools.len()];
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); instance.schools.len()];
    let mut free: VecDeque<usize> = (0..n).collect();
    while let Some(p) = free.pop_front() {
        let Some(&s) = applies[p].get(next[p]) else {
            continue;
        };
        next[p] += 1;
        let school = &instance.schools[s];
        if school.places.is_empty() {
            let heap = &mut heaps[s];
            heap.push((ranking.key(s, p), p));
            if heap.len() > school.capacity as usize
                && let Some((_, worst)) = heap.pop()
            {
                free.push_back(worst);
            }
        } else {
            let mut applicants = std::mem::take(&mut held[s]);
            applicants.push(p);
            applicants.sort_by_key(|&q| ranking.key(s, q));
            let mut used = vec![0u32; school.places.len()];
            let mut kept = Vec::with_capacity(applicants.len());
            for q in applicants {
                let pools = uses(q, s);
                let fits = kept.len() < school.capacity as usize
                    && pools.iter().all(|&i| used[i] < school.places[i].capacity);
                if fits {
                    for i in pools {
                        used[i] += 1;
                    }
                    kept.push(q);
                } else {
                    free.push_back(q);
                }
            }
            held[s] = kept;
        }
    }
    for (s, heap) in heaps.into_iter().enumerate() {
        if instance.schools[s].places.is_empty() {
            held[s] = heap.into_iter().map(|(_, p)| p).collect();
        }
    }
    let mut placed_at: Vec<Option<usize>> = vec![None; n];
    for (s, pupils) in held.iter().enumerate() {
        for &p in pupils {
            placed_at[p] = Some(s);
        }
    }

    // Why each pupil is not at the schools it preferred to its own.
    let worst =
        |s: usize, among: &mut dyn Iterator<Item = usize>| among.max_by_key(|&q| ranking.key(s, q));
    let assignments = (0..n)
        .map(|p| {
            let pupil = &instance.pupils[p];
            let stop = placed_at[p]
                .and_then(|s| pupil.preferences.iter().position(|&x| x == s))
                .unwrap_or(pupil.preferences.len());
            let mut passed: Vec<Passed> = dropped[p]
                .iter()
                .filter(|d| d.rank.is_some_and(|r| r <= stop))
                .cloned()
                .collect();
            for (rank, &s) in pupil.preferences.iter().enumerate().take(stop) {
                if passed.iter().any(|d| d.school == s) {
                    continue;
                }
                let school = &instance.schools[s];
                let mine = ranking.key(s, p);
                let admitted = &held[s];
                let why = if school.capacity == 0 {
                    Why::NoCapacity
                } else if admitted.len() >= school.capacity as usize
                    && admitted.iter().all(|&q| ranking.key(s, q) < mine)
                {
                    Why::Full {
                        last_admitted: worst(s, &mut admitted.iter().copied()),
                    }
                } else {
                    uses(p, s)
                        .into_iter()
                        .find_map(|i| {
                            let with: Vec<usize> = admitted
                                .iter()
                                .copied()
                                .filter(|&q| uses(q, s).contains(&i))
                                .collect();
                            let full = with.len() >= school.places[i].capacity as usize
                                && with.iter().all(|&q| ranking.key(s, q) < mine);
                            full.then(|| Why::PlacesFull {
                                place: school.places[i].what.clone(),
                                last_admitted: worst(s, &mut with.iter().copied()),
                            })
                        })
                        .unwrap_or(Why::TurnedDown)
                };
                passed.push(Passed {
                    school: s,
                    rank: Some(rank + 1),
                    why,
                });
            }
            passed.sort_by_key(|d| d.rank);
            assignment(instance, p, placed_at[p], None, passed)
        })
        .collect();
    Outcome {
        algorithm: Algorithm::DaStb,
        seed,
        assignments,
    }
}

#[cfg(test)]
mod tests;
