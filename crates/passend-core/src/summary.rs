//! Figures per SWV: schools and pupils by kind, participation percentages, and the pupil
//! counts over the years, each with its peildatum.
//!
//! Deelnamepercentages follow Vensters/Kijkglas (domain-rules §5.3): SBO = SBO / (BAO +
//! SBO) and SO = SO / (BAO + SBO), on 1 October. Kijkglas counts SO pupils by the SWV
//! that issued their TLV; the open data only tell where pupils go to school, so these are
//! location-based figures, and say so.

use std::collections::BTreeMap;

use crate::ids::BoardNumber;
use crate::pupils::{Peildatum, PupilTotal};
use crate::register::{Register, Vestiging};
use crate::school::{SchoolKind, Status};
use crate::swv::{Sector, SwvCode};

/// A group of school kinds shown together in tables.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum KindGroup {
    /// Basisscholen.
    Bao,
    /// Speciaal basisonderwijs.
    Sbo,
    /// Speciaal onderwijs only.
    So,
    /// Combined SO/VSO vestigingen (pupils of both ages; DUO does not split them).
    SoVso,
    /// Voortgezet speciaal onderwijs only.
    Vso,
    /// Regular VO.
    Vo,
    /// Praktijkonderwijs only.
    Praktijkonderwijs,
}

impl KindGroup {
    /// All groups in display order.
    pub const ALL: [KindGroup; 7] = [
        KindGroup::Bao,
        KindGroup::Sbo,
        KindGroup::So,
        KindGroup::SoVso,
        KindGroup::Vso,
        KindGroup::Vo,
        KindGroup::Praktijkonderwijs,
    ];

    /// The group of a kind.
    pub fn of(kind: SchoolKind) -> KindGroup {
        match kind {
            SchoolKind::Bao => KindGroup::Bao,
            SchoolKind::Sbo => KindGroup::Sbo,
            SchoolKind::So => KindGroup::So,
            SchoolKind::SoVso => KindGroup::SoVso,
            SchoolKind::Vso => KindGroup::Vso,
            SchoolKind::Vo(_) => KindGroup::Vo,
            SchoolKind::Praktijkonderwijs => KindGroup::Praktijkonderwijs,
        }
    }

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            KindGroup::Bao => "bao",
            KindGroup::Sbo => "sbo",
            KindGroup::So => "so",
            KindGroup::SoVso => "so-vso",
            KindGroup::Vso => "vso",
            KindGroup::Vo => "vo",
            KindGroup::Praktijkonderwijs => "pro",
        }
    }

    /// Parses a code.
    pub fn from_code(code: &str) -> Option<KindGroup> {
        KindGroup::ALL.into_iter().find(|g| g.code() == code)
    }

    /// Dutch label, plural.
    pub fn label(self) -> &'static str {
        match self {
            KindGroup::Bao => "Basisscholen (BAO)",
            KindGroup::Sbo => "Speciaal basisonderwijs (SBO)",
            KindGroup::So => "Speciaal onderwijs (SO)",
            KindGroup::SoVso => "SO/VSO",
            KindGroup::Vso => "Voortgezet speciaal onderwijs (VSO)",
            KindGroup::Vo => "Voortgezet onderwijs (vmbo, havo, vwo)",
            KindGroup::Praktijkonderwijs => "Praktijkonderwijs (PrO)",
        }
    }

    /// Short Dutch label.
    pub fn short(self) -> &'static str {
        match self {
            KindGroup::Bao => "BAO",
            KindGroup::Sbo => "SBO",
            KindGroup::So => "SO",
            KindGroup::SoVso => "SO/VSO",
            KindGroup::Vso => "VSO",
            KindGroup::Vo => "VO",
            KindGroup::Praktijkonderwijs => "PrO",
        }
    }

    /// The groups that belong to an SWV of a sector.
    pub fn for_sector(sector: Sector) -> &'static [KindGroup] {
        match sector {
            Sector::Po => &[
                KindGroup::Bao,
                KindGroup::Sbo,
                KindGroup::So,
                KindGroup::SoVso,
            ],
            Sector::Vo => &[
                KindGroup::Vo,
                KindGroup::Praktijkonderwijs,
                KindGroup::Vso,
                KindGroup::SoVso,
            ],
        }
    }

    /// The regular groups of a sector (the base of participation rates).
    pub fn regular(sector: Sector) -> &'static [KindGroup] {
        match sector {
            Sector::Po => &[KindGroup::Bao],
            Sector::Vo => &[KindGroup::Vo, KindGroup::Praktijkonderwijs],
        }
    }

    /// The special groups of a sector.
    pub fn special(sector: Sector) -> &'static [KindGroup] {
        match sector {
            Sector::Po => &[KindGroup::Sbo, KindGroup::So, KindGroup::SoVso],
            Sector::Vo => &[KindGroup::Vso, KindGroup::SoVso],
        }
    }

    /// Whether this group's counts come from the VO sources (else from the PO history file).
    fn counted_as_vo(self) -> bool {
        matches!(self, KindGroup::Vo | KindGroup::Praktijkonderwijs)
    }
}

