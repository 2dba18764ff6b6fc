//! A small register with two SWVs per sector, and helpers to call the router in-process.

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use tower::ServiceExt;

use passend_core::composition::{Finding, Rule, Severity};
use passend_core::ids::VestigingCode;
use passend_core::swv::SwvCode;
use passend_web::{AppState, ImportInfo, Snapshot, SupportData, state};

pub(crate) const FIXTURE: &str = "
pc4 9401 Assen PO2201 VO2201
pc4 9402 Assen PO2201 VO2201
pc4 9403 Assen PO2201 VO2201
pc4 8011 Zwolle PO2301 VO2301
pc4 8012 Zwolle PO2301 VO2301
school 00AA00 bao 9401AA name=\"De Linde\" pupils=2023:390,2024:380,2025:400
school 00AB00 bao 9402AB name=\"Het Kompas <b>\" pupils=2024:190,2025:<5
school 00AC00 sbo 9401AC name=\"SBO De Wissel\" pupils=2024:40,2025:50
school 00AD00 so 9401AD cluster=3 offer=\"SO ZMLK\" name=\"De Sterrenwachter\" pupils=2025:20
school 00AE00 so-vso 9403AE cluster=4 offer=\"SO ZMOK + VSO ZMOK\" name=\"De Ambelt\" pupils=2023:90,2025:100
school 00AF00 vo 9402AF structure=VBO/MAVO/HAVO/VWO name=\"Dr. Nassau College\" pupils=2023:1200
school 00AG00 vo 9402AG structure=PRO name=\"Praktijkschool Assen\" pupils=2023:150
school 00BA00 bao 8011BA name=\"Zwolse Basisschool\" pupils=2025:300
school 00BB00 bao 8012BB name=\"Oude School\" status=closed pupils=2020:100
";

/// Three needs; PO2201 agreed dyslexia as basisondersteuning. 00AA00 has three versions
/// (one past, one in force on 28 November 2026, one planned); the SBO and SO profiles are
/// synthetic, so the coverage pages must say so.
pub(crate) fn support_data() -> SupportData {
    use jiff::civil::date;
    use passend_core::support::{
        Condition, CoverageSettings, Level, Need, NeedCode, Offer, ProfileBook, ProfileSource,
        SupportProfile, SwvBasis, Taxonomy,
    };
    let need = |c: &str| NeedCode::parse(c).unwrap();
    let n = |code: &str, label: &str, prevalence: f64, extra: f64, spec: f64| Need {
        code: need(code),
        label: label.to_owned(),
        domain: "leren".into(),
        domain_label: "Leren".into(),
        prevalence_po: prevalence,
        prevalence_vo: prevalence,
        share_extra: extra,
        share_specialist: spec,
        source: "test".into(),
    };
    let taxonomy = Taxonomy::new(vec![
        n("dyslexie", "Dyslexie", 0.04, 0.25, 0.0),
        n("zmlk", "Zeer moeilijk lerend (ZMLK)", 0.004, 1.0, 0.8),
        n("gedrag", "Gedrag", 0.05, 0.3, 0.05),
    ])
    .unwrap();
    let offer = |code: &str, level, places| Offer {
        need: need(code),
        level,
        places,
    };
    let profile = |v: &str, from, offers, conditions: &[Condition], source| SupportProfile {
        vestiging: VestigingCode::parse(v).unwrap(),
        valid_from: from,
        offers,
        conditions: conditions.iter().copied().collect(),
        source,
    };
    let imported = |file: &str| ProfileSource::Imported {
        file: file.to_owned(),
    };
    let book = ProfileBook::new(
        vec![
            profile(
                "00AA00",
                date(2025, 8, 1),
                vec![offer("dyslexie", Level::Basis, None)],
                &[],
                imported("sop-2025.csv"),
            ),
            profile(
                "00AA00",
                date(2026, 8, 1),
                vec![offer("dyslexie", Level::Extra, Some(3))],
                &[Condition::Drempelvrij],
                imported("sop-2026.csv"),
            ),
            profile(
                "00AA00",
                date(2027, 8, 1),
                vec![
                    offer("dyslexie", Level::Extra, Some(3)),
                    offer("gedrag", Level::Extra, Some(2)),
                ],
                &[Condition::Drempelvrij],
                imported("sop-2027.csv"),
            ),
            profile(
                "00AC00",
                date(2026, 8, 1),
                vec![offer("gedrag", Level::Extra, Some(10))],
                &[],
                ProfileSource::Synthetic { seed: 7 },
            ),
            profile(
                "00AD00",
                date(2026, 8, 1),
                vec![offer("zmlk", Level::Specialistisch, Some(20))],
                &[Condition::Verzorgingsruimte],
                ProfileSource::Synthetic { seed: 7 },
            ),
        ],
        vec![SwvBasis {
            swv: SwvCode::parse("PO2201").unwrap(),
            valid_from: date(2025, 8, 1),
            needs: [need("dyslexie")].into(),
            source: imported("basis.csv"),
        }],
    );
    SupportData {
        taxonomy,
        settings: CoverageSettings::default(),
        book,
        date: date(2026, 11, 28),
    }
}

