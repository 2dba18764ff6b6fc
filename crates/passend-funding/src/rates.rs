//! The amounts the formulas need, per calendar year, each with its source and status.
//!
//! No amount is hard-coded: they are read from `data/bekostiging/bedragen-<jaar>.toml`
//! (or given in a scenario) into [`Rates`]. A missing amount is an error that names the
//! amount, the year and the file; a projection from an earlier year happens only when
//! the caller asks for it with an explicit indexation percentage, and is labelled.

use std::collections::BTreeMap;
use std::fmt;

use passend_core::money::{Decimal, Money};

/// One amount the formulas use. The codes are the keys in the rates files.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum RateKey {
    /// Lichte ondersteuning per bo-leerling, PO (`L_po`).
    LichtePo,
    /// Zware ondersteuning per leerling, PO (`Z_po`, normbedrag).
    ZwarePo,
    /// Ondersteuningsbedrag per SBO pupil, deducted per SBO TLV (`O_sbo`).
    Sbo,
    /// SO amount per pupil of a bekostigingscategorie (`N_so`).
    So(Category),
    /// Regionale ondersteuning per VO pupil (`R_vo`).
    RegionaalVo,
    /// LWOO/PrO budget parameter per VO pupil (`B_lwoopro`), times the frozen 2012 percentage.
    LwooProVo,
    /// Aanvullende bekostiging LWOO/PrO per pupil that DUO pays the school boards directly.
    LwooProAanvullend,
    /// Zware ondersteuning per leerling, VO (`Z_vo`, normbedrag).
    ZwareVo,
    /// VSO amount per pupil of a bekostigingscategorie (`N_vso`).
    Vso(Category),
    /// Before 2023: the SWV's transfer per SBO pupil above 2 % (WPO art. 124 lid 2, personeel).
    SboOverdracht,
    /// Before 2023: the transfer per SBO pupil of growth between 1 October and 1 February
    /// (WPO art. 124 lid 1, personeel).
    SboGroei,
}

/// Bekostigingscategorie of an SO/VSO pupil, recorded in the TLV (domain-rules §3.4).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Category {
    /// Categorie 1, laag (ZMLK, LZ, cluster 4).
    Laag,
    /// Categorie 2, midden (LG).
    Midden,
    /// Categorie 3, hoog (MG, EMB).
    Hoog,
}

impl Category {
    /// All three, low to high.
    pub const ALL: [Category; 3] = [Category::Laag, Category::Midden, Category::Hoog];

    /// Stable code: `laag`, `midden`, `hoog`.
    pub fn code(self) -> &'static str {
        match self {
            Category::Laag => "laag",
            Category::Midden => "midden",
            Category::Hoog => "hoog",
        }
    }

    /// Dutch label with the category number.
    pub fn label(self) -> &'static str {
        match self {
            Category::Laag => "categorie 1 (laag)",
            Category::Midden => "categorie 2 (midden)",
            Category::Hoog => "categorie 3 (hoog)",
        }
    }

    /// Parses a code (`laag`, `1`, `categorie 1` …).
    pub fn parse(input: &str) -> Option<Category> {
        match input.trim().to_lowercase().as_str() {
            "laag" | "1" | "categorie 1" | "cat1" => Some(Category::Laag),
            "midden" | "2" | "categorie 2" | "cat2" => Some(Category::Midden),
            "hoog" | "3" | "categorie 3" | "cat3" => Some(Category::Hoog),
            _ => None,
        }
    }

    /// Position in arrays indexed by category.
    pub fn index(self) -> usize {
        self as usize
    }
}

impl RateKey {
    /// Every key, in the order rates files list them.
    pub const ALL: [RateKey; 15] = [
        RateKey::LichtePo,
        RateKey::ZwarePo,
        RateKey::Sbo,
        RateKey::So(Category::Laag),
        RateKey::So(Category::Midden),
        RateKey::So(Category::Hoog),
        RateKey::RegionaalVo,
        RateKey::LwooProVo,
        RateKey::LwooProAanvullend,
        RateKey::ZwareVo,
        RateKey::Vso(Category::Laag),
        RateKey::Vso(Category::Midden),
        RateKey::Vso(Category::Hoog),
        RateKey::SboOverdracht,
        RateKey::SboGroei,
    ];

