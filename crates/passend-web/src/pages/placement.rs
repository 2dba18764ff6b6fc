//! Placement in the web application: the finder for one child (`/swv/{code}/zoeken`,
//! public: it stores nothing and shows only profiles) and placing many pupils at once
//! (`/swv/{code}/plaatsing`, for the SWV's staff: an instance holds pupils' homes and
//! needs, so it is processed in memory, never stored, and every run is audited).

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};

use passend_core::access::{Action, Decision, Principal, Resource, decide};
use passend_core::ids::{Pc4, Postcode};
use passend_core::support::Level;
use passend_core::swv::SwvCode;
use passend_placement::finder::{self, Request};
use passend_placement::generate::{Spec, generate};
use passend_placement::{Instance, NeedLevel, Outcome, deferred_acceptance, min_cost};
use passend_store::AuditEvent;

use super::coverage::{known_swv, support};
use super::render;
use crate::dto::placement::OutcomeDto;
use crate::error::{AppError, Failure, OwnBody};
use crate::nl;
use crate::routes::AppState;
use crate::svg;

// ---------------------------------------------------------------------------------------
// The finder.

struct NeedChoice {
    code: String,
    label: String,
    chosen: String,
}

struct FoundRow {
    code: String,
    name: String,
    km: String,
    note: String,
}

#[derive(Template)]
#[template(path = "finder.html")]
struct FinderPage {
    nav: &'static str,
    code: String,
    dotted: String,
    pc4: String,
    needs: Vec<NeedChoice>,
    levels: Vec<(&'static str, &'static str)>,
    errors: Vec<String>,
    asked: Option<String>,
    fits: Vec<FoundRow>,
    unfit: Vec<FoundRow>,
    unfit_total: usize,
    synthetic: bool,
}

