//! Retention (bewaartermijnen): how long passend keeps data about a person, counted from
//! which moment, and what happens when the term has passed.
//!
//! Every kind of record about a person is a [`Category`]. A category fixes the moment the
//! clock starts (a session's end, the day an account was disabled, the moment of an audit
//! entry) and what happens when the term is over ([`Disposal`]); the length of the term
//! and its legal source are configuration (`instellingen/bewaartermijnen.csv`), because
//! an SWV sets them in its privacyreglement within what the law allows.
//!
//! The law gives one fixed term for pupil data: WPO art. 18a lid 13 and WVO art. 17a
//! lid 13 keep health data for three years after the TLV decision, advice or allocation.
//! The records that fall under it arrive with the requests and TLVs; each brings its own
//! category here. The categories of today (accounts, sessions, the audit log) have no
//! term in law, only the general rule of AVG art. 5 lid 1 onder e (opslagbeperking):
//! no longer than needed.

use std::fmt;

use jiff::{Span, Timestamp, tz::TimeZone};

/// A kind of record about a person with its own retention term.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    /// A login session: who was logged in, until when.
    Sessie,
    /// A user account that has been disabled.
    Gebruiker,
    /// One entry in the audit log.
    Auditregel,
}

/// What happens to a record whose term has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Disposal {
    /// The record is deleted.
    Verwijderen,
    /// What identifies the person is removed; the record stays, so that references to it
    /// (an entry in the audit log, later a decision) keep pointing somewhere.
    Anonimiseren,
}

impl Category {
    /// Every category, in file order.
    pub const ALL: [Category; 3] = [Category::Sessie, Category::Gebruiker, Category::Auditregel];

    /// The code in the settings file.
    pub fn code(self) -> &'static str {
        match self {
            Category::Sessie => "sessie",
            Category::Gebruiker => "gebruiker",
            Category::Auditregel => "auditregel",
        }
    }

    /// The category of a code (any case, surrounding spaces ignored).
    pub fn parse(code: &str) -> Option<Category> {
        let code = code.trim().to_lowercase();
        Category::ALL.into_iter().find(|c| c.code() == code)
    }

    /// What the records are, in Dutch.
    pub fn what(self) -> &'static str {
        match self {
            Category::Sessie => "inlogsessies",
            Category::Gebruiker => "uitgeschakelde gebruikersaccounts",
            Category::Auditregel => "regels in het auditlog",
        }
    }

    /// From which moment the term counts, in Dutch.
    pub fn counted_from(self) -> &'static str {
        match self {
            Category::Sessie => "vanaf het einde van de sessie",
            Category::Gebruiker => "vanaf het uitschakelen van het account",
            Category::Auditregel => "vanaf het moment van de regel",
        }
    }

    /// What happens when the term has passed.
    pub fn disposal(self) -> Disposal {
        match self {
            Category::Sessie | Category::Auditregel => Disposal::Verwijderen,
            Category::Gebruiker => Disposal::Anonimiseren,
        }
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Disposal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Disposal::Verwijderen => "verwijderen",
            Disposal::Anonimiseren => "anonimiseren",
        })
    }
}

/// The length of a term: whole days, months or years, as a privacyreglement states it.
/// Months and years are calendar months and years (in UTC): three years from
/// 29 February end on 1 March.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    /// Days.
    Dagen(u32),
    /// Calendar months.
    Maanden(u32),
    /// Calendar years.
    Jaren(u32),
}

/// Why a retention setting is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RetentionError {
    /// Not a period passend can read.
    #[error(
        "'{0}' is geen termijn; schrijf een getal en een eenheid, zoals 30 dagen, 6 maanden of 3 jaar"
    )]
    Period(String),
    /// A period longer than any privacyreglement would set.
    #[error("'{0}' is te lang; een bewaartermijn is ten hoogste 100 jaar")]
    TooLong(String),
    /// An unknown category.
    #[error("onbekende categorie '{0}': gebruik sessie, gebruiker of auditregel")]
    UnknownCategory(String),
    /// A term without a source.
    #[error("de bewaartermijn voor '{0}' heeft geen bron; noem het wetsartikel of het besluit")]
    NoSource(Category),
    /// A category the settings do not give.
    #[error("de bewaartermijn voor '{0}' ontbreekt")]
    Missing(Category),
}

