//! Why a budget cannot be computed, in Dutch for the person who has to fix it.

use std::fmt;

use crate::rates::MissingRate;

/// A budget that cannot be computed. Nothing is computed halfway: the caller gets
/// either a whole budget or this error.
#[derive(Clone, PartialEq, Debug)]
pub enum FundingError {
    /// Amounts that are not in the rates files or the scenario (all of them at once).
    MissingRates(Vec<MissingRate>),
    /// An input only the SWV can give.
    MissingInput {
        /// What is missing.
        what: String,
        /// For which year.
        year: i16,
        /// Where to give it.
        hint: String,
    },
    /// An input that cannot be right (a fixed amount larger than the budget, a share
    /// above 100 %).
    Invalid(String),
}

impl fmt::Display for FundingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FundingError::MissingRates(missing) if missing.len() == 1 => {
                write!(f, "{}", missing[0])
            }
            FundingError::MissingRates(missing) => {
                write!(f, "{} bedragen ontbreken:", missing.len())?;
                for m in missing {
                    write!(
                        f,
                        "\n  - '{}' voor {} (code '{}' in {}){}",
                        m.key.label(),
                        m.year,
                        m.key.code(),
                        m.file,
                        if m.projection_tried {
                            "; er is geen bedrag vanaf 2023 om uit te projecteren"
                        } else {
                            ""
                        }
                    )?;
                }
                if missing.iter().all(|m| m.projection_tried) {
                    write!(
                        f,
                        "\nVoeg ze toe aan die bestanden of geef ze op in een scenario."
                    )
                } else {
                    write!(
                        f,
                        "\nVoeg ze toe aan die bestanden, geef ze op in een scenario, of vraag om een projectie vanuit het laatst bekende jaar met een indexatiepercentage."
                    )
                }
            }
            FundingError::MissingInput { what, year, hint } => {
                write!(f, "voor {year} ontbreekt {what}; {hint}")
            }
            FundingError::Invalid(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for FundingError {}
