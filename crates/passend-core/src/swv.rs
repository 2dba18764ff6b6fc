//! Samenwerkingsverbanden: the sector, the SWV code in all its common spellings, and provinces.

use std::fmt;
use std::str::FromStr;

/// Sector: primair onderwijs (PO) or voortgezet onderwijs (VO). Every vestiging that must
/// belong to a samenwerkingsverband belongs to exactly one per sector it teaches in
/// (WPO art. 18a lid 2; WVO art. 17a lid 2, now WVO 2020 art. 2.47).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Sector {
    /// Primair onderwijs: BAO, SBO and the SO part of (V)SO.
    Po,
    /// Voortgezet onderwijs: vmbo, havo, vwo, praktijkonderwijs and the VSO part of (V)SO.
    Vo,
}

impl Sector {
    /// Both sectors, PO first.
    pub const ALL: [Sector; 2] = [Sector::Po, Sector::Vo];

    /// `PO` or `VO`.
    pub fn code(self) -> &'static str {
        match self {
            Sector::Po => "PO",
            Sector::Vo => "VO",
        }
    }

    /// Dutch name: `primair onderwijs`, `voortgezet onderwijs`.
    pub fn label(self) -> &'static str {
        match self {
            Sector::Po => "primair onderwijs",
            Sector::Vo => "voortgezet onderwijs",
        }
    }

    /// Parses `po`, `PO`, `vo` or `VO`.
    pub fn parse(input: &str) -> Option<Sector> {
        match input.trim().to_ascii_uppercase().as_str() {
            "PO" => Some(Sector::Po),
            "VO" => Some(Sector::Vo),
            _ => None,
        }
    }
}

impl fmt::Display for Sector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Why an SWV code could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "ongeldige code van een samenwerkingsverband '{0}': verwacht PO of VO gevolgd door vier cijfers, zoals PO2001, PO 20.01 of VO-25-07"
)]
pub struct SwvCodeError(pub String);

/// Code of a samenwerkingsverband passend onderwijs (SWV), such as `PO2001`:
/// sector, a two-digit region prefix and a two-digit sequence number
/// (Regeling regio-indeling, BWBR0032324). Region `00` marks a landelijk SWV.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SwvCode {
    sector: Sector,
    region: u8,
    sequence: u8,
}

impl SwvCode {
    /// Parses every common spelling: `PO2001`, `po2001`, `PO 20.01`, `PO 20-01`,
    /// `VO-25-07`, `VO 2507`.
    pub fn parse(input: &str) -> Result<SwvCode, SwvCodeError> {
        let err = || SwvCodeError(input.to_owned());
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-' | '_' | '/'))
            .collect();
        if compact.len() != 6 || !compact.is_ascii() {
            return Err(err());
        }
        let sector = Sector::parse(&compact[..2]).ok_or_else(err)?;
        let digits = &compact[2..];
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let region = digits[..2].parse().map_err(|_| err())?;
        let sequence = digits[2..].parse().map_err(|_| err())?;
        if sequence == 0 {
            return Err(err());
        }
        Ok(SwvCode {
            sector,
            region,
            sequence,
        })
    }

    /// The sector of this SWV.
    pub fn sector(self) -> Sector {
        self.sector
    }

    /// The two-digit region prefix (20 Groningen ... 31 Limburg; 00 landelijk).
    pub fn region(self) -> u8 {
        self.region
    }

    /// A landelijk SWV is formed by boards of one richting across the country
    /// (WPO art. 18a lid 15; WVO art. 17a lid 16), such as the reformatorische PO0001.
    pub fn is_landelijk(self) -> bool {
        self.region == 0
    }

    /// The province the region prefix stands for; `None` for a landelijk SWV.
    pub fn province(self) -> Option<Province> {
        Province::from_region_prefix(self.region)
    }

    /// The spelling many SWVs use themselves: `PO 20.01`.
    pub fn dotted(self) -> String {
        format!("{} {:02}.{:02}", self.sector, self.region, self.sequence)
    }
}

impl fmt::Display for SwvCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{:02}{:02}", self.sector, self.region, self.sequence)
    }
}

impl fmt::Debug for SwvCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for SwvCode {
    type Err = SwvCodeError;
    fn from_str(s: &str) -> Result<SwvCode, SwvCodeError> {
        SwvCode::parse(s)
    }
}

/// The twelve provinces.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Province {
    /// Groningen (region prefix 20).
    Groningen,
    /// Friesland / Fryslân (21).
    Friesland,
    /// Drenthe (22).
    Drenthe,
    /// Overijssel (23).
    Overijssel,
    /// Flevoland (24).
    Flevoland,
    /// Gelderland (25).
    Gelderland,
    /// Utrecht (26).
    Utrecht,
    /// Noord-Holland (27).
    NoordHolland,
    /// Zuid-Holland (28).
    ZuidHolland,
    /// Zeeland (29).
    Zeeland,
    /// Noord-Brabant (30).
    NoordBrabant,
    /// Limburg (31).
    Limburg,
}

