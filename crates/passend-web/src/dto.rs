//! The JSON shapes of API v1: the only `Serialize` types in passend. Domain types are
//! converted by hand, so a refactor of the domain cannot silently change the API.

use serde::Serialize;
use utoipa::ToSchema;

pub mod accounts;
pub mod budget;
pub mod coverage;
pub mod placement;

use passend_core::composition::{Finding, SeverityCounts};
use passend_core::pupils::{PupilCount, PupilTotal};
use passend_core::register::{Membership, Register, Vestiging};
use passend_core::summary::{GroupSummary, Participation, SwvSummary};
use passend_core::swv::SwvCode;

/// One finding of the composition check or the import.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq, Eq)]
pub struct FindingDto {
    /// Stable rule id, such as `po_missing_sbo`.
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// The SWV code, when the finding concerns one.
    pub swv: Option<String>,
    /// The vestigingscode, when the finding concerns one.
    pub vestiging: Option<String>,
    /// What is wrong, in Dutch.
    pub message: String,
}

impl From<&Finding> for FindingDto {
    fn from(f: &Finding) -> FindingDto {
        FindingDto {
            rule: f.rule.id().to_owned(),
            severity: f.severity.code().to_owned(),
            swv: f.swv.map(|s| s.to_string()),
            vestiging: f.vestiging.map(|v| v.to_string()),
            message: f.message.clone(),
        }
    }
}

/// A list of findings: the output of `passend check --format json` and of the API.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct FindingsDto {
    /// The findings, sorted by SWV, severity and rule.
    pub findings: Vec<FindingDto>,
}

impl FindingsDto {
    /// From domain findings.
    pub fn of(findings: &[Finding]) -> FindingsDto {
        FindingsDto {
            findings: findings.iter().map(FindingDto::from).collect(),
        }
    }
}

/// Findings counted by severity.
#[derive(Serialize, ToSchema, Clone, Copy, Debug)]
pub struct SeverityCountsDto {
    /// Errors.
    pub error: usize,
    /// Warnings.
    pub warning: usize,
    /// Infos.
    pub info: usize,
}

impl From<SeverityCounts> for SeverityCountsDto {
    fn from(c: SeverityCounts) -> SeverityCountsDto {
        SeverityCountsDto {
            error: c.error,
            warning: c.warning,
            info: c.info,
        }
    }
}

/// A pupil total with the suppressed counts apart.
#[derive(Serialize, ToSchema, Clone, Copy, Debug)]
pub struct PupilTotalDto {
    /// Sum of the exact counts.
    pub exact: u64,
    /// Number of counts published as `<5` (1 to 4 pupils each), not in `exact`.
    pub suppressed: u32,
}

impl From<PupilTotal> for PupilTotalDto {
    fn from(t: PupilTotal) -> PupilTotalDto {
        PupilTotalDto {
            exact: t.exact,
            suppressed: t.suppressed,
        }
    }
}

/// An SWV in a list.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct SwvListItemDto {
    /// Code, such as `PO2001`.
    pub code: String,
    /// The spelling SWVs use themselves, such as `PO 20.01`.
    pub dotted: String,
    /// `PO` or `VO`.
    pub sector: String,
    /// Province of the region prefix; `null` for a landelijk SWV.
    pub province: Option<String>,
    /// Whether this is a landelijk SWV.
    pub landelijk: bool,
    /// Name, when the SWV recorded one (the open data hold none).
    pub name: Option<String>,
    /// Open member vestigingen.
    pub open_vestigingen: usize,
    /// Pupils of the open members, per group at its own peildatum.
    pub pupils: PupilTotalDto,
    /// Findings of the composition check and the import.
    pub findings: SeverityCountsDto,
}

/// A group of school kinds in an SWV.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct GroupDto {
    /// `bao`, `sbo`, `so`, `so-vso`, `vso`, `vo` or `pro`.
    pub group: String,
    /// Dutch label.
    pub label: String,
    /// Open vestigingen.
    pub open: usize,
    /// Pupils at `peildatum`.
    pub pupils: PupilTotalDto,
    /// Count date (ISO).
    pub peildatum: Option<String>,
    /// Open vestigingen without a count at that date.
    pub without_count: usize,
}

impl From<&GroupSummary> for GroupDto {
    fn from(g: &GroupSummary) -> GroupDto {
        GroupDto {
            group: g.group.code().to_owned(),
            label: g.group.label().to_owned(),
            open: g.open,
            pupils: g.pupils.into(),
            peildatum: g.peildatum.map(|p| p.to_string()),
            without_count: g.without_count,
        }
    }
}

