//! School kinds (soort onderwijs) and the VO onderwijsstructuur.

use std::fmt;

use crate::swv::Sector;

/// Onderwijsstructuur of a VO vestiging as DUO writes it (`VBO/MAVO/HAVO/VWO`, `PRO`,
/// `BRUGJAAR`): the set of school types taught there.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct VoStructure(u8);

impl VoStructure {
    /// Voorbereidend beroepsonderwijs (vmbo basis and kader).
    pub const VBO: VoStructure = VoStructure(1);
    /// Middelbaar algemeen voortgezet onderwijs (vmbo theoretische leerweg).
    pub const MAVO: VoStructure = VoStructure(2);
    /// Hoger algemeen voortgezet onderwijs.
    pub const HAVO: VoStructure = VoStructure(4);
    /// Voorbereidend wetenschappelijk onderwijs.
    pub const VWO: VoStructure = VoStructure(8);
    /// Praktijkonderwijs (WVO art. 10f; admission with a TLV from the SWV).
    pub const PRO: VoStructure = VoStructure(16);
    /// Only the first years (brugjaren), before pupils split by type.
    pub const BRUGJAAR: VoStructure = VoStructure(32);

    const NAMES: [(VoStructure, &'static str); 6] = [
        (VoStructure::VBO, "VBO"),
        (VoStructure::MAVO, "MAVO"),
        (VoStructure::HAVO, "HAVO"),
        (VoStructure::VWO, "VWO"),
        (VoStructure::PRO, "PRO"),
        (VoStructure::BRUGJAAR, "BRUGJAAR"),
    ];

    /// Parses `VBO/MAVO/HAVO/VWO`, `PRO`, `BRUGJAAR` and any `/`-joined combination.
    pub fn parse(input: &str) -> Option<VoStructure> {
        let mut set = VoStructure::default();
        for part in input.split('/') {
            let part = part.trim().to_ascii_uppercase();
            let (flag, _) = VoStructure::NAMES.iter().find(|(_, name)| *name == part)?;
            set.0 |= flag.0;
        }
        (set.0 != 0).then_some(set)
    }

    /// Whether every type in `other` is taught here.
    pub fn contains(self, other: VoStructure) -> bool {
        self.0 & other.0 == other.0 && other.0 != 0
    }

    /// Vmbo is taught as VBO (basis, kader) or MAVO (theoretische leerweg).
    pub fn has_vmbo(self) -> bool {
        self.contains(VoStructure::VBO) || self.contains(VoStructure::MAVO)
    }

    /// Whether this is praktijkonderwijs and nothing else.
    pub fn is_only_praktijkonderwijs(self) -> bool {
        self == VoStructure::PRO
    }

    /// The raw bits, for storage.
    pub fn bits(self) -> u8 {
        self.0
    }

    /// From stored bits; unknown bits are dropped.
    pub fn from_bits(bits: u8) -> VoStructure {
        VoStructure(bits & 63)
    }
}

impl fmt::Display for VoStructure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = VoStructure::NAMES
            .iter()
            .filter(|(flag, _)| self.contains(*flag))
            .map(|(_, name)| *name)
            .collect();
        f.write_str(&names.join("/"))
    }
}

impl fmt::Debug for VoStructure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Soort onderwijs of a vestiging.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum SchoolKind {
    /// Basisschool (BAO, regular primary school; WPO).
    Bao,
    /// Speciale school voor basisonderwijs (SBO; WPO art. 40a, admission with a TLV).
    Sbo,
    /// School voor speciaal onderwijs (SO; WEC), primary age.
    So,
    /// School voor voortgezet speciaal onderwijs (VSO; WEC), secondary age.
    Vso,
    /// School voor speciaal en voortgezet speciaal onderwijs ((V)SO or SO/VSO; WEC).
    SoVso,
    /// Regular VO (vmbo, havo, vwo) with its onderwijsstructuur; it may include PrO.
    Vo(VoStructure),
    /// School voor praktijkonderwijs (PrO) and nothing else.
    Praktijkonderwijs,
}

impl SchoolKind {
    /// The kind of a VO vestiging from its onderwijsstructuur.
    pub fn from_vo_structure(structure: VoStructure) -> SchoolKind {
        if structure.is_only_praktijkonderwijs() {
            SchoolKind::Praktijkonderwijs
        } else {
            SchoolKind::Vo(structure)
        }
    }

    /// Whether this is speciaal onderwijs under the WEC, which has a cluster.
    pub fn is_special(self) -> bool {
        matches!(self, SchoolKind::So | SchoolKind::Vso | SchoolKind::SoVso)
    }