/// Schools and pupils of one kind group.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct GroupSummary {
    /// The group.
    pub group: KindGroup,
    /// Open vestigingen.
    pub open: usize,
    /// Pupils at `peildatum`.
    pub pupils: PupilTotal,
    /// The count date, the same for every group of the SWV; `None` when there are no counts.
    pub peildatum: Option<Peildatum>,
    /// Open vestigingen without a count at `peildatum`.
    pub without_count: usize,
}

/// A participation percentage with what went into it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Participation {
    /// Stable key: `sbo`, `so`, `so_incl_so_vso`, `vso`, `vso_incl_so_vso`.
    pub key: &'static str,
    /// Dutch label.
    pub label: &'static str,
    /// The numerator.
    pub numerator: PupilTotal,
    /// The denominator.
    pub denominator: PupilTotal,
    /// The count date.
    pub peildatum: Peildatum,
    /// How it was computed and what it leaves out, in Dutch.
    pub note: &'static str,
}

impl Participation {
    /// The percentage from the exact counts (suppressed `<5` counts left out of both).
    pub fn percent(&self) -> Option<f64> {
        (self.denominator.exact > 0)
            .then(|| self.numerator.exact as f64 * 100.0 / self.denominator.exact as f64)
    }
}

/// Pupils per group at one peildatum.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct YearTotals {
    /// The count date.
    pub peildatum: Peildatum,
    /// Totals per group; groups without counts are absent.
    pub totals: BTreeMap<KindGroup, PupilTotal>,
}

/// A school board (bevoegd gezag) with its open vestigingen in one SWV.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct BoardSummary {
    /// The board.
    pub board: BoardNumber,
    /// Its open vestigingen in this SWV, per kind group.
    pub open: BTreeMap<KindGroup, usize>,
}

impl BoardSummary {
    /// All its open vestigingen in this SWV.
    pub fn open_total(&self) -> usize {
        self.open.values().sum()
    }
}

/// Everything the SWV page and `swv show` report.
#[derive(Clone, PartialEq, Debug)]
pub struct SwvSummary {
    /// The SWV.
    pub swv: SwvCode,
    /// Per kind group.
    pub groups: Vec<GroupSummary>,
    /// Participation percentages.
    pub participation: Vec<Participation>,
    /// Pupil totals per year, oldest first, over all members past and present.
    pub series: Vec<YearTotals>,
    /// PC4 areas in the regeling.
    pub pc4_count: usize,
    /// Municipalities in the area.
    pub gemeenten: Vec<String>,
    /// Inhabitants of the area on 1 January 2024 (CBS), summed over its PC4s.
    pub inhabitants: u64,
    /// Inhabitants under 15.
    pub under_15: u64,
    /// Inhabitants aged 15 to 25.
    pub age_15_to_25: u64,
    /// The boards of the open members, most vestigingen first; the members of a SWV
    /// are the boards' vestigingen (WPO art. 18a lid 2).
    pub boards: Vec<BoardSummary>,
    /// Open members without a known board.
    pub without_board: usize,
}

impl SwvSummary {
    /// Pupils of all groups together, at the SWV's one peildatum.
    pub fn pupils(&self) -> PupilTotal {
        let mut total = PupilTotal::default();
        for g in &self.groups {
            total.merge(g.pupils);
        }
        total
    }

    /// The summary of a group.
    pub fn group(&self, group: KindGroup) -> Option<&GroupSummary> {
        self.groups.iter().find(|g| g.group == group)
    }

    /// Open vestigingen in all groups.
    pub fn open_total(&self) -> usize {
        self.groups.iter().map(|g| g.open).sum()
    }
}

/// The reference peildata: the newest PO history count and the newest VO count.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct ReferenceDates {
    /// Newest count of PO and (V)SO vestigingen.
    pub po: Option<Peildatum>,
    /// Newest count of VO and PrO vestigingen.
    pub vo: Option<Peildatum>,
}

