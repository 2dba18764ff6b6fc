//! `passend coverage`: the dekkend aanbod of one SWV or of all, as Dutch text, JSON (the
//! API's shape) or CSV, with an optional what-if scenario from a file.

use std::process::ExitCode;

use anyhow::{Result, bail};

use passend_core::support::{Level, NeedCode};
use passend_core::swv::SwvCode;
use passend_coverage::{Filter, Model, Params, Report, Scope, analyse, analyse_all, compare};
use passend_web::dto::coverage::{CoverageDto, CoverageInput, coverage_csv};
use passend_web::nl;

use crate::app;
use crate::cli::{CoverageArgs, CoverageFormat, ScopeArg};

/// Runs `passend coverage`.
pub(crate) fn run(store: &passend_store::Store, args: &CoverageArgs) -> Result<ExitCode> {
    let date = match args.datum.as_deref() {
        Some(text) => passend_import::read::profiles::parse_date(text)
            .map_err(|m| anyhow::anyhow!("--datum: {m}"))?,
        None => app::today(),
    };
    let register = store.load_register()?;
    let Some(support) = app::support_data(store, date)? else {
        bail!(
            "er zijn nog geen ondersteuningsbehoeften ingelezen; voer eerst 'passend import' uit"
        );
    };
    let swv = args
        .swv
        .as_deref()
        .map(|raw| -> Result<SwvCode> {
            let swv = SwvCode::parse(raw).map_err(|e| anyhow::anyhow!("--swv: {e}"))?;
            if !register.has_swv(swv) {
                bail!("samenwerkingsverband {swv} bestaat niet in het register");
            }
            if swv.is_landelijk() {
                bail!(
                    "{} is een landelijk samenwerkingsverband zonder eigen gebied; de dekking wordt bepaald door de regionale samenwerkingsverbanden waar zijn scholen liggen",
                    swv.dotted()
                );
            }
            Ok(swv)
        })
        .transpose()?;
    let need = args
        .need
        .as_deref()
        .map(|raw| -> Result<NeedCode> {
            let code = NeedCode::parse(raw).map_err(|e| anyhow::anyhow!("--need: {e}"))?;
            if support.taxonomy.need(&code).is_none() {
                let known: Vec<&str> = support
                    .taxonomy
                    .needs()
                    .iter()
                    .map(|n| n.code.as_str())
                    .collect();
                bail!(
                    "--need: onbekende ondersteuningsbehoefte '{raw}'; bekend zijn {}",
                    known.join(", ")
                );
            }
            Ok(code)
        })
        .transpose()?;
    let level = args
        .level
        .as_deref()
        .map(|raw| {
            Level::parse(raw).ok_or_else(|| {
                anyhow::anyhow!(
                    "--level: onbekend niveau '{raw}'; kies basis, extra of specialistisch"
                )
            })
        })
        .transpose()?;
    let scope = match args.scope {
        ScopeArg::Swv => Scope::Swv,
        ScopeArg::National => Scope::National,
    };
    let scenario = match &args.scenario {
        None => None,
        Some(path) => {
            if swv.is_none() {
                bail!("--scenario werkt per samenwerkingsverband; geef ook --swv CODE");
            }
            let name = path.display().to_string();
            let bytes = std::fs::read(path).map_err(|e| {
                passend_import::ImportError::new(&name, passend_import::ImportErrorKind::Io(e))
            })?;
            Some(passend_import::read::scenario::read_scenario(
                &name, &bytes,
            )?)
        }
    };

    let params = Params {
        threshold_km: support.settings.threshold_km,
        detour: support.settings.detour,
    };
    let model = Model::build(
        &register,
        &support.book,
        support.taxonomy.clone(),
        date,
        params,
    );
    let filter = Filter {
        needs: need.clone().map(|n| vec![n]),
        levels: level.map(|l| vec![l]),
        detail: args.detail,
    };
    let reports: Vec<Report> = match swv {
        Some(swv) => vec![analyse(&model, swv, scope, &filter)],
        None => analyse_all(&model, scope, &filter),
    };
    let changes = match &scenario {
        Some(s) => {
            let after_model = s.apply(&model).map_err(|e| {
                anyhow::anyhow!(
                    "{}: {e}",
                    args.scenario
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default()
                )
            })?;
            let after = analyse(
                &after_model,
                reports[0].swv,
                scope,
                &Filter {
                    detail: false,
                    ..filter.clone()
                },
            );
            Some(compare(&reports[0], &after))
        }
        None => None,
    };

    let input = CoverageInput {
        register: &register,
        taxonomy: &support.taxonomy,
        settings: &support.settings,
        date,
    };
    let dtos: Vec<CoverageDto> = reports
        .iter()
        .map(|r| {
            CoverageDto::of(
                &input,
                r,
                args.detail,
                scenario
                    .as_ref()
                    .zip(changes.as_deref())
                    .map(|(s, c)| (s.name.as_str(), c)),
            )
        })
        .collect();
    match args.format {
        CoverageFormat::Json => match (swv, dtos.as_slice()) {
            (Some(_), [one]) => out!("{}", serde_json::to_string_pretty(one)?),
            _ => out!("{}", serde_json::to_string_pretty(&dtos)?),
        },
        CoverageFormat::Csv => {
            use std::io::Write as _;
            std::io::stdout()
                .lock()
                .write_all(coverage_csv(&dtos, args.detail).as_bytes())?;
        }
        CoverageFormat::Text => {
            if swv.is_some() {
                text_one(&dtos[0], args.detail, date)?;
            } else {
                text_all(&dtos, date)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn header(dto: &CoverageDto, date: jiff::civil::Date) -> Result<()> {
    if dto.synthetic {
        out!(
            "LET OP: synthetische voorbeeldprofielen. Deze cijfers laten zien hoe passend werkt, niet wat de scholen werkelijk bieden."
        );
    }
    let s = &dto.settings;
    out!(
        "Profielen op {}. Drempels over de weg: basis {} km, extra {} km, specialistisch {} km (hemelsbreed maal {}).",
        nl::date(date),
        nl::decimal(s.threshold_basis_km, 0),
        nl::decimal(s.threshold_extra_km, 0),
        nl::decimal(s.threshold_specialistisch_km, 0),
        nl::decimal(s.detour, 2)
    );
    Ok(())
}

fn share(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_owned(), |s| nl::percent(s * 100.0, 1))
}

fn text_one(dto: &CoverageDto, detail: bool, date: jiff::civil::Date) -> Result<()> {
    let swv = SwvCode::parse(&dto.swv).map_or(dto.swv.clone(), |s| s.dotted());
    out!(
        "Dekkend aanbod van {swv} ({}).",
        if dto.scope == "swv" {
            "alleen eigen scholen"
        } else {
            "alle scholen, ook buiten het samenwerkingsverband"
        }
    );
    header(dto, date)?;
    out!("");
    out!(
        "{:<39} {:<15} {:>9} {:>9} {:>8} {:>10} {:>8} {:>6}",
        "Behoefte",
        "Niveau",
        "Kinderen",
        "Binnen",
        "Scholen",
        "Pl./1.000",
        "Tekort",
        "Hiaten"
    );
    for c in &dto.cells {
        out!(
            "{:<39} {:<15} {:>9} {:>9} {:>8} {:>10} {:>8} {:>6}",
            c.need_label,
            c.level,
            nl::decimal(c.children, 1),
            share(c.share_within),
            c.schools,
            c.places_per_1000
                .map_or_else(|| "–".to_owned(), |p| nl::decimal(p, 0)),
            nl::decimal(c.short, 1),
            c.gaps
        );
    }
    if !dto.gaps.is_empty() {
        out!("");
        out!(
            "Grootste hiaten (van {}):",
            nl::number(dto.gaps.len() as u64)
        );
        for g in dto.gaps.iter().take(15) {
            out!(
                "  {} {:<22} {:<10} {:<15} {:>6} kinderen: {}{}",
                g.pc4,
                g.place.as_deref().unwrap_or(""),
                g.need,
                g.level,
                nl::decimal(g.children, 1),
                g.kind_label,
                g.road_km.map_or_else(String::new, |k| format!(
                    " ({} km over de weg)",
                    nl::decimal(k, 1)
                ))
            );
        }
    }
    if let Some(s) = &dto.scenario {
        out!("");
        out!("Scenario: {}", s.name);
        if s.changes.is_empty() {
            out!("  Er verandert niets aan de dekking.");
        }
        for c in &s.changes {
            out!(
                "  {:<39} {:<15} binnen bereik {} → {}; tekort {} → {}; scholen {} → {}",
                c.before.need_label,
                c.level,
                share(c.before.share_within),
                share(c.after.share_within),
                nl::decimal(c.before.short, 1),
                nl::decimal(c.after.short, 1),
                c.before.schools,
                c.after.schools
            );
        }
    }
    if detail {
        out!("");
        out!("pc4  lat        lon       behoefte   niveau          kinderen  dichtstbij  km");
        for d in dto.details.iter().flatten() {
            out!(
                "{} {:>9.5} {:>9.5} {:<10} {:<15} {:>8} {:<11} {}",
                d.pc4,
                d.lat,
                d.lon,
                d.need,
                d.level,
                nl::decimal(d.children, 2),
                d.nearest.as_deref().unwrap_or("–"),
                d.nearest_km
                    .map_or_else(|| "–".to_owned(), |k| nl::decimal(k, 2))
            );
        }
    }
    Ok(())
}

fn text_all(dtos: &[CoverageDto], date: jiff::civil::Date) -> Result<()> {
    let Some(first) = dtos.first() else {
        return Ok(());
    };
    out!(
        "Dekkend aanbod van alle {} regionale samenwerkingsverbanden.",
        dtos.len()
    );
    header(first, date)?;
    out!("");
    out!(
        "{:<9} {:>8} {:>10}  Grootste hiaat",
        "SWV",
        "Hiaten",
        "Buiten"
    );
    for dto in dtos {
        let worst = dto
            .cells
            .iter()
            .max_by(|a, b| (a.children - a.within).total_cmp(&(b.children - b.within)));
        let beyond: f64 = dto.cells.iter().map(|c| c.children - c.within).sum();
        let gaps: usize = dto.cells.iter().map(|c| c.gaps).sum();
        out!(
            "{:<9} {:>8} {:>10}  {}",
            SwvCode::parse(&dto.swv).map_or(dto.swv.clone(), |s| s.dotted()),
            nl::number(gaps as u64),
            nl::number(beyond.round() as u64),
            worst.filter(|c| c.children > c.within).map_or_else(
                || "geen".to_owned(),
                |c| format!(
                    "{}, {}: {} kinderen buiten bereik ({} binnen)",
                    c.need_label,
                    c.level,
                    nl::decimal(c.children - c.within, 1),
                    share(c.share_within)
                )
            )
        );
    }
    out!("");
    out!(
        "Buiten: verwachte kinderen buiten de drempel, opgeteld over behoeften en niveaus. Details per samenwerkingsverband: passend coverage --swv CODE."
    );
    Ok(())
}