impl Period {
    /// Reads `30 dagen`, `1 dag`, `6 maanden`, `1 maand`, `3 jaar`, `2 weken`, up to
    /// 100 years. Weeks are stored as days.
    pub fn parse(input: &str) -> Result<Period, RetentionError> {
        let text = input.trim().to_lowercase();
        let bad = || RetentionError::Period(input.trim().to_owned());
        let mut parts = text.split_whitespace();
        let (Some(number), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(bad());
        };
        if number.len() > 6 || !number.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        let n: u32 = number.parse().map_err(|_| bad())?;
        let period = match unit {
            "dag" | "dagen" => Period::Dagen(n),
            "week" | "weken" => Period::Dagen(n.checked_mul(7).ok_or_else(bad)?),
            "maand" | "maanden" => Period::Maanden(n),
            "jaar" | "jaren" => Period::Jaren(n),
            _ => return Err(bad()),
        };
        let too_long = match period {
            Period::Dagen(d) => d > 36_525,
            Period::Maanden(m) => m > 1_200,
            Period::Jaren(y) => y > 100,
        };
        if too_long {
            return Err(RetentionError::TooLong(input.trim().to_owned()));
        }
        Ok(period)
    }

    /// The moment this period after `from` ends. Saturates at the largest timestamp
    /// jiff can hold, which no bounded period reaches from a real date.
    pub fn after(self, from: Timestamp) -> Timestamp {
        let span = match self {
            Period::Dagen(d) => Span::new().days(i64::from(d)),
            Period::Maanden(m) => Span::new().months(i64::from(m)),
            Period::Jaren(y) => Span::new().years(i64::from(y)),
        };
        from.to_zoned_datetime(TimeZone::UTC)
            .checked_add(span)
            .map_or(Timestamp::MAX, |z| z.timestamp())
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::Dagen(1) => f.write_str("1 dag"),
            Period::Dagen(d) => write!(f, "{d} dagen"),
            Period::Maanden(1) => f.write_str("1 maand"),
            Period::Maanden(m) => write!(f, "{m} maanden"),
            Period::Jaren(y) => write!(f, "{y} jaar"),
        }
    }
}

/// One term with where it comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// How long.
    pub period: Period,
    /// The law, the privacyreglement or the decision that sets it, in Dutch.
    pub source: String,
}

/// The terms of every category.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetentionPolicy {
    terms: [Term; 3],
}

impl RetentionPolicy {
    /// A policy from one term per category; every category must be given once, and
    /// every term must have a source.
    pub fn new(
        terms: impl IntoIterator<Item = (Category, Term)>,
    ) -> Result<RetentionPolicy, RetentionError> {
        let mut slots: [Option<Term>; 3] = [None, None, None];
        for (category, term) in terms {
            if term.source.trim().is_empty() {
                return Err(RetentionError::NoSource(category));
            }
            slots[index(category)] = Some(term);
        }
        let [a, b, c] = slots;
        let take = |t: Option<Term>, c: Category| t.ok_or(RetentionError::Missing(c));
        Ok(RetentionPolicy {
            terms: [
                take(a, Category::Sessie)?,
                take(b, Category::Gebruiker)?,
                take(c, Category::Auditregel)?,
            ],
        })
    }

    /// The term of a category.
    pub fn term(&self, category: Category) -> &Term {
        &self.terms[index(category)]
    }

    /// Every category with its term, in file order.
    pub fn terms(&self) -> impl Iterator<Item = (Category, &Term)> {
        Category::ALL.into_iter().map(|c| (c, self.term(c)))
    }

    /// From when a record of `category` whose clock started at `from` must be gone.
    pub fn due(&self, category: Category, from: Timestamp) -> Timestamp {
        self.term(category).period.after(from)
    }
}

impl Default for RetentionPolicy {
    /// The terms of the shipped `instellingen/bewaartermijnen.csv`: a session goes as soon
    /// as it has ended, a disabled account is anonymised after a year, an audit entry is
    /// kept five years.
    fn default() -> RetentionPolicy {
        let term = |period, source: &str| Term {
            period,
            source: source.to_owned(),
        };
        RetentionPolicy {
            terms: [
                term(Period::Dagen(0), DEFAULT_SOURCES[0]),
                term(Period::Jaren(1), DEFAULT_SOURCES[1]),
                term(Period::Jaren(5), DEFAULT_SOURCES[2]),
            ],
        }
    }
}

