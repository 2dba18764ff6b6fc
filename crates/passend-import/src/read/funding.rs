//! The funding files: the amounts per year (`data/bekostiging/bedragen-<jaar>.toml`) and
//! a budget scenario (TOML or JSON, the same fields), as `docs/begroting.md` documents.
//!
//! Both formats are read into one tree and checked field by field: an unknown field, a
//! negative count, an unknown category or a malformed amount is an error that names the
//! file and the field (`jaren.2025.so_tlv.laag`), and nothing is returned.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use passend_core::ids::{BoardNumber, VestigingCode};
use passend_core::money::{Decimal, Money};
use passend_core::swv::{Sector, SwvCode};
use passend_funding::allocation::{Basis, Model, Pot, PotSize, School};
use passend_funding::rates::{Category, Rate, RateKey, RateStatus, Rates, YearRates};
use passend_funding::scenario::{ParticipationPath, Reserves, Scenario, YearCounts};

use super::geo::json_error;
use crate::error::{ImportError, ImportErrorKind};
use crate::text::{Encoding, decode};

/// The folder of the rates files inside the data directory.
pub const RATES_FOLDER: &str = "bekostiging";

/// Reads every `bedragen-<jaar>.toml` in `folder` (a path shown in errors, e.g.
/// `data/bekostiging`). `files` are (file name, bytes).
pub fn read_rates(folder: &str, files: &[(String, Vec<u8>)]) -> Result<Rates, ImportError> {
    let mut rates = Rates {
        folder: folder.to_owned(),
        years: BTreeMap::new(),
    };
    for (name, bytes) in files {
        let file = format!("{}/{name}", folder.trim_end_matches('/'));
        let year_in_name = name
            .strip_prefix("bedragen-")
            .and_then(|n| n.strip_suffix(".toml"))
            .and_then(|n| n.parse::<i16>().ok())
            .ok_or_else(|| {
                ImportError::new(
                    &file,
                    ImportErrorKind::Format(
                        "een bedragenbestand heet bedragen-<jaar>.toml, bijvoorbeeld bedragen-2025.toml"
                            .into(),
                    ),
                )
            })?;
        let root = parse_tree(&file, bytes, Format::Toml)?;
        let r = Reader { file: &file };
        let obj = r.object(&root, "")?;
        r.only(obj, "", &["jaar", "periode", "bedrag"])?;
        let year = r.year_value(obj.get("jaar"), "jaar")?;
        if year != year_in_name {
            return Err(r.fail(
                "jaar",
                format!("het bestand heet {name}, maar noemt jaar {year}"),
            ));
        }
        let period = match obj.get("periode") {
            Some(v) => r.text(v, "periode")?,
            None => format!("kalenderjaar {year}"),
        };
        let mut year_rates = YearRates {
            period,
            file: file.clone(),
            rates: BTreeMap::new(),
        };
        let items = match obj.get("bedrag") {
            None => &Vec::new(),
            Some(Value::Array(items)) => items,
            Some(_) => return Err(r.fail("bedrag", "verwacht een lijst [[bedrag]]".into())),
        };
        for (i, item) in items.iter().enumerate() {
            let path = format!("bedrag[{}]", i + 1);
            let o = r.object(item, &path)?;
            r.only(
                o,
                &path,
                &["code", "bedrag", "status", "bron", "url", "toelichting"],
            )?;
            let key = r.rate_key(o.get("code"), &format!("{path}.code"))?;
            if year_rates.rates.contains_key(&key) {
                return Err(r.fail(
                    &format!("{path}.code"),
                    format!("'{}' staat twee keer in dit bestand", key.code()),
                ));
            }
            let rate = r.rate_fields(o, &path, None)?;
            year_rates.rates.insert(key, rate);
        }
        rates.years.insert(year, year_rates);
    }
    Ok(rates)
}

/// A scenario file's format.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    /// TOML.
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// By file name: `.json` is JSON, everything else TOML.
    pub fn of(file: &str) -> Format {
        if file.to_ascii_lowercase().ends_with(".json") {
            Format::Json
        } else {
            Format::Toml
        }
    }
}

