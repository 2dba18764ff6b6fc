//! The geocoded school points (GeoJSON) and GeoNames' PC4 points (JSON).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use passend_core::geo::LatLon;
use passend_core::ids::{Pc4, Postcode, VestigingCode};
use passend_core::school::{SchoolKind, VoStructure};

use crate::error::{ImportError, ImportErrorKind};
use crate::issues::Issues;
use crate::text::{Encoding, decode};

#[derive(Deserialize)]
struct FeatureCollection {
    #[serde(rename = "type")]
    kind: String,
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Option<Geometry>,
}

#[derive(Deserialize)]
struct Properties {
    naam: Option<String>,
    #[serde(rename = "type")]
    kind: Option<String>,
    denominatie: Option<String>,
    internetadres: Option<String>,
    straat: Option<String>,
    huisnummer: Option<Value>,
    huisletter: Option<Value>,
    huisnummertoevoeging: Option<Value>,
    postcode: Option<String>,
    plaats: Option<String>,
    gemeente: Option<String>,
    provincie: Option<String>,
    brin_nummer: Option<String>,
    vestigingscode: Option<String>,
    leerlingen: Option<Value>,
}

#[derive(Deserialize)]
struct Geometry {
    #[serde(rename = "type")]
    kind: String,
    coordinates: Vec<f64>,
}

/// One school point.
#[derive(Clone, Debug)]
pub struct GeoSchool {
    /// 1-based position of the feature in the file.
    pub index: usize,
    /// The vestiging.
    pub code: VestigingCode,
    /// Name.
    pub name: String,
    /// Kind from `type` (basisschool, SBAO, SO, VSO, (V)SO, or a VO structure).
    pub kind: Option<SchoolKind>,
    /// Denominatie.
    pub denominatie: Option<String>,
    /// Website.
    pub website: Option<String>,
    /// Street and house number.
    pub street: Option<String>,
    /// Postcode.
    pub postcode: Option<Postcode>,
    /// Place.
    pub place: Option<String>,
    /// Municipality (upper case).
    pub gemeente: Option<String>,
    /// Province.
    pub province: Option<String>,
    /// Pupils (peildatum 1 October 2023; the author counted `<5` as 2).
    pub pupils: Option<u32>,
    /// The BAG address point.
    pub point: Option<LatLon>,
}

/// The kind in the geo file's `type`.
fn geo_kind(value: &str) -> Option<SchoolKind> {
    match value.trim() {
        "basisschool" => Some(SchoolKind::Bao),
        "SBAO" => Some(SchoolKind::Sbo),
        "SO" => Some(SchoolKind::So),
        "VSO" => Some(SchoolKind::Vso),
        "(V)SO" => Some(SchoolKind::SoVso),
        other => VoStructure::parse(other).map(SchoolKind::from_vo_structure),
    }
}

