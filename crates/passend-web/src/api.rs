//! The JSON API under `/api/v1`, described by an OpenAPI document generated from these
//! handlers and the DTOs, so the description cannot drift from the code.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

use passend_core::ids::VestigingCode;
use passend_core::summary::KindGroup;
use passend_core::swv::SwvCode;

use crate::dto::coverage::{
    CoverageCellDto, CoverageChangeDto, CoverageDetailDto, CoverageDto, CoverageGapDto,
    CoverageInput, CoverageSettingsDto, NationalCoverageDto, ScenarioOutcomeDto, SwvCoverageDto,
    coverage_csv,
};
use crate::dto::{
    BoardDto, ErrorDto, FindingDto, FindingsDto, HealthDto, SchoolDto, SourceDto, SwvDetailDto,
    SwvListItemDto, swv_list_item,
};
use crate::error::{AppError, Failure};
use crate::pages::coverage::{
    CoverageQuery, parse_level, parse_need, parse_scope, run_scenario, scenario_of,
};
use crate::pages::findings::{FindingFilter, filter_findings};
use crate::pages::school::{SchoolFilter, search_schools};
use crate::pages::swv::{SwvFilter, filter_swvs};
use crate::routes::AppState;
use crate::snapshot::Snapshot;

/// The OpenAPI document.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "passend API",
        description = "Het register van samenwerkingsverbanden passend onderwijs: scholen, samenwerkingsverbanden, bevindingen en bronnen. Meldingen en labels zijn Nederlands; veldnamen, codes en de beschrijvingen van de velden zijn Engels.",
        license(name = "EUPL-1.2")
    ),
    paths(
        list_swvs,
        get_swv,
        get_swv_findings,
        list_schools,
        get_school,
        list_findings,
        list_sources,
        get_swv_coverage,
        get_national_coverage,
        crate::pages::budget::api,
        healthz
    ),
    components(schemas(
        crate::dto::budget::BudgetDto,
        crate::dto::budget::BudgetYearDto,
        crate::dto::budget::BudgetLineDto,
        crate::dto::budget::AllocationDto,
        crate::dto::budget::SchoolShareDto,
        crate::dto::budget::BoardShareDto,
        crate::dto::budget::PotDto,
        SwvListDto,
        SwvListItemDto,
        SwvDetailDto,
        BoardDto,
        SchoolListDto,
        SchoolListItemDto,
        SchoolDto,
        FindingsDto,
        FindingDto,
        SourcesDto,
        SourceDto,
        ErrorDto,
        HealthDto,
        CoverageDto,
        CoverageSettingsDto,
        CoverageCellDto,
        CoverageGapDto,
        CoverageDetailDto,
        CoverageChangeDto,
        ScenarioOutcomeDto,
        NationalCoverageDto,
        SwvCoverageDto
    ))
)]
pub struct ApiDoc;

/// The document, for serving and for the API page.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// A list of SWVs.
#[derive(Serialize, ToSchema)]
pub struct SwvListDto {
    /// The SWVs, in code order.
    pub swvs: Vec<SwvListItemDto>,
}

/// A school in a list.
#[derive(Serialize, ToSchema)]
pub struct SchoolListItemDto {
    /// Vestigingscode.
    pub code: String,
    /// Name.
    pub name: String,
    /// Kind group code.
    pub kind: String,
    /// `open` or `closed`.
    pub status: String,
    /// Place.
    pub place: Option<String>,
    /// SWV codes it belongs to.
    pub swvs: Vec<String>,
}

/// A list of schools.
#[derive(Serialize, ToSchema)]
pub struct SchoolListDto {
    /// How many match in all.
    pub total: usize,
    /// The first matches (at most 200), open first, by name.
    pub schools: Vec<SchoolListItemDto>,
}

/// The sources.
#[derive(Serialize, ToSchema)]
pub struct SourcesDto {
    /// Every source file.
    pub sources: Vec<SourceDto>,
}

