//! The facts about a school as label and value, in Dutch: shared by the school page and
//! `passend school show`, so both say the same thing the same way.

use passend_core::register::Vestiging;
use passend_core::school::SchoolKind;

use crate::nl;

/// The facts of a vestiging, in display order; absent facts are left out.
pub fn school_facts(v: &Vestiging) -> Vec<(&'static str, String)> {
    let mut facts: Vec<(&'static str, String)> = vec![
        ("Vestigingscode", v.code.to_string()),
        ("BRIN", v.code.brin().to_string()),
        (
            "Soort",
            match v.kind {
                SchoolKind::Vo(structure) => format!("{} ({structure})", v.kind.label()),
                kind => kind.label().to_owned(),
            },
        ),
        (
            "Status",
            format!("{}: {}", v.status.label(), v.status_basis),
        ),
    ];
    let address: Vec<String> = [
        v.street_address.clone(),
        v.postcode.map(|p| p.to_string()),
        v.place.clone(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !address.is_empty() {
        facts.push(("Adres", address.join(", ")));
    }
    if let Some(g) = &v.gemeente {
        let code = g
            .code
            .map(|c| format!(" (gemeentecode {c})"))
            .unwrap_or_default();
        facts.push(("Gemeente", format!("{}{code}", g.name)));
    }
    if let Some(p) = v.province {
        facts.push(("Provincie", p.name().to_owned()));
    }
    if let Some(b) = v.board {
        facts.push(("Bevoegd gezag", format!("nummer {b}")));
    }
    if let Some(d) = &v.denominatie {
        facts.push(("Denominatie", d.clone()));
    }
    if let Some(w) = &v.website {
        facts.push(("Website (volgens DUO)", w.clone()));
    }
    if let Some(l) = v.location {
        let (lat, lon) = (nl::decimal(l.point.lat, 5), nl::decimal(l.point.lon, 5));
        facts.push(("Ligging", format!("{lat}; {lon} ({})", l.basis.label())));
    }
    if let Some(c) = &v.cluster {
        let clusters = if c.is_known() {
            format!("cluster {}", c.clusters)
        } else {
            "onbekend".to_owned()
        };
        let parts = v.special_offer.as_ref().map_or(String::new(), |o| {
            let part = |label: &str, set: passend_core::cluster::ClusterSet| {
                (!set.is_empty()).then(|| format!("{label}: cluster {set}"))
            };
            let parts: Vec<String> = [part("SO-deel", o.so), part("VSO-deel", o.vso)]
                .into_iter()
                .flatten()
                .collect();
            if parts.is_empty() {
                String::new()
            } else {
                format!(" ({})", parts.join("; "))
            }
        });
        facts.push((
            "Cluster",
            format!(
                "{clusters}{parts}; zekerheid {}: {}",
                c.confidence.label(),
                c.evidence
            ),
        ));
    }
    if let Some(c) = v.latest_count() {
        facts.push((
            "Leerlingen",
            format!("{} op {}", c.count, c.peildatum.dutch()),
        ));
    }
    facts
}