impl ReferenceDates {
    /// Reads the newest dates from the register.
    pub fn of(register: &Register) -> ReferenceDates {
        ReferenceDates {
            po: register.latest_peildatum(|k| !KindGroup::of(k).counted_as_vo()),
            vo: register.latest_peildatum(|k| KindGroup::of(k).counted_as_vo()),
        }
    }

    /// The reference date of an SWV of a sector.
    pub fn for_sector(self, sector: Sector) -> Option<Peildatum> {
        match sector {
            Sector::Po => self.po,
            Sector::Vo => self.vo,
        }
    }
}

/// Summarises one SWV.
pub fn summarise(register: &Register, swv: SwvCode) -> SwvSummary {
    summarise_at(register, swv, ReferenceDates::of(register))
}

/// Summarises one SWV with reference dates computed once for many SWVs.
pub fn summarise_at(register: &Register, swv: SwvCode, dates: ReferenceDates) -> SwvSummary {
    let members: Vec<&Vestiging> = register.members(swv).map(|(v, _)| v).collect();
    // One peildatum per SWV, so that its totals add up: the newest PO count for a PO
    // SWV; for a VO SWV the newest VO count, and the (V)SO counts of that same date.
    let peildatum = dates.for_sector(swv.sector());
    let groups = KindGroup::for_sector(swv.sector())
        .iter()
        .map(|&group| group_summary(&members, group, peildatum))
        .collect();
    let participation = participation(&members, swv.sector(), dates);
    let series = series(&members);
    let area: Vec<_> = register.area(swv).collect();
    let mut boards: BTreeMap<BoardNumber, BTreeMap<KindGroup, usize>> = BTreeMap::new();
    let mut without_board = 0;
    for v in members.iter().filter(|v| v.status == Status::Open) {
        match v.board {
            Some(board) => {
                *boards
                    .entry(board)
                    .or_default()
                    .entry(KindGroup::of(v.kind))
                    .or_default() += 1
            }
            None => without_board += 1,
        }
    }
    let mut boards: Vec<BoardSummary> = boards
        .into_iter()
        .map(|(board, open)| BoardSummary { board, open })
        .collect();
    boards.sort_by(|a, b| (b.open_total(), a.board).cmp(&(a.open_total(), b.board)));
    SwvSummary {
        swv,
        groups,
        participation,
        series,
        pc4_count: area.len(),
        gemeenten: register
            .gemeenten(swv)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        inhabitants: area
            .iter()
            .filter_map(|a| a.inhabitants)
            .map(u64::from)
            .sum(),
        under_15: area.iter().filter_map(|a| a.under_15).map(u64::from).sum(),
        age_15_to_25: area
            .iter()
            .filter_map(|a| a.age_15_to_25)
            .map(u64::from)
            .sum(),
        boards,
        without_board,
    }
}

/// The vestigingen in the country that belong to an SWV of the sector (so without
/// clusters 1 and 2): the national population of the figures.
fn national_members(register: &Register, sector: Sector) -> Vec<&Vestiging> {
    register
        .vestigingen()
        .iter()
        .filter(|v| register.memberships_of(v.code).any(|m| m.sector == sector))
        .collect()
}

/// The same percentages over the whole country, for comparison.
pub fn national_participation(register: &Register, sector: Sector) -> Vec<Participation> {
    participation(
        &national_members(register, sector),
        sector,
        ReferenceDates::of(register),
    )
}

/// Pupils per year and group over the whole country.
pub fn national_series(register: &Register, sector: Sector) -> Vec<YearTotals> {
    series(&national_members(register, sector))
}

/// Open vestigingen and pupils of every kind group in the country, each group at the
/// newest date of its own source (PO history for BAO, SBO and (V)SO; the VO count for
/// VO and PrO).
pub fn national_groups(register: &Register) -> Vec<GroupSummary> {
    let dates = ReferenceDates::of(register);
    let all: Vec<&Vestiging> = register.vestigingen().iter().collect();
    KindGroup::ALL
        .iter()
        .map(|&group| {
            let date = if group.counted_as_vo() {
                dates.vo
            } else {
                dates.po
            };
            group_summary(&all, group, date)
        })
        .collect()
}

/// A participation rate per year: pupils of `group` / (BAO + SBO), from a series. Only
/// meaningful for PO groups; years without BAO or SBO pupils are left out.
pub fn yearly_rate(series: &[YearTotals], group: KindGroup) -> Vec<(Peildatum, f64)> {
    series
        .iter()
        .filter_map(|y| {
            let get = |g: KindGroup| y.totals.get(&g).map_or(0, |t| t.exact);
            let base = get(KindGroup::Bao) + get(KindGroup::Sbo);
            (base > 0).then(|| (y.peildatum, get(group) as f64 * 100.0 / base as f64))
        })
        .collect()
}

