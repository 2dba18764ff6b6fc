//! Assembles the rows of all sources into one record per vestiging, the PC4 areas and
//! the memberships.
//!
//! The sources overlap and differ in age, so each field comes from the newest source that
//! still lists the vestiging as existing ("current"):
//!
//! | source | date | current when |
//! | --- | --- | --- |
//! | DUO (V)SO extract (`CLUSTER`) | 2025/2026 | always |
//! | DUO BO address list | 2026 | always |
//! | DUO PO pupil history | 1 Oct 2025 | its 2025 count is above zero (or `<5`) |
//! | geocoded address list | Nov 2024 | the PO history does not count zero pupils in 2025 |
//! | DUO VO address list | Dec 2020 | never on its own: the 2024 list is complete for VO |
//! | DUO VO pupils | 1 Oct 2019 | never |
//!
//! A vestiging is open when any source is current for it. Conflicts between current
//! sources become findings; nothing is dropped silently.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use passend_core::cluster::{ClusterEvidence, ClusterSet, classify};
use passend_core::composition::{Finding, Rule, Severity};
use passend_core::ids::{BoardNumber, GemeenteCode, Pc4, Postcode, VestigingCode};
use passend_core::membership::{MembershipClaim, derive};
use passend_core::pupils::{Peildatum, PupilCount};
use passend_core::register::{
    CountRecord, Gemeente, Location, LocationBasis, Membership, MembershipBasis, Pc4Area, Vestiging,
};
use passend_core::retention::RetentionPolicy;
use passend_core::school::{SchoolKind, Status};
use passend_core::support::{CoverageSettings, Taxonomy};
use passend_core::swv::{Province, Sector, SwvCode};

use crate::issues::{Issues, RowIssue};
use crate::read::cbs::CbsPc4;
use crate::read::cluster::ClusterRow;
use crate::read::geo::{GeoSchool, Pc4Point};
use crate::read::po::{BoRow, HistoryRow};
use crate::read::swv::{RegioRow, VsvRow};
use crate::read::vo::{VoPupils, VoRow};
use crate::sources;

/// Everything the readers produced.
#[derive(Debug, Default)]
pub struct Sources {
    /// BO address list.
    pub bo: Vec<BoRow>,
    /// PO pupil history.
    pub history: Vec<HistoryRow>,
    /// The years of the history file, oldest first.
    pub history_years: Vec<i16>,
    /// VO address list.
    pub vo: Vec<VoRow>,
    /// VO pupils 2019, per vestiging.
    pub vo_pupils: BTreeMap<VestigingCode, VoPupils>,
    /// (V)SO cluster extract.
    pub clusters: Vec<ClusterRow>,
    /// PC4 table of the regeling.
    pub regio: Vec<RegioRow>,
    /// DUO's 2015 SWV assignment of VO vestigingen.
    pub vsv: Vec<VsvRow>,
    /// Geocoded school points.
    pub geo: Vec<GeoSchool>,
    /// GeoNames PC4 centres.
    pub geonames: BTreeMap<Pc4, Pc4Point>,
    /// CBS population per PC4.
    pub cbs: BTreeMap<Pc4, CbsPc4>,
    /// The SWV's cluster overrides.
    pub cluster_overrides: BTreeMap<VestigingCode, (ClusterSet, String)>,
    /// The SWV's membership overrides.
    pub membership_overrides: Vec<MembershipClaim>,
    /// SWV names.
    pub swv_names: BTreeMap<SwvCode, String>,
    /// The support needs (`instellingen/behoeften.csv`).
    pub taxonomy: Taxonomy,
    /// The coverage thresholds (`instellingen/dekking.csv`).
    pub coverage: CoverageSettings,
    /// The retention terms (`instellingen/bewaartermijnen.csv`).
    pub retention: RetentionPolicy,
}

