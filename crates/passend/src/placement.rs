//! `passend find` (the schools for one child) and `passend place` (many children at
//! once from an instance file, and `place generate` to make one).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};

use passend_core::geo::LatLon;
use passend_core::ids::{Pc4, Postcode};
use passend_core::support::{Level, NeedCode, Taxonomy};
use passend_core::swv::{Sector, SwvCode};
use passend_coverage::{Model, Params};
use passend_placement::finder::{self, Request};
use passend_placement::generate::{self, Spec};
use passend_placement::{Instance, NeedLevel, Outcome, deferred_acceptance, min_cost};
use passend_web::dto::placement::{FinderDto, InstanceDto, OutcomeDto};
use passend_web::nl;

use crate::app;
use crate::cli::{AlgorithmArg, FindArgs, Format, GenerateArgs, PlaceRunArgs};

/// Reads `dyslexie:extra` against the taxonomy.
fn need_level(raw: &str, taxonomy: &Taxonomy) -> Result<NeedLevel> {
    let (need, level) = raw
        .split_once(':')
        .ok_or_else(|| anyhow!("--need '{raw}': schrijf behoefte:niveau, zoals dyslexie:extra"))?;
    let code = NeedCode::parse(need).map_err(|e| anyhow!("--need '{raw}': {e}"))?;
    if taxonomy.need(&code).is_none() {
        let known: Vec<&str> = taxonomy.needs().iter().map(|n| n.code.as_str()).collect();
        bail!(
            "--need '{raw}': onbekende ondersteuningsbehoefte '{need}'; bekend zijn {}",
            known.join(", ")
        );
    }
    let level = Level::parse(level).ok_or_else(|| {
        anyhow!("--need '{raw}': onbekend niveau '{level}'; kies basis, extra of specialistisch")
    })?;
    Ok(NeedLevel { need: code, level })
}