    /// The code in rates and scenario files.
    pub fn code(self) -> &'static str {
        match self {
            RateKey::LichtePo => "lichte_po",
            RateKey::ZwarePo => "zware_po",
            RateKey::Sbo => "sbo",
            RateKey::So(Category::Laag) => "so_laag",
            RateKey::So(Category::Midden) => "so_midden",
            RateKey::So(Category::Hoog) => "so_hoog",
            RateKey::RegionaalVo => "regionaal_vo",
            RateKey::LwooProVo => "lwoo_pro_vo",
            RateKey::LwooProAanvullend => "lwoo_pro_aanvullend",
            RateKey::ZwareVo => "zware_vo",
            RateKey::Vso(Category::Laag) => "vso_laag",
            RateKey::Vso(Category::Midden) => "vso_midden",
            RateKey::Vso(Category::Hoog) => "vso_hoog",
            RateKey::SboOverdracht => "sbo_overdracht",
            RateKey::SboGroei => "sbo_groei",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<RateKey> {
        RateKey::ALL.into_iter().find(|k| k.code() == code.trim())
    }

    /// The Dutch name, with the symbol the reference uses.
    pub fn label(self) -> &'static str {
        match self {
            RateKey::LichtePo => "lichte ondersteuning per bo-leerling (L_po)",
            RateKey::ZwarePo => "zware ondersteuning per leerling, po (Z_po)",
            RateKey::Sbo => "ondersteuningsbedrag per sbo-leerling (O_sbo)",
            RateKey::So(Category::Laag) => "so-bedrag categorie 1 (laag)",
            RateKey::So(Category::Midden) => "so-bedrag categorie 2 (midden)",
            RateKey::So(Category::Hoog) => "so-bedrag categorie 3 (hoog)",
            RateKey::RegionaalVo => "regionale ondersteuning per vo-leerling (R_vo)",
            RateKey::LwooProVo => "lwoo/pro-budget per vo-leerling (B_lwoopro)",
            RateKey::LwooProAanvullend => "aanvullende bekostiging lwoo/pro per leerling",
            RateKey::ZwareVo => "zware ondersteuning per leerling, vo (Z_vo)",
            RateKey::Vso(Category::Laag) => "vso-bedrag categorie 1 (laag)",
            RateKey::Vso(Category::Midden) => "vso-bedrag categorie 2 (midden)",
            RateKey::Vso(Category::Hoog) => "vso-bedrag categorie 3 (hoog)",
            RateKey::SboOverdracht => "overdracht per sbo-leerling boven 2 % (tot 2023)",
            RateKey::SboGroei => "overdracht per sbo-groeileerling (tot 2023)",
        }
    }
}

impl fmt::Display for RateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// How far an amount can be trusted.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RateStatus {
    /// Read in a regeling or on a DUO page.
    Official,
    /// Quoted by a sector body or printed by an SWV; not checked against the regeling.
    Reported,
    /// An assumption someone entered (a scenario, a draft budget).
    Assumed,
    /// Computed from an earlier year's amount with an indexation percentage the user chose.
    Projected {
        /// The year the amount was taken from.
        from_year: i16,
        /// The yearly indexation, in percent.
        percent: Decimal,
        /// Whether the amount it was projected from was itself an assumption.
        from_assumption: bool,
    },
}