fn group_summary(
    members: &[&Vestiging],
    group: KindGroup,
    peildatum: Option<Peildatum>,
) -> GroupSummary {
    let open: Vec<&&Vestiging> = members
        .iter()
        .filter(|v| v.status == Status::Open && KindGroup::of(v.kind) == group)
        .collect();
    let mut pupils = PupilTotal::default();
    let mut without_count = 0;
    for v in &open {
        match peildatum.and_then(|p| v.count_at(p)) {
            Some(count) => pupils.add(count),
            None => without_count += 1,
        }
    }
    GroupSummary {
        group,
        open: open.len(),
        pupils,
        peildatum,
        without_count,
    }
}

fn total(members: &[&Vestiging], groups: &[KindGroup], peildatum: Peildatum) -> PupilTotal {
    members
        .iter()
        .filter(|v| v.status == Status::Open && groups.contains(&KindGroup::of(v.kind)))
        .filter_map(|v| v.count_at(peildatum))
        .collect()
}

fn participation(
    members: &[&Vestiging],
    sector: Sector,
    dates: ReferenceDates,
) -> Vec<Participation> {
    use KindGroup as G;
    let mut out = Vec::new();
    match sector {
        Sector::Po => {
            let Some(p) = dates.po else { return out };
            let base = total(members, &[G::Bao, G::Sbo], p);
            out.push(Participation {
                key: "sbo",
                label: "Deelname SBO",
                numerator: total(members, &[G::Sbo], p),
                denominator: base,
                peildatum: p,
                note: "SBO-leerlingen / (BAO + SBO), naar de ligging van de school.",
            });
            out.push(Participation {
                key: "so",
                label: "Deelname SO",
                numerator: total(members, &[G::So], p),
                denominator: base,
                peildatum: p,
                note: "Leerlingen van SO-vestigingen / (BAO + SBO), naar de ligging van de school (Kijkglas telt naar het samenwerkingsverband dat de TLV afgaf).",
            });
            out.push(Participation {
                key: "so_incl_so_vso",
                label: "Deelname SO, inclusief SO/VSO-vestigingen (bovengrens)",
                numerator: total(members, &[G::So, G::SoVso], p),
                denominator: base,
                peildatum: p,
                note: "Als SO, plus alle leerlingen van gecombineerde SO/VSO-vestigingen; DUO splitst die niet naar SO en VSO, dus dit is een bovengrens.",
            });
        }
        Sector::Vo => {
            // VO counts are older than the PO history file; compare at the VO date.
            let Some(p) = dates.vo else { return out };
            let vso = total(members, &[G::Vso], p);
            let regular = total(members, &[G::Vo, G::Praktijkonderwijs], p);
            let mut base = regular;
            base.merge(vso);
            out.push(Participation {
                key: "vso",
                label: "Deelname VSO",
                numerator: vso,
                denominator: base,
                peildatum: p,
                note: "Leerlingen van VSO-vestigingen / (VO + PrO + VSO), naar de ligging van de school, op de teldatum van de nieuwste VO-telling.",
            });
            let with_combined = total(members, &[G::Vso, G::SoVso], p);
            let mut base_combined = regular;
            base_combined.merge(with_combined);
            out.push(Participation {
                key: "vso_incl_so_vso",
                label: "Deelname VSO, inclusief SO/VSO-vestigingen (bovengrens)",
                numerator: with_combined,
                denominator: base_combined,
                peildatum: p,
                note: "Als VSO, plus alle leerlingen van gecombineerde SO/VSO-vestigingen; DUO splitst die niet, dus dit is een bovengrens.",
            });
        }
    }
    out
}

fn series(members: &[&Vestiging]) -> Vec<YearTotals> {
    let mut by_date: BTreeMap<Peildatum, BTreeMap<KindGroup, PupilTotal>> = BTreeMap::new();
    for v in members {
        let group = KindGroup::of(v.kind);
        for c in &v.counts {
            by_date
                .entry(c.peildatum)
                .or_default()
                .entry(group)
                .or_default()
                .add(c.count);
        }
    }
    by_date
        .into_iter()
        .map(|(peildatum, totals)| YearTotals { peildatum, totals })
        .collect()
}

#[cfg(test)]
mod tests;
