//! What the budget reads from the register: the SWV's member vestigingen with their
//! kind, board and pupil counts per year.
//!
//! DUO publishes counts at 1 October. A suppressed count (`<5`, 1 to 4 pupils) is
//! taken as 1, the lowest it can be; the count's basis says how many there were.

use passend_core::ids::{BoardNumber, VestigingCode};
use passend_core::money::Decimal;
use passend_core::pupils::{Peildatum, PupilCount};
use passend_core::register::Register;
use passend_core::school::{SchoolKind, Status};
use passend_core::swv::{Sector, SwvCode};

/// Kinds the funding tells apart.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Kind {
    /// Basisschool.
    Bao,
    /// Speciaal basisonderwijs.
    Sbo,
    /// Speciaal onderwijs.
    So,
    /// Voortgezet speciaal onderwijs.
    Vso,
    /// Combined SO/VSO vestiging (DUO does not split its pupils).
    SoVso,
    /// Regular VO.
    Vo,
    /// Praktijkonderwijs.
    Pro,
}

impl Kind {
    /// From the register's school kind.
    pub fn of(kind: SchoolKind) -> Kind {
        match kind {
            SchoolKind::Bao => Kind::Bao,
            SchoolKind::Sbo => Kind::Sbo,
            SchoolKind::So => Kind::So,
            SchoolKind::Vso => Kind::Vso,
            SchoolKind::SoVso => Kind::SoVso,
            SchoolKind::Vo(_) => Kind::Vo,
            SchoolKind::Praktijkonderwijs => Kind::Pro,
        }
    }

    /// The code used in allocation weights (`bao`, `sbo`, `vo`, `pro` …).
    pub fn code(self) -> &'static str {
        match self {
            Kind::Bao => "bao",
            Kind::Sbo => "sbo",
            Kind::So => "so",
            Kind::Vso => "vso",
            Kind::SoVso => "so-vso",
            Kind::Vo => "vo",
            Kind::Pro => "pro",
        }
    }

    /// Whether the SWV's allocation divides over this kind by default: the schools
    /// that receive from the SWV (regular schools, SBO, PrO), not the (V)SO schools,
    /// which DUO funds directly.
    pub fn receives_allocation(self) -> bool {
        matches!(self, Kind::Bao | Kind::Sbo | Kind::Vo | Kind::Pro)
    }
}

/// One member vestiging with its history.
#[derive(Clone, PartialEq, Debug)]
pub struct SchoolHistory {
    /// The vestiging.
    pub code: VestigingCode,
    /// Its name.
    pub name: String,
    /// Its board.
    pub board: Option<BoardNumber>,
    /// Its kind.
    pub kind: Kind,
    /// Whether it is open now.
    pub open: bool,
    /// Counts at 1 October per year, oldest first; `<5` as 1.
    pub counts: Vec<(i16, u32)>,
    /// Years whose count was `<5`.
    pub suppressed: Vec<i16>,
}

impl SchoolHistory {
    /// The count at 1 October of a year.
    pub fn count(&self, year: i16) -> Option<u32> {
        self.counts
            .binary_search_by_key(&year, |&(y, _)| y)
            .ok()
            .map(|i| self.counts[i].1)
    }
}

/// Everything the budget of one SWV reads from the register.
#[derive(Clone, PartialEq, Debug)]
pub struct SwvData {
    /// The SWV.
    pub swv: SwvCode,
    /// Its name, when known.
    pub name: Option<String>,
    /// Member vestigingen of the SWV's sector, open and closed.
    pub schools: Vec<SchoolHistory>,
    /// The newest 1 October with counts for this sector, nationally.
    pub last_count_year: Option<i16>,
    /// The national share of SO pupils among the pupils of separate SO and VSO
    /// vestigingen at the newest count, used to split combined SO/VSO vestigingen in
    /// the TLV estimate.
    pub so_share: Decimal,
}

impl SwvData {
    /// Reads one SWV from the register; `national` is computed once for all SWVs.
    pub fn from_register(register: &Register, swv: SwvCode, national: &National) -> SwvData {
        let sector = swv.sector();
        let schools = register
            .members(swv)
            .map(|(v, _)| history(v))
            .filter(|s| match sector {
                Sector::Po => matches!(s.kind, Kind::Bao | Kind::Sbo | Kind::So | Kind::SoVso),
                Sector::Vo => matches!(s.kind, Kind::Vo | Kind::Pro | Kind::Vso | Kind::SoVso),
            })
            .collect();
        SwvData {
            swv,
            name: register.swv_name(swv).map(str::to_owned),
            schools,
            last_count_year: match sector {
                Sector::Po => national.last_po_count,
                Sector::Vo => national.last_vo_count,
            },
            so_share: national.so_share,
        }
    }

    /// The sector.
    pub fn sector(&self) -> Sector {
        self.swv.sector()
    }
}

/// Facts over the whole register that every SWV's budget uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct National {
    /// The newest 1 October with PO counts (BAO, SBO and (V)SO, from DUO's history file).
    pub last_po_count: Option<i16>,
    /// The newest 1 October with VO and PrO counts.
    pub last_vo_count: Option<i16>,
    /// See [`SwvData::so_share`].
    pub so_share: Decimal,
}

impl National {
    /// Computes the facts.
    pub fn of(register: &Register) -> National {
        let last_po_count = register
            .latest_peildatum(|k| !matches!(Kind::of(k), Kind::Vo | Kind::Pro))
            .map(|p| p.year());
        let last_vo_count = register
            .latest_peildatum(|k| matches!(Kind::of(k), Kind::Vo | Kind::Pro))
            .map(|p| p.year());
        National {
            last_po_count,
            last_vo_count,
            so_share: national_so_share(register, last_po_count),
        }
    }
}

fn history(v: &passend_core::register::Vestiging) -> SchoolHistory {
    let mut counts = Vec::with_capacity(v.counts.len());
    let mut suppressed = Vec::new();
    for c in &v.counts {
        // Counts are at 1 October; anything else is not a DUO count and is skipped.
        if c.peildatum.date().month() != 10 || c.peildatum.date().day() != 1 {
            continue;
        }
        let year = c.peildatum.year();
        match c.count {
            PupilCount::Exact(n) => counts.push((year, n)),
            PupilCount::Suppressed => {
                counts.push((year, 1));
                suppressed.push(year);
            }
        }
    }
    SchoolHistory {
        code: v.code,
        name: v.name.clone(),
        board: v.board,
        kind: Kind::of(v.kind),
        open: v.status == Status::Open,
        counts,
        suppressed,
    }
}

/// SO / (SO + VSO) over the separate SO and VSO vestigingen at the newest PO count.
fn national_so_share(register: &Register, year: Option<i16>) -> Decimal {
    let (mut so, mut vso) = (0u64, 0u64);
    let Some(peildatum) = year.and_then(Peildatum::try_october_first) else {
        return Decimal::new(5, 1);
    };
    for v in register.vestigingen() {
        let Some(count) = v.count_at(peildatum).and_then(PupilCount::exact) else {
            continue;
        };
        match v.kind {
            SchoolKind::So => so += u64::from(count),
            SchoolKind::Vso => vso += u64::from(count),
            _ => {}
        }
    }
    if so + vso == 0 {
        Decimal::new(5, 1)
    } else {
        (Decimal::from(so) / Decimal::from(so + vso)).round_dp(4)
    }
}