impl Province {
    /// All provinces in region-prefix order.
    pub const ALL: [Province; 12] = [
        Province::Groningen,
        Province::Friesland,
        Province::Drenthe,
        Province::Overijssel,
        Province::Flevoland,
        Province::Gelderland,
        Province::Utrecht,
        Province::NoordHolland,
        Province::ZuidHolland,
        Province::Zeeland,
        Province::NoordBrabant,
        Province::Limburg,
    ];

    /// The province of an SWV region prefix, derived from the PC4 table of the
    /// Regeling regio-indeling (domain-rules §1.2).
    pub fn from_region_prefix(prefix: u8) -> Option<Province> {
        match prefix {
            20..=31 => Some(Province::ALL[usize::from(prefix - 20)]),
            _ => None,
        }
    }

    /// The Dutch name as DUO writes it.
    pub fn name(self) -> &'static str {
        match self {
            Province::Groningen => "Groningen",
            Province::Friesland => "Friesland",
            Province::Drenthe => "Drenthe",
            Province::Overijssel => "Overijssel",
            Province::Flevoland => "Flevoland",
            Province::Gelderland => "Gelderland",
            Province::Utrecht => "Utrecht",
            Province::NoordHolland => "Noord-Holland",
            Province::ZuidHolland => "Zuid-Holland",
            Province::Zeeland => "Zeeland",
            Province::NoordBrabant => "Noord-Brabant",
            Province::Limburg => "Limburg",
        }
    }

    /// A short ASCII slug for URLs and filters: `noord-holland`.
    pub fn slug(self) -> &'static str {
        match self {
            Province::Groningen => "groningen",
            Province::Friesland => "friesland",
            Province::Drenthe => "drenthe",
            Province::Overijssel => "overijssel",
            Province::Flevoland => "flevoland",
            Province::Gelderland => "gelderland",
            Province::Utrecht => "utrecht",
            Province::NoordHolland => "noord-holland",
            Province::ZuidHolland => "zuid-holland",
            Province::Zeeland => "zeeland",
            Province::NoordBrabant => "noord-brabant",
            Province::Limburg => "limburg",
        }
    }

    /// Parses a province name as DUO, CBS or a user writes it (`Fryslân`, `noord-holland`).
    pub fn parse(input: &str) -> Option<Province> {
        let folded: String = input
            .trim()
            .chars()
            .map(|c| match c {
                'â' | 'Â' => 'a',
                ' ' | '_' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        let folded = if folded == "fryslan" {
            "friesland".to_owned()
        } else {
            folded
        };
        Province::ALL.into_iter().find(|p| p.slug() == folded)
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(input: &str, expected: Option<&str>) {
        let got = SwvCode::parse(input).ok().map(|c| c.to_string());
        assert_eq!(got.as_deref(), expected, "input {input:?}");
    }

    #[test]
    fn swv_codes_parse_in_every_common_spelling() {
        check("PO2001", Some("PO2001"));
        check("po2001", Some("PO2001"));
        check("PO 20.01", Some("PO2001"));
        check("PO 20-01", Some("PO2001"));
        check("VO-25-07", Some("VO2507"));
        check(" VO 2507 ", Some("VO2507"));
        check("PO0001", Some("PO0001"));
        check("Europoort", None);
        check("PO200", None);
        check("XO2001", None);
        check("PO2000", None);
        check("", None);
    }

    #[test]
    fn swv_code_parts() {
        let code = SwvCode::parse("VO-25-07").unwrap();
        assert_eq!(code.sector(), Sector::Vo);
        assert_eq!(code.province(), Some(Province::Gelderland));
        assert_eq!(code.dotted(), "VO 25.07");
        assert!(!code.is_landelijk());
        let national = SwvCode::parse("PO0001").unwrap();
        assert!(national.is_landelijk());
        assert_eq!(national.province(), None);
    }

    #[test]
    fn provinces_parse_from_names_and_slugs() {
        assert_eq!(Province::parse("Fryslân"), Some(Province::Friesland));
        assert_eq!(
            Province::parse("Noord-Holland"),
            Some(Province::NoordHolland)
        );
        assert_eq!(
            Province::parse("noord-brabant"),
            Some(Province::NoordBrabant)
        );
        assert_eq!(Province::parse("Zuid Holland"), Some(Province::ZuidHolland));
        assert_eq!(Province::parse("Vlaanderen"), None);
        for p in Province::ALL {
            assert_eq!(Province::parse(p.name()), Some(p));
        }
    }
}

#[cfg(test)]
mod properties {
    use super::*;

    proptest::proptest! {
        /// Every code survives printing in every spelling and parsing back.
        #[test]
        fn every_spelling_parses_back(sector in 0u8..2, region in 0u8..100, sequence in 1u8..100) {
            let code = SwvCode::parse(&format!("{}{region:02}{sequence:02}", if sector == 0 { "PO" } else { "VO" })).unwrap();
            for spelling in [code.to_string(), code.dotted(), code.dotted().replace('.', "-"), code.to_string().to_lowercase()] {
                proptest::prop_assert_eq!(SwvCode::parse(&spelling), Ok(code));
            }
        }

        /// Arbitrary text never panics the parser.
        #[test]
        fn arbitrary_text_is_parsed_or_refused(text in ".{0,40}") {
            let _ = SwvCode::parse(&text);
        }
    }
}