const TOP_KEYS: [&str; 14] = [
    "naam",
    "swv",
    "naam_swv",
    "sector",
    "indexatie",
    "bedragen_procent",
    "lwoo_pro_percentage_2012",
    "deelname",
    "reserve",
    "verdeling",
    "jaren",
    "bedragen",
    "scholen",
    "toelichting",
];

/// Reads a budget scenario.
pub fn read_budget_scenario(
    file: &str,
    bytes: &[u8],
    format: Format,
) -> Result<Scenario, ImportError> {
    let root = parse_tree(file, bytes, format)?;
    let r = Reader { file };
    let obj = r.object(&root, "")?;
    r.only(obj, "", &TOP_KEYS)?;
    let mut s = Scenario {
        origin: file.to_owned(),
        ..Scenario::default()
    };
    if let Some(v) = obj.get("naam") {
        s.name = r.text(v, "naam")?;
    } else {
        // Without a name the scenario is called after its file, everywhere it shows.
        let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
        s.name = base
            .strip_suffix(".toml")
            .or_else(|| base.strip_suffix(".json"))
            .unwrap_or(base)
            .to_owned();
    }
    if let Some(v) = obj.get("swv") {
        let text = r.text(v, "swv")?;
        s.swv = Some(SwvCode::parse(&text).map_err(|e| r.fail("swv", e.to_string()))?);
    }
    if let Some(v) = obj.get("naam_swv") {
        s.swv_name = Some(r.text(v, "naam_swv")?);
    }
    if let Some(v) = obj.get("sector") {
        let text = r.text(v, "sector")?;
        let sector = Sector::parse(&text).ok_or_else(|| {
            r.fail(
                "sector",
                format!("onbekende sector '{text}': kies po of vo"),
            )
        })?;
        if let Some(swv) = s.swv.filter(|swv| swv.sector() != sector) {
            return Err(r.fail(
                "sector",
                format!(
                    "{swv} is een samenwerkingsverband voor {}, maar de sector is '{text}'",
                    swv.sector().label()
                ),
            ));
        }
        s.sector = Some(sector);
    }
    s.indexation = r.opt_percent(obj.get("indexatie"), "indexatie", -50, 50)?;
    s.rates_change_percent =
        r.opt_percent(obj.get("bedragen_procent"), "bedragen_procent", -50, 100)?;
    s.lwoo_pro_percentage_2012 = r.opt_percent(
        obj.get("lwoo_pro_percentage_2012"),
        "lwoo_pro_percentage_2012",
        0,
        100,
    )?;
    if let Some(v) = obj.get("deelname") {
        let o = r.object(v, "deelname")?;
        let keys = [
            "sbo_procentpunt_per_jaar",
            "so_procentpunt_per_jaar",
            "vso_procentpunt_per_jaar",
        ];
        r.only(o, "deelname", &keys)?;
        let get = |k: &str| -> Result<Decimal, ImportError> {
            Ok(r.opt_percent(o.get(k), &format!("deelname.{k}"), -10, 10)?
                .unwrap_or_default())
        };
        s.participation = ParticipationPath {
            sbo_points_per_year: get(keys[0])?,
            so_points_per_year: get(keys[1])?,
            vso_points_per_year: get(keys[2])?,
        };
    }
    if let Some(v) = obj.get("reserve") {
        let o = r.object(v, "reserve")?;
        r.only(
            o,
            "reserve",
            &["eigen_vermogen", "overige_baten", "resultaat_per_jaar"],
        )?;
        s.reserves = Reserves {
            equity: o
                .get("eigen_vermogen")
                .map(|v| r.money(v, "reserve.eigen_vermogen"))
                .transpose()?,
            other_income: o
                .get("overige_baten")
                .map(|v| r.money(v, "reserve.overige_baten"))
                .transpose()?
                .unwrap_or_default(),
            result_per_year: o
                .get("resultaat_per_jaar")
                .map(|v| r.money(v, "reserve.resultaat_per_jaar"))
                .transpose()?
                .unwrap_or_default(),
        };
        if s.reserves.other_income.is_negative() {
            return Err(r.fail(
                "reserve.overige_baten",
                "overige baten zijn niet negatief".into(),
            ));
        }
    }
    if let Some(v) = obj.get("verdeling") {
        s.allocation = Some(r.allocation(v)?);
    }
    if let Some(v) = obj.get("jaren") {
        let o = r.object(v, "jaren")?;
        for (year_text, counts) in o {
            let path = format!("jaren.{year_text}");
            let year = r.year_text(year_text, &path)?;
            s.years.insert(year, r.year_counts(counts, &path)?);
        }
    }
    if let Some(v) = obj.get("bedragen") {
        let o = r.object(v, "bedragen")?;
        let source = format!(
            "scenario '{}' ({file})",
            if s.name.is_empty() {
                "zonder naam"
            } else {
                &s.name
            }
        );
        for (year_text, amounts) in o {
            let path = format!("bedragen.{year_text}");
            let year = r.year_text(year_text, &path)?;
            for (code, value) in r.object(amounts, &path)? {
                let p = format!("{path}.{code}");
                let key = r.rate_key(Some(&Value::String(code.clone())), &p)?;
                let rate = match value {
                    Value::Object(o) => {
                        r.only(o, &p, &["bedrag", "status", "bron", "url", "toelichting"])?;
                        r.rate_fields(o, &p, Some(&source))?
                    }
                    other => Rate {
                        amount: r.amount(other, &p)?,
                        status: RateStatus::Assumed,
                        source: source.clone(),
                        url: None,
                        note: None,
                    },
                };
                s.rates.push((year, key, rate));
            }
        }
    }
    if let Some(v) = obj.get("scholen") {
        let Value::Array(items) = v else {
            return Err(r.fail("scholen", "verwacht een lijst [[scholen]]".into()));
        };
        for (i, item) in items.iter().enumerate() {
            s.schools
                .push(r.school(item, &format!("scholen[{}]", i + 1))?);
        }
        if s.swv.is_some() && !s.schools.is_empty() {
            return Err(r.fail(
                "scholen",
                "scholen opgeven kan alleen voor een samenwerkingsverband buiten het register; de scholen van een swv komen uit het register".into(),
            ));
        }
    }
    // A scenario without `swv` and `sector` is fine for an SWV given on the command
    // line or the page; for a fictional SWV the computation asks for the sector.
    Ok(s)
}

