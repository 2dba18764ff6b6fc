//! Synthetic demo support profiles for every open school.
//!
//! No public source holds real support profiles, so `passend sop generate --seed N`
//! makes plausible ones from what the register does know: the kind of school, its
//! cluster and its pupil count. Every generated profile carries
//! [`ProfileSource::Synthetic`] with the seed, and every page and export that shows one
//! says it is synthetic. The result depends only on the register, the taxonomy and the
//! seed; each school draws from its own stream (seed and vestigingscode), so adding a
//! school does not change the others.
//!
//! The rules:
//!
//! - **SWV basisondersteuning** (all schools of the SWV): PO dyslexie, dyscalculie, ADHD,
//!   autisme, gedrag, hoogbegaafdheid, TOS and jonge kind; VO the same without TOS and
//!   jonge kind.
//! - **Basisschool**: the basis, plus extra support for a need with a fixed chance per
//!   need (dyslexie 25 %, hoogbegaafdheid 20 %, jonge kind 15 %, autisme 12 %, dyscalculie,
//!   gedrag and ADHD 10 %, TOS 8 %, lichamelijke beperking and langdurig ziek 5 %), with
//!   places of about 1.5 % of its pupils (at least 2).
//! - **SBO**: extra support for learning and behaviour needs and specialist education for
//!   licht verstandelijke beperking, with places for its pupils plus 10 %.
//! - **SO, VSO and SO/VSO**: specialist education for the needs of its clusters (3:
//!   ZMLK, lichamelijke beperking, langdurig ziek, meervoudige beperking; 4: gedrag,
//!   autisme, ADHD; 1: visuele beperking; 2: auditieve beperking, TOS), with places for
//!   its pupils plus 10 % spread over those needs.
//! - **VO**: the basis, plus extra support with a chance per need (dyslexie 35 %, autisme
//!   20 %, ADHD, dyscalculie and hoogbegaafdheid (only with havo or vwo) 15 %, gedrag 12 %,
//!   lichamelijke beperking and langdurig ziek 5 %).
//! - **Praktijkonderwijs**: specialist education for licht verstandelijke beperking, extra
//!   support for gedrag and autisme.
//! - **Facilities**: SO of cluster 3 has every physical facility; cluster 4 and SBO have
//!   a low-stimulus room, a time-out room and small groups; other schools get each with
//!   a chance (drempelvrij 35 %, aangepast toilet 30 %, prikkelarme ruimte 25 %, lift 15 %,
//!   time-outruimte 15 %).
//!
//! Needs the taxonomy does not contain are skipped.

use std::collections::BTreeSet;

use jiff::civil::Date;

use crate::cluster::{Cluster, ClusterSet};
use crate::ids::VestigingCode;
use crate::pupils::PupilCount;
use crate::register::{Register, Vestiging};
use crate::school::{SchoolKind, Status, VoStructure};
use crate::support::{
    Condition, Level, NeedCode, Offer, ProfileSource, SupportProfile, SwvBasis, Taxonomy,
};
use crate::swv::Sector;

/// A small, fast, well-known generator (SplitMix64); its output is the same on every
/// platform, which a demo data set needs.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
}

/// The stream of one school: FNV-1a of its code, mixed with the seed.
fn stream(seed: u64, code: VestigingCode) -> SplitMix64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in code.to_string().bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    SplitMix64(seed ^ hash)
}

const PO_BASIS: [&str; 8] = [
    "dyslexie",
    "dyscalculie",
    "adhd",
    "ass",
    "gedrag",
    "hoogbegaafd",
    "tos",
    "jonge-kind",
];
const VO_BASIS: [&str; 6] = [
    "dyslexie",
    "dyscalculie",
    "adhd",
    "ass",
    "gedrag",
    "hoogbegaafd",
];
const BAO_EXTRA: [(&str, f64); 11] = [
    ("dyslexie", 0.25),
    ("hoogbegaafd", 0.20),
    ("jonge-kind", 0.15),
    ("ass", 0.12),
    ("dyscalculie", 0.10),
    ("gedrag", 0.10),
    ("adhd", 0.10),
    ("tos", 0.08),
    ("lichamelijk", 0.05),
    ("langdurig-ziek", 0.05),
    ("lvb", 0.05),
];
const VO_EXTRA: [(&str, f64); 8] = [
    ("dyslexie", 0.35),
    ("ass", 0.20),
    ("adhd", 0.15),
    ("dyscalculie", 0.15),
    ("hoogbegaafd", 0.15),
    ("gedrag", 0.12),
    ("lichamelijk", 0.05),
    ("langdurig-ziek", 0.05),
];
const SBO_EXTRA: [&str; 7] = [
    "dyslexie",
    "dyscalculie",
    "adhd",
    "ass",
    "gedrag",
    "tos",
    "jonge-kind",
];

fn cluster_needs(cluster: Cluster) -> &'static [&'static str] {
    match cluster {
        Cluster::One => &["visueel"],
        Cluster::Two => &["auditief", "tos"],
        Cluster::Three => &["zmlk", "lichamelijk", "langdurig-ziek", "meervoudig"],
        Cluster::Four => &["gedrag", "ass", "adhd"],
    }
}

