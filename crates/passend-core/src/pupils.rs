//! Pupil counts with their peildatum, including DUO's privacy-suppressed `<5`.

use std::fmt;

use jiff::civil::Date;

/// Peildatum (teldatum): the date a pupil count refers to. DUO counts pupils on
/// 1 October of each school year; funding of SWVs since 2023 uses 1 February.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Peildatum(Date);

impl Peildatum {
    /// A peildatum on a given date.
    pub fn new(date: Date) -> Peildatum {
        Peildatum(date)
    }

    /// 1 October of `year`: DUO's teldatum for the school year `year`-`year+1`.
    pub fn october_first(year: i16) -> Peildatum {
        Peildatum(Date::constant(year, 10, 1))
    }

    /// Checked version of [`Peildatum::october_first`] for years read from files.
    pub fn try_october_first(year: i16) -> Option<Peildatum> {
        Date::new(year, 10, 1).ok().map(Peildatum)
    }

    /// The date.
    pub fn date(self) -> Date {
        self.0
    }

    /// The calendar year of the date.
    pub fn year(self) -> i16 {
        self.0.year()
    }

    /// Dutch display: `1 oktober 2025`.
    pub fn dutch(self) -> String {
        const MONTHS: [&str; 12] = [
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ];
        let month = MONTHS[usize::try_from(self.0.month() - 1).unwrap_or(0)];
        format!("{} {} {}", self.0.day(), month, self.0.year())
    }
}

impl fmt::Display for Peildatum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// One pupil count as published: an exact number, or `<5` (suppressed by DUO for
/// privacy: the true value is 1 to 4).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum PupilCount {
    /// The exact number.
    Exact(u32),
    /// Suppressed, published as `<5`.
    Suppressed,
}

/// Why a count could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("ongeldig leerlingaantal '{0}': verwacht een geheel getal of <5")]
pub struct PupilCountError(pub String);

impl PupilCount {
    /// Parses `123`, `<5` or an empty (space-padded) field, which gives `None`.
    pub fn parse(input: &str) -> Result<Option<PupilCount>, PupilCountError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Ok(None);
        }
        if trimmed.replace(' ', "") == "<5" {
            return Ok(Some(PupilCount::Suppressed));
        }
        trimmed
            .parse()
            .map(|n| Some(PupilCount::Exact(n)))
            .map_err(|_| PupilCountError(input.to_owned()))
    }

    /// The exact number, or `None` when suppressed.
    pub fn exact(self) -> Option<u32> {
        match self {
            PupilCount::Exact(n) => Some(n),
            PupilCount::Suppressed => None,
        }
    }

    /// Whether any pupils are counted (a suppressed count is 1 to 4).
    pub fn is_positive(self) -> bool {
        match self {
            PupilCount::Exact(n) => n > 0,
            PupilCount::Suppressed => true,
        }
    }

    /// Encoding for storage: the number, or -1 for `<5`.
    pub fn to_stored(self) -> i64 {
        match self {
            PupilCount::Exact(n) => i64::from(n),
            PupilCount::Suppressed => -1,
        }
    }

    /// Decodes [`PupilCount::to_stored`].
    pub fn from_stored(value: i64) -> Option<PupilCount> {
        match value {
            -1 => Some(PupilCount::Suppressed),
            n => u32::try_from(n).ok().map(PupilCount::Exact),
        }
    }
}

impl fmt::Display for PupilCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PupilCount::Exact(n) => write!(f, "{n}"),
            PupilCount::Suppressed => f.write_str("<5"),
        }
    }
}

/// A sum of counts that keeps the suppressed ones apart, so that a total is never
/// presented as more exact than it is.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct PupilTotal {
    /// The sum of the exact counts.
    pub exact: u64,
    /// How many counts were `<5` (each 1 to 4 pupils, not in `exact`).
    pub suppressed: u32,
}

impl PupilTotal {
    /// Adds one count.
    pub fn add(&mut self, count: PupilCount) {
        match count {
            PupilCount::Exact(n) => self.exact += u64::from(n),
            PupilCount::Suppressed => self.suppressed += 1,
        }
    }

    /// Adds another total.
    pub fn merge(&mut self, other: PupilTotal) {
        self.exact += other.exact;
        self.suppressed += other.suppressed;
    }

    /// The smallest possible true total (each `<5` is at least 1).
    pub fn min(self) -> u64 {
        self.exact + u64::from(self.suppressed)
    }

    /// The largest possible true total (each `<5` is at most 4).
    pub fn max(self) -> u64 {
        self.exact + 4 * u64::from(self.suppressed)
    }
}

impl std::iter::FromIterator<PupilCount> for PupilTotal {
    fn from_iter<I: IntoIterator<Item = PupilCount>>(iter: I) -> PupilTotal {
        let mut total = PupilTotal::default();
        for count in iter {
            total.add(count);
        }
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_parse_as_published() {
        assert_eq!(PupilCount::parse("123"), Ok(Some(PupilCount::Exact(123))));
        assert_eq!(PupilCount::parse("<5"), Ok(Some(PupilCount::Suppressed)));
        assert_eq!(PupilCount::parse(" < 5 "), Ok(Some(PupilCount::Suppressed)));
        assert_eq!(PupilCount::parse("   "), Ok(None));
        assert_eq!(PupilCount::parse("0"), Ok(Some(PupilCount::Exact(0))));
        assert!(PupilCount::parse("-3").is_err());
        assert!(PupilCount::parse("12,5").is_err());
    }

    #[test]
    fn totals_keep_suppressed_counts_apart() {
        let total: PupilTotal = [
            PupilCount::Exact(10),
            PupilCount::Suppressed,
            PupilCount::Exact(5),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            total,
            PupilTotal {
                exact: 15,
                suppressed: 1
            }
        );
        assert_eq!((total.min(), total.max()), (16, 19));
    }

    #[test]
    fn stored_counts_round_trip() {
        for count in [
            PupilCount::Exact(0),
            PupilCount::Exact(1200),
            PupilCount::Suppressed,
        ] {
            assert_eq!(PupilCount::from_stored(count.to_stored()), Some(count));
        }
        assert_eq!(PupilCount::from_stored(-7), None);
    }

    #[test]
    fn peildatum_in_dutch() {
        assert_eq!(Peildatum::october_first(2025).dutch(), "1 oktober 2025");
    }
}
