//! Writing support profiles and SWV basisondersteuning in the formats
//! [`crate::read::profiles`] reads, so that an export can be read back unchanged.
//!
//! Beyond the columns the reader needs, an export gives each vestiging's coordinates
//! (`LAT`, `LON`, WGS84, five decimals) and name (`NAAM`), which the reader ignores, and
//! where each profile comes from (`BRON`): a synthetic profile says
//! `synthetisch (seed N)`, so demo data cannot be mistaken for a school's own profile,
//! and stays marked when it is read back.

use serde::Serialize;

use passend_core::register::Register;
use passend_core::support::{ProfileSource, SupportProfile, SwvBasis};

use crate::read::profiles::{HEADER, SOURCE_COLUMN};

/// The columns an export adds after [`HEADER`].
pub const EXTRA_COLUMNS: &[&str] = &["LAT", "LON", SOURCE_COLUMN, "NAAM"];

/// The `BRON` of a profile: `synthetisch (seed N)` for demo data, else its Dutch label.
pub fn source_text(source: &ProfileSource) -> String {
    match source {
        ProfileSource::Synthetic { seed } => format!("synthetisch (seed {seed})"),
        other => other.label(),
    }
}

fn round5(x: f64) -> f64 {
    (x * 1e5).round() / 1e5
}

/// The profiles and SWV basis versions as CSV: first the basis rows (one per need, or
/// one without a need when the SWV agreed none), then per vestiging one row per offer and
/// a row with its facilities (also when it has neither offers nor facilities, so that
/// the profile itself is kept).
pub fn profiles_csv(
    register: &Register,
    profiles: &[&SupportProfile],
    basis: &[&SwvBasis],
) -> String {
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut write = |fields: [&str; 11]| {
        out.write_record(fields)
            .expect("writing CSV to memory cannot fail");
    };
    let header: Vec<&str> = HEADER.iter().chain(EXTRA_COLUMNS).copied().collect();
    write(header.try_into().expect("eleven columns"));
    for b in basis {
        let swv = b.swv.to_string();
        let date = b.valid_from.to_string();
        let source = source_text(&b.source);
        if b.needs.is_empty() {
            write(["", &swv, "", "", "", "", &date, "", "", &source, ""]);
        }
        for need in &b.needs {
            write([
                "",
                &swv,
                need.as_str(),
                "basis",
                "",
                "",
                &date,
                "",
                "",
                &source,
                "",
            ]);
        }
    }
    for p in profiles {
        let v = register.vestiging(p.vestiging);
        let code = p.vestiging.to_string();
        let date = p.valid_from.to_string();
        let source = source_text(&p.source);
        let point = v.and_then(|v| v.location).map(|l| l.point);
        let lat = point.map_or(String::new(), |p| format!("{:.5}", p.lat));
        let lon = point.map_or(String::new(), |p| format!("{:.5}", p.lon));
        let name = v.map_or("", |v| v.name.as_str());
        let mut offers: Vec<_> = p.offers.iter().collect();
        offers.sort_by(|a, b| a.need.cmp(&b.need));
        for o in offers {
            let places = o.places.map(|n| n.to_string()).unwrap_or_default();
            write([
                &code,
                "",
                o.need.as_str(),
                o.level.code(),
                &places,
                "",
                &date,
                &lat,
                &lon,
                &source,
                name,
            ]);
        }
        if !p.conditions.is_empty() || p.offers.is_empty() {
            let conditions: Vec<&str> = p.conditions.iter().map(|c| c.code()).collect();
            write([
                &code,
                "",
                "",
                "",
                "",
                &conditions.join(","),
                &date,
                &lat,
                &lon,
                &source,
                name,
            ]);
        }
    }
    let bytes = out.into_inner().expect("writing CSV to memory cannot fail");
    String::from_utf8(bytes).expect("the fields are UTF-8")
}

#[derive(Serialize)]
struct FileOut<'a> {
    profielen: Vec<ProfileOut<'a>>,
    basisondersteuning: Vec<BasisOut>,
}

#[derive(Serialize)]
struct ProfileOut<'a> {
    vestiging: String,
    naam: Option<&'a str>,
    lat: Option<f64>,
    lon: Option<f64>,
    geldig_vanaf: String,
    bron: String,
    aanbod: Vec<OfferOut<'a>>,
    voorzieningen: Vec<&'static str>,
}

#[derive(Serialize)]
struct OfferOut<'a> {
    behoefte: &'a str,
    niveau: &'static str,
    plaatsen: Option<u32>,
}

#[derive(Serialize)]
struct BasisOut {
    swv: String,
    geldig_vanaf: String,
    bron: String,
    behoeften: Vec<String>,
}

/// The profiles and SWV basis versions as JSON (pretty-printed, ending with a newline).
pub fn profiles_json(
    register: &Register,
    profiles: &[&SupportProfile],
    basis: &[&SwvBasis],
) -> String {
    let file = FileOut {
        profielen: profiles
            .iter()
            .map(|p| {
                let v = register.vestiging(p.vestiging);
                let point = v.and_then(|v| v.location).map(|l| l.point);
                let mut aanbod: Vec<OfferOut<'_>> = p
                    .offers
                    .iter()
                    .map(|o| OfferOut {
                        behoefte: o.need.as_str(),
                        niveau: o.level.code(),
                        plaatsen: o.places,
                    })
                    .collect();
                aanbod.sort_by(|a, b| a.behoefte.cmp(b.behoefte));
                ProfileOut {
                    vestiging: p.vestiging.to_string(),
                    naam: v.map(|v| v.name.as_str()),
                    lat: point.map(|p| round5(p.lat)),
                    lon: point.map(|p| round5(p.lon)),
                    geldig_vanaf: p.valid_from.to_string(),
                    bron: source_text(&p.source),
                    aanbod,
                    voorzieningen: p.conditions.iter().map(|c| c.code()).collect(),
                }
            })
            .collect(),
        basisondersteuning: basis
            .iter()
            .map(|b| BasisOut {
                swv: b.swv.to_string(),
                geldig_vanaf: b.valid_from.to_string(),
                bron: source_text(&b.source),
                behoeften: b.needs.iter().map(ToString::to_string).collect(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).expect("serialising to memory cannot fail");
    text.push('\n');
    text
}