fn parse_tree(file: &str, bytes: &[u8], format: Format) -> Result<Value, ImportError> {
    let text = decode(file, bytes, Encoding::Utf8)?;
    match format {
        Format::Json => serde_json::from_str(&text).map_err(|e| json_error(file, &e)),
        Format::Toml => {
            let table: toml::Table = toml::from_str(&text).map_err(|e| {
                let line = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1);
                ImportError {
                    file: file.to_owned(),
                    line,
                    column: None,
                    kind: ImportErrorKind::Format(
                        "ongeldige TOML: hier klopt de opbouw niet (aanhalingsteken, haakje, '=' of een dubbele sleutel)".into(),
                    ),
                }
            })?;
            serde_json::to_value(table).map_err(|_| {
                ImportError::new(
                    file,
                    ImportErrorKind::Format(
                        "de TOML bevat een waarde die passend niet kent (een datum?)".into(),
                    ),
                )
            })
        }
    }
}

struct Reader<'a> {
    file: &'a str,
}

impl Reader<'_> {
    fn fail(&self, path: &str, message: String) -> ImportError {
        let mut e = ImportError::new(self.file, ImportErrorKind::Format(message));
        e.column = Some(if path.is_empty() {
            "(hoofdniveau)".to_owned()
        } else {
            path.to_owned()
        });
        e
    }

    fn object<'v>(&self, v: &'v Value, path: &str) -> Result<&'v Map<String, Value>, ImportError> {
        match v {
            Value::Object(o) => Ok(o),
            _ => Err(self.fail(path, "verwacht een tabel met velden".into())),
        }
    }

    fn only(&self, o: &Map<String, Value>, path: &str, keys: &[&str]) -> Result<(), ImportError> {
        match o.keys().find(|k| !keys.contains(&k.as_str())) {
            Some(k) => Err(self.fail(
                &join(path, k),
                format!("onbekend veld '{k}'; hier kan: {}", keys.join(", ")),
            )),
            None => Ok(()),
        }
    }

    fn text(&self, v: &Value, path: &str) -> Result<String, ImportError> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_owned()),
            _ => Err(self.fail(path, "verwacht een niet-lege tekst".into())),
        }
    }

    fn decimal(&self, v: &Value, path: &str) -> Result<Decimal, ImportError> {
        let text = match v {
            Value::String(s) => s.trim().replace(',', "."),
            Value::Number(n) => n.to_string(),
            _ => return Err(self.fail(path, format!("verwacht een getal, gevonden {v}"))),
        };
        text.parse::<Decimal>()
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|_| self.fail(path, format!("'{text}' is geen getal")))
    }

    fn opt_percent(
        &self,
        v: Option<&Value>,
        path: &str,
        min: i64,
        max: i64,
    ) -> Result<Option<Decimal>, ImportError> {
        let Some(v) = v else { return Ok(None) };
        let d = self.decimal(v, path)?;
        if d < Decimal::from(min) || d > Decimal::from(max) {
            return Err(self.fail(
                path,
                format!("{d} % valt buiten {min} tot {max} %; is het een typefout?"),
            ));
        }
        Ok(Some(d))
    }

    fn money(&self, v: &Value, path: &str) -> Result<Money, ImportError> {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return Err(self.fail(path, format!("verwacht een bedrag, gevonden {v}"))),
        };
        Money::parse(&text).map_err(|e| self.fail(path, e.to_string()))
    }

    /// A non-negative amount per pupil.
    fn amount(&self, v: &Value, path: &str) -> Result<Money, ImportError> {
        let m = self.money(v, path)?;
        if m.is_negative() {
            return Err(self.fail(
                path,
                format!("een bedrag per leerling is niet negatief ({})", m.dutch()),
            ));
        }
        Ok(m)
    }

    fn count(&self, v: &Value, path: &str) -> Result<u64, ImportError> {
        match v {
            Value::Number(n) => n.as_u64().ok_or_else(|| {
                self.fail(
                    path,
                    format!("verwacht een geheel aantal van 0 of meer, gevonden {n}"),
                )
            }),
            _ => Err(self.fail(path, format!("verwacht een geheel aantal, gevonden {v}"))),
        }
    }

    fn year_value(&self, v: Option<&Value>, path: &str) -> Result<i16, ImportError> {
        match v {
            Some(Value::Number(n)) => n
                .as_i64()
                .and_then(|y| i16::try_from(y).ok())
                .filter(|y| (1990..=2100).contains(y))
                .ok_or_else(|| self.fail(path, format!("'{n}' is geen jaar"))),
            Some(other) => Err(self.fail(path, format!("verwacht een jaar, gevonden {other}"))),
            None => Err(self.fail(path, "het jaar ontbreekt".into())),
        }
    }

    fn year_text(&self, text: &str, path: &str) -> Result<i16, ImportError> {
        text.parse::<i16>()
            .ok()
            .filter(|y| (1990..=2100).contains(y))
            .ok_or_else(|| self.fail(path, format!("'{text}' is geen jaar")))
    }

    fn rate_key(&self, v: Option<&Value>, path: &str) -> Result<RateKey, ImportError> {
        let code = match v {
            Some(Value::String(s)) => s.trim(),
            _ => return Err(self.fail(path, "de code van het bedrag ontbreekt".into())),
        };
        RateKey::parse(code).ok_or_else(|| {
            let codes: Vec<&str> = RateKey::ALL.iter().map(|k| k.code()).collect();
            self.fail(
                path,
                format!("onbekend bedrag '{code}'; kies uit {}", codes.join(", ")),
            )
        })
    }

    fn rate_fields(
        &self,
        o: &Map<String, Value>,
        path: &str,
        default_source: Option<&str>,
    ) -> Result<Rate, ImportError> {
        let amount = match o.get("bedrag") {
            Some(v) => self.amount(v, &join(path, "bedrag"))?,
            None => return Err(self.fail(&join(path, "bedrag"), "het bedrag ontbreekt".into())),
        };
        let status = match o.get("status") {
            Some(v) => {
                let text = self.text(v, &join(path, "status"))?;
                RateStatus::parse(&text).ok_or_else(|| {
                    self.fail(
                        &join(path, "status"),
                        format!(
                            "onbekende status '{text}': kies officieel, gerapporteerd of aanname"
                        ),
                    )
                })?
            }
            None if default_source.is_some() => RateStatus::Assumed,
            None => return Err(self.fail(&join(path, "status"), "de status ontbreekt".into())),
        };
        let source = match (o.get("bron"), default_source) {
            (Some(v), _) => self.text(v, &join(path, "bron"))?,
            (None, Some(d)) => d.to_owned(),
            (None, None) => {
                return Err(self.fail(
                    &join(path, "bron"),
                    "de bron ontbreekt: elk bedrag heeft een bron".into(),
                ));
            }
        };
        Ok(Rate {
            amount,
            status,
            source,
            url: o
                .get("url")
                .map(|v| self.text(v, &join(path, "url")))
                .transpose()?,
            note: o
                .get("toelichting")
                .map(|v| self.text(v, &join(path, "toelichting")))
                .transpose()?,
        })
    }

    fn categories(&self, v: &Value, path: &str) -> Result<[Option<u64>; 3], ImportError> {
        let o = self.object(v, path)?;
        let mut out = [None; 3];
        for (k, value) in o {
            let category = Category::parse(k).ok_or_else(|| {
                self.fail(
                    &join(path, k),
                    format!("onbekende categorie '{k}': kies laag, midden of hoog"),
                )
            })?;
            out[category.index()] = Some(self.count(value, &join(path, k))?);
        }
        Ok(out)
    }

    fn year_counts(&self, v: &Value, path: &str) -> Result<YearCounts, ImportError> {
        const KEYS: [&str; 10] = [
            "bo",
            "sbo_leerlingen",
            "sbo_leerlingen_1_februari",
            "vo",
            "sbo_tlv",
            "so_tlv",
            "vso_tlv",
            "lwoo_pro_leerlingen",
            "correctiebedrag",
            "toelichting",
        ];
        let o = self.object(v, path)?;
        self.only(o, path, &KEYS)?;
        let count = |k: &str| -> Result<Option<u64>, ImportError> {
            o.get(k).map(|v| self.count(v, &join(path, k))).transpose()
        };
        Ok(YearCounts {
            bo: count("bo")?,
            sbo_pupils: count("sbo_leerlingen")?,
            sbo_february: count("sbo_leerlingen_1_februari")?,
            vo: count("vo")?,
            sbo_tlv: count("sbo_tlv")?,
            so_tlv: o
                .get("so_tlv")
                .map(|v| self.categories(v, &join(path, "so_tlv")))
                .transpose()?
                .unwrap_or_default(),
            vso_tlv: o
                .get("vso_tlv")
                .map(|v| self.categories(v, &join(path, "vso_tlv")))
                .transpose()?
                .unwrap_or_default(),
            lwoo_pro_pupils: count("lwoo_pro_leerlingen")?,
            correction: o
                .get("correctiebedrag")
                .map(|v| self.money(v, &join(path, "correctiebedrag")))
                .transpose()?,
        })
    }

    fn allocation(&self, v: &Value) -> Result<Model, ImportError> {
        let path = "verdeling";
        let o = self.object(v, path)?;
        self.only(
            o,
            path,
            &[
                "scholen_procent",
                "vaste_voet",
                "grondslag",
                "gewichten",
                "potje",
            ],
        )?;
        let mut model = Model::default();
        if let Some(p) = self.opt_percent(
            o.get("scholen_procent"),
            "verdeling.scholen_procent",
            0,
            100,
        )? {
            model.schools_percent = p;
        }
        if let Some(v) = o.get("vaste_voet") {
            model.fixed_per_school = self.amount(v, "verdeling.vaste_voet")?;
        }
        if let Some(v) = o.get("grondslag") {
            model.basis = match self.text(v, "verdeling.grondslag")?.as_str() {
                "leerlingen" => Basis::Pupils,
                "gewogen_leerlingen" => Basis::WeightedPupils,
                other => {
                    return Err(self.fail(
                        "verdeling.grondslag",
                        format!(
                            "onbekende grondslag '{other}': kies leerlingen of gewogen_leerlingen"
                        ),
                    ));
                }
            };
        }
        if let Some(v) = o.get("gewichten") {
            let kinds = ["bao", "sbo", "vo", "pro"];
            let w = self.object(v, "verdeling.gewichten")?;
            self.only(w, "verdeling.gewichten", &kinds)?;
            for (kind, value) in w {
                let p = format!("verdeling.gewichten.{kind}");
                let d = self.decimal(value, &p)?;
                if d < Decimal::ZERO || d > Decimal::from(100) {
                    return Err(
                        self.fail(&p, format!("een gewicht ligt tussen 0 en 100, niet {d}"))
                    );
                }
                model.weights.insert(kind.clone(), d);
            }
        }
        if let Some(v) = o.get("potje") {
            let Value::Array(items) = v else {
                return Err(self.fail(
                    "verdeling.potje",
                    "verwacht een lijst [[verdeling.potje]]".into(),
                ));
            };
            for (i, item) in items.iter().enumerate() {
                let p = format!("verdeling.potje[{}]", i + 1);
                let po = self.object(item, &p)?;
                self.only(po, &p, &["naam", "bedrag", "procent"])?;
                let name = match po.get("naam") {
                    Some(v) => self.text(v, &join(&p, "naam"))?,
                    None => return Err(self.fail(&join(&p, "naam"), "de naam ontbreekt".into())),
                };
                let size = match (po.get("bedrag"), po.get("procent")) {
                    (Some(v), None) => PotSize::Amount(self.amount(v, &join(&p, "bedrag"))?),
                    (None, Some(v)) => PotSize::Percent(
                        self.opt_percent(Some(v), &join(&p, "procent"), 0, 100)?
                            .unwrap_or_default(),
                    ),
                    _ => {
                        return Err(self.fail(
                            &p,
                            "geef een potje een 'bedrag' of een 'procent', niet allebei of geen van beide".into(),
                        ));
                    }
                };
                model.pots.push(Pot { name, size });
            }
        }
        Ok(model)
    }

    fn school(&self, v: &Value, path: &str) -> Result<School, ImportError> {
        let o = self.object(v, path)?;
        self.only(
            o,
            path,
            &["vestiging", "naam", "bestuur", "soort", "leerlingen"],
        )?;
        let code_text = match o.get("vestiging") {
            Some(v) => self.text(v, &join(path, "vestiging"))?,
            None => {
                return Err(self.fail(
                    &join(path, "vestiging"),
                    "de vestigingscode ontbreekt".into(),
                ));
            }
        };
        let code = VestigingCode::parse(&code_text)
            .map_err(|e| self.fail(&join(path, "vestiging"), e.to_string()))?;
        let board = match o.get("bestuur") {
            None => None,
            Some(Value::Number(n)) => Some(
                BoardNumber::parse(&n.to_string())
                    .map_err(|e| self.fail(&join(path, "bestuur"), e.to_string()))?,
            ),
            Some(Value::String(s)) => Some(
                BoardNumber::parse(s)
                    .map_err(|e| self.fail(&join(path, "bestuur"), e.to_string()))?,
            ),
            Some(other) => {
                return Err(self.fail(
                    &join(path, "bestuur"),
                    format!("verwacht een bestuursnummer, gevonden {other}"),
                ));
            }
        };
        let kind = match o.get("soort") {
            Some(v) => self.text(v, &join(path, "soort"))?,
            None => "bao".to_owned(),
        };
        if !["bao", "sbo", "vo", "pro"].contains(&kind.as_str()) {
            return Err(self.fail(
                &join(path, "soort"),
                format!("onbekende soort '{kind}': kies bao, sbo, vo of pro"),
            ));
        }
        Ok(School {
            code,
            name: match o.get("naam") {
                Some(v) => self.text(v, &join(path, "naam"))?,
                None => code_text,
            },
            board,
            kind,
            pupils: match o.get("leerlingen") {
                Some(v) => self.count(v, &join(path, "leerlingen"))?,
                None => {
                    return Err(self.fail(
                        &join(path, "leerlingen"),
                        "het aantal leerlingen ontbreekt".into(),
                    ));
                }
            },
        })
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests;