impl Sources {
    /// Takes over every source `other` read. Each file is read by one thread only, so
    /// a field is never filled on both sides.
    pub fn merge(&mut self, other: Sources) {
        fn take<T: Default + PartialEq>(mine: &mut T, theirs: T) {
            if theirs != T::default() {
                *mine = theirs;
            }
        }
        fn take_vec<T>(mine: &mut Vec<T>, theirs: Vec<T>) {
            if !theirs.is_empty() {
                *mine = theirs;
            }
        }
        fn take_map<K, V>(mine: &mut BTreeMap<K, V>, theirs: BTreeMap<K, V>) {
            if !theirs.is_empty() {
                *mine = theirs;
            }
        }
        let Sources {
            bo,
            history,
            history_years,
            vo,
            vo_pupils,
            clusters,
            regio,
            vsv,
            geo,
            geonames,
            cbs,
            cluster_overrides,
            membership_overrides,
            swv_names,
            taxonomy,
            coverage,
            retention,
        } = other;
        take_vec(&mut self.bo, bo);
        take_vec(&mut self.history, history);
        take(&mut self.history_years, history_years);
        take_vec(&mut self.vo, vo);
        take_map(&mut self.vo_pupils, vo_pupils);
        take_vec(&mut self.clusters, clusters);
        take_vec(&mut self.regio, regio);
        take_vec(&mut self.vsv, vsv);
        take_vec(&mut self.geo, geo);
        take_map(&mut self.geonames, geonames);
        take(&mut self.cbs, cbs);
        take_map(&mut self.cluster_overrides, cluster_overrides);
        take_vec(&mut self.membership_overrides, membership_overrides);
        take_map(&mut self.swv_names, swv_names);
        take(&mut self.taxonomy, taxonomy);
        take(&mut self.coverage, coverage);
        take(&mut self.retention, retention);
    }
}

/// The assembled register records.
#[derive(Debug, Default)]
pub struct Assembled {
    /// One record per vestiging, sorted by code.
    pub vestigingen: Vec<Vestiging>,
    /// The memberships.
    pub memberships: Vec<Membership>,
    /// The PC4 areas.
    pub pc4s: Vec<Pc4Area>,
    /// Data findings from reading and assembling (row problems, conflicts).
    pub findings: Vec<Finding>,
    /// SWV names.
    pub swv_names: BTreeMap<SwvCode, String>,
    /// The support needs, stored with the register.
    pub taxonomy: Taxonomy,
    /// The coverage thresholds, stored with the register.
    pub coverage: CoverageSettings,
    /// The retention terms, stored with the register.
    pub retention: RetentionPolicy,
}

/// Peildatum of the geocoded file's pupil counts (DUO 2023-2024 counts).
fn geo_peildatum() -> Peildatum {
    Peildatum::october_first(2023)
}

/// Peildatum of the VO pupil file.
fn vo_pupils_peildatum() -> Peildatum {
    Peildatum::october_first(2019)
}

#[derive(Default)]
struct Mentions<'a> {
    bo: Option<&'a BoRow>,
    history: Option<&'a HistoryRow>,
    vo: Option<&'a VoRow>,
    vo_pupils: Option<&'a VoPupils>,
    cluster: Option<&'a ClusterRow>,
    geo: Vec<&'a GeoSchool>,
}

