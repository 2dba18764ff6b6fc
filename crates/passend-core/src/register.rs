//! The register: every vestiging, PC4 area and membership, held in memory with indexes.
//!
//! The store persists these records; the web application and the command line read
//! them from one `Register` snapshot, so pages never wait on the database.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::cluster::{ClusterClassification, SpecialOffer};
use crate::geo::LatLon;
use crate::ids::{BoardNumber, GemeenteCode, Pc4, Postcode, VestigingCode};
use crate::pupils::{Peildatum, PupilCount};
use crate::school::{SchoolKind, Status};
use crate::swv::{Province, Sector, SwvCode};

/// A municipality as a source names it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Gemeente {
    /// The CBS code, when the source gives it.
    pub code: Option<GemeenteCode>,
    /// The name as the source writes it (DUO writes upper case).
    pub name: String,
}

/// Where a vestiging's coordinates come from.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum LocationBasis {
    /// The BAG address point of the vestiging (geocoded DUO address list).
    AddressPoint,
    /// The centre of its PC4 area: an approximation used when no address point exists.
    Pc4Centroid,
}

impl LocationBasis {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            LocationBasis::AddressPoint => "address-point",
            LocationBasis::Pc4Centroid => "pc4-centroid",
        }
    }

    /// Dutch description.
    pub fn label(self) -> &'static str {
        match self {
            LocationBasis::AddressPoint => "adrespunt uit de BAG",
            LocationBasis::Pc4Centroid => "midden van het postcodegebied (benadering)",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<LocationBasis> {
        match code {
            "address-point" => Some(LocationBasis::AddressPoint),
            "pc4-centroid" => Some(LocationBasis::Pc4Centroid),
            _ => None,
        }
    }
}

/// A vestiging's position.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Location {
    /// WGS84 position.
    pub point: LatLon,
    /// Where it comes from.
    pub basis: LocationBasis,
}

/// One pupil count of a vestiging, with its peildatum and source.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct CountRecord {
    /// The count date.
    pub peildatum: Peildatum,
    /// The count.
    pub count: PupilCount,
    /// Key of the source file in the source catalog.
    pub source: String,
}

/// A schoolvestiging: one location of a school, the unit of SWV membership.
#[derive(Clone, PartialEq, Debug)]
pub struct Vestiging {
    /// DUO's six-character code.
    pub code: VestigingCode,
    /// The name from the newest source.
    pub name: String,
    /// Soort onderwijs.
    pub kind: SchoolKind,
    /// Open or closed, with `status_basis` saying why.
    pub status: Status,
    /// Dutch explanation of the status: which source said what.
    pub status_basis: String,
    /// Bevoegd gezag (school board).
    pub board: Option<BoardNumber>,
    /// Denominatie (religious or pedagogical signature).
    pub denominatie: Option<String>,
    /// Street and house number.
    pub street_address: Option<String>,
    /// Postcode, which decides the SWV.
    pub postcode: Option<Postcode>,
    /// Place name.
    pub place: Option<String>,
    /// Municipality.
    pub gemeente: Option<Gemeente>,
    /// Province.
    pub province: Option<Province>,
    /// Coordinates.
    pub location: Option<Location>,
    /// Website as DUO lists it.
    pub website: Option<String>,
    /// Cluster, for speciaal onderwijs.
    pub cluster: Option<ClusterClassification>,
    /// What a (V)SO vestiging offers per part (from DUO's `ONDERWIJS`).
    pub special_offer: Option<SpecialOffer>,
    /// Keys of the sources that mention this vestiging.
    pub sources: Vec<String>,
    /// Pupil counts, oldest first, at most one per peildatum.
    pub counts: Vec<CountRecord>,
}

impl Vestiging {
    /// The newest count, with its peildatum.
    pub fn latest_count(&self) -> Option<&CountRecord> {
        self.counts.last()
    }

    /// The count at a peildatum.
    pub fn count_at(&self, peildatum: Peildatum) -> Option<PupilCount> {
        self.counts
            .binary_search_by_key(&peildatum, |c| c.peildatum)
            .ok()
            .map(|i| self.counts[i].count)
    }

    /// The PC4 of its postcode.
    pub fn pc4(&self) -> Option<Pc4> {
        self.postcode.map(|p| p.pc4())
    }
}

/// On what a membership rests.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum MembershipBasis {
    /// The PC4 of the vestiging's postcode in the Regeling regio-indeling (the legal rule).
    Pc4(Pc4),
    /// The vestiging's municipality, when its postcode is unknown and the municipality
    /// lies wholly in one SWV.
    Gemeente(String),
    /// A landelijk SWV, with the evidence.
    Landelijk(String),
    /// The SWV's own override file, with its note.
    Override(String),
}

