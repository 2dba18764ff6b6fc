//! A small region: two PO SWVs side by side, with a few schools and profiles.

use std::collections::BTreeSet;

use jiff::civil::date;

use passend_core::ids::VestigingCode;
use passend_core::support::{
    Level, Need, NeedCode, Offer, ProfileBook, ProfileSource, SupportProfile, SwvBasis, Taxonomy,
};
use passend_core::swv::SwvCode;
use passend_coverage::{Model, Params};

/// PO2201 lies around lat 52.0-52.02, PO2301 around 52.05; testkit puts PC4 9401 at
/// (52.01, 5.01), 9402 at (52.02, 5.02), 8011 at (52.11, 5.11) and schools near 52.0.
pub(crate) const REGION: &str = "
pc4 9401 Assen PO2201 VO2201
pc4 9402 Assen PO2201 VO2201
pc4 8011 Zwolle PO2301 VO2301
pc4 8012 Zwolle PO2301 VO2301
school 00AA00 bao 9401AA pupils=2025:400
school 00AB00 bao 9402AB pupils=2025:200
school 00AC00 so 8011AC cluster=3 offer=\"SO ZMLK\" pupils=2025:60
school 00AD00 bao 8012AD pupils=2025:300
";

pub(crate) fn need(code: &str) -> NeedCode {
    NeedCode::parse(code).unwrap()
}

pub(crate) fn taxonomy() -> Taxonomy {
    let n = |code: &str, prevalence: f64, extra: f64, spec: f64| Need {
        code: need(code),
        label: code.to_owned(),
        domain: "leren".into(),
        domain_label: "Leren".into(),
        prevalence_po: prevalence,
        prevalence_vo: prevalence,
        share_extra: extra,
        share_specialist: spec,
        source: "test".into(),
    };
    Taxonomy::new(vec![
        n("dyslexie", 0.04, 0.25, 0.0),
        n("zmlk", 0.004, 1.0, 0.8),
    ])
    .unwrap()
}

pub(crate) fn profiles() -> ProfileBook {
    let code = |c: &str| VestigingCode::parse(c).unwrap();
    let profile = |c: &str, offers: Vec<Offer>| SupportProfile {
        vestiging: code(c),
        valid_from: date(2026, 8, 1),
        offers,
        conditions: BTreeSet::new(),
        source: ProfileSource::Synthetic { seed: 1 },
    };
    ProfileBook::new(
        vec![
            profile(
                "00AA00",
                vec![Offer {
                    need: need("dyslexie"),
                    level: Level::Extra,
                    places: Some(2),
                }],
            ),
            profile(
                "00AC00",
                vec![Offer {
                    need: need("zmlk"),
                    level: Level::Specialistisch,
                    places: Some(40),
                }],
            ),
        ],
        ["PO2201", "PO2301"]
            .iter()
            .map(|swv| SwvBasis {
                swv: SwvCode::parse(swv).unwrap(),
                valid_from: date(2026, 8, 1),
                needs: [need("dyslexie")].into(),
                source: ProfileSource::Synthetic { seed: 1 },
            })
            .collect(),
    )
}

pub(crate) fn model() -> Model {
    model_with(Params::default())
}

pub(crate) fn model_with(params: Params) -> Model {
    let register = passend_core::testkit::register(REGION);
    Model::build(&register, &profiles(), taxonomy(), date(2026, 9, 1), params)
}