fn known_swv(snap: &Snapshot, raw: &str) -> Result<SwvCode, Failure> {
    let swv = SwvCode::parse(raw).map_err(|e| AppError::NotFound(format!("{e}.")).api())?;
    if !snap.register.has_swv(swv) {
        return Err(AppError::NotFound(format!(
            "Samenwerkingsverband {swv} bestaat niet in het register."
        ))
        .api());
    }
    Ok(swv)
}

/// All SWVs, filtered.
#[utoipa::path(
    get,
    path = "/api/v1/swv",
    summary = "Alle samenwerkingsverbanden, met zoeken en filters",
    params(SwvFilter),
    responses(
        (status = 200, description = "De samenwerkingsverbanden", body = SwvListDto),
        (status = 400, description = "Ongeldig filter", body = ErrorDto)
    )
)]
pub(crate) async fn list_swvs(
    State(state): State<AppState>,
    Query(filter): Query<SwvFilter>,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let swvs = filter_swvs(snap, &filter).map_err(AppError::api)?;
    let items = swvs
        .into_iter()
        .map(|swv| {
            swv_list_item(
                &snap.register,
                swv,
                &snap.summaries[&swv],
                snap.counts_of(swv),
            )
        })
        .collect();
    Ok(Json(SwvListDto { swvs: items }).into_response())
}

/// One SWV in full.
#[utoipa::path(
    get,
    path = "/api/v1/swv/{code}",
    summary = "Eén samenwerkingsverband: gebied, scholen per soort, deelname, reeksen, leden en bevindingen",
    params(("code" = String, Path, description = "SWV-code in elke gangbare schrijfwijze, zoals PO2001 of VO-25-07")),
    responses(
        (status = 200, description = "Het samenwerkingsverband", body = SwvDetailDto),
        (status = 404, description = "Onbekend samenwerkingsverband", body = ErrorDto)
    )
)]
pub(crate) async fn get_swv(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let swv = known_swv(snap, &raw)?;
    let dto = || {
        let national = snap
            .national
            .get(&swv.sector())
            .cloned()
            .unwrap_or_default();
        SwvDetailDto::new(
            &snap.register,
            &snap.summaries[&swv],
            &national,
            &snap.findings_of(swv),
        )
    };
    // The same for everyone and read from the immutable register: serialised once.
    match snap.pages.swv_json.get_or_try_insert(swv, || {
        serde_json::to_vec(&dto()).map(axum::body::Bytes::from)
    }) {
        Ok(body) => Ok(crate::cache::json(body)),
        // Not expected; `Json` answers it as it always did.
        Err(_) => Ok(Json(dto()).into_response()),
    }
}

/// The findings of one SWV.
#[utoipa::path(
    get,
    path = "/api/v1/swv/{code}/findings",
    summary = "De bevindingen van één samenwerkingsverband",
    params(("code" = String, Path, description = "SWV-code")),
    responses(
        (status = 200, description = "De bevindingen", body = FindingsDto),
        (status = 404, description = "Onbekend samenwerkingsverband", body = ErrorDto)
    )
)]
pub(crate) async fn get_swv_findings(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let swv = known_swv(snap, &raw)?;
    Ok(Json(FindingsDto::of(&snap.findings_of(swv))).into_response())
}

/// School search.
#[utoipa::path(
    get,
    path = "/api/v1/schools",
    summary = "Scholen zoeken op naam, code, plaats of postcode",
    params(SchoolFilter),
    responses(
        (status = 200, description = "De gevonden scholen", body = SchoolListDto),
        (status = 400, description = "Ongeldig filter", body = ErrorDto)
    )
)]
pub(crate) async fn list_schools(
    State(state): State<AppState>,
    Query(filter): Query<SchoolFilter>,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let (hits, total) = search_schools(snap, &filter).map_err(AppError::api)?;
    let schools = hits
        .iter()
        .map(|v| SchoolListItemDto {
            code: v.code.to_string(),
            name: v.name.clone(),
            kind: KindGroup::of(v.kind).code().to_owned(),
            status: v.status.code().to_owned(),
            place: v.place.clone(),
            swvs: snap
                .register
                .memberships_of(v.code)
                .map(|m| m.swv.to_string())
                .collect(),
        })
        .collect();
    Ok(Json(SchoolListDto { total, schools }).into_response())
}