impl MembershipBasis {
    /// Stable code for storage.
    pub fn code(&self) -> &'static str {
        match self {
            MembershipBasis::Pc4(_) => "pc4",
            MembershipBasis::Gemeente(_) => "gemeente",
            MembershipBasis::Landelijk(_) => "landelijk",
            MembershipBasis::Override(_) => "override",
        }
    }

    /// The detail stored beside the code.
    pub fn detail(&self) -> String {
        match self {
            MembershipBasis::Pc4(pc4) => pc4.to_string(),
            MembershipBasis::Gemeente(s)
            | MembershipBasis::Landelijk(s)
            | MembershipBasis::Override(s) => s.clone(),
        }
    }

    /// Rebuilds a basis from its stored code and detail.
    pub fn from_stored(code: &str, detail: &str) -> Option<MembershipBasis> {
        Some(match code {
            "pc4" => MembershipBasis::Pc4(Pc4::parse(detail).ok()?),
            "gemeente" => MembershipBasis::Gemeente(detail.to_owned()),
            "landelijk" => MembershipBasis::Landelijk(detail.to_owned()),
            "override" => MembershipBasis::Override(detail.to_owned()),
            _ => return None,
        })
    }

    /// Dutch explanation for people.
    pub fn explain(&self) -> String {
        match self {
            MembershipBasis::Pc4(pc4) => format!("postcodegebied {pc4} (Regeling regio-indeling)"),
            MembershipBasis::Gemeente(g) => {
                format!(
                    "gemeente {g}: postcode onbekend, gemeente ligt geheel in dit samenwerkingsverband"
                )
            }
            MembershipBasis::Landelijk(e) => format!("landelijk samenwerkingsverband: {e}"),
            MembershipBasis::Override(note) => {
                format!("vastgelegd door het samenwerkingsverband: {note}")
            }
        }
    }
}

/// A vestiging's membership of one SWV for one sector.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Membership {
    /// The vestiging.
    pub vestiging: VestigingCode,
    /// The sector (PO or VO).
    pub sector: Sector,
    /// The samenwerkingsverband.
    pub swv: SwvCode,
    /// What it rests on.
    pub basis: MembershipBasis,
}

/// One PC4 area: its SWVs under the Regeling regio-indeling, its centre and population.
#[derive(Clone, PartialEq, Debug)]
pub struct Pc4Area {
    /// The PC4.
    pub pc4: Pc4,
    /// Whether the Regeling regio-indeling lists this PC4 at all. PC4s known only from
    /// GeoNames or CBS (newer postcodes) are kept for the map and population figures.
    pub in_regeling: bool,
    /// The gemeente the regeling names (2015 state); empty when not in the regeling.
    pub gemeente: String,
    /// The PO SWV, when the regeling gives a code.
    pub po_swv: Option<SwvCode>,
    /// The VO SWV, when the regeling gives a code.
    pub vo_swv: Option<SwvCode>,
    /// The raw value when the regeling gives no code (`Europoort`).
    pub note: Option<String>,
    /// Centre (GeoNames postal-code point; averaged over its places).
    pub centroid: Option<LatLon>,
    /// Place name(s) from GeoNames.
    pub place: Option<String>,
    /// Inhabitants on 1 January 2024 (CBS); `None` when suppressed or absent.
    pub inhabitants: Option<u32>,
    /// Inhabitants under 15 (CBS).
    pub under_15: Option<u32>,
    /// Inhabitants aged 15 to 25 (CBS).
    pub age_15_to_25: Option<u32>,
}

impl Pc4Area {
    /// The SWV of a sector.
    pub fn swv(&self, sector: Sector) -> Option<SwvCode> {
        match sector {
            Sector::Po => self.po_swv,
            Sector::Vo => self.vo_swv,
        }
    }
}

/// The whole register in memory.
#[derive(Clone, Debug, Default)]
pub struct Register {
    vestigingen: Vec<Vestiging>,
    by_code: HashMap<VestigingCode, usize>,
    memberships: Vec<Membership>,
    members_by_swv: BTreeMap<SwvCode, Vec<usize>>,
    membership_by_vestiging: HashMap<VestigingCode, Vec<usize>>,
    pc4s: Vec<Pc4Area>,
    by_pc4: HashMap<Pc4, usize>,
    swvs: BTreeSet<SwvCode>,
    swv_names: BTreeMap<SwvCode, String>,
}

