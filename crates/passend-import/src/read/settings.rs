//! The settings passend ships and an SWV adjusts: `instellingen/behoeften.csv` (the
//! support needs with their prevalence and shares per level) and
//! `instellingen/dekking.csv` (the distance thresholds per level and the detour factor)
//! and `instellingen/bewaartermijnen.csv` (how long data about a person is kept).
//!
//! Unlike a data file, a settings file has no row that can be skipped: a need left out
//! would vanish from every page and profile, and a threshold left out would silently
//! change every coverage figure. So every bad value here is an [`ImportError`] with its
//! line and column, and the import stops with the store as it was.
//!
//! The last column, `BRON`, is free text and may contain `;` (the shipped files cite
//! sources that way); the other columns are fixed, so the extra fields are joined back.

use std::collections::BTreeMap;

use passend_core::retention::{Category, Period, RetentionError, RetentionPolicy, Term};
use passend_core::support::{CoverageSettings, Need, NeedCode, SettingError, Taxonomy};

use crate::error::{ImportError, ImportErrorKind};
use crate::table::{self, Row, Table};
use crate::text::Encoding;

/// The header of `instellingen/behoeften.csv`.
pub const NEEDS_HEADER: &[&str] = &[
    "CODE",
    "NAAM",
    "DOMEIN",
    "DOMEINNAAM",
    "PREVALENTIE_PO",
    "PREVALENTIE_VO",
    "AANDEEL_EXTRA",
    "AANDEEL_SPECIALISTISCH",
    "BRON",
];

/// The header of `instellingen/dekking.csv`.
pub const COVERAGE_HEADER: &[&str] = &["SLEUTEL", "WAARDE", "BRON"];

/// The header of `instellingen/bewaartermijnen.csv`.
pub const RETENTION_HEADER: &[&str] = &["CATEGORIE", "TERMIJN", "BRON"];

/// What a need row says when its `BRON` is empty.
const NO_SOURCE: &str = "geen bron vermeld";

fn value_error(file: &str, row: &Row, table: &Table, index: usize, what: String) -> ImportError {
    ImportError::at(
        file,
        row.line,
        Some(table.column(index).to_owned()),
        ImportErrorKind::Setting(what),
    )
}

/// A number as people type it: `2,3`, `2.3`, `4`, optionally with ` %`.
pub(crate) fn parse_number(input: &str) -> Option<f64> {
    let trimmed = input.trim().trim_end_matches('%').trim_end();
    if trimmed.is_empty() || trimmed.contains(' ') {
        return None;
    }
    // One decimal separator at most; thousands separators have no place in a setting.
    if trimmed.matches([',', '.']).count() > 1 {
        return None;
    }
    let value: f64 = trimmed.replace(',', ".").parse().ok()?;
    value.is_finite().then_some(value)
}

/// Reads `instellingen/behoeften.csv` into a [`Taxonomy`]. Percentages (0–100, decimal
/// comma or point) become fractions (0–1).
pub fn read_needs(file: &str, bytes: &[u8]) -> Result<Taxonomy, ImportError> {
    let table = table::read_free_last(file, bytes, Encoding::Utf8, NEEDS_HEADER)?;
    if table.rows.is_empty() {
        return Err(ImportError::new(file, ImportErrorKind::Empty));
    }
    let mut needs = Vec::with_capacity(table.rows.len());
    let mut lines: BTreeMap<NeedCode, u64> = BTreeMap::new();
    for row in &table.rows {
        let code = NeedCode::parse(row.get(0))
            .map_err(|e| value_error(file, row, &table, 0, e.to_string()))?;
        if let Some(first) = lines.get(&code) {
            return Err(value_error(
                file,
                row,
                &table,
                0,
                format!("behoefte '{code}' staat er al in op regel {first}"),
            ));
        }
        lines.insert(code.clone(), row.line);
        let text = |index: usize| -> Result<String, ImportError> {
            row.opt(index).map(str::to_owned).ok_or_else(|| {
                value_error(
                    file,
                    row,
                    &table,
                    index,
                    format!("{} ontbreekt", table.column(index).to_lowercase()),
                )
            })
        };
        let percent = |index: usize| -> Result<f64, ImportError> {
            let raw = row.get(index);
            let value = parse_number(raw).ok_or_else(|| {
                value_error(
                    file,
                    row,
                    &table,
                    index,
                    format!("'{raw}' is geen getal; schrijf een percentage zoals 2,3 of 2.3"),
                )
            })?;
            if !(0.0..=100.0).contains(&value) {
                return Err(value_error(
                    file,
                    row,
                    &table,
                    index,
                    format!("{raw} ligt niet tussen 0 en 100 (een percentage)"),
                ));
            }
            Ok(value / 100.0)
        };
        let need = Need {
            code,
            label: text(1)?,
            domain: text(2)?,
            domain_label: text(3)?,
            prevalence_po: percent(4)?,
            prevalence_vo: percent(5)?,
            share_extra: percent(6)?,
            share_specialist: percent(7)?,
            source: row.opt(8).unwrap_or(NO_SOURCE).to_owned(),
        };
        // The rules of one need (the specialist share within the extra share) are the
        // Taxonomy's; asking it about this need alone ties its answer to this line.
        Taxonomy::new(vec![need.clone()])
            .map_err(|e| value_error(file, row, &table, 7, e.to_string()))?;
        needs.push(need);
    }
    // Codes are unique (checked above with their lines), so this cannot fail; should the
    // Taxonomy learn a new rule, its message still names the file.
    Taxonomy::new(needs)
        .map_err(|e| ImportError::new(file, ImportErrorKind::Setting(e.to_string())))
}