/// Generates the SWV basis and one profile for every open vestiging, valid from `valid_from`.
pub fn generate(
    register: &Register,
    taxonomy: &Taxonomy,
    seed: u64,
    valid_from: Date,
) -> (Vec<SupportProfile>, Vec<SwvBasis>) {
    let need = |code: &str| {
        NeedCode::parse(code)
            .ok()
            .filter(|c| taxonomy.need(c).is_some())
    };
    let source = ProfileSource::Synthetic { seed };
    let basis = register
        .swvs()
        .map(|swv| {
            let codes: &[&str] = match swv.sector() {
                Sector::Po => &PO_BASIS,
                Sector::Vo => &VO_BASIS,
            };
            SwvBasis {
                swv,
                valid_from,
                needs: codes.iter().filter_map(|c| need(c)).collect(),
                source: source.clone(),
            }
        })
        .collect();
    let profiles = register
        .vestigingen()
        .iter()
        .filter(|v| v.status == Status::Open)
        .map(|v| profile(v, &need, seed, valid_from))
        .collect();
    (profiles, basis)
}

fn pupils(v: &Vestiging) -> u32 {
    match v.latest_count().map(|c| c.count) {
        Some(PupilCount::Exact(n)) => n,
        Some(PupilCount::Suppressed) => 2,
        None => 0,
    }
}

fn profile(
    v: &Vestiging,
    need: &dyn Fn(&str) -> Option<NeedCode>,
    seed: u64,
    valid_from: Date,
) -> SupportProfile {
    let mut rng = stream(seed, v.code);
    let n = pupils(v);
    let mut offers: Vec<Offer> = Vec::new();
    let mut add = |code: &str, level: Level, places: Option<u32>| {
        if let Some(code) = need(code)
            && !offers.iter().any(|o| o.need == code)
        {
            offers.push(Offer {
                need: code,
                level,
                places: places.filter(|_| level.has_places()),
            });
        }
    };
    let extra_places = ((f64::from(n) * 0.015).round() as u32).max(2);
    let mut conditions = BTreeSet::new();
    let special_clusters = |part: ClusterSet| -> Vec<Cluster> { part.iter().collect() };
    match v.kind {
        SchoolKind::Bao => {
            for (code, p) in BAO_EXTRA {
                if rng.chance(p) {
                    add(code, Level::Extra, Some(extra_places));
                }
            }
        }
        SchoolKind::Sbo => {
            add(
                "lvb",
                Level::Specialistisch,
                Some((f64::from(n) * 1.1).round() as u32),
            );
            for code in SBO_EXTRA {
                add(
                    code,
                    Level::Extra,
                    Some(((f64::from(n) * 0.1).round() as u32).max(2)),
                );
            }
            conditions.extend([
                Condition::PrikkelarmeRuimte,
                Condition::TimeOutRuimte,
                Condition::KleineGroepen,
            ]);
        }
        SchoolKind::So | SchoolKind::Vso | SchoolKind::SoVso => {
            let clusters: Vec<Cluster> = match (&v.special_offer, &v.cluster) {
                (Some(offer), _) if !offer.clusters().is_empty() => {
                    special_clusters(offer.clusters())
                }
                (_, Some(c)) => special_clusters(c.possible),
                _ => Vec::new(),
            };
            let codes: Vec<&str> = clusters
                .iter()
                .flat_map(|c| cluster_needs(*c).iter().copied())
                .collect();
            let per_need = if codes.is_empty() {
                0
            } else {
                ((f64::from(n) * 1.1) / codes.len() as f64).ceil() as u32
            };
            for code in &codes {
                add(code, Level::Specialistisch, Some(per_need.max(1)));
            }
            if clusters.contains(&Cluster::Three) {
                conditions.extend([
                    Condition::Drempelvrij,
                    Condition::Lift,
                    Condition::AangepastToilet,
                    Condition::Verzorgingsruimte,
                    Condition::TherapieOpSchool,
                ]);
            }
            if clusters.contains(&Cluster::Four) {
                conditions.extend([
                    Condition::PrikkelarmeRuimte,
                    Condition::TimeOutRuimte,
                    Condition::KleineGroepen,
                ]);
            }
        }
        SchoolKind::Praktijkonderwijs => {
            add(
                "lvb",
                Level::Specialistisch,
                Some((f64::from(n) * 1.1).round() as u32),
            );
            add("gedrag", Level::Extra, Some(extra_places));
            add("ass", Level::Extra, Some(extra_places));
        }
        SchoolKind::Vo(structure) => {
            if structure.contains(VoStructure::PRO) {
                add(
                    "lvb",
                    Level::Specialistisch,
                    Some(((f64::from(n) * 0.05).round() as u32).max(5)),
                );
            }
            let academic =
                structure.contains(VoStructure::HAVO) || structure.contains(VoStructure::VWO);
            for (code, p) in VO_EXTRA {
                if code == "hoogbegaafd" && !academic {
                    continue;
                }
                if rng.chance(p) {
                    add(code, Level::Extra, Some(extra_places));
                }
            }
        }
    }
    if !matches!(
        v.kind,
        SchoolKind::So | SchoolKind::Vso | SchoolKind::SoVso | SchoolKind::Sbo
    ) {
        for (condition, p) in [
            (Condition::Drempelvrij, 0.35),
            (Condition::AangepastToilet, 0.30),
            (Condition::PrikkelarmeRuimte, 0.25),
            (Condition::Lift, 0.15),
            (Condition::TimeOutRuimte, 0.15),
        ] {
            if rng.chance(p) {
                conditions.insert(condition);
            }
        }
    }
    SupportProfile {
        vestiging: v.code,
        valid_from,
        offers,
        conditions,
        source: ProfileSource::Synthetic { seed },
    }
}

#[cfg(test)]
mod tests;