/// Assembles the sources. `issues` holds the readers' row problems.
pub fn assemble(src: &Sources, mut issues: Issues) -> Assembled {
    let mut by_code: BTreeMap<VestigingCode, Mentions<'_>> = BTreeMap::new();
    macro_rules! collect {
        ($rows:expr, $field:ident, $file:expr) => {
            for row in &$rows {
                let m = by_code.entry(row.code).or_default();
                if m.$field.is_some() {
                    issues.duplicate(
                        $file,
                        row.line,
                        Some(row.code),
                        format!(
                            "{} staat er meer dan eens in; de eerste regel telt",
                            row.code
                        ),
                    );
                } else {
                    m.$field = Some(row);
                }
            }
        };
    }
    collect!(src.bo, bo, source_path(sources::BO_ADDRESSES));
    collect!(src.history, history, source_path(sources::PO_HISTORY));
    collect!(src.vo, vo, source_path(sources::VO_ADDRESSES));
    collect!(src.clusters, cluster, source_path(sources::SO_CLUSTERS));
    for (code, pupils) in &src.vo_pupils {
        by_code.entry(*code).or_default().vo_pupils = Some(pupils);
    }
    for point in &src.geo {
        by_code.entry(point.code).or_default().geo.push(point);
    }

    // Municipality names and provinces by code, from the files that give both.
    let mut gemeente_names: HashMap<GemeenteCode, String> = HashMap::new();
    let mut gemeente_province: HashMap<GemeenteCode, Province> = HashMap::new();
    for row in &src.bo {
        if let (Some(code), Some(name)) = (row.address.gemeente_code, &row.address.gemeente_name) {
            gemeente_names.entry(code).or_insert_with(|| name.clone());
            if let Some(p) = row.address.province.as_deref().and_then(Province::parse) {
                gemeente_province.entry(code).or_insert(p);
            }
        }
    }
    for row in &src.history {
        if let (Some(code), Some(name)) = (row.gemeente_code, &row.gemeente_name) {
            gemeente_names.entry(code).or_insert_with(|| name.clone());
        }
    }

    // The distinct DUO clusters per BRIN, for vestigingen DUO does not list.
    let mut brin_clusters: HashMap<passend_core::ids::Brin, Vec<(VestigingCode, ClusterSet)>> =
        HashMap::new();
    for row in &src.clusters {
        if let Some(c) = row.cluster {
            brin_clusters
                .entry(row.code.brin())
                .or_default()
                .push((row.code, c));
        }
    }

    let pc4_points = &src.geonames;
    let latest_year = src.history_years.last().copied();
    let mut vestigingen = Vec::with_capacity(by_code.len());
    for (code, m) in &by_code {
        if let Some(v) = vestiging(
            *code,
            m,
            src,
            latest_year,
            &gemeente_names,
            &gemeente_province,
            &brin_clusters,
            pc4_points,
            &mut issues,
        ) {
            vestigingen.push(v);
        }
    }

    let pc4s = pc4_areas(src);
    let mut claims = src.membership_overrides.clone();
    for row in src.vsv.iter().filter(|r| r.swv.is_landelijk()) {
        claims.push(MembershipClaim {
            vestiging: row.code,
            sector: Sector::Vo,
            swv: Some(row.swv),
            basis: MembershipBasis::Landelijk(
                "DUO-bestand voortijdig schoolverlaten per samenwerkingsverband (2015)".to_owned(),
            ),
        });
    }
    let derivation = derive(&vestigingen, &pc4s, &claims);

    // DUO's own 2015 assignment as a cross-check of the area rule.
    let vo_membership: HashMap<VestigingCode, SwvCode> = derivation
        .memberships
        .iter()
        .filter(|m| m.sector == Sector::Vo)
        .map(|m| (m.vestiging, m.swv))
        .collect();
    let open: BTreeSet<VestigingCode> = vestigingen
        .iter()
        .filter(|v| v.status == Status::Open)
        .map(|v| v.code)
        .collect();
    for row in &src.vsv {
        if let Some(ours) = vo_membership.get(&row.code)
            && *ours != row.swv
            && open.contains(&row.code)
        {
            issues.push(
                    Rule::DataDuoSwvDiffers,
                    Severity::Info,
                    Some(row.code),
                    format!(
                        "{}, regel {}: DUO deelde {} in 2015 in bij {}; volgens het gebied hoort zij nu bij {ours}.",
                        source_path(sources::VSV_2015),
                        row.line,
                        row.code,
                        row.swv
                    ),
                );
        }
    }

    let findings = findings_for(issues.into_vec(), &derivation.memberships);
    Assembled {
        vestigingen,
        memberships: derivation.memberships,
        pc4s,
        findings,
        swv_names: src.swv_names.clone(),
        taxonomy: src.taxonomy.clone(),
        coverage: src.coverage.clone(),
        retention: src.retention.clone(),
    }
}