fn text(value: Option<String>) -> Option<String> {
    value.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn value_text(value: &Option<Value>) -> String {
    match value {
        Some(Value::String(s)) => s.trim().to_owned(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

pub(crate) fn json_error(file: &str, e: &serde_json::Error) -> ImportError {
    // serde_json's own text is English and repeats the position, which the error
    // already gives as line and column; say in Dutch what kind of fault it is.
    let message = match e.classify() {
        serde_json::error::Category::Eof => {
            "het bestand houdt midden in de JSON op; is het afgebroken?"
        }
        serde_json::error::Category::Syntax => {
            "ongeldige JSON: hier klopt de opbouw niet (haakje, komma of aanhalingsteken)"
        }
        serde_json::error::Category::Data => {
            "de JSON heeft niet de verwachte vorm: een veld ontbreekt of heeft het verkeerde type"
        }
        serde_json::error::Category::Io => "het bestand kan niet worden gelezen",
    };
    ImportError::at(
        file,
        e.line() as u64,
        Some(e.column().to_string()),
        ImportErrorKind::Format(message.to_owned()),
    )
}

/// Reads the GeoJSON of school points.
pub fn read_geo_schools(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<Vec<GeoSchool>, ImportError> {
    let text_content = decode(file, bytes, Encoding::Utf8)?;
    let collection: FeatureCollection =
        serde_json::from_str(&text_content).map_err(|e| json_error(file, &e))?;
    if collection.kind != "FeatureCollection" {
        return Err(ImportError::new(
            file,
            ImportErrorKind::Format(format!(
                "verwacht een GeoJSON FeatureCollection, gevonden type '{}'",
                collection.kind
            )),
        ));
    }
    if collection.features.is_empty() {
        return Err(ImportError::new(file, ImportErrorKind::Empty));
    }
    let mut out = Vec::with_capacity(collection.features.len());
    for (i, feature) in collection.features.into_iter().enumerate() {
        let index = i + 1;
        let p = feature.properties;
        let raw_code = p.vestigingscode.clone().unwrap_or_default();
        let code = match VestigingCode::parse(&raw_code) {
            Ok(code) => code,
            Err(e) => {
                issues.invalid_in(
                    file,
                    &format!("object {index}, veld vestigingscode"),
                    None,
                    format!("{e}; object overgeslagen"),
                );
                continue;
            }
        };
        let mut invalid = |field: &str, what: String| {
            issues.invalid_in(
                file,
                &format!("object {index}, veld {field}"),
                Some(code),
                what,
            );
        };
        if let Some(brin) = &p.brin_nummer
            && !brin.trim().eq_ignore_ascii_case(code.brin().as_str())
        {
            invalid(
                "brin_nummer",
                format!("'{brin}' hoort niet bij vestigingscode {code}"),
            );
        }
        let kind = match p.kind.as_deref() {
            Some(k) => {
                let kind = geo_kind(k);
                if kind.is_none() {
                    invalid("type", format!("onbekende soort '{k}'"));
                }
                kind
            }
            None => None,
        };
        let postcode = match text(p.postcode) {
            Some(pc) => match Postcode::parse(&pc) {
                Ok(pc) => Some(pc),
                Err(e) => {
                    invalid("postcode", e.to_string());
                    None
                }
            },
            None => None,
        };
        let pupils = match &p.leerlingen {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) => Some(n),
                None => {
                    invalid("leerlingen", format!("ongeldig leerlingaantal '{v}'"));
                    None
                }
            },
        };
        let point = match &feature.geometry {
            Some(g) if g.kind == "Point" && g.coordinates.len() >= 2 => {
                let (lon, lat) = (g.coordinates[0], g.coordinates[1]);
                let point = LatLon::new_in_netherlands(lat, lon);
                if point.is_none() {
                    invalid(
                        "geometry",
                        format!("punt ({lon}, {lat}) ligt niet in Nederland"),
                    );
                }
                point
            }
            Some(g) => {
                invalid(
                    "geometry",
                    format!("verwacht een Point, gevonden '{}'", g.kind),
                );
                None
            }
            None => None,
        };
        let number = [
            value_text(&p.huisnummer),
            value_text(&p.huisletter),
            value_text(&p.huisnummertoevoeging),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("");
        let street = text(p.straat).map(|s| {
            if number.is_empty() {
                s
            } else {
                format!("{s} {number}")
            }
        });
        out.push(GeoSchool {
            index,
            code,
            name: text(p.naam).unwrap_or_default(),
            kind,
            denominatie: text(p.denominatie),
            website: text(p.internetadres),
            street,
            postcode,
            place: text(p.plaats),
            gemeente: text(p.gemeente),
            province: text(p.provincie),
            pupils,
            point,
        });
    }
    Ok(out)
}

#[derive(Deserialize)]
struct GeoNamesEntry {
    zipcode: String,
    name: String,
    latitude: String,
    longitude: String,
}

/// A PC4's centre and place names.
#[derive(Clone, Debug)]
pub struct Pc4Point {
    /// Mean of the entries' points.
    pub centroid: LatLon,
    /// Place names, in file order, without repeats.
    pub places: Vec<String>,
}

/// Reads GeoNames' PC4 points; a PC4 with several places gets the mean of their points.
pub fn read_geonames(
    file: &str,
    bytes: &[u8],
    issues: &mut Issues,
) -> Result<BTreeMap<Pc4, Pc4Point>, ImportError> {
    let content = decode(file, bytes, Encoding::Utf8)?;
    let entries: Vec<GeoNamesEntry> =
        serde_json::from_str(&content).map_err(|e| json_error(file, &e))?;
    if entries.is_empty() {
        return Err(ImportError::new(file, ImportErrorKind::Empty));
    }
    let mut sums: BTreeMap<Pc4, (f64, f64, u32, Vec<String>)> = BTreeMap::new();
    for (i, entry) in entries.iter().enumerate() {
        let object = format!("object {}", i + 1);
        let pc4 = match Pc4::parse(&entry.zipcode) {
            Ok(pc4) => pc4,
            Err(e) => {
                issues.invalid_in(file, &format!("{object}, veld zipcode"), None, e);
                continue;
            }
        };
        let point = entry
            .latitude
            .trim()
            .parse::<f64>()
            .ok()
            .zip(entry.longitude.trim().parse::<f64>().ok())
            .and_then(|(lat, lon)| LatLon::new_in_netherlands(lat, lon));
        let Some(point) = point else {
            issues.invalid_in(
                file,
                &format!("{object}, velden latitude/longitude"),
                None,
                format!(
                    "geen punt in Nederland: '{}', '{}'",
                    entry.latitude, entry.longitude
                ),
            );
            continue;
        };
        let sum = sums.entry(pc4).or_insert((0.0, 0.0, 0, Vec::new()));
        sum.0 += point.lat;
        sum.1 += point.lon;
        sum.2 += 1;
        if !sum.3.contains(&entry.name) {
            sum.3.push(entry.name.clone());
        }
    }
    Ok(sums
        .into_iter()
        .map(|(pc4, (lat, lon, n, places))| {
            let n = f64::from(n);
            (
                pc4,
                Pc4Point {
                    centroid: LatLon {
                        lat: lat / n,
                        lon: lon / n,
                    },
                    places,
                },
            )
        })
        .collect())
}
