//! `passend budget`: one year or several, for an SWV in the register or a fictional one
//! from a scenario file, as Dutch text, JSON (the API's shape) or CSV.

use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};

use passend_core::money::{Decimal, Money};
use passend_core::swv::SwvCode;
use passend_funding::budget::Section;
use passend_funding::data::{National, SwvData};
use passend_funding::multiyear::{self, MultiYear};
use passend_funding::scenario::Scenario;
use passend_import::read::funding::{Format, read_budget_scenario};
use passend_web::dto::budget::{BudgetDto, allocation_csv, budget_csv};
use passend_web::nl;

use crate::app;
use crate::cli::{BudgetArgs, CoverageFormat};

/// Runs `passend budget`.
pub(crate) fn run(store: &passend_store::Store, args: &BudgetArgs) -> Result<ExitCode> {
    let mut scenario = match &args.scenario {
        Some(path) => {
            let file = path.display().to_string();
            let bytes = std::fs::read(path).map_err(|e| {
                passend_import::ImportError::new(&file, passend_import::ImportErrorKind::Io(e))
            })?;
            read_budget_scenario(&file, &bytes, Format::of(&file))?
        }
        None => Scenario::default(),
    };
    if let Some(text) = &args.indexatie {
        let percent: Decimal =
            text.trim().replace(',', ".").parse().map_err(|_| {
                anyhow!("--indexatie: '{text}' is geen percentage; bijvoorbeeld 2,5")
            })?;
        if percent.abs() > Decimal::from(50) {
            bail!("--indexatie: {text} % per jaar is niet aannemelijk; kies tussen -50 en 50");
        }
        scenario.indexation = Some(percent);
    }
    let swv = match (&args.swv, scenario.swv) {
        (Some(raw), from_file) => {
            let swv = SwvCode::parse(raw).map_err(|e| anyhow!("--swv: {e}"))?;
            if from_file.is_some_and(|f| f != swv) {
                bail!(
                    "--swv {swv} verschilt van het samenwerkingsverband in het scenario ({})",
                    from_file.map(|f| f.to_string()).unwrap_or_default()
                );
            }
            Some(swv)
        }
        (None, from_file) => from_file,
    };
    if swv.is_none() && args.scenario.is_none() {
        bail!(
            "geef een samenwerkingsverband (--swv CODE) of een scenario met alle aantallen (--scenario BESTAND)"
        );
    }
    let (from, years) = match (args.year, args.from, args.years) {
        (Some(year), None, None) => (year, 1),
        (None, Some(from), Some(years)) => (from, years),
        _ => bail!("geef --year JAAR, of --from JAAR met --years AANTAL"),
    };
    let dir = if swv.is_some() {
        app::ensure_current(store, None)?;
        app::current_data_dir(store)?
    } else {
        app::data_dir(None)?
    };
    let rates = app::funding_rates(&dir)?;
    let (data, name) = match swv {
        Some(swv) => {
            let register = store.load_register()?;
            if !register.has_swv(swv) {
                bail!("samenwerkingsverband {swv} bestaat niet in het register");
            }
            let data = SwvData::from_register(&register, swv, &National::of(&register));
            let name = data.name.clone();
            (Some(data), name)
        }
        None => (None, scenario.swv_name.clone()),
    };
    let result = multiyear::compute(data.as_ref(), &scenario, &rates, from, years)?;
    let dto = BudgetDto::of(swv.map(|s| s.to_string()), name.clone(), &result);
    match args.format {
        CoverageFormat::Json => out!("{}", serde_json::to_string_pretty(&dto)?),
        CoverageFormat::Csv if args.verdeling => print!("{}", allocation_csv(&dto)),
        CoverageFormat::Csv => print!("{}", budget_csv(std::slice::from_ref(&dto))),
        CoverageFormat::Text => {
            let title = match (swv, &name) {
                (Some(s), Some(n)) => format!("{s} ({}) {n}", s.dotted()),
                (Some(s), None) => format!("{s} ({})", s.dotted()),
                (None, Some(n)) => format!("{n} (fictief, uit het scenario)"),
                (None, None) => "fictief samenwerkingsverband uit het scenario".to_owned(),
            };
            if years == 1 {
                print_year(&title, &result, args.verdeling)?;
            } else {
                print_years(&title, &result)?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_year(title: &str, m: &MultiYear, with_schools: bool) -> Result<()> {
    let y = &m.years[0];
    let b = &y.budget;
    out!(
        "Begroting {} voor {title}; scenario: {}",
        b.year,
        m.scenario
    );
    out!("{}", nl::capitalise(&b.period));
    for section in [Section::Lichte, Section::Zware] {
        out!("");
        out!("{}", section.label());
        for l in b.lines.iter().filter(|l| l.section == section) {
            let calc = match (&l.count, &l.rate) {
                (Some(c), Some((_, r))) => format!(
                    "{} × {}{}",
                    nl::number(c.value),
                    r.amount.dutch(),
                    l.percent
                        .map(|p| format!(
                            " × {} %",
                            passend_core::money::dutch_number(p.normalize(), p.normalize().scale())
                        ))
                        .unwrap_or_default()
                ),
                _ => String::new(),
            };
            out!("  {:<64} {:>26} {:>18}", l.label, calc, l.amount.dutch());
            out!("      code: {}", l.code);
            if let Some(c) = &l.count {
                out!("      aantal: {}", c.basis);
            }
            if let Some((key, r)) = &l.rate {
                let url = r
                    .url
                    .as_deref()
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default();
                out!(
                    "      bedrag: {} ({}); {}; bron: {}{url}",
                    key.label(),
                    key.code(),
                    r.status.label(),
                    r.source
                );
                if let Some(note) = &r.note {
                    out!("      toelichting: {note}");
                }
            }
            out!("      regel: {}", l.rule);
        }
        out!(
            "  {:<64} {:>26} {:>18}",
            format!("{} na aftrek", section.label()),
            "",
            b.section_total(section).dutch()
        );
    }
    out!("");
    out!("{:<34}{:>18}", "Totaal van DUO:", b.total.dutch());
    if b.uitputting > Money::ZERO {
        out!(
            "Uitputting (ten laste van de scholen in het gebied): {}",
            b.uitputting.dutch()
        );
    }
    if y.other_income > Money::ZERO {
        out!("{:<34}{:>18}", "Overige baten:", y.other_income.dutch());
    }
    out!("{:<34}{:>18}", "Totale baten:", y.total_income.dutch());
    out!(
        "{:<34}{:>18}  (max(3,5 % van de baten, € 250.000))",
        "Signaleringswaarde reserves:",
        y.signalling.dutch()
    );
    if let Some(end) = y.equity_end {
        out!(
            "{:<34}{:>18}  {}",
            format!("Eigen vermogen eind {}:", b.year),
            end.dutch(),
            reserve_verdict(end, y.signalling)
        );
    }
    let a = &y.allocation;
    out!("");
    out!("Verdeling");
    for (name, amount) in &a.pots {
        out!("  {:<46}{:>18}", format!("Potje {name}"), amount.dutch());
    }
    out!(
        "  {:<46}{:>18}",
        format!("Naar {} scholen", nl::number(a.schools.len() as u64)),
        a.schools_total().dutch()
    );
    out!(
        "  {:<46}{:>18}{}",
        "Blijft bij het samenwerkingsverband",
        a.swv_kept.dutch(),
        if a.undivided == Money::ZERO {
            String::new()
        } else {
            format!(
                "  (waarvan {} niet te verdelen: geen school met leerlingen)",
                a.undivided.dutch()
            )
        }
    );
    if !a.boards.is_empty() {
        out!("  Per bestuur:");
    }
    for (board, amount) in &a.boards {
        let board = board.map_or("zonder bekend bestuur".to_owned(), |b| {
            format!("bestuur {b}")
        });
        out!("    {board:<44}{:>18}", amount.dutch());
    }
    if with_schools {
        out!("  Per school:");
        for s in &a.schools {
            out!(
                "    {} {:<44} {:>7} lln {:>18}",
                s.school.code,
                truncate(&s.school.name, 44),
                nl::number(s.school.pupils),
                s.total().dutch()
            );
        }
    }
    print_warnings(&b.warnings)?;
    Ok(())
}

fn print_years(title: &str, m: &MultiYear) -> Result<()> {
    out!("Meerjarenbegroting voor {title}; scenario: {}", m.scenario);
    out!("");
    out!(
        "{:<6} {:>18} {:>18} {:>18} {:>18} {:>18} {:>18}",
        "jaar",
        "bruto",
        "aftrek DUO",
        "totaal van DUO",
        "naar scholen",
        "signaleringsw.",
        "eigen vermogen"
    );
    for y in &m.years {
        out!(
            "{:<6} {:>18} {:>18} {:>18} {:>18} {:>18} {:>18}{}",
            y.year(),
            y.budget.gross().dutch(),
            (-y.budget.deductions()).dutch(),
            y.budget.total.dutch(),
            y.allocation.schools_total().dutch(),
            y.signalling.dutch(),
            y.equity_end.map(Money::dutch).unwrap_or_else(|| "–".into()),
            if y.uses_prognosis { "  *" } else { "" }
        );
    }
    out!("");
    out!("* met geschatte aantallen of een prognose; zie de waarschuwingen.");
    if m.years.iter().all(|y| y.equity_end.is_none()) {
        out!(
            "Eigen vermogen: geef 'reserve.eigen_vermogen' op in een scenario om de reserves te volgen."
        );
    }
    // The first year's warnings in full; later years repeat them with other amounts
    // and counts, so they are summed up in one line.
    let Some(first) = m.years.first() else {
        return Ok(());
    };
    let mut warnings: Vec<String> = first
        .budget
        .warnings
        .iter()
        .map(|w| format!("{}: {w}", first.year()))
        .collect();
    let prognosis: Vec<i16> = m
        .years
        .iter()
        .filter(|y| {
            y.budget.lines.iter().any(|l| {
                l.count
                    .as_ref()
                    .is_some_and(|c| c.basis.contains("prognose"))
            })
        })
        .map(|y| y.year())
        .collect();
    if m.years.len() > 1 {
        warnings.push(format!(
            "Latere jaren: dezelfde soort schattingen en aannames{}. Elke regel met zijn herkomst: passend budget --year JAAR.",
            if prognosis.is_empty() {
                String::new()
            } else {
                format!("; een leerlingenprognose in {}", year_list(&prognosis))
            }
        ));
    }
    print_warnings(&warnings)
}

/// `2026`, `2026–2030` or `2026, 2028`.
fn year_list(years: &[i16]) -> String {
    match (years.first(), years.last()) {
        (Some(a), Some(b)) if a == b => a.to_string(),
        (Some(a), Some(b)) if i32::from(*b - *a) + 1 == years.len() as i32 => format!("{a}–{b}"),
        _ => years
            .iter()
            .map(i16::to_string)
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn print_warnings(warnings: &[String]) -> Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    out!("");
    out!("Let op:");
    for w in warnings {
        out!("  - {w}");
    }
    Ok(())
}

fn reserve_verdict(equity: Money, signalling: Money) -> String {
    if equity > signalling {
        format!(
            "boven de signaleringswaarde (+{})",
            (equity - signalling).dutch()
        )
    } else {
        "onder de signaleringswaarde".to_owned()
    }
}

fn truncate(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut t: String = text.chars().take(max - 1).collect();
        t.push('…');
        t
    }
}
