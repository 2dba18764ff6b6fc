//! Expected demand: how many children of primary and secondary age live in a PC4 area,
//! and how many of them are expected to have a support need at a level.
//!
//! The bundled CBS file gives inhabitants per PC4 in age bands `tot 15 jaar` and
//! `15 tot 25 jaar` (1 January 2024). Assuming ages are spread evenly within a band:
//!
//! - primary age (4 to 11, groep 1 to 8): 8 of the 15 one-year cohorts of `tot 15` → 8/15;
//! - secondary age (12 to 17): 3 of the 15 cohorts of `tot 15` (12, 13, 14) plus 3 of the
//!   10 cohorts of `15 tot 25` (15, 16, 17) → 3/15 + 3/10.
//!
//! A band CBS suppressed (0 to 4 inhabitants) counts as zero. Times a need's prevalence
//! and its share at a level, this gives the expected number of children with that need.
//! Where an SWV later records real pupils, those replace this estimate.

use crate::register::Pc4Area;
use crate::support::{Level, Need};
use crate::swv::Sector;

/// Share of `tot 15 jaar` that is of primary-school age (4 to 11).
pub const PRIMARY_OF_UNDER_15: f64 = 8.0 / 15.0;
/// Share of `tot 15 jaar` that is of secondary-school age (12 to 14).
pub const SECONDARY_OF_UNDER_15: f64 = 3.0 / 15.0;
/// Share of `15 tot 25 jaar` that is of secondary-school age (15 to 17).
pub const SECONDARY_OF_15_TO_25: f64 = 3.0 / 10.0;

/// Children of school age in a PC4 area, estimated from the CBS age bands.
pub fn children(area: &Pc4Area, sector: Sector) -> f64 {
    let under_15 = f64::from(area.under_15.unwrap_or(0));
    let age_15_to_25 = f64::from(area.age_15_to_25.unwrap_or(0));
    match sector {
        Sector::Po => under_15 * PRIMARY_OF_UNDER_15,
        Sector::Vo => under_15 * SECONDARY_OF_UNDER_15 + age_15_to_25 * SECONDARY_OF_15_TO_25,
    }
}

/// Expected children in a PC4 area with a need at a level or higher.
pub fn expected(area: &Pc4Area, sector: Sector, need: &Need, level: Level) -> f64 {
    children(area, sector) * need.share_at(sector == Sector::Vo, level)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::Pc4;
    use crate::support::NeedCode;

    fn area(under_15: Option<u32>, age_15_to_25: Option<u32>) -> Pc4Area {
        Pc4Area {
            pc4: Pc4::new(9401).unwrap(),
            in_regeling: true,
            gemeente: "Assen".into(),
            po_swv: None,
            vo_swv: None,
            note: None,
            centroid: None,
            place: None,
            inhabitants: Some(10_000),
            under_15,
            age_15_to_25,
        }
    }

    #[test]
    fn age_bands_are_split_evenly() {
        let a = area(Some(1500), Some(1000));
        assert!((children(&a, Sector::Po) - 800.0).abs() < 1e-9);
        assert!((children(&a, Sector::Vo) - (300.0 + 300.0)).abs() < 1e-9);
        // A suppressed band counts as zero.
        assert_eq!(children(&area(None, None), Sector::Vo), 0.0);
    }

    #[test]
    fn demand_is_children_times_prevalence_times_level_share() {
        let need = Need {
            code: NeedCode::parse("dyslexie").unwrap(),
            label: "Dyslexie".into(),
            domain: "leren".into(),
            domain_label: "Leren".into(),
            prevalence_po: 0.04,
            prevalence_vo: 0.07,
            share_extra: 0.25,
            share_specialist: 0.01,
            source: "test".into(),
        };
        let a = area(Some(1500), Some(1000));
        assert!((expected(&a, Sector::Po, &need, Level::Basis) - 32.0).abs() < 1e-9);
        assert!((expected(&a, Sector::Po, &need, Level::Extra) - 8.0).abs() < 1e-9);
        assert!((expected(&a, Sector::Vo, &need, Level::Specialistisch) - 0.42).abs() < 1e-9);
    }
}
