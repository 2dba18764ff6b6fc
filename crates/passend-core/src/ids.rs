//! Identifiers of the register: BRIN, vestigingscode, bevoegd-gezagnummer, gemeentecode, postcode and PC4.
//!
//! Each is parsed once at the edge ("parse, don't validate") and is valid from then on.
//! Parsers accept the spellings found in DUO files (lower case, surrounding spaces,
//! a space inside a postcode, gemeentecodes with or without zero padding).

use std::fmt;
use std::str::FromStr;

/// Why an identifier could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// A BRIN is two digits and two letters, such as `00AO`.
    #[error("ongeldig BRIN-nummer '{0}': verwacht twee cijfers en twee letters, zoals 00AO")]
    Brin(String),
    /// A vestigingscode is a BRIN plus two digits, such as `00AO01`.
    #[error("ongeldige vestigingscode '{0}': verwacht BRIN plus twee cijfers, zoals 00AO01")]
    Vestiging(String),
    /// A bevoegd-gezagnummer is a positive whole number.
    #[error("ongeldig bevoegd-gezagnummer '{0}': verwacht een getal groter dan 0")]
    Board(String),
    /// A gemeentecode is a number from 1 to 9999, optionally written as `GM0106`.
    #[error("ongeldige gemeentecode '{0}': verwacht een getal van 1 tot 9999")]
    Gemeente(String),
    /// A postcode is four digits and two letters, such as `9406 NN`.
    #[error("ongeldige postcode '{0}': verwacht vier cijfers en twee letters, zoals 9406 NN")]
    Postcode(String),
    /// A PC4 is the numeric part of a postcode, 1000 to 9999.
    #[error("ongeldig postcodegebied (PC4) '{0}': verwacht vier cijfers van 1000 tot 9999")]
    Pc4(String),
}

/// BRIN-nummer (basisregistratie instellingen): DUO's four-character code of an
/// instelling (school), such as `00AO`. Source: DUO open onderwijsdata, column
/// `INSTELLINGSCODE` or `BRIN NUMMER`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Brin([u8; 4]);

impl Brin {
    /// Parses a BRIN, ignoring surrounding spaces and case.
    pub fn parse(input: &str) -> Result<Brin, IdError> {
        let trimmed = input.trim();
        let bytes = trimmed.as_bytes();
        let ok = bytes.len() == 4
            && bytes[..2].iter().all(u8::is_ascii_digit)
            && bytes[2..].iter().all(u8::is_ascii_alphabetic);
        if !ok {
            return Err(IdError::Brin(input.to_owned()));
        }
        let mut code = [0u8; 4];
        for (slot, byte) in code.iter_mut().zip(bytes) {
            *slot = byte.to_ascii_uppercase();
        }
        Ok(Brin(code))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Invariant: only ASCII digits and letters are stored.
        std::str::from_utf8(&self.0).expect("BRIN is ASCII")
    }
}

/// Vestigingscode: a BRIN plus a two-digit vestigingsnummer, such as `00AO01`.
/// Membership of a samenwerkingsverband is per vestiging (WPO art. 18a lid 2).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VestigingCode {
    brin: Brin,
    number: u8,
}

impl VestigingCode {
    /// Parses a six-character vestigingscode such as `00AO01`.
    pub fn parse(input: &str) -> Result<VestigingCode, IdError> {
        let trimmed = input.trim();
        let err = || IdError::Vestiging(input.to_owned());
        if trimmed.len() != 6 || !trimmed.is_ascii() {
            return Err(err());
        }
        let brin = Brin::parse(&trimmed[..4]).map_err(|_| err())?;
        let digits = &trimmed[4..];
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let number = digits.parse().map_err(|_| err())?;
        Ok(VestigingCode { brin, number })
    }

    /// Builds a code from a BRIN and a vestigingsnummer written with one or two
    /// digits, as the VO files that split the code do (`7` or `07`).
    pub fn from_parts(brin: &str, number: &str) -> Result<VestigingCode, IdError> {
        let err = || IdError::Vestiging(format!("{}{}", brin.trim(), number.trim()));
        let brin = Brin::parse(brin).map_err(|_| err())?;
        let digits = number.trim();
        if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let number = digits.parse().map_err(|_| err())?;
        Ok(VestigingCode { brin, number })
    }

    /// The BRIN of the instelling this vestiging belongs to.
    pub fn brin(&self) -> Brin {
        self.brin
    }

    /// The two-digit vestigingsnummer.
    pub fn number(&self) -> u8 {
        self.number
    }
}

/// Bevoegd-gezagnummer: DUO's number of a school board (bevoegd gezag).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct BoardNumber(u32);