fn source_path(key: &str) -> &'static str {
    sources::source(key).map_or("?", |s| s.path)
}

/// Attaches each row issue to the SWV(s) of its vestiging.
fn findings_for(issues: Vec<RowIssue>, memberships: &[Membership]) -> Vec<Finding> {
    let mut swvs: HashMap<VestigingCode, Vec<SwvCode>> = HashMap::new();
    for m in memberships {
        swvs.entry(m.vestiging).or_default().push(m.swv);
    }
    let mut out = Vec::with_capacity(issues.len());
    for issue in issues {
        let targets: Vec<Option<SwvCode>> = match issue.vestiging.and_then(|v| swvs.get(&v)) {
            Some(list) => list.iter().copied().map(Some).collect(),
            None => vec![None],
        };
        for swv in targets {
            out.push(Finding {
                rule: issue.rule,
                severity: issue.severity,
                swv,
                vestiging: issue.vestiging,
                message: issue.message.clone(),
            });
        }
    }
    out
}

/// A source's view of one field, in order of preference.
struct Candidate<T> {
    current: bool,
    value: T,
}

/// The first current candidate, else the first of all.
fn pick<T: Clone>(candidates: &[Candidate<Option<T>>]) -> Option<T> {
    candidates
        .iter()
        .filter(|c| c.current)
        .chain(candidates.iter().filter(|c| !c.current))
        .find_map(|c| c.value.clone())
}

