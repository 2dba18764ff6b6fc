//! Dutch presentation of numbers, percentages and dates: `1.464.167`, `2,4 %`,
//! `1 oktober 2025`. Shared by the pages and the command line.

use passend_core::pupils::PupilTotal;

/// A whole number with a dot between thousands.
pub fn number(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// A pupil total; suppressed counts are shown apart: `1.234 (+ 2 × <5)`.
pub fn total(t: PupilTotal) -> String {
    if t.suppressed == 0 {
        number(t.exact)
    } else {
        format!("{} (+ {} × <5)", number(t.exact), t.suppressed)
    }
}

/// A percentage with a decimal comma and the given number of decimals: `2,47 %`.
pub fn percent(p: f64, decimals: usize) -> String {
    format!("{:.*} %", decimals, p).replace('.', ",")
}

/// A distance or other decimal with a comma: `12,3`.
pub fn decimal(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}").replace('.', ",")
}

/// A timestamp as a Dutch date and time in the Netherlands' time zone is not known
/// offline; show UTC plainly: `28-11-2026 08:00 UTC`.
pub fn timestamp(ts: jiff::Timestamp) -> String {
    let dt = ts.to_zoned_datetime(jiff::tz::TimeZone::UTC).datetime();
    format!(
        "{:02}-{:02}-{} {:02}:{:02} UTC",
        dt.day(),
        dt.month(),
        dt.year(),
        dt.hour(),
        dt.minute()
    )
}

/// A date in Dutch: `1 augustus 2026`.
pub fn date(d: jiff::civil::Date) -> String {
    passend_core::pupils::Peildatum::new(d).dutch()
}

/// The text with its first letter in upper case (`kalenderjaar 2026` → `Kalenderjaar 2026`).
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_percentages_are_dutch() {
        assert_eq!(number(0), "0");
        assert_eq!(number(999), "999");
        assert_eq!(number(1000), "1.000");
        assert_eq!(number(1_464_167), "1.464.167");
        assert_eq!(percent(2.4666, 2), "2,47 %");
        assert_eq!(
            total(PupilTotal {
                exact: 1234,
                suppressed: 2
            }),
            "1.234 (+ 2 × <5)"
        );
        assert_eq!(
            timestamp("2026-11-28T08:05:00Z".parse().unwrap()),
            "28-11-2026 08:05 UTC"
        );
    }
}