/// The sources of the default terms, the same text as the shipped file.
const DEFAULT_SOURCES: [&str; 3] = [
    "AVG art. 5 lid 1 onder e (opslagbeperking): een verlopen of beëindigde sessie is nergens meer voor nodig",
    "AVG art. 5 lid 1 onder e (opslagbeperking); beleid van het samenwerkingsverband: binnen een jaar kan een uitgeschakeld account nog terugkomen",
    "AVG art. 5 lid 1 onder e en art. 15 (recht op inzage); beleid van het samenwerkingsverband: langer dan de 3 jaar die WPO art. 18a lid 13 en WVO art. 17a lid 13 na een besluit geven, zodat een ouder ziet wie het dossier inzag zolang het bestond",
];

fn index(category: Category) -> usize {
    match category {
        Category::Sessie => 0,
        Category::Gebruiker => 1,
        Category::Auditregel => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn periods_read_as_people_write_them() {
        assert_eq!(Period::parse("30 dagen"), Ok(Period::Dagen(30)));
        assert_eq!(Period::parse(" 1 Dag "), Ok(Period::Dagen(1)));
        assert_eq!(Period::parse("2 weken"), Ok(Period::Dagen(14)));
        assert_eq!(Period::parse("6 maanden"), Ok(Period::Maanden(6)));
        assert_eq!(Period::parse("3 jaar"), Ok(Period::Jaren(3)));
        assert_eq!(Period::parse("0 dagen"), Ok(Period::Dagen(0)));
        for bad in [
            "",
            "3",
            "jaar",
            "drie jaar",
            "-1 jaar",
            "3 eeuwen",
            "3 jaar lang",
            "1.5 jaar",
        ] {
            assert_eq!(
                Period::parse(bad),
                Err(RetentionError::Period(bad.trim().to_owned())),
                "{bad}"
            );
        }
        assert_eq!(
            Period::parse("101 jaar"),
            Err(RetentionError::TooLong("101 jaar".to_owned()))
        );
        assert!(Period::parse("99999999999 dagen").is_err());
        for p in ["1 dag", "30 dagen", "1 maand", "6 maanden", "3 jaar"] {
            assert_eq!(Period::parse(p).unwrap().to_string(), p);
        }
    }

    #[test]
    fn calendar_arithmetic_in_utc() {
        let from = ts("2024-02-29T10:00:00Z");
        assert_eq!(Period::Jaren(3).after(from), ts("2027-02-28T10:00:00Z"));
        assert_eq!(Period::Jaren(4).after(from), ts("2028-02-29T10:00:00Z"));
        assert_eq!(
            Period::Maanden(1).after(ts("2026-01-31T00:00:00Z")),
            ts("2026-02-28T00:00:00Z")
        );
        assert_eq!(Period::Dagen(0).after(from), from);
        assert_eq!(Period::Dagen(30).after(from), ts("2024-03-30T10:00:00Z"));
    }

    #[test]
    fn a_policy_needs_every_category_with_a_source() {
        let term = |s: &str| Term {
            period: Period::Jaren(1),
            source: s.to_owned(),
        };
        assert_eq!(
            RetentionPolicy::new([
                (Category::Sessie, term("x")),
                (Category::Gebruiker, term("y"))
            ]),
            Err(RetentionError::Missing(Category::Auditregel))
        );
        assert_eq!(
            RetentionPolicy::new([(Category::Sessie, term(" "))]),
            Err(RetentionError::NoSource(Category::Sessie))
        );
        let p = RetentionPolicy::new(Category::ALL.map(|c| (c, term("bron")))).unwrap();
        assert_eq!(
            p.due(Category::Gebruiker, ts("2026-01-01T00:00:00Z")),
            ts("2027-01-01T00:00:00Z")
        );
        assert_eq!(Category::parse(" AuditRegel"), Some(Category::Auditregel));
        assert_eq!(Category::parse("leerling"), None);
    }

    #[test]
    fn defaults_keep_sessions_no_longer_than_they_last() {
        let p = RetentionPolicy::default();
        let t = ts("2026-11-28T12:00:00Z");
        assert_eq!(p.due(Category::Sessie, t), t);
        assert_eq!(p.due(Category::Auditregel, t), ts("2031-11-28T12:00:00Z"));
        assert_eq!(Category::Gebruiker.disposal(), Disposal::Anonimiseren);
        assert!(p.terms().all(|(_, t)| !t.source.is_empty()));
    }
}