#[allow(clippy::too_many_arguments)] // One call site; the arguments are the lookup tables.
fn vestiging(
    code: VestigingCode,
    m: &Mentions<'_>,
    src: &Sources,
    latest_year: Option<i16>,
    gemeente_names: &HashMap<GemeenteCode, String>,
    gemeente_province: &HashMap<GemeenteCode, Province>,
    brin_clusters: &HashMap<passend_core::ids::Brin, Vec<(VestigingCode, ClusterSet)>>,
    pc4_points: &BTreeMap<Pc4, Pc4Point>,
    issues: &mut Issues,
) -> Option<Vestiging> {
    let bo_current = m.bo.is_some();
    let cluster_current = m.cluster.is_some();
    let history_current = m
        .history
        .and_then(|h| h.latest)
        .is_some_and(PupilCount::is_positive);
    let history_closed = m.history.is_some() && !history_current;
    // The PO history counts PO and (V)SO pupils only: its zero for a vestiging that the
    // 2024 list calls VO or PrO (PrO schools were VSO before 1998) says nothing.
    let geo_is_vo = m
        .geo
        .iter()
        .any(|g| g.kind.is_some_and(|k| k.vo_structure().is_some()));
    let geo_current = !m.geo.is_empty() && (!history_closed || geo_is_vo);
    let open = bo_current || cluster_current || history_current || geo_current;
    let year = latest_year.map_or_else(|| "het laatste jaar".to_owned(), |y| y.to_string());
    let status_basis = if cluster_current {
        "staat in de (V)SO-adreslijst van DUO (2025/2026)".to_owned()
    } else if bo_current {
        "staat in de adreslijst basisonderwijs van DUO (2026)".to_owned()
    } else if history_current {
        format!("telt leerlingen op 1 oktober {year} (DUO)")
    } else if geo_current {
        "staat in de adreslijst van DUO van november 2024".to_owned()
    } else if history_closed {
        format!("telt geen leerlingen op 1 oktober {year} (DUO)")
    } else if m.vo.is_some() {
        "staat alleen in de VO-adreslijst van december 2020, niet meer in die van november 2024"
            .to_owned()
    } else {
        "staat alleen in de VO-leerlingtelling van 2019".to_owned()
    };
    let geo_first = m.geo.first().copied();

    // Kind: the first current source, with DUO's (V)SO list deciding what is special.
    let kinds: Vec<(&str, bool, Option<SchoolKind>)> = vec![
        (
            "de (V)SO-adreslijst",
            cluster_current,
            m.cluster.and_then(|c| c.kind),
        ),
        (
            "de adreslijst basisonderwijs",
            bo_current,
            m.bo.map(|_| SchoolKind::Bao),
        ),
        (
            "de leerlingentelling PO",
            history_current,
            m.history.and_then(|h| h.kind),
        ),
        (
            "de adreslijst van 2024",
            geo_current,
            geo_first.and_then(|g| g.kind),
        ),
        (
            "de VO-adreslijst van 2020",
            false,
            m.vo.and_then(|v| v.structure)
                .map(SchoolKind::from_vo_structure),
        ),
        (
            "de VO-leerlingtelling van 2019",
            false,
            m.vo_pupils
                .map(|p| p.structure)
                .filter(|s| s.bits() != 0)
                .map(SchoolKind::from_vo_structure),
        ),
    ];
    let ordered: Vec<&(&str, bool, Option<SchoolKind>)> = kinds
        .iter()
        .filter(|k| k.1)
        .chain(kinds.iter().filter(|k| !k.1))
        .collect();
    let Some(&&(chosen_from, _, Some(mut kind))) = ordered.iter().find(|k| k.2.is_some()) else {
        issues.push(
            Rule::DataInvalidValue,
            Severity::Warning,
            Some(code),
            format!("{code}: geen enkele bron geeft een bruikbare soort onderwijs; vestiging overgeslagen."),
        );
        return None;
    };
    if kind.is_special() && m.cluster.is_none() {
        // DUO's (V)SO list is complete for special education; a vestiging it does not
        // list is not special if another current source says what it is.
        if let Some((from, _, Some(other))) = kinds
            .iter()
            .find(|k| k.1 && k.2.is_some_and(|k| !k.is_special()))
        {
            issues.push(
                Rule::DataSourceConflict,
                Severity::Warning,
                Some(code),
                format!(
                    "{code}: {chosen_from} noemt dit {}, maar de (V)SO-adreslijst van DUO kent deze vestiging niet en {from} noemt haar {}; aangehouden: {}.",
                    kind.short(),
                    other.short(),
                    other.short()
                ),
            );
            kind = *other;
        }
    } else {
        // DUO's (V)SO list names the school type ((V)SO) where the pupil count names the
        // part a vestiging's pupils are in (SO or VSO); that is no conflict.
        let compatible = |a: SchoolKind, b: SchoolKind| {
            a.code() == b.code()
                || matches!(
                    (a, b),
                    (SchoolKind::SoVso, SchoolKind::So | SchoolKind::Vso)
                        | (SchoolKind::So | SchoolKind::Vso, SchoolKind::SoVso)
                )
        };
        let disagreeing: Vec<String> = kinds
            .iter()
            .filter(|k| k.1 && k.2.is_some_and(|other| !compatible(kind, other)))
            .map(|k| format!("{} noemt {}", k.0, k.2.map_or("", SchoolKind::short)))
            .collect();
        if !disagreeing.is_empty() {
            issues.push(
                Rule::DataSourceConflict,
                Severity::Info,
                Some(code),
                format!(
                    "{code}: {chosen_from} noemt {}, maar {}; aangehouden: {}.",
                    kind.short(),
                    disagreeing.join(" en "),
                    kind.short()
                ),
            );
        }
    }

    let name = pick(
        &[
            Candidate {
                current: cluster_current,
                value: m.cluster.map(|c| c.name.clone()),
            },
            Candidate {
                current: bo_current,
                value: m.bo.map(|b| b.name.clone()),
            },
            Candidate {
                current: history_current,
                value: m.history.map(|h| h.name.clone()),
            },
            Candidate {
                current: geo_current,
                value: geo_first.map(|g| g.name.clone()),
            },
            Candidate {
                current: false,
                value: m.vo.map(|v| v.name.clone()),
            },
            Candidate {
                current: false,
                value: m.vo_pupils.map(|p| p.name.clone()),
            },
        ]
        .into_iter()
        .map(|c| Candidate {
            current: c.current,
            value: c.value.filter(|n| !n.trim().is_empty()),
        })
        .collect::<Vec<_>>(),
    )
    .unwrap_or_else(|| code.to_string());

    let board: Option<BoardNumber> = pick(&[
        Candidate {
            current: cluster_current,
            value: m.cluster.and_then(|c| c.board),
        },
        Candidate {
            current: bo_current,
            value: m.bo.and_then(|b| b.board),
        },
        Candidate {
            current: history_current,
            value: m.history.and_then(|h| h.board),
        },
        Candidate {
            current: false,
            value: m.vo.and_then(|v| v.board),
        },
    ]);
    let denominatie = pick(&[
        Candidate {
            current: bo_current,
            value: m.bo.and_then(|b| b.denominatie.clone()),
        },
        Candidate {
            current: history_current,
            value: m.history.and_then(|h| h.denominatie.clone()),
        },
        Candidate {
            current: geo_current,
            value: geo_first.and_then(|g| g.denominatie.clone()),
        },
        Candidate {
            current: false,
            value: m.vo.and_then(|v| v.denominatie.clone()),
        },
    ]);
    let website = pick(&[
        Candidate {
            current: bo_current,
            value: m.bo.and_then(|b| b.website.clone()),
        },
        Candidate {
            current: geo_current,
            value: geo_first.and_then(|g| g.website.clone()),
        },
        Candidate {
            current: false,
            value: m.vo.and_then(|v| v.website.clone()),
        },
    ]);

    // The address: the postcode from the newest current source, and street and place
    // from the same source where it has them.
    struct AddressView {
        street: Option<String>,
        postcode: Option<Postcode>,
        place: Option<String>,
    }
    let addresses = [
        Candidate {
            current: cluster_current,
            value: m.cluster.map(|c| AddressView {
                street: None,
                postcode: c.postcode,
                place: c.place.clone(),
            }),
        },
        Candidate {
            current: bo_current,
            value: m.bo.map(|b| AddressView {
                street: b.address.street.clone(),
                postcode: b.address.postcode,
                place: b.address.place.clone(),
            }),
        },
        Candidate {
            current: geo_current,
            value: geo_first.map(|g| AddressView {
                street: g.street.clone(),
                postcode: g.postcode,
                place: g.place.clone(),
            }),
        },
        Candidate {
            current: false,
            value: m.vo.map(|v| AddressView {
                street: v.address.street.clone(),
                postcode: v.address.postcode,
                place: v.address.place.clone(),
            }),
        },
    ];
    let ordered_addresses: Vec<&AddressView> = addresses
        .iter()
        .filter(|c| c.current)
        .chain(addresses.iter().filter(|c| !c.current))
        .filter_map(|c| c.value.as_ref())
        .collect();
    let postcode = ordered_addresses.iter().find_map(|a| a.postcode);
    let same_postcode = |a: &&&AddressView| a.postcode == postcode;
    let street = ordered_addresses
        .iter()
        .filter(same_postcode)
        .find_map(|a| a.street.clone())
        .or_else(|| {
            if postcode.is_none() {
                ordered_addresses.iter().find_map(|a| a.street.clone())
            } else {
                None
            }
        });
    let place = ordered_addresses
        .iter()
        .filter(same_postcode)
        .find_map(|a| a.place.clone())
        .or_else(|| ordered_addresses.iter().find_map(|a| a.place.clone()))
        .or_else(|| m.vo_pupils.and_then(|p| p.place.clone()));

    let gemeente_code = pick(&[
        Candidate {
            current: bo_current,
            value: m.bo.and_then(|b| b.address.gemeente_code),
        },
        Candidate {
            current: cluster_current,
            value: m.cluster.and_then(|c| c.gemeente_code),
        },
        Candidate {
            current: history_current,
            value: m.history.and_then(|h| h.gemeente_code),
        },
        Candidate {
            current: false,
            value: m.vo.and_then(|v| v.address.gemeente_code),
        },
    ]);
    let gemeente_name = gemeente_code
        .and_then(|c| gemeente_names.get(&c).cloned())
        .or_else(|| m.vo.and_then(|v| v.address.gemeente_name.clone()))
        .or_else(|| geo_first.and_then(|g| g.gemeente.clone()));
    let gemeente = match (gemeente_code, gemeente_name) {
        (None, None) => None,
        (code, name) => Some(Gemeente {
            code,
            name: name.unwrap_or_default(),
        }),
    };
    let province = pick(&[
        Candidate {
            current: bo_current,
            value: m
                .bo
                .and_then(|b| b.address.province.as_deref().and_then(Province::parse)),
        },
        Candidate {
            current: geo_current,
            value: geo_first.and_then(|g| g.province.as_deref().and_then(Province::parse)),
        },
        Candidate {
            current: false,
            value: m
                .vo
                .and_then(|v| v.address.province.as_deref().and_then(Province::parse)),
        },
        Candidate {
            current: false,
            value: m
                .vo_pupils
                .and_then(|p| p.province.as_deref().and_then(Province::parse)),
        },
    ])
    .or_else(|| gemeente_code.and_then(|c| gemeente_province.get(&c).copied()));

    // Coordinates: the 2024 address point for the same postcode; otherwise the PC4 centre.
    if m.geo.len() > 1 {
        let distinct: BTreeSet<(i64, i64)> = m
            .geo
            .iter()
            .filter_map(|g| g.point)
            .map(|p| ((p.lat * 1e5).round() as i64, (p.lon * 1e5).round() as i64))
            .collect();
        issues.push(
            Rule::DataDuplicate,
            Severity::Info,
            Some(code),
            format!(
                "{}, object {}: {code} staat {} keer in de adreslijst van 2024 ({}); het punt bij de postcode telt.",
                source_path(sources::GEO_SCHOOLS),
                m.geo[1].index,
                m.geo.len(),
                match distinct.len() {
                    1 => "steeds op hetzelfde adrespunt".to_owned(),
                    n => format!("{n} verschillende adrespunten"),
                }
            ),
        );
    }
    // The point of the same postcode; else of the same PC4 (a move within the postcode
    // area, or a corrected letter pair, keeps the point close).
    let with_point = || m.geo.iter().filter(|g| g.point.is_some());
    let geo_point = with_point()
        .find(|g| postcode.is_none() || g.postcode == postcode)
        .or_else(|| with_point().find(|g| g.postcode.map(|p| p.pc4()) == postcode.map(|p| p.pc4())))
        .and_then(|g| g.point);
    let location = match (geo_point, postcode) {
        (Some(point), _) => Some(Location {
            point,
            basis: LocationBasis::AddressPoint,
        }),
        (None, Some(pc)) => {
            if let Some(old) = m
                .geo
                .iter()
                .find_map(|g| g.postcode.filter(|p| g.point.is_some() && *p != pc))
            {
                issues.push(
                    Rule::DataSourceConflict,
                    Severity::Info,
                    Some(code),
                    format!("{code}: het adrespunt van 2024 hoort bij postcode {old}, een nieuwere bron noemt {pc}; verhuisd? Op de kaart staat het midden van postcodegebied {}.", pc.pc4()),
                );
            }
            pc4_points.get(&pc.pc4()).map(|p| Location {
                point: p.centroid,
                basis: LocationBasis::Pc4Centroid,
            })
        }
        (None, None) => None,
    };

    let (cluster, special_offer) = if kind.is_special() {
        let brin_values: Vec<ClusterSet> = brin_clusters
            .get(&code.brin())
            .map(|rows| {
                let set: BTreeSet<u8> = rows
                    .iter()
                    .filter(|(c, _)| *c != code)
                    .map(|(_, s)| s.bits())
                    .collect();
                set.into_iter().map(ClusterSet::from_bits).collect()
            })
            .unwrap_or_default();
        let override_row = src
            .cluster_overrides
            .get(&code)
            .map(|(c, note)| (*c, note.as_str()));
        let evidence = ClusterEvidence {
            override_row,
            duo_vestiging: m
                .cluster
                .and_then(|c| c.cluster.map(|set| (set, c.onderwijs.as_str()))),
            duo_brin: brin_values,
            name: &name,
        };
        (
            Some(classify(&evidence)),
            m.cluster.and_then(|c| c.offer.clone()),
        )
    } else {
        (None, None)
    };

    let mut counts: Vec<CountRecord> = m
        .history
        .map(|h| {
            h.counts
                .iter()
                .map(|(peildatum, count)| CountRecord {
                    peildatum: *peildatum,
                    count: *count,
                    source: sources::PO_HISTORY.to_owned(),
                })
                .collect()
        })
        .unwrap_or_default();
    let has_at = |counts: &[CountRecord], p: Peildatum| counts.iter().any(|c| c.peildatum == p);
    if let Some(n) = m.geo.iter().find_map(|g| g.pupils)
        && n > 0
        && !has_at(&counts, geo_peildatum())
        && (m.history.is_none() || kind.vo_structure().is_some())
    {
        counts.push(CountRecord {
            peildatum: geo_peildatum(),
            count: PupilCount::Exact(n),
            source: sources::GEO_SCHOOLS.to_owned(),
        });
    }
    if let Some(p) = m.vo_pupils.filter(|p| p.total > 0)
        && !has_at(&counts, vo_pupils_peildatum())
    {
        counts.push(CountRecord {
            peildatum: vo_pupils_peildatum(),
            count: PupilCount::Exact(p.total),
            source: sources::VO_PUPILS_2019.to_owned(),
        });
    }
    counts.sort_by_key(|c| c.peildatum);

    let mut source_keys = Vec::new();
    for (present, key) in [
        (m.bo.is_some(), sources::BO_ADDRESSES),
        (m.cluster.is_some(), sources::SO_CLUSTERS),
        (m.history.is_some(), sources::PO_HISTORY),
        (!m.geo.is_empty(), sources::GEO_SCHOOLS),
        (m.vo.is_some(), sources::VO_ADDRESSES),
        (m.vo_pupils.is_some(), sources::VO_PUPILS_2019),
    ] {
        if present {
            source_keys.push(key.to_owned());
        }
    }

    Some(Vestiging {
        code,
        name,
        kind,
        status: if open { Status::Open } else { Status::Closed },
        status_basis,
        board,
        denominatie,
        street_address: street,
        postcode,
        place,
        gemeente,
        province,
        location,
        website,
        cluster,
        special_offer,
        sources: source_keys,
        counts,
    })
}