/// Reads `instellingen/dekking.csv` (`SLEUTEL;WAARDE;BRON`) over the defaults of
/// [`CoverageSettings`]; a key the file leaves out keeps its default. A header without
/// rows means: all defaults.
pub fn read_coverage(file: &str, bytes: &[u8]) -> Result<CoverageSettings, ImportError> {
    let table = table::read_free_last(file, bytes, Encoding::Utf8, COVERAGE_HEADER)?;
    let mut settings = CoverageSettings::default();
    let mut lines: BTreeMap<String, u64> = BTreeMap::new();
    for row in &table.rows {
        let key = row.get(0).to_lowercase();
        if let Some(first) = lines.get(&key) {
            return Err(value_error(
                file,
                row,
                &table,
                0,
                format!("sleutel '{key}' staat er al in op regel {first}"),
            ));
        }
        if !CoverageSettings::KEYS.contains(&key.as_str()) {
            let e = SettingError::UnknownKey(key);
            return Err(value_error(file, row, &table, 0, e.to_string()));
        }
        lines.insert(key.clone(), row.line);
        let raw = row.get(1);
        let value = parse_number(raw).ok_or_else(|| {
            value_error(
                file,
                row,
                &table,
                1,
                format!("'{raw}' is geen getal; schrijf bijvoorbeeld 6 of 1,3"),
            )
        })?;
        settings
            .set(&key, value, row.opt(2).unwrap_or(NO_SOURCE))
            .map_err(|e| value_error(file, row, &table, 1, e.to_string()))?;
    }
    Ok(settings)
}

/// Reads `instellingen/bewaartermijnen.csv` (`CATEGORIE;TERMIJN;BRON`). Unlike the
/// coverage settings there is no default to fall back on: every category must be in the
/// file once, with a term and a source, because a term nobody chose is not a term an SWV
/// can account for.
pub fn read_retention(file: &str, bytes: &[u8]) -> Result<RetentionPolicy, ImportError> {
    let table = table::read_free_last(file, bytes, Encoding::Utf8, RETENTION_HEADER)?;
    let mut lines: BTreeMap<Category, u64> = BTreeMap::new();
    let mut terms = Vec::new();
    for row in &table.rows {
        let category = Category::parse(row.get(0)).ok_or_else(|| {
            let e = RetentionError::UnknownCategory(row.get(0).to_owned());
            value_error(file, row, &table, 0, e.to_string())
        })?;
        if let Some(first) = lines.get(&category) {
            return Err(value_error(
                file,
                row,
                &table,
                0,
                format!("categorie '{category}' staat er al in op regel {first}"),
            ));
        }
        lines.insert(category, row.line);
        let period = Period::parse(row.get(1))
            .map_err(|e| value_error(file, row, &table, 1, e.to_string()))?;
        let source = row.opt(2).unwrap_or_default().trim().to_owned();
        if source.is_empty() {
            let e = RetentionError::NoSource(category);
            return Err(value_error(file, row, &table, 2, e.to_string()));
        }
        terms.push((category, Term { period, source }));
    }
    // Every row is checked above; what is left is a category the file leaves out.
    RetentionPolicy::new(terms)
        .map_err(|e| ImportError::new(file, ImportErrorKind::Setting(e.to_string())))
}

#[cfg(test)]
mod tests {
    use passend_core::support::Level;

    use super::*;

    const HEADER: &str = "CODE;NAAM;DOMEIN;DOMEINNAAM;PREVALENTIE_PO;PREVALENTIE_VO;AANDEEL_EXTRA;AANDEEL_SPECIALISTISCH;BRON\n";

    fn needs(rows: &str) -> Result<Taxonomy, ImportError> {
        read_needs(
            "instellingen/behoeften.csv",
            format!("{HEADER}{rows}").as_bytes(),
        )
    }

    fn err(result: Result<impl std::fmt::Debug, ImportError>) -> String {
        result.unwrap_err().to_string()
    }