/// One school.
#[utoipa::path(
    get,
    path = "/api/v1/schools/{code}",
    summary = "Eén vestiging: soort, status, adres, cluster, lidmaatschappen, tellingen en bevindingen",
    params(("code" = String, Path, description = "Vestigingscode, zoals 00AO01")),
    responses(
        (status = 200, description = "De vestiging", body = SchoolDto),
        (status = 404, description = "Onbekende vestiging", body = ErrorDto)
    )
)]
pub(crate) async fn get_school(
    State(state): State<AppState>,
    Path(raw): Path<String>,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let code = VestigingCode::parse(&raw).map_err(|e| AppError::NotFound(format!("{e}.")).api())?;
    let Some(v) = snap.register.vestiging(code) else {
        return Err(
            AppError::NotFound(format!("Vestiging {code} bestaat niet in het register.")).api(),
        );
    };
    let findings: Vec<_> = snap
        .findings
        .iter()
        .filter(|f| f.vestiging == Some(code))
        .cloned()
        .collect();
    Ok(Json(SchoolDto::new(&snap.register, v, &findings)).into_response())
}

/// All findings, filtered.
#[utoipa::path(
    get,
    path = "/api/v1/findings",
    summary = "Alle bevindingen van de controle, met filters",
    params(FindingFilter),
    responses(
        (status = 200, description = "De bevindingen", body = FindingsDto),
        (status = 400, description = "Ongeldig filter", body = ErrorDto),
        (status = 404, description = "Onbekend samenwerkingsverband", body = ErrorDto)
    )
)]
pub(crate) async fn list_findings(
    State(state): State<AppState>,
    Query(filter): Query<FindingFilter>,
) -> Result<Response, Failure> {
    let findings = filter_findings(&state.snapshot, &filter).map_err(AppError::api)?;
    Ok(Json(FindingsDto {
        findings: findings.into_iter().map(FindingDto::from).collect(),
    })
    .into_response())
}

/// The sources.
#[utoipa::path(
    get,
    path = "/api/v1/sources",
    summary = "De bronbestanden met licentie, naamsvermelding en controlegetal",
    responses((status = 200, description = "De bronnen", body = SourcesDto))
)]
pub(crate) async fn list_sources(State(state): State<AppState>) -> Json<SourcesDto> {
    let files = &state.snapshot.import.files;
    Json(SourcesDto {
        sources: passend_import::SOURCES
            .iter()
            .map(|s| SourceDto {
                key: s.key.to_owned(),
                path: s.path.to_owned(),
                title: s.title.to_owned(),
                publisher: s.publisher.to_owned(),
                date: s.date.to_owned(),
                licence: s.licence.to_owned(),
                attribution: s.attribution.map(str::to_owned),
                provenance: s.provenance.to_owned(),
                used_for: s.used_for.to_owned(),
                sha256: files
                    .iter()
                    .find(|f| f.key == s.key)
                    .map(|f| f.sha256.clone()),
            })
            .collect(),
    })
}

/// The coverage of one SWV.
#[utoipa::path(
    get,
    path = "/api/v1/swv/{code}/coverage",
    summary = "Dekkend aanbod van één samenwerkingsverband: per behoefte en niveau het aandeel binnen bereik, plaatsen, tekort en hiaten; met een wat-als-scenario",
    params(("code" = String, Path, description = "SWV-code"), CoverageQuery),
    responses(
        (status = 200, description = "De dekking (JSON, of CSV met format=csv)", body = CoverageDto),
        (status = 400, description = "Ongeldige behoefte, niveau, reikwijdte of scenario", body = ErrorDto),
        (status = 404, description = "Onbekend samenwerkingsverband, of nog geen profielen", body = ErrorDto)
    )
)]
pub(crate) async fn get_swv_coverage(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(q): Query<CoverageQuery>,
) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    // The first report of an SWV takes tens of milliseconds: off the async workers.
    tokio::task::spawn_blocking(move || swv_coverage(&snap, &raw, &q))
        .await
        .map_err(|e| AppError::Internal(format!("coverage: {e}")).api())?
}

