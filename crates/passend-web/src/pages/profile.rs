//! The support profile of one school, as the school page shows it: what it offers today
//! (its own profile raised by the basisondersteuning of its SWVs), its facilities, and
//! every version with its source.

use passend_core::register::Vestiging;
use passend_core::support::SupportProfile;
use passend_core::swv::SwvCode;

use crate::nl;
use crate::snapshot::Snapshot;

/// One need the school serves.
pub(crate) struct OfferRow {
    pub(crate) need: String,
    pub(crate) domain: String,
    pub(crate) level: &'static str,
    pub(crate) places: String,
    pub(crate) origin: String,
}

/// One version of the profile.
pub(crate) struct VersionRow {
    pub(crate) valid_from: String,
    pub(crate) state: &'static str,
    pub(crate) source: String,
    pub(crate) summary: String,
}

/// The profile section of the school page.
pub(crate) struct ProfileView {
    pub(crate) date: String,
    pub(crate) synthetic: bool,
    pub(crate) current: Option<(String, String)>,
    pub(crate) offers: Vec<OfferRow>,
    pub(crate) conditions: Vec<&'static str>,
    pub(crate) history: Vec<VersionRow>,
    pub(crate) swvs: Vec<(String, String)>,
}

fn summary(p: &SupportProfile) -> String {
    let extra = p.offers.iter().filter(|o| o.level.has_places()).count();
    format!(
        "{} behoeften, waarvan {extra} met extra of specialistische ondersteuning; {} voorzieningen",
        p.offers.len(),
        p.conditions.len()
    )
}

/// The profile section, or `None` when the store holds no taxonomy.
pub(crate) fn profile_view(snap: &Snapshot, v: &Vestiging) -> Option<ProfileView> {
    let support = snap.support()?;
    let date = support.data.date;
    let book = &support.data.book;
    let swvs: Vec<SwvCode> = snap
        .register
        .memberships_of(v.code)
        .map(|m| m.swv)
        .collect();
    let current = book.profile_at(v.code, date);
    let taxonomy = &support.data.taxonomy;
    let offers = book
        .effective(v.code, &swvs, date)
        .into_iter()
        .map(|(need, (level, places))| {
            let own = current
                .and_then(|p| p.offer(&need))
                .is_some_and(|o| o.level == level);
            let origin = if own {
                "eigen profiel".to_owned()
            } else {
                let agreed: Vec<String> = swvs
                    .iter()
                    .filter(|s| {
                        book.basis_at(**s, date)
                            .is_some_and(|b| b.needs.contains(&need))
                    })
                    .map(|s| s.dotted())
                    .collect();
                format!("basisondersteuning van {}", agreed.join(" en "))
            };
            let (label, domain) = taxonomy
                .need(&need)
                .map_or((need.to_string(), String::new()), |n| {
                    (n.label.clone(), n.domain_label.clone())
                });
            OfferRow {
                need: label,
                domain,
                level: level.label(),
                places: places.map_or_else(|| "–".to_owned(), |p| nl::number(u64::from(p))),
                origin,
            }
        })
        .collect();
    let history = book
        .history(v.code)
        .iter()
        .rev()
        .map(|p| VersionRow {
            valid_from: nl::date(p.valid_from),
            state: if p.valid_from > date {
                "gepland"
            } else if current.is_some_and(|c| std::ptr::eq(c, p)) {
                "geldt nu"
            } else {
                "vervallen"
            },
            source: p.source.label(),
            summary: summary(p),
        })
        .collect();
    Some(ProfileView {
        date: nl::date(date),
        synthetic: current.is_some_and(|p| p.source.is_synthetic())
            || swvs.iter().any(|s| {
                book.basis_at(*s, date)
                    .is_some_and(|b| b.source.is_synthetic())
            }),
        current: current.map(|p| (nl::date(p.valid_from), p.source.label())),
        offers,
        conditions: current
            .map(|p| p.conditions.iter().map(|c| c.label()).collect())
            .unwrap_or_default(),
        history,
        swvs: swvs.iter().map(|s| (s.to_string(), s.dotted())).collect(),
    })
}