/// A participation percentage.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ParticipationDto {
    /// `sbo`, `so`, `so_incl_so_vso`, `vso` or `vso_incl_so_vso`.
    pub key: String,
    /// Dutch label.
    pub label: String,
    /// Percentage from the exact counts; `null` when the denominator is zero.
    pub percent: Option<f64>,
    /// Numerator.
    pub numerator: PupilTotalDto,
    /// Denominator.
    pub denominator: PupilTotalDto,
    /// Count date (ISO).
    pub peildatum: String,
    /// How it is computed, in Dutch.
    pub note: String,
}

impl From<&Participation> for ParticipationDto {
    fn from(p: &Participation) -> ParticipationDto {
        ParticipationDto {
            key: p.key.to_owned(),
            label: p.label.to_owned(),
            percent: p.percent(),
            numerator: p.numerator.into(),
            denominator: p.denominator.into(),
            peildatum: p.peildatum.to_string(),
            note: p.note.to_owned(),
        }
    }
}

/// Pupils per group at one peildatum.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct YearDto {
    /// Count date (ISO).
    pub peildatum: String,
    /// Exact pupils per group code.
    pub totals: std::collections::BTreeMap<String, PupilTotalDto>,
}

/// A member vestiging in an SWV's list.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct MemberDto {
    /// Vestigingscode.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind code.
    pub kind: String,
    /// Dutch kind label.
    pub kind_label: String,
    /// Onderwijsstructuur, for VO.
    pub vo_structure: Option<String>,
    /// `open` or `closed`.
    pub status: String,
    /// Place.
    pub place: Option<String>,
    /// Newest count.
    pub pupils: Option<CountDto>,
    /// Clusters, for (V)SO.
    pub cluster: Option<String>,
    /// Sector of this membership.
    pub sector: String,
    /// What the membership rests on, in Dutch.
    pub basis: String,
}

/// An SWV in full.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct SwvDetailDto {
    /// Code.
    pub code: String,
    /// Dotted spelling.
    pub dotted: String,
    /// `PO` or `VO`.
    pub sector: String,
    /// Province.
    pub province: Option<String>,
    /// Landelijk SWV.
    pub landelijk: bool,
    /// Name, when recorded.
    pub name: Option<String>,
    /// Municipalities in the area (names of 2015).
    pub gemeenten: Vec<String>,
    /// PC4 areas in the regeling.
    pub pc4_count: usize,
    /// Inhabitants on 1 January 2024 (CBS), summed over the PC4s.
    pub inhabitants: u64,
    /// Inhabitants under 15.
    pub under_15: u64,
    /// Inhabitants aged 15 to 25.
    pub age_15_to_25: u64,
    /// Schools and pupils per kind group.
    pub groups: Vec<GroupDto>,
    /// Participation percentages of this SWV.
    pub participation: Vec<ParticipationDto>,
    /// The same percentages nationally.
    pub national_participation: Vec<ParticipationDto>,
    /// Pupils per year and group, over all members past and present.
    pub series: Vec<YearDto>,
    /// Boards of the open members, most vestigingen first.
    pub boards: Vec<BoardDto>,
    /// Member vestigingen, open and closed.
    pub members: Vec<MemberDto>,
    /// Findings.
    pub findings: Vec<FindingDto>,
}

impl SwvDetailDto {
    /// Builds the detail.
    pub fn new(
        register: &Register,
        summary: &SwvSummary,
        national: &[Participation],
        findings: &[Finding],
    ) -> SwvDetailDto {
        let swv = summary.swv;
        let mut members: Vec<MemberDto> =
            register.members(swv).map(|(v, m)| member(v, m)).collect();
        members.sort_by(|a, b| {
            (a.status.as_str(), &a.kind, &a.name).cmp(&(b.status.as_str(), &b.kind, &b.name))
        });
        SwvDetailDto {
            code: swv.to_string(),
            dotted: swv.dotted(),
            sector: swv.sector().code().to_owned(),
            province: swv.province().map(|p| p.name().to_owned()),
            landelijk: swv.is_landelijk(),
            name: register.swv_name(swv).map(str::to_owned),
            gemeenten: summary.gemeenten.clone(),
            pc4_count: summary.pc4_count,
            inhabitants: summary.inhabitants,
            under_15: summary.under_15,
            age_15_to_25: summary.age_15_to_25,
            groups: summary.groups.iter().map(GroupDto::from).collect(),
            participation: summary
                .participation
                .iter()
                .map(ParticipationDto::from)
                .collect(),
            national_participation: national.iter().map(ParticipationDto::from).collect(),
            series: summary
                .series
                .iter()
                .map(|y| YearDto {
                    peildatum: y.peildatum.to_string(),
                    totals: y
                        .totals
                        .iter()
                        .map(|(g, t)| (g.code().to_owned(), (*t).into()))
                        .collect(),
                })
                .collect(),
            boards: summary
                .boards
                .iter()
                .map(|b| BoardDto {
                    board: b.board.get(),
                    open: b.open_total(),
                    by_group: b
                        .open
                        .iter()
                        .map(|(g, n)| (g.code().to_owned(), *n))
                        .collect(),
                })
                .collect(),
            members,
            findings: findings.iter().map(FindingDto::from).collect(),
        }
    }
}

