//! The commands. Each prints plain Dutch text, or with `--format json` the same JSON the
//! API gives.

use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use passend_core::composition::{Finding, Severity, SeverityCounts, all_findings};
use passend_core::ids::VestigingCode;
use passend_core::summary::{national_participation, summarise};
use passend_core::swv::{Sector, SwvCode};
use passend_web::dto::{FindingsDto, SchoolDto, SwvDetailDto, swv_list_item};
use passend_web::nl;

use crate::app::{self, ImportReport, Loaded};
use crate::cli::{Cli, Command, Format, SchoolCommand, SectorArg, SeverityArg, SwvCommand};

/// Runs the parsed command line.
pub(crate) fn run(cli: Cli) -> Result<ExitCode> {
    // A restore replaces the database file: it must not hold it open.
    if let Command::Restore { path } = &cli.command {
        let info = passend_store::Store::restore(path, &cli.db)?;
        out!(
            "De reservekopie {} is teruggezet in {} (schemaversie {}); de vorige database staat in {}.voor-herstel.",
            path.display(),
            cli.db.display(),
            info.schema_version,
            cli.db.display()
        );
        return Ok(ExitCode::SUCCESS);
    }
    // Placing an instance works on its file alone.
    if let Command::Place(args) = &cli.command
        && args.command.is_none()
    {
        return crate::placement::place(&args.run);
    }
    let store = app::open_store(&cli.db)?;
    match cli.command {
        Command::Import(args) => {
            let dir = app::data_dir(args.data.data.as_deref())?;
            match app::import(&store, &dir, args.force)? {
                ImportReport::Unchanged => {
                    out!(
                        "De bestanden in {} zijn niet veranderd sinds de vorige import; er is niets gewijzigd.",
                        dir.display()
                    );
                    out!("Gebruik --force om toch opnieuw in te lezen.");
                }
                ImportReport::Done {
                    outcome,
                    vestigingen,
                    findings,
                    seconds,
                } => {
                    out!(
                        "Ingelezen uit {} in {:.1} s: {} vestigingen.",
                        dir.display(),
                        seconds,
                        nl::number(vestigingen as u64)
                    );
                    out!(
                        "Nieuw: {}, gewijzigd: {}, verdwenen: {}. Bevindingen bij het inlezen: {}.",
                        nl::number(outcome.added as u64),
                        nl::number(outcome.changed as u64),
                        nl::number(outcome.removed as u64),
                        nl::number(findings as u64)
                    );
                    out!("Bekijk alle bevindingen met: passend check");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check(args) => {
            app::ensure_current(&store, None)?;
            let loaded = app::load(&store)?;
            let only = args
                .swv
                .as_deref()
                .map(|s| known_swv(&loaded, s))
                .transpose()?;
            let min = match args.severity {
                SeverityArg::Error => Severity::Error,
                SeverityArg::Warning => Severity::Warning,
                SeverityArg::Info => Severity::Info,
            };
            let findings: Vec<Finding> =
                all_findings(&loaded.register, &loaded.data_findings, only)
                    .into_iter()
                    .filter(|f| f.severity <= min)
                    .collect();
            match args.format {
                Format::Json => out!(
                    "{}",
                    serde_json::to_string_pretty(&FindingsDto::of(&findings))?
                ),
                Format::Text => print_findings(&findings)?,
            }
            let has_errors = findings.iter().any(|f| f.severity == Severity::Error);
            Ok(if has_errors {
                ExitCode::from(3)
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Swv { command } => {
            app::ensure_current(&store, None)?;
            let loaded = app::load(&store)?;
            match command {
                SwvCommand::List { sector, format } => swv_list(&loaded, sector, format),
                SwvCommand::Show { code, format } => swv_show(&loaded, &code, format),
            }?;
            Ok(ExitCode::SUCCESS)
        }
        Command::School {
            command: SchoolCommand::Show { code, format },
        } => {
            app::ensure_current(&store, None)?;
            let loaded = app::load(&store)?;
            school_show(&loaded, &code, format)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve(args) => {
            if args.bewerken && !args.addr.ip().is_loopback() {
                bail!(
                    "--bewerken kan alleen op een loopback-adres (127.0.0.1 of ::1), want er zijn nog geen accounts; {} is vanaf andere computers bereikbaar",
                    args.addr.ip()
                );
            }
            app::ensure_current(&store, args.data.data.as_deref())?;
            crate::commands::serve(store, args.addr, args.bewerken)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Sop { command } => crate::sop::run(&store, command),
        Command::Coverage(args) => {
            app::ensure_current(&store, None)?;
            crate::coverage::run(&store, &args)
        }
        Command::Budget(args) => crate::budget::run(&store, &args),
        Command::Find(args) => {
            app::ensure_current(&store, None)?;
            crate::placement::find(&store, &args)
        }
        Command::Place(args) => match args.command {
            Some(crate::cli::PlaceCommand::Generate(generate)) => {
                app::ensure_current(&store, None)?;
                crate::placement::generate(&store, &generate)
            }
            None => crate::placement::place(&args.run),
        },
        Command::User { command } => crate::users::user(&store, command),
        Command::Backup { path } => {
            store.backup_to(&path)?;
            let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            out!(
                "Reservekopie geschreven naar {} ({} MB).",
                path.display(),
                nl::decimal(size as f64 / 1_000_000.0, 1)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { .. } => bail!("herstellen gebeurt voordat de database wordt geopend"),
        Command::Audit { command } => crate::users::audit(&store, command),
        Command::Retention { command } => crate::retention::run(&store, command),
    }
}

fn known_swv(loaded: &Loaded, input: &str) -> Result<SwvCode> {
    let swv = SwvCode::parse(input)?;
    if !loaded.register.has_swv(swv) {
        bail!("samenwerkingsverband {swv} bestaat niet in het register");
    }
    Ok(swv)
}

fn print_findings(findings: &[Finding]) -> Result<()> {
    if findings.is_empty() {
        out!("Geen bevindingen.");
        return Ok(());
    }
    let mut current: Option<Option<SwvCode>> = None;
    for f in findings {
        if current != Some(f.swv) {
            current = Some(f.swv);
            match f.swv {
                Some(swv) => out!("\n{swv} ({})", swv.dotted()),
                None => out!("\nZonder samenwerkingsverband"),
            }
        }
        out!(
            "  {:<12} {:<28} {}",
            f.severity.label(),
            f.rule.id(),
            f.message
        );
    }
    let counts = SeverityCounts::of(findings);
    out!(
        "\nTotaal: {} fouten, {} waarschuwingen, {} ter informatie.",
        counts.error,
        counts.warning,
        counts.info
    );
    Ok(())
}

fn findings_of(loaded: &Loaded, swv: SwvCode) -> Vec<Finding> {
    all_findings(&loaded.register, &loaded.data_findings, Some(swv))
}

fn swv_list(loaded: &Loaded, sector: Option<SectorArg>, format: Format) -> Result<()> {
    let register = &loaded.register;
    let all = all_findings(register, &loaded.data_findings, None);
    let sector = sector.map(|s| match s {
        SectorArg::Po => Sector::Po,
        SectorArg::Vo => Sector::Vo,
    });
    let items: Vec<_> = register
        .swvs()
        .filter(|s| sector.is_none_or(|x| s.sector() == x))
        .map(|swv| {
            let counts = SeverityCounts::of(all.iter().filter(|f| f.swv == Some(swv)));
            swv_list_item(register, swv, &summarise(register, swv), counts)
        })
        .collect();
    match format {
        Format::Json => out!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "swvs": items }))?
        ),
        Format::Text => {
            out!(
                "{:<8} {:<10} {:<15} {:>11} {:>11} {:>6} {:>8}",
                "code",
                "schrijfwijze",
                "provincie",
                "vestigingen",
                "leerlingen",
                "fouten",
                "waarsch."
            );
            for i in &items {
                out!(
                    "{:<8} {:<10}   {:<15} {:>11} {:>11} {:>6} {:>8}",
                    i.code,
                    i.dotted,
                    i.province.as_deref().unwrap_or("landelijk"),
                    i.open_vestigingen,
                    nl::number(i.pupils.exact),
                    i.findings.error,
                    i.findings.warning
                );
            }
            out!("\n{} samenwerkingsverbanden.", items.len());
        }
    }
    Ok(())
}

fn swv_show(loaded: &Loaded, code: &str, format: Format) -> Result<()> {
    let register = &loaded.register;
    let swv = known_swv(loaded, code)?;
    let summary = summarise(register, swv);
    let national = national_participation(register, swv.sector());
    let findings = findings_of(loaded, swv);
    if format == Format::Json {
        let dto = SwvDetailDto::new(register, &summary, &national, &findings);
        out!("{}", serde_json::to_string_pretty(&dto)?);
        return Ok(());
    }
    let place = swv
        .province()
        .map_or("landelijk samenwerkingsverband".to_owned(), |p| {
            p.name().to_owned()
        });
    let name = register
        .swv_name(swv)
        .map(|n| format!(" {n}"))
        .unwrap_or_default();
    out!("{swv} ({}){name}: {place}", swv.dotted());
    if summary.pc4_count > 0 {
        out!(
            "Gebied: {} postcodegebieden in {} gemeenten (Regeling regio-indeling, stand 2015).",
            summary.pc4_count,
            summary.gemeenten.len()
        );
        out!(
            "Inwoners op 1 januari 2024 (CBS): {}, van wie {} jonger dan 15.",
            nl::number(summary.inhabitants),
            nl::number(summary.under_15)
        );
    }
    let peildatum = summary
        .groups
        .iter()
        .find_map(|g| g.peildatum)
        .map_or("-".to_owned(), |p| p.dutch());
    out!("\nOpen vestigingen en leerlingen op {peildatum} (DUO):");
    for g in &summary.groups {
        let missing = if g.without_count > 0 {
            format!("  ({} zonder telling)", g.without_count)
        } else {
            String::new()
        };
        out!(
            "  {:<45} {:>5} {:>16}{missing}",
            g.group.label(),
            g.open,
            nl::total(g.pupils)
        );
    }
    let width = summary
        .participation
        .iter()
        .map(|p| p.label.chars().count())
        .max()
        .unwrap_or(0);
    out!("\nDeelname, naar de ligging van de school:");
    out!("  {:<width$} {:>9} {:>10}", "", "dit swv", "landelijk");
    for (p, n) in summary.participation.iter().zip(&national) {
        let show = |x: Option<f64>| x.map_or("-".to_owned(), |x| nl::percent(x, 2));
        out!(
            "  {:<width$} {:>9} {:>10}",
            p.label,
            show(p.percent()),
            show(n.percent())
        );
    }
    if let Some(p) = summary.participation.first() {
        out!("  Peildatum {}.", p.peildatum.dutch());
    }
    for p in &summary.participation {
        out!("  {}: {}", p.label, p.note);
    }
    out!(
        "\nBesturen: {} met open vestigingen in dit samenwerkingsverband{}.",
        summary.boards.len(),
        if summary.without_board > 0 {
            format!(
                " ({} vestigingen zonder bekend bestuur)",
                summary.without_board
            )
        } else {
            String::new()
        }
    );
    out!();
    print_findings(&findings)?;
    Ok(())
}

fn school_show(loaded: &Loaded, code: &str, format: Format) -> Result<()> {
    let register = &loaded.register;
    let code = VestigingCode::parse(code)?;
    let v = register
        .vestiging(code)
        .with_context(|| format!("vestiging {code} bestaat niet in het register"))?;
    let findings: Vec<Finding> = all_findings(register, &loaded.data_findings, None)
        .into_iter()
        .filter(|f| f.vestiging == Some(code))
        .collect();
    let dto = SchoolDto::new(register, v, &findings);
    if format == Format::Json {
        out!("{}", serde_json::to_string_pretty(&dto)?);
        return Ok(());
    }
    out!("{} {}", v.code, v.name);
    for (label, value) in passend_web::facts::school_facts(v) {
        out!("{label}: {value}");
    }
    if register.memberships_of(code).next().is_none() {
        out!("Samenwerkingsverband: geen");
    }
    for m in register.memberships_of(code) {
        out!(
            "Samenwerkingsverband {}: {} (op grond van {})",
            m.sector,
            m.swv.dotted(),
            m.basis.explain()
        );
    }
    if !findings.is_empty() {
        out!();
        print_findings(&findings)?;
    }
    Ok(())
}

fn serve(store: passend_store::Store, addr: std::net::SocketAddr, editing: bool) -> Result<()> {
    use std::io::IsTerminal;
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("PASSEND_LOG")
                .unwrap_or_else(|_| "info".into()),
        )
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    // Bind first: a port in use is reported before the register is built.
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AddrInUse => anyhow::anyhow!(
                "poort {} is al in gebruik; kies een andere met --addr",
                addr.port()
            ),
            std::io::ErrorKind::PermissionDenied => {
                anyhow::anyhow!("geen toestemming om op {addr} te luisteren")
            }
            std::io::ErrorKind::AddrNotAvailable => {
                anyhow::anyhow!("adres {} bestaat niet op deze computer", addr.ip())
            }
            _ => anyhow::anyhow!("kan niet luisteren op {addr}"),
        })?;
    let started = std::time::Instant::now();
    let loaded = app::load(&store)?;
    let import = passend_web::ImportInfo {
        run: store.last_import()?,
        files: store.source_files()?,
    };
    let support = app::support_data(&store, app::today())?;
    let funding = app::funding_data(&app::current_data_dir(&store)?)?;
    let snapshot =
        passend_web::Snapshot::build(loaded.register, &loaded.data_findings, import, support)
            .with_funding(funding);
    tracing::info!(seconds = started.elapsed().as_secs_f64(), "register loaded");
    let store = std::sync::Arc::new(store);
    let state = if editing {
        let editor = passend_web::Editor::new(store.clone())
            .context("kan geen sleutel voor de bewerkformulieren maken")?;
        passend_web::state_with_editor(snapshot, editor)
    } else {
        passend_web::state(snapshot)
    };
    // Cookies are `Secure` everywhere but on a loopback development server, which
    // browsers reach over plain http.
    let session_hours = std::env::var("PASSEND_SESSIE_UREN")
        .ok()
        .and_then(|h| h.trim().parse().ok())
        .unwrap_or(8);
    let proxies = trusted_proxies()?;
    let state = state.with_accounts(
        passend_web::Accounts::new(store, !addr.ip().is_loopback(), session_hours)
            .with_trusted_proxies(proxies),
    );
    runtime.block_on(async move {
        eprintln!(
            "passend draait op http://{}/ (stoppen met Ctrl+C){}",
            listener.local_addr()?,
            if editing {
                "; profielen bewerken staat aan"
            } else {
                ""
            }
        );
        passend_web::serve(listener, state, shutdown_signal()).await?;
        eprintln!("passend is gestopt.");
        Ok(())
    })
}

/// Completes on Ctrl+C or SIGTERM, so that requests in flight can finish.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// `PASSEND_VERTROUWDE_PROXY`: the addresses of the reverse proxy (comma-separated)
/// whose `X-Forwarded-For` passend believes.
fn trusted_proxies() -> Result<Vec<std::net::IpAddr>> {
    let Ok(text) = std::env::var("PASSEND_VERTROUWDE_PROXY") else {
        return Ok(Vec::new());
    };
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse()
                .map_err(|_| anyhow::anyhow!("PASSEND_VERTROUWDE_PROXY: '{p}' is geen IP-adres"))
        })
        .collect()
}