/// The fixture without taxonomy and profiles, as before the first import that read them.
pub(crate) fn snapshot_without_support() -> Snapshot {
    build(None)
}

pub(crate) fn snapshot() -> Snapshot {
    build(Some(support_data()))
}

fn build(support: Option<SupportData>) -> Snapshot {
    let register = passend_core::testkit::register(FIXTURE);
    let data_findings = vec![Finding {
        rule: Rule::DataDuplicate,
        severity: Severity::Info,
        swv: SwvCode::parse("PO2201").ok(),
        vestiging: VestigingCode::parse("00AA00").ok(),
        message: "open/geo/x.json, object 3: 00AA00 staat 2 keer in de adreslijst.".to_owned(),
    }];
    Snapshot::build(register, &data_findings, ImportInfo::default(), support)
}

/// The fixture with profiles and the bundled funding amounts and example scenarios.
pub(crate) fn app_state() -> AppState {
    state(snapshot().with_funding(bundled_funding()))
}

/// The amounts and example scenarios of `data/bekostiging`, as `serve` reads them.
pub(crate) fn bundled_funding() -> passend_web::FundingData {
    use passend_core::swv::Sector;
    use passend_import::read::funding::{Format, read_budget_scenario, read_rates};
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/bekostiging");
    let mut files = Vec::new();
    let mut examples = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        let bytes = std::fs::read(entry.path()).unwrap();
        if name.starts_with("bedragen-") {
            files.push((name, bytes));
        } else if let Some(sector) = match name.as_str() {
            "voorbeeld-po.toml" => Some(Sector::Po),
            "voorbeeld-vo.toml" => Some(Sector::Vo),
            _ => None,
        } {
            examples.insert(
                sector,
                read_budget_scenario(&name, &bytes, Format::Toml).unwrap(),
            );
        }
    }
    files.sort();
    passend_web::FundingData {
        rates: read_rates("data/bekostiging", &files).unwrap(),
        examples,
    }
}

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

pub(crate) async fn get(app_state: &AppState, uri: &str) -> Reply {
    get_with(app_state, uri, &[]).await
}

/// A GET with extra headers (a cookie, say).
pub(crate) async fn get_with(app_state: &AppState, uri: &str, headers: &[(&str, &str)]) -> Reply {
    let mut request = Request::builder().uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(app_state, request.body(Body::empty()).unwrap()).await
}

/// Posts a form (`application/x-www-form-urlencoded`) with extra headers.
pub(crate) async fn post(
    app_state: &AppState,
    uri: &str,
    body: &str,
    headers: &[(&str, &str)],
) -> Reply {
    let mut request = Request::builder()
        .method("POST")
        .uri(uri)
        .header("content-type", "application/x-www-form-urlencoded");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    send(
        app_state,
        request.body(Body::from(body.to_owned())).unwrap(),
    )
    .await
}

pub(crate) async fn send(app_state: &AppState, request: Request<Body>) -> Reply {
    let response = passend_web::app(app_state.clone())
        .oneshot(request)
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    Reply {
        status,
        headers,
        body: String::from_utf8(bytes.to_vec()).unwrap(),
    }
}