    #[test]
    fn numbers_take_a_comma_or_a_point() {
        assert_eq!(parse_number("2,3"), Some(2.3));
        assert_eq!(parse_number(" 2.3 "), Some(2.3));
        assert_eq!(parse_number("4 %"), Some(4.0));
        assert_eq!(parse_number("1.000,5"), None);
        assert_eq!(parse_number("veel"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("inf"), None);
    }

    #[test]
    fn the_shipped_needs_file_reads_as_percentages_turned_into_fractions() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/instellingen/behoeften.csv"
        ))
        .unwrap();
        let taxonomy = read_needs("instellingen/behoeften.csv", &bytes).unwrap();
        assert_eq!(taxonomy.needs().len(), 15);
        let dyscalculie = taxonomy
            .need(&NeedCode::parse("dyscalculie").unwrap())
            .unwrap();
        assert!((dyscalculie.prevalence_po - 0.023).abs() < 1e-12);
        assert!((dyscalculie.share_extra - 0.25).abs() < 1e-12);
        assert_eq!(dyscalculie.domain_label, "Leren en ontwikkeling");
        assert!(dyscalculie.source.starts_with("2,3 % (NOS 2019"));
    }

    #[test]
    fn a_bom_and_a_missing_last_line_break_are_fine() {
        let t = read_needs(
            "f.csv",
            format!("\u{feff}{HEADER}adhd;ADHD;gedrag;Gedrag;3.6;3,6;30;5;").as_bytes(),
        )
        .unwrap();
        assert_eq!(t.needs()[0].source, "geen bron vermeld");
    }

    #[test]
    fn every_bad_need_value_is_an_error_at_its_line_and_column() {
        let ok = "dyslexie;Dyslexie;leren;Leren;4;7;25;1;bron\n";
        assert_eq!(
            err(needs(&format!(
                "{ok}Lang Ziek;Langdurig ziek;fysiek;Fysiek;1;1;40;15;\n"
            ))),
            "instellingen/behoeften.csv, regel 3, kolom CODE: ongeldige code 'Lang Ziek': gebruik kleine letters, cijfers en streepjes, ten hoogste 40 tekens"
        );
        assert_eq!(
            err(needs(&format!(
                "{ok}adhd;ADHD;gedrag;Gedrag;3,6;veel;30;5;\n"
            ))),
            "instellingen/behoeften.csv, regel 3, kolom PREVALENTIE_VO: 'veel' is geen getal; schrijf een percentage zoals 2,3 of 2.3"
        );
        assert_eq!(
            err(needs(&format!(
                "{ok}adhd;ADHD;gedrag;Gedrag;3,6;3,6;130;5;\n"
            ))),
            "instellingen/behoeften.csv, regel 3, kolom AANDEEL_EXTRA: 130 ligt niet tussen 0 en 100 (een percentage)"
        );
        assert_eq!(
            err(needs(&format!(
                "{ok}\nDyslexie;Dyslexie;leren;Leren;4;7;25;1;\n"
            ))),
            "instellingen/behoeften.csv, regel 4, kolom CODE: behoefte 'dyslexie' staat er al in op regel 2"
        );
        assert_eq!(
            err(needs(&format!(
                "{ok}adhd;ADHD;gedrag;Gedrag;3,6;3,6;5;30;\n"
            ))),
            "instellingen/behoeften.csv, regel 3, kolom AANDEEL_SPECIALISTISCH: behoefte 'adhd': het aandeel specialistisch kan niet groter zijn dan het aandeel extra (wie specialistisch onderwijs nodig heeft, heeft ook extra ondersteuning nodig)"
        );
        assert_eq!(
            err(needs(&format!("{ok}adhd;;gedrag;Gedrag;3,6;3,6;30;5;\n"))),
            "instellingen/behoeften.csv, regel 3, kolom NAAM: naam ontbreekt"
        );
        assert_eq!(
            err(needs("")),
            "instellingen/behoeften.csv: het bestand bevat geen gegevens"
        );
        assert_eq!(
            err(read_needs("f.csv", b"CODE;NAAM\nx;y\n")),
            "f.csv, regel 1, kolom 3: de kopregel klopt niet: verwacht 'DOMEIN', gevonden ''"
        );
    }

    #[test]
    fn the_shipped_coverage_file_matches_the_defaults() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/instellingen/dekking.csv"
        ))
        .unwrap();
        let s = read_coverage("instellingen/dekking.csv", &bytes).unwrap();
        let d = CoverageSettings::default();
        assert_eq!((s.threshold_km, s.detour), (d.threshold_km, d.detour));
        assert!(
            s.source("drempel_basis_km")
                .starts_with("Leerlingenvervoer")
        );
        assert_eq!(s.sources.len(), 4);
    }

    #[test]
    fn coverage_keys_left_out_keep_their_defaults() {
        let s = read_coverage(
            "f.csv",
            b"SLEUTEL;WAARDE;BRON\nDrempel_Extra_km;12,5;plan 2026\n",
        )
        .unwrap();
        assert_eq!(s.threshold(Level::Extra), 12.5);
        assert_eq!(s.threshold(Level::Basis), 6.0);
        assert_eq!(s.source("drempel_extra_km"), "plan 2026");
        assert_eq!(s.source("omrijfactor"), CoverageSettings::DEFAULT_SOURCE);
        let empty = read_coverage("f.csv", b"SLEUTEL;WAARDE;BRON\n").unwrap();
        assert_eq!(empty, CoverageSettings::default());
    }

    #[test]
    fn every_bad_coverage_value_is_an_error_at_its_line_and_column() {
        let cov = |rows: &str| {
            read_coverage(
                "instellingen/dekking.csv",
                format!("SLEUTEL;WAARDE;BRON\n{rows}").as_bytes(),
            )
        };
        assert_eq!(
            err(cov("drempel_basis;6;\n")),
            "instellingen/dekking.csv, regel 2, kolom SLEUTEL: onbekende sleutel 'drempel_basis': gebruik drempel_basis_km, drempel_extra_km, drempel_specialistisch_km of omrijfactor"
        );
        assert_eq!(
            err(cov(
                "drempel_basis_km;6;\nomrijfactor;1,3;\ndrempel_basis_km;7;\n"
            )),
            "instellingen/dekking.csv, regel 4, kolom SLEUTEL: sleutel 'drempel_basis_km' staat er al in op regel 2"
        );
        assert_eq!(
            err(cov("drempel_basis_km;zes;\n")),
            "instellingen/dekking.csv, regel 2, kolom WAARDE: 'zes' is geen getal; schrijf bijvoorbeeld 6 of 1,3"
        );
        assert_eq!(
            err(cov("drempel_basis_km;-6;\n")),
            "instellingen/dekking.csv, regel 2, kolom WAARDE: een drempel moet groter zijn dan 0 km en ten hoogste 200 km"
        );
        assert_eq!(
            err(cov("omrijfactor;0,8;\n")),
            "instellingen/dekking.csv, regel 2, kolom WAARDE: de omrijfactor moet tussen 1 en 3 liggen"
        );
    }

    #[test]
    fn the_shipped_retention_file_is_the_default_policy() {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../data/instellingen/bewaartermijnen.csv"
        ))
        .unwrap();
        let policy = read_retention("instellingen/bewaartermijnen.csv", &bytes).unwrap();
        assert_eq!(policy, RetentionPolicy::default());
    }

    #[test]
    fn a_retention_file_names_the_line_and_column_of_what_is_wrong() {
        let ret = |rows: &str| {
            read_retention(
                "instellingen/bewaartermijnen.csv",
                format!("CATEGORIE;TERMIJN;BRON\n{rows}").as_bytes(),
            )
        };
        let ok = "sessie;0 dagen;a\ngebruiker;6 maanden;b\nauditregel;7 jaar;c; met puntkomma\n";
        let policy = ret(ok).unwrap();
        assert_eq!(policy.term(Category::Gebruiker).period, Period::Maanden(6));
        assert_eq!(policy.term(Category::Auditregel).source, "c; met puntkomma");
        assert_eq!(
            err(ret("sessie;0 dagen;a\nleerling;3 jaar;WPO\n")),
            "instellingen/bewaartermijnen.csv, regel 3, kolom CATEGORIE: onbekende categorie 'leerling': gebruik sessie, gebruiker of auditregel"
        );
        assert_eq!(
            err(ret("sessie;0 dagen;a\nsessie;1 dag;b\n")),
            "instellingen/bewaartermijnen.csv, regel 3, kolom CATEGORIE: categorie 'sessie' staat er al in op regel 2"
        );
        assert_eq!(
            err(ret("sessie;drie jaar;a\n")),
            "instellingen/bewaartermijnen.csv, regel 2, kolom TERMIJN: 'drie jaar' is geen termijn; schrijf een getal en een eenheid, zoals 30 dagen, 6 maanden of 3 jaar"
        );
        assert_eq!(
            err(ret("sessie;1 dag;\n")),
            "instellingen/bewaartermijnen.csv, regel 2, kolom BRON: de bewaartermijn voor 'sessie' heeft geen bron; noem het wetsartikel of het besluit"
        );
        assert_eq!(
            err(ret("sessie;0 dagen;a\nauditregel;5 jaar;c\n")),
            "instellingen/bewaartermijnen.csv: de bewaartermijn voor 'gebruiker' ontbreekt"
        );
    }
}