fn pc4_areas(src: &Sources) -> Vec<Pc4Area> {
    let regio: BTreeMap<Pc4, &RegioRow> = src.regio.iter().map(|r| (r.pc4, r)).collect();
    let all: BTreeSet<Pc4> = regio
        .keys()
        .chain(src.geonames.keys())
        .chain(src.cbs.keys())
        .copied()
        .collect();
    all.into_iter()
        .map(|pc4| {
            let row = regio.get(&pc4);
            let note = row.and_then(|r| r.po.as_ref().err().or(r.vo.as_ref().err()).cloned());
            let point = src.geonames.get(&pc4);
            let cbs = src.cbs.get(&pc4);
            Pc4Area {
                pc4,
                in_regeling: row.is_some(),
                gemeente: row.map(|r| r.gemeente.clone()).unwrap_or_default(),
                po_swv: row.and_then(|r| r.po.as_ref().ok().copied()),
                vo_swv: row.and_then(|r| r.vo.as_ref().ok().copied()),
                note,
                centroid: point.map(|p| p.centroid),
                place: point.map(|p| p.places.join(", ")),
                inhabitants: cbs.and_then(|c| c.inhabitants),
                under_15: cbs.and_then(|c| c.under_15),
                age_15_to_25: cbs.and_then(|c| c.age_15_to_25),
            }
        })
        .collect()
}