/// A school board (bevoegd gezag) in an SWV.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct BoardDto {
    /// Bevoegd-gezagnummer.
    pub board: u32,
    /// Its open vestigingen in this SWV.
    pub open: usize,
    /// The same per kind group code.
    pub by_group: std::collections::BTreeMap<String, usize>,
}

fn member(v: &Vestiging, m: &Membership) -> MemberDto {
    MemberDto {
        code: v.code.to_string(),
        name: v.name.clone(),
        kind: v.kind.code().to_owned(),
        kind_label: v.kind.label().to_owned(),
        vo_structure: v.kind.vo_structure().map(|s| s.to_string()),
        status: v.status.code().to_owned(),
        place: v.place.clone(),
        pupils: v
            .latest_count()
            .map(|c| CountDto::new(c.peildatum.to_string(), c.count, &c.source)),
        cluster: v
            .cluster
            .as_ref()
            .filter(|c| c.is_known())
            .map(|c| c.clusters.to_string()),
        sector: m.sector.code().to_owned(),
        basis: m.basis.explain(),
    }
}

/// One pupil count.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct CountDto {
    /// Count date (ISO).
    pub peildatum: String,
    /// The count; `null` when published as `<5`.
    pub count: Option<u32>,
    /// Whether DUO published `<5` (1 to 4 pupils).
    pub suppressed: bool,
    /// Source key (see `/api/v1/sources`).
    pub source: String,
}

impl CountDto {
    fn new(peildatum: String, count: PupilCount, source: &str) -> CountDto {
        CountDto {
            peildatum,
            count: count.exact(),
            suppressed: count == PupilCount::Suppressed,
            source: source.to_owned(),
        }
    }
}

/// The cluster of a (V)SO vestiging with its evidence.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ClusterDto {
    /// Clusters, such as `3/4`; empty when unknown.
    pub clusters: String,
    /// Clusters it could be when the evidence leaves a choice.
    pub possible: String,
    /// `override`, `duo-vestiging`, `duo-brin`, `name` or `unknown`.
    pub basis: String,
    /// `high`, `medium` or `low`.
    pub confidence: String,
    /// The evidence, in Dutch.
    pub evidence: String,
    /// Clusters of the SO part, from DUO's onderwijsaanbod.
    pub so_part: Option<String>,
    /// Clusters of the VSO part.
    pub vso_part: Option<String>,
}

/// A membership of a school.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct MembershipDto {
    /// `PO` or `VO`.
    pub sector: String,
    /// SWV code.
    pub swv: String,
    /// `pc4`, `gemeente`, `landelijk` or `override`.
    pub basis: String,
    /// What it rests on, in Dutch.
    pub explanation: String,
}

/// A location.
#[derive(Serialize, ToSchema, Clone, Copy, Debug)]
pub struct LocationDto {
    /// Latitude (WGS84).
    pub lat: f64,
    /// Longitude (WGS84).
    pub lon: f64,
    /// `address-point` or `pc4-centroid`.
    pub basis: &'static str,
}

/// A school (vestiging) in full.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct SchoolDto {
    /// Vestigingscode.
    pub code: String,
    /// BRIN.
    pub brin: String,
    /// Name.
    pub name: String,
    /// Kind code.
    pub kind: String,
    /// Dutch kind label.
    pub kind_label: String,
    /// Onderwijsstructuur, for VO.
    pub vo_structure: Option<String>,
    /// `open` or `closed`.
    pub status: String,
    /// Why, in Dutch.
    pub status_basis: String,
    /// Bevoegd-gezagnummer.
    pub board: Option<u32>,
    /// Denominatie.
    pub denominatie: Option<String>,
    /// Street and number.
    pub street_address: Option<String>,
    /// Postcode.
    pub postcode: Option<String>,
    /// Place.
    pub place: Option<String>,
    /// Gemeentecode (four digits).
    pub gemeente_code: Option<String>,
    /// Gemeente name.
    pub gemeente: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// Coordinates.
    pub location: Option<LocationDto>,
    /// Website.
    pub website: Option<String>,
    /// Cluster, for (V)SO.
    pub cluster: Option<ClusterDto>,
    /// Memberships.
    pub memberships: Vec<MembershipDto>,
    /// Pupil counts, oldest first.
    pub counts: Vec<CountDto>,
    /// Source keys.
    pub sources: Vec<String>,
    /// Findings about this school.
    pub findings: Vec<FindingDto>,
}