impl Register {
    /// Builds the indexes. Vestigingen are kept sorted by code; every SWV that appears
    /// in the PC4 table or in a membership is listed.
    pub fn new(
        mut vestigingen: Vec<Vestiging>,
        memberships: Vec<Membership>,
        mut pc4s: Vec<Pc4Area>,
    ) -> Register {
        vestigingen.sort_by_key(|v| v.code);
        pc4s.sort_by_key(|a| a.pc4);
        let by_code = vestigingen
            .iter()
            .enumerate()
            .map(|(i, v)| (v.code, i))
            .collect();
        let by_pc4 = pc4s.iter().enumerate().map(|(i, a)| (a.pc4, i)).collect();
        let mut swvs: BTreeSet<SwvCode> = pc4s
            .iter()
            .flat_map(|a| [a.po_swv, a.vo_swv])
            .flatten()
            .collect();
        let mut members_by_swv: BTreeMap<SwvCode, Vec<usize>> = BTreeMap::new();
        let mut membership_by_vestiging: HashMap<VestigingCode, Vec<usize>> = HashMap::new();
        for (i, m) in memberships.iter().enumerate() {
            swvs.insert(m.swv);
            members_by_swv.entry(m.swv).or_default().push(i);
            membership_by_vestiging
                .entry(m.vestiging)
                .or_default()
                .push(i);
        }
        Register {
            vestigingen,
            by_code,
            memberships,
            members_by_swv,
            membership_by_vestiging,
            pc4s,
            by_pc4,
            swvs,
            swv_names: BTreeMap::new(),
        }
    }

    /// Adds the names an SWV gave itself (the open data hold none).
    pub fn with_swv_names(mut self, names: BTreeMap<SwvCode, String>) -> Register {
        self.swv_names = names;
        self
    }

    /// The name of an SWV, when one is known.
    pub fn swv_name(&self, swv: SwvCode) -> Option<&str> {
        self.swv_names.get(&swv).map(String::as_str)
    }

    /// All SWV names.
    pub fn swv_names(&self) -> &BTreeMap<SwvCode, String> {
        &self.swv_names
    }

    /// All vestigingen, sorted by code, open and closed.
    pub fn vestigingen(&self) -> &[Vestiging] {
        &self.vestigingen
    }

    /// One vestiging.
    pub fn vestiging(&self, code: VestigingCode) -> Option<&Vestiging> {
        self.by_code.get(&code).map(|&i| &self.vestigingen[i])
    }

    /// All memberships.
    pub fn memberships(&self) -> &[Membership] {
        &self.memberships
    }

    /// The memberships of one vestiging (one per sector at most, when the data is sound).
    pub fn memberships_of(&self, code: VestigingCode) -> impl Iterator<Item = &Membership> {
        self.membership_by_vestiging
            .get(&code)
            .into_iter()
            .flatten()
            .map(|&i| &self.memberships[i])
    }

    /// The members of one SWV with their membership, open and closed.
    pub fn members(&self, swv: SwvCode) -> impl Iterator<Item = (&Vestiging, &Membership)> {
        self.members_by_swv
            .get(&swv)
            .into_iter()
            .flatten()
            .filter_map(|&i| {
                let m = &self.memberships[i];
                self.vestiging(m.vestiging).map(|v| (v, m))
            })
    }

    /// The open members of one SWV.
    pub fn open_members(&self, swv: SwvCode) -> impl Iterator<Item = &Vestiging> {
        self.members(swv)
            .map(|(v, _)| v)
            .filter(|v| v.status == Status::Open)
    }

    /// All PC4 areas.
    pub fn pc4s(&self) -> &[Pc4Area] {
        &self.pc4s
    }

    /// One PC4 area.
    pub fn pc4(&self, pc4: Pc4) -> Option<&Pc4Area> {
        self.by_pc4.get(&pc4).map(|&i| &self.pc4s[i])
    }

    /// Every SWV code known from the PC4 table or from memberships, sorted.
    pub fn swvs(&self) -> impl Iterator<Item = SwvCode> + '_ {
        self.swvs.iter().copied()
    }

    /// Whether an SWV is known.
    pub fn has_swv(&self, swv: SwvCode) -> bool {
        self.swvs.contains(&swv)
    }

    /// The PC4 areas of an SWV under the regeling.
    pub fn area(&self, swv: SwvCode) -> impl Iterator<Item = &Pc4Area> {
        self.pc4s
            .iter()
            .filter(move |a| a.swv(swv.sector()) == Some(swv))
    }

    /// The municipalities (2015 names) in an SWV's area, sorted.
    pub fn gemeenten(&self, swv: SwvCode) -> Vec<&str> {
        let set: BTreeSet<&str> = self.area(swv).map(|a| a.gemeente.as_str()).collect();
        set.into_iter().collect()
    }

    /// The newest peildatum of any count of a vestiging of these kinds.
    pub fn latest_peildatum(&self, kinds: impl Fn(SchoolKind) -> bool) -> Option<Peildatum> {
        self.vestigingen
            .iter()
            .filter(|v| kinds(v.kind))
            .filter_map(|v| v.latest_count().map(|c| c.peildatum))
            .max()
    }
}