/// `GET /swv/{code}/zoeken?pc4=8911&n.dyslexie=extra&n.adhd=basis`.
pub(crate) async fn finder_page(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    let swv = known_swv(&snap, &raw).map_err(AppError::page)?;
    let support = support(&snap).map_err(AppError::page)?;
    let model = &support.model;
    let field = |name: &str| {
        query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    };
    let mut errors = Vec::new();
    if query.len() > 100 || query.iter().any(|(k, v)| k.len() > 100 || v.len() > 100) {
        return Err(AppError::BadRequest("De zoekvraag is te lang.".to_owned()).page());
    }
    for (k, _) in &query {
        let known = k == "pc4"
            || k.strip_prefix("n.")
                .is_some_and(|n| model.taxonomy.needs().iter().any(|x| x.code.as_str() == n));
        if !known {
            errors.push(format!("Onbekend veld '{k}'."));
        }
    }
    let mut needs = Vec::new();
    let mut choices = Vec::new();
    for need in model.taxonomy.needs() {
        let chosen = field(&format!("n.{}", need.code)).unwrap_or("");
        if !chosen.is_empty() {
            match Level::parse(chosen) {
                Some(level) => needs.push(NeedLevel {
                    need: need.code.clone(),
                    level,
                }),
                None => errors.push(format!(
                    "Onbekend niveau '{chosen}' bij {}: kies basis, extra of specialistisch.",
                    need.label
                )),
            }
        }
        choices.push(NeedChoice {
            code: need.code.to_string(),
            label: need.label.clone(),
            chosen: Level::parse(chosen).map_or("", |l| l.code()).to_owned(),
        });
    }
    let pc4_text = field("pc4").unwrap_or("").to_owned();
    let home = if pc4_text.is_empty() {
        None
    } else {
        let pc4 = Postcode::parse(&pc4_text)
            .map(|p| p.pc4())
            .or_else(|_| Pc4::parse(&pc4_text));
        match pc4 {
            Err(_) => {
                errors.push(format!(
                    "'{pc4_text}' is geen postcode; geef de vier cijfers, zoals 8911."
                ));
                None
            }
            Ok(pc4) => match snap.register.pc4(pc4).and_then(|a| a.centroid) {
                Some(point) => Some(point),
                None => {
                    errors.push(format!("Voor postcodegebied {pc4} is geen ligging bekend."));
                    None
                }
            },
        }
    };
    let searched = !query.is_empty();
    if searched && errors.is_empty() && needs.is_empty() {
        errors.push("Kies ten minste één ondersteuningsbehoefte met een niveau.".to_owned());
    }
    if searched && errors.is_empty() && home.is_none() {
        errors.push("Vul de postcode van het woonadres in.".to_owned());
    }
    let row = |f: &finder::Found| {
        let site = &model.sites[f.site];
        let places: Vec<String> = f
            .places
            .iter()
            .map(|(n, p)| match p {
                Some(p) => format!("{p} plaatsen voor {}", n.need),
                None => format!("plaatsen voor {} onbekend", n.need),
            })
            .collect();
        FoundRow {
            code: site.code.to_string(),
            name: site.name.clone(),
            km: nl::decimal(f.distance_m as f64 / 1000.0, 1),
            note: match &f.unfit {
                Some(u) => u.to_string(),
                None => places.join(", "),
            },
        }
    };
    let (mut fits, mut unfit, mut unfit_total, mut asked) = (Vec::new(), Vec::new(), 0, None);
    if let (true, Some(home)) = (errors.is_empty(), home) {
        let answer = finder::find(
            model,
            &Request {
                swv,
                home,
                needs: needs.clone(),
            },
            10,
        );
        fits = answer.fits.iter().map(row).collect();
        unfit = answer.nearby_unfit.iter().map(row).collect();
        unfit_total = answer.unfit_total;
        asked = Some(
            needs
                .iter()
                .map(|n| format!("{} ({})", n.need, n.level.label()))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    let mut response = render(&FinderPage {
        nav: "swv",
        code: swv.to_string(),
        dotted: swv.dotted(),
        pc4: pc4_text,
        needs: choices,
        levels: vec![
            ("", "niet nodig"),
            ("basis", "basis"),
            ("extra", "extra"),
            ("specialistisch", "specialistisch"),
        ],
        errors,
        asked,
        fits,
        unfit,
        unfit_total,
        synthetic: model.synthetic,
    })?;
    if status != StatusCode::OK {
        *response.status_mut() = status;
        response.extensions_mut().insert(OwnBody);
    }
    Ok(response)
}

// ---------------------------------------------------------------------------------------
// Placing many pupils.

/// The most pupils a generated instance may have in the web application.
const MAX_PUPILS: usize = 5_000;
/// The largest instance file accepted (the route's body limit is a little more).
pub(crate) const MAX_UPLOAD: usize = 16 * 1024 * 1024;
/// Rows of the assignment table shown; the JSON has all.
const ROWS: usize = 1_000;

struct Access {
    user: String,
    csrf: String,
}

fn access(
    state: &AppState,
    headers: &HeaderMap,
    swv: SwvCode,
) -> Result<Result<Access, Response>, Failure> {
    let Some(_) = state.accounts.as_deref() else {
        return Err(
            AppError::NotFound("Inloggen is op deze server niet ingeschakeld.".to_owned()).page(),
        );
    };
    let session = super::account::session(state, headers);
    let principal = session
        .as_ref()
        .map_or_else(Principal::anonymous, |s| Principal {
            user: Some(s.user.id),
            grants: s.user.grants.clone(),
        });
    match (
        decide(&principal, Action::Change, &Resource::Placement(swv)),
        session,
    ) {
        (Decision::Allow, Some(s)) => Ok(Ok(Access {
            user: s.user.username,
            csrf: s.csrf,
        })),
        (Decision::LoginRequired, _) | (Decision::Allow, None) => {
            Ok(Err(Redirect::to("/inloggen").into_response()))
        }
        (Decision::NotFound, _) => {
            Err(AppError::NotFound("Deze pagina bestaat niet.".to_owned()).page())
        }
        (Decision::Forbidden, _) => Err(AppError::Forbidden(format!(
            "Alleen medewerkers en beheerders van {} kunnen leerlingen plaatsen.",
            swv.dotted()
        ))
        .page()),
    }
}

struct AssignmentRow {
    pupil: String,
    school: String,
    school_name: String,
    rank: String,
    km: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "placement.html")]
struct PlacementPage {
    nav: &'static str,
    code: String,
    dotted: String,
    csrf: String,
    source: String,
    pupils: String,
    seed: String,
    algorithm: String,
    errors: Vec<String>,
    result: Option<ResultView>,
    max_pupils: usize,
}

struct ResultView {
    title: String,
    synthetic: bool,
    algorithm: String,
    seed: u64,
    sha256: String,
    totals: Vec<(&'static str, String)>,
    map: String,
    rows: Vec<AssignmentRow>,
    more: usize,
}

fn empty_page(swv: SwvCode, csrf: String) -> PlacementPage {
    PlacementPage {
        nav: "swv",
        code: swv.to_string(),
        dotted: swv.dotted(),
        csrf,
        source: "genereer".to_owned(),
        pupils: "300".to_owned(),
        seed: "1".to_owned(),
        algorithm: "da-stb".to_owned(),
        errors: Vec::new(),
        result: None,
        max_pupils: MAX_PUPILS,
    }
}

fn no_store(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// `GET /swv/{code}/plaatsing`.
pub(crate) async fn placement_form(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let swv = known_swv(&state.snapshot, &raw).map_err(AppError::page)?;
    let who = match access(&state, &headers, swv)? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    Ok(no_store(render(&empty_page(swv, who.csrf))?))
}

/// The fields of the form, read from a multipart body.
#[derive(Default)]
struct Fields {
    token: String,
    source: String,
    pupils: String,
    seed: String,
    algorithm: String,
    format: String,
    file: Option<(String, Vec<u8>)>,
}

async fn read_fields(mut multipart: Multipart) -> Result<Fields, AppError> {
    let bad = |what: &str| {
        AppError::BadRequest(format!("Het formulier kon niet worden gelezen: {what}."))
    };
    let mut f = Fields::default();
    let mut count = 0;
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|_| bad("onvolledig of beschadigd"))?
    {
        count += 1;
        if count > 20 {
            return Err(bad("te veel velden"));
        }
        let name = field.name().unwrap_or("").to_owned();
        if name == "bestand" {
            let file_name = field
                .file_name()
                .unwrap_or("bestand.json")
                .chars()
                .take(100)
                .collect::<String>();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| bad("het bestand is niet volledig aangekomen"))?;
            if !bytes.is_empty() {
                if bytes.len() > MAX_UPLOAD {
                    return Err(AppError::BadRequest(
                        "Het bestand is te groot (ten hoogste 16 MB).".to_owned(),
                    ));
                }
                f.file = Some((file_name, bytes.to_vec()));
            }
            continue;
        }
        let text = field
            .text()
            .await
            .map_err(|_| bad("een veld is geen tekst"))?;
        if text.len() > 200 {
            return Err(bad("een veld is te lang"));
        }
        let text = text.trim().to_owned();
        match name.as_str() {
            "token" => f.token = text,
            "bron" => f.source = text,
            "leerlingen" => f.pupils = text,
            "zaad" => f.seed = text,
            "algoritme" => f.algorithm = text,
            "formaat" => f.format = text,
            _ => {
                return Err(bad(&format!(
                    "onbekend veld '{}'",
                    name.chars().take(40).collect::<String>()
                )));
            }
        }
    }
    Ok(f)
}

/// `POST /swv/{code}/plaatsing` (multipart): generate or read an instance, place, show.
pub(crate) async fn placement_run(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Result<Response, Failure> {
    let swv = known_swv(&state.snapshot, &raw).map_err(AppError::page)?;
    let who = match access(&state, &headers, swv)? {
        Ok(a) => a,
        Err(redirect) => return Ok(redirect),
    };
    let fields = read_fields(multipart).await.map_err(AppError::page)?;
    if fields.token != who.csrf || !super::same_origin(&headers) {
        return Err(AppError::Forbidden(
            "Dit formulier is verlopen of kwam niet van deze site. Laad de pagina opnieuw."
                .to_owned(),
        )
        .page());
    }
    let mut page = empty_page(swv, who.csrf.clone());
    page.source = if fields.source == "bestand" {
        "bestand"
    } else {
        "genereer"
    }
    .to_owned();
    page.pupils = fields.pupils.clone();
    page.seed = fields.seed.clone();
    page.algorithm = if fields.algorithm == "min-cost" {
        "min-cost"
    } else {
        "da-stb"
    }
    .to_owned();
    let want_json = fields.format == "json";
    let snap = state.snapshot.clone();
    let accounts = state.accounts.clone();
    let outcome = tokio::task::spawn_blocking(move || run(&snap, swv, &fields))
        .await
        .map_err(|e| AppError::Internal(format!("plaatsing: {e}")).page())?;
    let run = match outcome {
        Ok(run) => run,
        Err(errors) => {
            page.errors = errors;
            let mut response = no_store(render(&page)?);
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            response.extensions_mut().insert(OwnBody);
            return Ok(response);
        }
    };
    if let Some(accounts) = accounts {
        accounts
            .store()
            .audit(&AuditEvent {
                at: jiff::Timestamp::now(),
                actor: format!("gebruiker:{}", who.user),
                action: "plaatsing_uitgevoerd".to_owned(),
                record: format!("instantie:{}", run.sha256),
                purpose: "plaatsing van leerlingen (WPO art. 18a lid 6; zorgplicht)".to_owned(),
                swv: Some(swv),
                detail: format!(
                    "{} leerlingen, {}, zaad {}{}; niets opgeslagen",
                    run.instance.pupils.len(),
                    run.outcome.algorithm,
                    run.outcome.seed,
                    if run.synthetic { ", synthetisch" } else { "" }
                ),
            })
            .map_err(|e| AppError::Internal(format!("auditlog: {e}")).page())?;
    }
    let dto = OutcomeDto::new(
        &run.instance,
        &run.outcome,
        &run.sha256,
        Some(&run.title),
        run.synthetic,
    );
    if want_json {
        let body = serde_json::to_vec_pretty(&dto)
            .map_err(|e| AppError::Internal(format!("json: {e}")).page())?;
        let mut response = (
            [
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                ),
                (
                    header::CONTENT_DISPOSITION,
                    HeaderValue::from_static("attachment; filename=\"plaatsing.json\""),
                ),
            ],
            body,
        )
            .into_response();
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return Ok(response);
    }
    let t = &dto.totals;
    let names: HashMap<String, String> = state
        .snapshot
        .register
        .vestigingen()
        .iter()
        .map(|v| (v.code.to_string(), v.name.clone()))
        .collect();
    let rows = dto
        .assignments
        .iter()
        .take(ROWS)
        .map(|a| AssignmentRow {
            pupil: a.pupil.clone(),
            school: a.school.clone().unwrap_or_default(),
            school_name: a
                .school
                .as_ref()
                .and_then(|s| names.get(s).cloned())
                .unwrap_or_default(),
            rank: a.rank.map_or("–".to_owned(), |r| r.to_string()),
            km: a
                .distance_m
                .map_or("–".to_owned(), |d| nl::decimal(d as f64 / 1000.0, 1)),
            reason: a.reason.clone(),
        })
        .collect();
    let pct = |x: f64| nl::percent(100.0 * x, 1);
    page.result = Some(ResultView {
        title: run.title.clone(),
        synthetic: run.synthetic,
        algorithm: match run.outcome.algorithm {
            passend_placement::Algorithm::DaStb => {
                "uitgestelde acceptatie met één loting (da-stb)".to_owned()
            }
            passend_placement::Algorithm::MinCost => {
                "kleinste totale afstand (min-cost)".to_owned()
            }
        },
        seed: run.outcome.seed,
        sha256: run.sha256.clone(),
        totals: vec![
            ("Leerlingen", nl::number(t.pupils as u64)),
            (
                "Geplaatst",
                format!(
                    "{} ({})",
                    nl::number(t.placed as u64),
                    pct(if t.pupils == 0 {
                        0.0
                    } else {
                        t.placed as f64 / t.pupils as f64
                    })
                ),
            ),
            ("Niet geplaatst", nl::number(t.unplaced as u64)),
            ("Op de eerste keus", pct(t.first_choice)),
            ("In de eerste drie", pct(t.top3)),
            (
                "Totale afstand",
                format!("{} km", nl::decimal(t.total_distance_m as f64 / 1000.0, 1)),
            ),
            (
                "Gemiddelde afstand",
                format!("{} km", nl::decimal(t.mean_distance_m / 1000.0, 2)),
            ),
        ],
        map: svg::placement_map(&run.instance, &run.outcome),
        rows,
        more: dto.assignments.len().saturating_sub(ROWS),
    });
    Ok(no_store(render(&page)?))
}

struct Run {
    instance: Instance,
    outcome: Outcome,
    sha256: String,
    title: String,
    synthetic: bool,
}

fn run(snap: &crate::snapshot::Snapshot, swv: SwvCode, f: &Fields) -> Result<Run, Vec<String>> {
    let support = support(snap).map_err(|e| vec![e.to_string()])?;
    let seed_given = (!f.seed.is_empty())
        .then(|| {
            f.seed.parse::<u64>().map_err(|_| {
                vec![format!(
                    "Het zaad '{}' is geen geheel getal van 0 of meer.",
                    f.seed
                )]
            })
        })
        .transpose()?;
    let (instance, sha256, title, synthetic, file_seed) = if f.source == "bestand" {
        let Some((name, bytes)) = &f.file else {
            return Err(vec![
                "Kies een instantiebestand (JSON), of laat passend er een maken.".to_owned(),
            ]);
        };
        let file = passend_import::read::placement::read_placement(name, bytes)
            .map_err(|e| vec![e.to_string()])?;
        let title = file.name.clone().unwrap_or_else(|| name.clone());
        (file.instance, file.sha256, title, file.synthetic, file.seed)
    } else {
        let pupils: usize = f
            .pupils
            .parse()
            .ok()
            .filter(|n| (1..=MAX_PUPILS).contains(n))
            .ok_or_else(|| {
                vec![format!(
                    "Kies 1 tot {} leerlingen.",
                    nl::number(MAX_PUPILS as u64)
                )]
            })?;
        let seed = seed_given.unwrap_or(1);
        let sizes = passend_placement::generate::school_sizes(&snap.register);
        let instance = generate(
            &support.model,
            &sizes,
            Spec {
                swv: Some(swv),
                sector: swv.sector(),
                pupils,
                seed,
            },
        )
        .map_err(|e| vec![format!("{e}.")])?;
        // The hash of a generated instance is that of its file, as `place generate` writes it.
        let dto = crate::dto::placement::InstanceDto::new(
            &instance,
            String::new(),
            String::new(),
            seed,
            true,
            &|_| None,
        );
        let bytes = serde_json::to_vec(&dto).unwrap_or_default();
        let sha256 = sha2_hex(&bytes);
        (
            instance,
            sha256,
            format!("{}, {pupils} leerlingen (synthetisch)", swv.dotted()),
            true,
            Some(seed),
        )
    };
    let seed = seed_given.or(file_seed).unwrap_or(0);
    let outcome = if f.algorithm == "min-cost" {
        min_cost(&instance, seed).map_err(|e| vec![format!("{e}.")])?
    } else {
        deferred_acceptance(&instance, seed)
    };
    Ok(Run {
        instance,
        outcome,
        sha256,
        title,
        synthetic,
    })
}

fn sha2_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