impl RateStatus {
    /// The code in rates files (`officieel`, `gerapporteerd`, `aanname`).
    pub fn code(self) -> &'static str {
        match self {
            RateStatus::Official => "officieel",
            RateStatus::Reported => "gerapporteerd",
            RateStatus::Assumed => "aanname",
            RateStatus::Projected { .. } => "geprojecteerd",
        }
    }

    /// Parses a file status; `geprojecteerd` cannot be written in a file.
    pub fn parse(code: &str) -> Option<RateStatus> {
        match code.trim() {
            "officieel" => Some(RateStatus::Official),
            "gerapporteerd" => Some(RateStatus::Reported),
            "aanname" => Some(RateStatus::Assumed),
            _ => None,
        }
    }

    /// Dutch description for people.
    pub fn label(self) -> String {
        match self {
            RateStatus::Official => "officieel".into(),
            RateStatus::Reported => "gerapporteerd, niet getoetst aan de regeling".into(),
            RateStatus::Assumed => "aanname".into(),
            RateStatus::Projected {
                from_year,
                percent,
                from_assumption,
            } => format!(
                "geprojecteerd vanuit {}{from_year} met {} % indexatie per jaar",
                if from_assumption {
                    "een aanname voor "
                } else {
                    ""
                },
                passend_core::money::dutch_number(percent.normalize(), percent.normalize().scale())
            ),
        }
    }

    /// Whether the amount is less than official or reported (shown as a warning).
    pub fn is_uncertain(self) -> bool {
        matches!(self, RateStatus::Assumed | RateStatus::Projected { .. })
    }
}

/// One amount with where it comes from.
#[derive(Clone, PartialEq, Debug)]
pub struct Rate {
    /// The amount.
    pub amount: Money,
    /// How far it can be trusted.
    pub status: RateStatus,
    /// The source, in words (`PO-Raad, korting samenwerkingsverbanden 2023`).
    pub source: String,
    /// The source's address, when there is one.
    pub url: Option<String>,
    /// A note: version (voorlopig/definitief), teldatum, caveats.
    pub note: Option<String>,
}

/// The amounts of one year, as one rates file gives them.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct YearRates {
    /// What the year covers, in words (`kalenderjaar 2024`, `schooljaar 2015/2016`).
    pub period: String,
    /// Where the amounts were read (the file path shown in errors).
    pub file: String,
    /// The amounts.
    pub rates: BTreeMap<RateKey, Rate>,
}

/// All known amounts, per year.
#[derive(Clone, PartialEq, Debug, Default)]
pub struct Rates {
    /// The folder the rates files are in, for the "add it to" hint.
    pub folder: String,
    /// Per year.
    pub years: BTreeMap<i16, YearRates>,
}

/// An amount that is not there.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct MissingRate {
    /// Which amount.
    pub key: RateKey,
    /// For which year.
    pub year: i16,
    /// The file to add it to.
    pub file: String,
    /// Whether a projection was asked for but there was no amount to project from.
    pub projection_tried: bool,
}

impl fmt::Display for MissingRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.projection_tried {
            write!(
                f,
                "het bedrag '{}' ontbreekt voor {}, en er is geen bedrag vanaf 2023 om uit te projecteren; voeg het toe aan {} (code '{}') of geef het op in een scenario",
                self.key.label(),
                self.year,
                self.file,
                self.key.code()
            )
        } else {
            write!(
                f,
                "het bedrag '{}' ontbreekt voor {}; voeg het toe aan {} (code '{}'), geef het op in een scenario, of vraag om een projectie met een indexatiepercentage",
                self.key.label(),
                self.year,
                self.file,
                self.key.code()
            )
        }
    }
}

/// How to look amounts up: as given, or projected from the last known year.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub enum Projection {
    /// Only amounts that are in the files or the scenario.
    #[default]
    None,
    /// A missing amount is the last known amount times `(1 + percent/100)` per year.
    Indexed(Decimal),
}

impl Rates {
    /// The file a year's amounts belong in.
    pub fn file_for(&self, year: i16) -> String {
        match self.years.get(&year) {
            Some(y) if !y.file.is_empty() => y.file.clone(),
            _ if self.folder.is_empty() => format!("bedragen-{year}.toml"),
            _ => format!("{}/bedragen-{year}.toml", self.folder.trim_end_matches('/')),
        }
    }

    /// Sets (or replaces) one amount.
    pub fn set(&mut self, year: i16, key: RateKey, rate: Rate) {
        let file = self.file_for(year);
        let entry = self.years.entry(year).or_insert_with(|| YearRates {
            period: format!("kalenderjaar {year}"),
            file,
            rates: BTreeMap::new(),
        });
        entry.rates.insert(key, rate);
    }