impl SchoolDto {
    /// Builds the detail.
    pub fn new(register: &Register, v: &Vestiging, findings: &[Finding]) -> SchoolDto {
        SchoolDto {
            code: v.code.to_string(),
            brin: v.code.brin().to_string(),
            name: v.name.clone(),
            kind: v.kind.code().to_owned(),
            kind_label: v.kind.label().to_owned(),
            vo_structure: v.kind.vo_structure().map(|s| s.to_string()),
            status: v.status.code().to_owned(),
            status_basis: v.status_basis.clone(),
            board: v.board.map(|b| b.get()),
            denominatie: v.denominatie.clone(),
            street_address: v.street_address.clone(),
            postcode: v.postcode.map(|p| p.to_string()),
            place: v.place.clone(),
            gemeente_code: v
                .gemeente
                .as_ref()
                .and_then(|g| g.code)
                .map(|c| c.to_string()),
            gemeente: v.gemeente.as_ref().map(|g| g.name.clone()),
            province: v.province.map(|p| p.name().to_owned()),
            location: v.location.map(|l| LocationDto {
                lat: l.point.lat,
                lon: l.point.lon,
                basis: l.basis.code(),
            }),
            website: v.website.clone(),
            cluster: v.cluster.as_ref().map(|c| ClusterDto {
                clusters: c.clusters.to_string(),
                possible: c.possible.to_string(),
                basis: c.basis.code().to_owned(),
                confidence: c.confidence.code().to_owned(),
                evidence: c.evidence.clone(),
                so_part: v.special_offer.as_ref().map(|o| o.so.to_string()),
                vso_part: v.special_offer.as_ref().map(|o| o.vso.to_string()),
            }),
            memberships: register
                .memberships_of(v.code)
                .map(|m| MembershipDto {
                    sector: m.sector.code().to_owned(),
                    swv: m.swv.to_string(),
                    basis: m.basis.code().to_owned(),
                    explanation: m.basis.explain(),
                })
                .collect(),
            counts: v
                .counts
                .iter()
                .map(|c| CountDto::new(c.peildatum.to_string(), c.count, &c.source))
                .collect(),
            sources: v.sources.clone(),
            findings: findings.iter().map(FindingDto::from).collect(),
        }
    }
}

/// A bundled source file.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct SourceDto {
    /// Key.
    pub key: String,
    /// Path in the data directory.
    pub path: String,
    /// Dutch title.
    pub title: String,
    /// Publisher.
    pub publisher: String,
    /// Date of the data.
    pub date: String,
    /// Licence.
    pub licence: String,
    /// Attribution the licence asks for.
    pub attribution: Option<String>,
    /// Where the copy comes from.
    pub provenance: String,
    /// What passend uses it for.
    pub used_for: String,
    /// SHA-256 of the file as last imported.
    pub sha256: Option<String>,
}

/// The error body of every API error.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ErrorDto {
    /// The error.
    pub error: ErrorBodyDto,
}

/// What went wrong.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct ErrorBodyDto {
    /// Stable English code: `not_found`, `bad_request`, `internal`.
    pub code: String,
    /// Dutch message.
    pub message: String,
    /// Request id, to find the log entry.
    pub request_id: String,
}

/// Liveness and data state.
#[derive(Serialize, ToSchema, Clone, Debug)]
pub struct HealthDto {
    /// `ok`.
    pub status: String,
    /// Vestigingen in the register.
    pub vestigingen: usize,
    /// When the data was imported.
    pub imported_at: Option<String>,
}

/// The list item of an SWV, computed from the register and its findings.
pub fn swv_list_item(
    register: &Register,
    swv: SwvCode,
    summary: &SwvSummary,
    findings: SeverityCounts,
) -> SwvListItemDto {
    let pupils = summary.pupils();
    SwvListItemDto {
        code: swv.to_string(),
        dotted: swv.dotted(),
        sector: swv.sector().code().to_owned(),
        province: swv.province().map(|p| p.name().to_owned()),
        landelijk: swv.is_landelijk(),
        name: register.swv_name(swv).map(str::to_owned),
        open_vestigingen: summary.open_total(),
        pupils: pupils.into(),
        findings: findings.into(),
    }
}