impl BoardNumber {
    /// Parses a board number.
    pub fn parse(input: &str) -> Result<BoardNumber, IdError> {
        let trimmed = input.trim();
        if trimmed.is_empty() || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::Board(input.to_owned()));
        }
        trimmed
            .parse()
            .ok()
            .filter(|n| *n > 0)
            .map(BoardNumber)
            .ok_or_else(|| IdError::Board(input.to_owned()))
    }

    /// The number itself.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// Gemeentecode: CBS municipality code. DUO writes it with (`0106`) or without (`106`)
/// zero padding; both mean the same municipality. Displayed with four digits.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct GemeenteCode(u16);

impl GemeenteCode {
    /// Parses `106`, `0106` or `GM0106`.
    pub fn parse(input: &str) -> Result<GemeenteCode, IdError> {
        let trimmed = input.trim();
        let digits = trimmed
            .strip_prefix("GM")
            .or_else(|| trimmed.strip_prefix("gm"))
            .unwrap_or(trimmed);
        if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::Gemeente(input.to_owned()));
        }
        match digits.parse::<u16>() {
            Ok(n) if n > 0 => Ok(GemeenteCode(n)),
            _ => Err(IdError::Gemeente(input.to_owned())),
        }
    }

    /// The numeric code.
    pub fn get(self) -> u16 {
        self.0
    }
}

/// Postcode: four digits and two letters. Parsed from `1234 AB`, `1234AB` or `1234ab`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Postcode {
    pc4: Pc4,
    letters: [u8; 2],
}

impl Postcode {
    /// Parses a Dutch postcode.
    pub fn parse(input: &str) -> Result<Postcode, IdError> {
        let err = || IdError::Postcode(input.to_owned());
        let compact: Vec<u8> = input.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        if compact.len() != 6 {
            return Err(err());
        }
        let pc4 = std::str::from_utf8(&compact[..4])
            .ok()
            .and_then(|digits| Pc4::parse(digits).ok())
            .ok_or_else(err)?;
        let (a, b) = (compact[4], compact[5]);
        if !a.is_ascii_alphabetic() || !b.is_ascii_alphabetic() {
            return Err(err());
        }
        Ok(Postcode {
            pc4,
            letters: [a.to_ascii_uppercase(), b.to_ascii_uppercase()],
        })
    }

    /// The numeric part, which decides the samenwerkingsverband.
    pub fn pc4(&self) -> Pc4 {
        self.pc4
    }
}

/// PC4: the numeric part of a postcode. The Regeling regio-indeling assigns each PC4
/// to one PO and one VO samenwerkingsverband (BWBR0032324, bijlage).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Pc4(u16);

impl Pc4 {
    /// Parses four digits, 1000 to 9999.
    pub fn parse(input: &str) -> Result<Pc4, IdError> {
        let trimmed = input.trim();
        if trimmed.len() != 4 || !trimmed.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdError::Pc4(input.to_owned()));
        }
        Pc4::new(
            trimmed
                .parse()
                .map_err(|_| IdError::Pc4(input.to_owned()))?,
        )
        .ok_or_else(|| IdError::Pc4(input.to_owned()))
    }

    /// A PC4 from its number, if it lies in 1000..=9999.
    pub fn new(n: u16) -> Option<Pc4> {
        (1000..=9999).contains(&n).then_some(Pc4(n))
    }

    /// The number.
    pub fn get(self) -> u16 {
        self.0
    }
}

macro_rules! display_via {
    ($ty:ty, |$s:ident, $f:ident| $body:expr) => {
        impl fmt::Display for $ty {
            fn fmt(&self, $f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let $s = self;
                $body
            }
        }
        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(self, f)
            }
        }
    };
}

display_via!(Brin, |s, f| f.write_str(s.as_str()));
display_via!(VestigingCode, |s, f| write!(f, "{}{:02}", s.brin, s.number));
display_via!(Postcode, |s, f| write!(
    f,
    "{} {}{}",
    s.pc4,
    char::from(s.letters[0]),
    char::from(s.letters[1])
));

impl fmt::Display for BoardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl fmt::Display for GemeenteCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

impl fmt::Display for Pc4 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

macro_rules! from_str_via_parse {
    ($($ty:ty),*) => {$(
        impl FromStr for $ty {
            type Err = IdError;
            fn from_str(s: &str) -> Result<Self, IdError> {
                <$ty>::parse(s)
            }
        }
    )*};
}

from_str_via_parse!(
    Brin,
    VestigingCode,
    BoardNumber,
    GemeenteCode,
    Postcode,
    Pc4
);

#[cfg(test)]
mod tests;
