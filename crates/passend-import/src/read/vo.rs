//! DUO's secondary-education files: the VO address list and the 2019 pupil counts.

use std::collections::BTreeMap;

use passend_core::ids::VestigingCode;
use passend_core::school::VoStructure;

use super::po::{brin_matches, vestiging_code};
use super::{AddressListRow, address_list_row, parse_or_issue};
use crate::error::ImportError;
use crate::issues::Issues;
use crate::table;
use crate::text::Encoding;

/// A row of "Alle vestigingen VO" (its `VESTIGINGSNUMMER` holds all six characters).
pub type VoRow = AddressListRow;

const VO_HEADER: &[&str] = &[
    "PROVINCIE",
    "BEVOEGD GEZAG NUMMER",
    "BRIN NUMMER",
    "VESTIGINGSNUMMER",
    "VESTIGINGSNAAM",
    "STRAATNAAM",
    "HUISNUMMER-TOEVOEGING",
    "POSTCODE",
    "PLAATSNAAM",
    "GEMEENTENUMMER",
    "GEMEENTENAAM",
    "DENOMINATIE",
    "TELEFOONNUMMER",
    "INTERNETADRES",
    "ONDERWIJSSTRUCTUUR",
];

/// Reads the VO address list (windows-1252; empty fields are space-padded).
pub fn read_vo_addresses(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<Vec<VoRow>, ImportError> {
    let table = table::read(file, bytes, Encoding::Windows1252, VO_HEADER)?;
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let Some(code) = vestiging_code(file, row, 3, "VESTIGINGSNUMMER", issues) else {
            continue;
        };
        if !brin_matches(file, row, 2, code, issues) {
            continue;
        }
        let structure = parse_or_issue(
            file,
            row,
            14,
            "ONDERWIJSSTRUCTUUR",
            Some(code),
            issues,
            |s| VoStructure::parse(s).ok_or_else(|| format!("onbekende onderwijsstructuur '{s}'")),
        );
        out.push(AddressListRow {
            structure,
            ..address_list_row(file, row, code, issues)
        });
    }
    Ok(out)
}

/// One VO vestiging in the 2019 pupil file, summed over its rows.
#[derive(Clone, Debug)]
pub struct VoPupils {
    /// First line of the vestiging in the file.
    pub line: u64,
    /// Name.
    pub name: String,
    /// Place.
    pub place: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// Total pupils over all types, years and sexes.
    pub total: u32,
    /// Structure derived from the onderwijstypes with pupils.
    pub structure: VoStructure,
}

const VO_PUPILS_HEADER: &[&str] = &[
    "BRIN NUMMER",
    "VESTIGINGSNUMMER",
    "INSTELLINGSNAAM VESTIGING",
    "PLAATSNAAM VESTIGING",
    "PROVINCIE VESTIGING",
    "ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR",
    "VMBO SECTOR",
    "AFDELING",
    "ELEMENTCODE",
    "OPLEIDINGSNAAM",
    "LEER- OF VERBLIJFSJAAR 1 - MAN",
    "LEER- OF VERBLIJFSJAAR 1 - VROUW",
    "LEER- OF VERBLIJFSJAAR 2 - MAN",
    "LEER- OF VERBLIJFSJAAR 2 - VROUW",
    "LEER- OF VERBLIJFSJAAR 3 - MAN",
    "LEER- OF VERBLIJFSJAAR 3 - VROUW",
    "LEER- OF VERBLIJFSJAAR 4 - MAN",
    "LEER- OF VERBLIJFSJAAR 4 - VROUW",
    "LEER- OF VERBLIJFSJAAR 5 - MAN",
    "LEER- OF VERBLIJFSJAAR 5 - VROUW",
    "LEER- OF VERBLIJFSJAAR 6 - MAN",
    "LEER- OF VERBLIJFSJAAR 6 - VROUW",
];

/// The school type an onderwijstype row counts for (`VMBO BL lj 3-4` is VBO).
fn structure_of_type(onderwijstype: &str) -> VoStructure {
    let t = onderwijstype.to_ascii_uppercase();
    if t.starts_with("VMBO BL") || t.starts_with("VMBO KL") {
        VoStructure::VBO
    } else if t.starts_with("VMBO") {
        VoStructure::MAVO
    } else if t.starts_with("HAVO/VWO") {
        VoStructure::parse("HAVO/VWO").unwrap_or_default()
    } else if t.starts_with("HAVO") {
        VoStructure::HAVO
    } else if t.starts_with("VWO") {
        VoStructure::VWO
    } else if t.starts_with("PRAKTIJKONDERWIJS") {
        VoStructure::PRO
    } else if t.starts_with("BRUGJAAR") {
        VoStructure::BRUGJAAR
    } else {
        VoStructure::default()
    }
}

/// Reads the 2019 VO pupil file and sums it per vestiging. The file splits the
/// vestigingscode: `VESTIGINGSNUMMER` holds only the two digits.
pub fn read_vo_pupils(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<BTreeMap<VestigingCode, VoPupils>, ImportError> {
    let table = table::read(file, bytes, Encoding::Windows1252, VO_PUPILS_HEADER)?;
    let mut out: BTreeMap<VestigingCode, VoPupils> = BTreeMap::new();
    for row in &table.rows {
        let code = match VestigingCode::from_parts(row.get(0), row.get(1)) {
            Ok(code) => code,
            Err(e) => {
                issues.invalid(
                    file,
                    row.line,
                    "VESTIGINGSNUMMER",
                    None,
                    format!("{e}; regel overgeslagen"),
                );
                continue;
            }
        };
        let mut sum = 0u32;
        for column in 10..22 {
            match row.get(column).parse::<u32>() {
                Ok(n) => sum += n,
                Err(_) if row.get(column).is_empty() => {}
                Err(_) => issues.invalid(
                    file,
                    row.line,
                    table.column(column),
                    Some(code),
                    format!("ongeldig leerlingaantal '{}'", row.get(column)),
                ),
            }
        }
        let entry = out.entry(code).or_insert_with(|| VoPupils {
            line: row.line,
            name: row.get(2).to_owned(),
            place: row.opt(3).map(str::to_owned),
            province: row.opt(4).map(str::to_owned),
            total: 0,
            structure: VoStructure::default(),
        });
        entry.total += sum;
        if sum > 0 {
            let s = structure_of_type(row.get(5));
            entry.structure = VoStructure::from_bits(entry.structure.bits() | s.bits());
        }
    }
    Ok(out)
}