fn swv_coverage(snap: &Snapshot, raw: &str, q: &CoverageQuery) -> Result<Response, Failure> {
    let swv = known_swv(snap, raw)?;
    let support = crate::pages::coverage::support(snap).map_err(AppError::api)?;
    let support = &*support;
    let csv = match q.format.as_deref().map(str::trim) {
        None | Some("" | "json") => false,
        Some("csv") => true,
        Some(other) => {
            return Err(AppError::BadRequest(format!(
                "Onbekend formaat '{other}': kies json of csv."
            ))
            .api());
        }
    };
    let scope = parse_scope(q.scope.as_deref()).map_err(AppError::api)?;
    let need = parse_need(support, q.behoefte.as_deref()).map_err(AppError::api)?;
    let level = parse_level(q.niveau.as_deref()).map_err(AppError::api)?;
    let report = support.report(swv, scope);
    let scenario = scenario_of(support, q, need.as_ref(), level).map_err(AppError::api)?;
    let changes = match &scenario {
        Some(s) => Some(
            run_scenario(support, &report, s)
                .map_err(|e| AppError::BadRequest(format!("{e}.")).api())?,
        ),
        None => None,
    };
    let input = CoverageInput {
        register: &snap.register,
        taxonomy: &support.data.taxonomy,
        settings: &support.data.settings,
        date: support.data.date,
    };
    let detail = q.detail.unwrap_or(false);
    let mut dto = CoverageDto::of(
        &input,
        &report,
        detail,
        scenario
            .as_ref()
            .zip(changes.as_deref())
            .map(|(s, c)| (s.name.as_str(), c)),
    );
    dto.retain(need.as_ref(), level);
    if csv {
        return Ok((
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "text/csv; charset=utf-8".to_owned(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"dekking-{swv}.csv\""),
                ),
            ],
            coverage_csv(std::slice::from_ref(&dto), detail),
        )
            .into_response());
    }
    Ok(Json(dto).into_response())
}

/// Coverage of every SWV.
#[utoipa::path(
    get,
    path = "/api/v1/coverage",
    summary = "Dekkend aanbod van alle samenwerkingsverbanden, met alleen hun eigen scholen (de wettelijke toets)",
    responses(
        (status = 200, description = "Per samenwerkingsverband de cellen", body = NationalCoverageDto),
        (status = 404, description = "Nog geen profielen", body = ErrorDto)
    )
)]
pub(crate) async fn get_national_coverage(
    State(state): State<AppState>,
) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    tokio::task::spawn_blocking(move || {
        let support = crate::pages::coverage::support(&snap).map_err(AppError::api)?;
        let support = &*support;
        let input = CoverageInput {
            register: &snap.register,
            taxonomy: &support.data.taxonomy,
            settings: &support.data.settings,
            date: support.data.date,
        };
        Ok(Json(NationalCoverageDto::of(&input, &support.all())).into_response())
    })
    .await
    .map_err(|e| AppError::Internal(format!("coverage: {e}")).api())?
}

/// Liveness.
#[utoipa::path(
    get,
    path = "/healthz",
    summary = "Draait de server, en hoeveel vestigingen zijn er ingelezen",
    responses((status = 200, description = "De server draait", body = HealthDto))
)]
pub(crate) async fn healthz(State(state): State<AppState>) -> Json<HealthDto> {
    let snap = &state.snapshot;
    Json(HealthDto {
        status: "ok".to_owned(),
        vestigingen: snap.register.vestigingen().len(),
        imported_at: snap.import.run.as_ref().map(|r| r.finished_at.to_string()),
    })
}

/// The OpenAPI document as JSON.
pub(crate) async fn openapi_json() -> Response {
    match openapi().to_pretty_json() {
        Ok(json) => (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            json,
        )
            .into_response(),
        Err(e) => AppError::Internal(format!("openapi: {e}"))
            .api()
            .into_response(),
    }
}