    /// The amount for a year, projected only when `projection` asks for it.
    ///
    /// A projection multiplies the newest earlier amount by the compound factor and
    /// rounds once, half up to the cent.
    pub fn get(
        &self,
        year: i16,
        key: RateKey,
        projection: Projection,
    ) -> Result<Rate, MissingRate> {
        if let Some(rate) = self.years.get(&year).and_then(|y| y.rates.get(&key)) {
            return Ok(rate.clone());
        }
        let missing = |projection_tried| MissingRate {
            key,
            year,
            file: self.file_for(year),
            projection_tried,
        };
        let Projection::Indexed(percent) = projection else {
            return Err(missing(false));
        };
        let (&from_year, base) = self
            .years
            .range(..year)
            .rev()
            .find_map(|(y, r)| r.rates.get(&key).map(|rate| (y, rate)))
            // Only calendar-year amounts (2023 on) are a base: older ones are
            // personnel-only school-year amounts of another system (domain-rules §4.4).
            .filter(|(y, _)| **y >= crate::formula::CALENDAR_YEAR_FUNDING_FROM)
            .ok_or_else(|| missing(true))?;
        let step = Decimal::ONE + percent / Decimal::ONE_HUNDRED;
        let mut factor = Decimal::ONE;
        for _ in from_year..year {
            factor *= step;
        }
        Ok(Rate {
            amount: Money::round_half_up(base.amount.scaled(factor)),
            status: RateStatus::Projected {
                from_year,
                percent,
                from_assumption: base.status.is_uncertain(),
            },
            source: base.source.clone(),
            url: base.url.clone(),
            note: Some(format!(
                "{} ({}) × {} jaar indexatie",
                base.amount.dutch(),
                from_year,
                year - from_year
            )),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(cents: i64) -> Rate {
        Rate {
            amount: Money::from_cents(cents),
            status: RateStatus::Reported,
            source: "test".into(),
            url: None,
            note: None,
        }
    }

    #[test]
    fn every_code_round_trips() {
        for key in RateKey::ALL {
            assert_eq!(RateKey::parse(key.code()), Some(key));
        }
        assert_eq!(RateKey::parse("zwaar"), None);
    }

    #[test]
    fn a_missing_amount_names_amount_year_and_file() {
        let mut rates = Rates {
            folder: "data/bekostiging".into(),
            ..Rates::default()
        };
        rates.set(2024, RateKey::Sbo, rate(663_452));
        let err = rates.get(2025, RateKey::Sbo, Projection::None).unwrap_err();
        assert_eq!(err.file, "data/bekostiging/bedragen-2025.toml");
        let text = err.to_string();
        assert!(
            text.contains("ondersteuningsbedrag per sbo-leerling"),
            "{text}"
        );
        assert!(text.contains("2025"), "{text}");
        assert!(
            text.contains("data/bekostiging/bedragen-2025.toml"),
            "{text}"
        );
    }

    #[test]
    fn projection_only_when_asked_compounded_and_rounded_once() {
        let mut rates = Rates::default();
        rates.set(2024, RateKey::Sbo, rate(663_452));
        let pct: Decimal = "2.5".parse().unwrap();
        let projected = rates
            .get(2026, RateKey::Sbo, Projection::Indexed(pct))
            .unwrap();
        // 6634.52 × 1.025² = 6970.3925… → 6970.39
        assert_eq!(projected.amount, Money::from_cents(697_039));
        assert_eq!(
            projected.status,
            RateStatus::Projected {
                from_year: 2024,
                percent: pct,
                from_assumption: false
            }
        );
        assert!(
            projected
                .status
                .label()
                .contains("geprojecteerd vanuit 2024")
        );
    }

    #[test]
    fn school_year_amounts_before_2023_are_never_a_projection_base() {
        let mut rates = Rates::default();
        rates.set(2015, RateKey::LichtePo, rate(15_661));
        let err = rates
            .get(2025, RateKey::LichtePo, Projection::Indexed(Decimal::ONE))
            .unwrap_err();
        assert!(err.projection_tried);
        assert!(
            err.to_string()
                .contains("er is geen bedrag vanaf 2023 om uit te projecteren"),
            "{err}"
        );
    }
}