    /// The sectors this kind teaches in, before its offer is known in detail.
    /// A (V)SO school belongs to the PO SWV for its SO part and to the VO SWV for its
    /// VSO part (WPO art. 18a lid 2; WVO art. 17a lid 2).
    pub fn sectors(self) -> &'static [Sector] {
        match self {
            SchoolKind::Bao | SchoolKind::Sbo | SchoolKind::So => &[Sector::Po],
            SchoolKind::Vso | SchoolKind::Vo(_) | SchoolKind::Praktijkonderwijs => &[Sector::Vo],
            SchoolKind::SoVso => &[Sector::Po, Sector::Vo],
        }
    }

    /// Whether PrO is taught here, alone or in a scholengemeenschap.
    pub fn offers_praktijkonderwijs(self) -> bool {
        match self {
            SchoolKind::Praktijkonderwijs => true,
            SchoolKind::Vo(s) => s.contains(VoStructure::PRO),
            _ => false,
        }
    }

    /// A stable code for storage, URLs and the JSON API.
    pub fn code(self) -> &'static str {
        match self {
            SchoolKind::Bao => "bao",
            SchoolKind::Sbo => "sbo",
            SchoolKind::So => "so",
            SchoolKind::Vso => "vso",
            SchoolKind::SoVso => "so-vso",
            SchoolKind::Vo(_) => "vo",
            SchoolKind::Praktijkonderwijs => "pro",
        }
    }

    /// Parses a stored code; VO needs its structure bits.
    pub fn from_code(code: &str, vo_structure: VoStructure) -> Option<SchoolKind> {
        Some(match code {
            "bao" => SchoolKind::Bao,
            "sbo" => SchoolKind::Sbo,
            "so" => SchoolKind::So,
            "vso" => SchoolKind::Vso,
            "so-vso" => SchoolKind::SoVso,
            "vo" => SchoolKind::Vo(vo_structure),
            "pro" => SchoolKind::Praktijkonderwijs,
            _ => return None,
        })
    }

    /// The VO structure, for VO and PrO.
    pub fn vo_structure(self) -> Option<VoStructure> {
        match self {
            SchoolKind::Vo(s) => Some(s),
            SchoolKind::Praktijkonderwijs => Some(VoStructure::PRO),
            _ => None,
        }
    }

    /// The Dutch name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            SchoolKind::Bao => "Basisschool",
            SchoolKind::Sbo => "Speciaal basisonderwijs (SBO)",
            SchoolKind::So => "Speciaal onderwijs (SO)",
            SchoolKind::Vso => "Voortgezet speciaal onderwijs (VSO)",
            SchoolKind::SoVso => "Speciaal en voortgezet speciaal onderwijs (SO/VSO)",
            SchoolKind::Vo(_) => "Voortgezet onderwijs",
            SchoolKind::Praktijkonderwijs => "Praktijkonderwijs",
        }
    }

    /// The short Dutch abbreviation used in tables.
    pub fn short(self) -> &'static str {
        match self {
            SchoolKind::Bao => "BAO",
            SchoolKind::Sbo => "SBO",
            SchoolKind::So => "SO",
            SchoolKind::Vso => "VSO",
            SchoolKind::SoVso => "SO/VSO",
            SchoolKind::Vo(_) => "VO",
            SchoolKind::Praktijkonderwijs => "PrO",
        }
    }
}

/// Whether a vestiging exists today, as far as the newest source that mentions it says.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Status {
    /// Open: the newest source that mentions it lists it, or counts pupils there.
    Open,
    /// Closed or gone: the newest source that mentions it counts no pupils there, or
    /// only an older source lists it.
    Closed,
}

impl Status {
    /// Stable code for storage and the API.
    pub fn code(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "closed",
        }
    }

    /// Dutch label: `open` or `gesloten`.
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Closed => "gesloten",
        }
    }

    /// Parses a stored code.
    pub fn from_code(code: &str) -> Option<Status> {
        match code {
            "open" => Some(Status::Open),
            "closed" => Some(Status::Closed),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vo_structures_parse_and_print_in_duo_order() {
        let s = VoStructure::parse("VBO/MAVO/HAVO/VWO/PRO").unwrap();
        assert_eq!(s.to_string(), "VBO/MAVO/HAVO/VWO/PRO");
        assert!(s.has_vmbo());
        assert!(s.contains(VoStructure::PRO));
        assert!(
            VoStructure::parse("PRO")
                .unwrap()
                .is_only_praktijkonderwijs()
        );
        assert!(!VoStructure::parse("BRUGJAAR").unwrap().has_vmbo());
        assert_eq!(
            VoStructure::parse("VWO/HAVO").unwrap().to_string(),
            "HAVO/VWO"
        );
        assert_eq!(VoStructure::parse("LWOO"), None);
        assert_eq!(VoStructure::parse(""), None);
    }

    #[test]
    fn kinds_know_their_sectors() {
        assert_eq!(SchoolKind::SoVso.sectors(), &[Sector::Po, Sector::Vo]);
        assert_eq!(SchoolKind::Vso.sectors(), &[Sector::Vo]);
        assert_eq!(SchoolKind::Sbo.sectors(), &[Sector::Po]);
        let pro = SchoolKind::from_vo_structure(VoStructure::PRO);
        assert_eq!(pro, SchoolKind::Praktijkonderwijs);
        assert!(pro.offers_praktijkonderwijs());
        let sg = SchoolKind::from_vo_structure(VoStructure::parse("VBO/MAVO/PRO").unwrap());
        assert!(sg.offers_praktijkonderwijs());
        assert_eq!(sg.code(), "vo");
    }

    #[test]
    fn kind_codes_round_trip() {
        let s = VoStructure::parse("HAVO/VWO").unwrap();
        for kind in [
            SchoolKind::Bao,
            SchoolKind::Sbo,
            SchoolKind::So,
            SchoolKind::Vso,
            SchoolKind::SoVso,
            SchoolKind::Vo(s),
            SchoolKind::Praktijkonderwijs,
        ] {
            let bits = kind.vo_structure().unwrap_or_default().bits();
            assert_eq!(
                SchoolKind::from_code(kind.code(), VoStructure::from_bits(bits)),
                Some(kind)
            );
        }
    }
}
