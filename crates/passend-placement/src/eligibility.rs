//! Whether a school can serve a pupil: it offers every need the pupil has, at the level
//! asked or higher (a school that offers a need at a higher level also serves the lower
//! ones, domain-rules §6.1).

use std::fmt;

use passend_core::support::Level;

use crate::instance::{NeedLevel, Place};

/// Why a school cannot serve a pupil.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unserved {
    /// Needs the school does not offer at all.
    pub missing: Vec<NeedLevel>,
    /// Needs it offers, but at a lower level: what was asked and what is offered.
    pub too_low: Vec<(NeedLevel, Level)>,
}

impl fmt::Display for Unserved {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        for n in &self.missing {
            parts.push(format!("biedt geen ondersteuning bij {}", n.need));
        }
        for (n, offered) in &self.too_low {
            parts.push(format!(
                "biedt {} alleen tot {} (gevraagd: {})",
                n.need,
                offered.label(),
                n.level.label()
            ));
        }
        f.write_str(&parts.join("; "))
    }
}

/// Whether `offers` serve every one of `needs`; if not, why.
pub fn serves(offers: &[NeedLevel], needs: &[NeedLevel]) -> Result<(), Unserved> {
    let mut missing = Vec::new();
    let mut too_low = Vec::new();
    for n in needs {
        match offers.iter().find(|o| o.need == n.need) {
            None => missing.push(n.clone()),
            Some(o) if o.level < n.level => too_low.push((n.clone(), o.level)),
            Some(_) => {}
        }
    }
    if missing.is_empty() && too_low.is_empty() {
        Ok(())
    } else {
        Err(Unserved { missing, too_low })
    }
}

/// The places (by index into `places`) a pupil with `needs` uses at a school: the entry
/// for each of its needs at exactly its level, where the school lists one.
pub fn places_used(places: &[Place], needs: &[NeedLevel]) -> Vec<usize> {
    places
        .iter()
        .enumerate()
        .filter(|(_, p)| needs.contains(&p.what))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use passend_core::support::NeedCode;

    use super::*;

    fn nl(need: &str, level: Level) -> NeedLevel {
        NeedLevel {
            need: NeedCode::parse(need).unwrap(),
            level,
        }
    }

    #[test]
    fn a_higher_level_serves_a_lower_one_and_every_shortfall_is_named() {
        let offers = [nl("dyslexie", Level::Extra), nl("adhd", Level::Basis)];
        assert_eq!(serves(&offers, &[nl("dyslexie", Level::Basis)]), Ok(()));
        assert_eq!(serves(&offers, &[]), Ok(()));
        let why = serves(
            &offers,
            &[
                nl("adhd", Level::Extra),
                nl("ass", Level::Basis),
                nl("dyslexie", Level::Extra),
            ],
        )
        .unwrap_err();
        assert_eq!(
            why.to_string(),
            "biedt geen ondersteuning bij ass; biedt adhd alleen tot basisondersteuning (gevraagd: extra ondersteuning)"
        );
    }

    #[test]
    fn a_pupil_uses_the_places_of_its_own_need_and_level() {
        let places = [
            Place {
                what: nl("dyslexie", Level::Extra),
                capacity: 2,
            },
            Place {
                what: nl("adhd", Level::Extra),
                capacity: 1,
            },
        ];
        assert_eq!(places_used(&places, &[nl("dyslexie", Level::Extra)]), [0]);
        assert_eq!(
            places_used(&places, &[nl("dyslexie", Level::Basis)]),
            [] as [usize; 0]
        );
        assert_eq!(
            places_used(
                &places,
                &[nl("adhd", Level::Extra), nl("dyslexie", Level::Extra)]
            ),
            [0, 1]
        );
    }
}