/// The model of the register and the profiles in force on `date`.
fn model(
    store: &passend_store::Store,
    date: jiff::civil::Date,
) -> Result<(passend_core::register::Register, Model)> {
    let register = store.load_register()?;
    let Some(support) = app::support_data(store, date)? else {
        bail!(
            "er zijn nog geen ondersteuningsbehoeften ingelezen; voer eerst 'passend import' uit"
        );
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
    Ok((register, model))
}

fn known_swv(register: &passend_core::register::Register, raw: &str) -> Result<SwvCode> {
    let swv = SwvCode::parse(raw).map_err(|e| anyhow!("--swv: {e}"))?;
    if !register.has_swv(swv) {
        bail!("samenwerkingsverband {swv} bestaat niet in het register");
    }
    Ok(swv)
}

fn write_out(path: Option<&Path>, text: &str) -> Result<()> {
    match path {
        Some(p) => std::fs::write(p, text)
            .with_context(|| format!("{} kan niet worden geschreven", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(text.as_bytes())?;
            if !text.ends_with('\n') {
                out.write_all(b"\n")?;
            }
            Ok(())
        }
    }
}

/// Runs `passend find`.
pub(crate) fn find(store: &passend_store::Store, args: &FindArgs) -> Result<ExitCode> {
    let date = match args.datum.as_deref() {
        Some(text) => {
            passend_import::read::profiles::parse_date(text).map_err(|m| anyhow!("--datum: {m}"))?
        }
        None => app::today(),
    };
    let (register, model) = model(store, date)?;
    let swv = known_swv(&register, &args.swv)?;
    if args.needs.is_empty() {
        bail!("geef ten minste één --need behoefte:niveau, zoals --need dyslexie:extra");
    }
    let mut needs: Vec<NeedLevel> = Vec::new();
    for raw in &args.needs {
        let n = need_level(raw, &model.taxonomy)?;
        if needs.iter().any(|x| x.need == n.need) {
            bail!("--need: behoefte {} staat er twee keer in", n.need);
        }
        needs.push(n);
    }
    let home = match (args.pc4.as_deref(), args.lat, args.lon) {
        (Some(raw), _, _) => {
            let pc4 = Postcode::parse(raw)
                .map(|p| p.pc4())
                .or_else(|_| Pc4::parse(raw))
                .map_err(|_| {
                    anyhow!("--pc4: '{raw}' is geen postcode; geef de vier cijfers, zoals 1234")
                })?;
            register
                .pc4(pc4)
                .and_then(|a| a.centroid)
                .ok_or_else(|| anyhow!("--pc4: voor postcodegebied {pc4} is geen ligging bekend"))?
        }
        (None, Some(lat), Some(lon)) => LatLon::new_in_netherlands(lat, lon)
            .ok_or_else(|| anyhow!("--lat/--lon: ({lat}, {lon}) ligt niet in of bij Nederland"))?,
        _ => bail!("geef het woonadres met --pc4 1234, of met --lat en --lon"),
    };
    let answer = finder::find(
        &model,
        &Request {
            swv,
            home,
            needs: needs.clone(),
        },
        args.nabij,
    );
    match args.format {
        Format::Json => {
            let dto = FinderDto::new(&model, &swv.to_string(), &needs, &answer);
            out!("{}", serde_json::to_string_pretty(&dto)?);
        }
        Format::Text => {
            let asked: Vec<String> = needs
                .iter()
                .map(|n| format!("{} ({})", n.need, n.level.label()))
                .collect();
            out!(
                "Scholen van {} voor een kind met {}:",
                swv.dotted(),
                asked.join(", ")
            );
            if model.synthetic {
                out!(
                    "Let op: de ondersteuningsprofielen zijn synthetische demogegevens, geen echte profielen van scholen."
                );
            }
            if answer.fits.is_empty() {
                out!("  geen enkele school van het samenwerkingsverband kan dit bieden.");
            }
            for f in &answer.fits {
                let site = &model.sites[f.site];
                let places: Vec<String> = f
                    .places
                    .iter()
                    .map(|(n, p)| match p {
                        Some(p) => format!("{p} plaatsen {}", n.need),
                        None => format!("plaatsen {} onbekend", n.need),
                    })
                    .collect();
                out!(
                    "  {:>6} km  {}  {}{}",
                    nl::decimal(f.distance_m as f64 / 1000.0, 1),
                    site.code,
                    site.name,
                    if places.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", places.join(", "))
                    }
                );
            }
            if !answer.nearby_unfit.is_empty() {
                out!(
                    "In de buurt, maar niet passend ({} van de {}):",
                    answer.nearby_unfit.len(),
                    answer.unfit_total
                );
                for f in &answer.nearby_unfit {
                    let site = &model.sites[f.site];
                    out!(
                        "  {:>6} km  {}  {}: {}",
                        nl::decimal(f.distance_m as f64 / 1000.0, 1),
                        site.code,
                        site.name,
                        f.unfit
                            .as_ref()
                            .map(ToString::to_string)
                            .unwrap_or_default()
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `passend place generate`.
pub(crate) fn generate(store: &passend_store::Store, args: &GenerateArgs) -> Result<ExitCode> {
    if args.pupils == 0 || args.pupils > 1_000_000 {
        bail!("--pupils: kies 1 tot 1.000.000 leerlingen");
    }
    let (register, model) = model(store, app::today())?;
    let (swv, sector) = match (&args.swv, args.national) {
        (Some(raw), _) => {
            let swv = known_swv(&register, raw)?;
            (Some(swv), swv.sector())
        }
        (None, _) => {
            let sector = match args.sector.as_deref().map(|s| s.trim().to_lowercase()) {
                None => Sector::Po,
                Some(s) if s == "po" => Sector::Po,
                Some(s) if s == "vo" => Sector::Vo,
                Some(s) => bail!("--sector: '{s}'; kies po of vo"),
            };
            (None, sector)
        }
    };
    let sizes = generate::school_sizes(&register);
    let instance = generate::generate(
        &model,
        &sizes,
        Spec {
            swv,
            sector,
            pupils: args.pupils,
            seed: args.seed,
        },
    )?;
    let scope = swv.map_or_else(|| format!("Nederland {sector}"), |s| s.dotted());
    let names: HashMap<_, String> = model
        .sites
        .iter()
        .map(|s| (s.code, s.name.clone()))
        .collect();
    let dto = InstanceDto::new(
        &instance,
        format!("{scope}, {} leerlingen (synthetisch)", args.pupils),
        format!(
            "Synthetische instantie van passend: echte scholen en ondersteuningsprofielen{}, verzonnen leerlingen (zaad {}). Geen echte kinderen.",
            if model.synthetic {
                " (ook de profielen zijn synthetisch)"
            } else {
                ""
            },
            args.seed
        ),
        args.seed,
        true,
        &|i| names.get(&instance.schools[i].id).cloned(),
    );
    let text = serde_json::to_string(&dto)?;
    write_out(args.uitvoer.as_deref(), &text)?;
    if let Some(path) = &args.uitvoer {
        eprintln!(
            "{} leerlingen en {} scholen geschreven naar {}.",
            nl::number(instance.pupils.len() as u64),
            nl::number(instance.schools.len() as u64),
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `passend place INSTANCE`.
pub(crate) fn place(args: &PlaceRunArgs) -> Result<ExitCode> {
    let Some(path) = &args.instance else {
        bail!(
            "geef een instantiebestand: passend place --algorithm da-stb INSTANTIE.json (of maak er een met passend place generate)"
        );
    };
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| {
        passend_import::ImportError::new(&name, passend_import::ImportErrorKind::Io(e))
    })?;
    let file = passend_import::read::placement::read_placement(&name, &bytes)?;
    let seed = args.seed.or(file.seed).unwrap_or(0);
    let outcome: Outcome = match args.algorithm {
        AlgorithmArg::DaStb => deferred_acceptance(&file.instance, seed),
        AlgorithmArg::MinCost => {
            min_cost(&file.instance, seed).map_err(|e| anyhow!("{name}: {e}"))?
        }
    };
    let dto = OutcomeDto::new(
        &file.instance,
        &outcome,
        &file.sha256,
        file.name.as_deref(),
        file.synthetic,
    );
    let text = match args.format {
        Format::Json => serde_json::to_string_pretty(&dto)?,
        Format::Text => text_report(&file.instance, &dto),
    };
    write_out(args.uitvoer.as_deref(), &text)?;
    Ok(ExitCode::SUCCESS)
}

fn text_report(instance: &Instance, dto: &OutcomeDto) -> String {
    let t = &dto.totals;
    let mut lines = vec![
        format!(
            "{} ({} leerlingen, {} scholen){}",
            dto.instance.as_deref().unwrap_or("instantie"),
            nl::number(t.pupils as u64),
            nl::number(instance.schools.len() as u64),
            if dto.synthetic {
                "; synthetische leerlingen"
            } else {
                ""
            }
        ),
        format!(
            "Algoritme {}, zaad {}, invoer sha256 {}",
            dto.algorithm, dto.seed, dto.input_sha256
        ),
        format!(
            "Geplaatst: {} ({}), niet geplaatst: {}",
            nl::number(t.placed as u64),
            nl::percent(
                if t.pupils == 0 {
                    0.0
                } else {
                    100.0 * t.placed as f64 / t.pupils as f64
                },
                1
            ),
            nl::number(t.unplaced as u64)
        ),
        format!(
            "Eerste keus: {}, top 3: {}",
            nl::percent(100.0 * t.first_choice, 1),
            nl::percent(100.0 * t.top3, 1)
        ),
        format!(
            "Afstand: totaal {} km, gemiddeld {} km",
            nl::decimal(t.total_distance_m as f64 / 1000.0, 1),
            nl::decimal(t.mean_distance_m / 1000.0, 2)
        ),
    ];
    let unplaced: Vec<_> = dto
        .assignments
        .iter()
        .filter(|a| a.school.is_none())
        .collect();
    if !unplaced.is_empty() {
        lines.push(String::new());
        lines.push("Niet geplaatst:".to_owned());
        for a in unplaced.iter().take(200) {
            lines.push(format!("  {}: {}", a.pupil, a.reason));
        }
        if unplaced.len() > 200 {
            lines.push(format!(
                "  … en nog {}; alle redenen staan in --format json",
                nl::number((unplaced.len() - 200) as u64)
            ));
        }
    }
    lines.push(String::new());
    lines.push("Elke leerling met school, voorkeur en reden: --format json.".to_owned());
    lines.join("\n")
}
