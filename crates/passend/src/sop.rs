//! `passend sop`: school support profiles (schoolondersteuningsprofielen) and SWV
//! basisondersteuning. `import` reads a CSV or JSON file all or nothing, `export` writes
//! the profiles in force today in the same formats, `generate` makes synthetic demo
//! profiles; and [`ensure_profiles`] gives a store without any profile the demo profiles
//! of seed 2026, so that the pages have something to show.
//!
//! Every run that stores profiles adds a version only where content changed, so reading
//! the same file twice changes nothing. Synthetic profiles are said to be synthetic on
//! every output.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use jiff::civil::Date;

use passend_core::generate::generate;
use passend_core::register::Register;
use passend_core::support::{ProfileBook, SupportProfile, SwvBasis};
use passend_core::swv::SwvCode;
use passend_import::export::{profiles_csv, profiles_json};
use passend_import::read::profiles::{ProfileContext, ProfileError, parse_date, read_profiles};
use passend_store::{ProfilesOutcome, Store};
use passend_web::nl;

use crate::app;
use crate::cli::{SopCommand, SopExportArgs, SopFormat, SopGenerateArgs, SopImportArgs};

/// The seed of the demo profiles a store without profiles gets.
pub(crate) const DEFAULT_SEED: u64 = 2026;

/// Runs a `sop` subcommand.
pub(crate) fn run(store: &Store, command: SopCommand) -> Result<ExitCode> {
    match command {
        SopCommand::Import(args) => import(store, &args),
        SopCommand::Export(args) => export(store, &args).map(|()| ExitCode::SUCCESS),
        SopCommand::Generate(args) => generate_demo(store, &args).map(|()| ExitCode::SUCCESS),
    }
}

/// `--geldig-vanaf`, or today.
fn date_arg(arg: Option<&str>) -> Result<Date> {
    match arg {
        Some(text) => parse_date(text).map_err(|m| anyhow::anyhow!("--geldig-vanaf: {m}")),
        None => Ok(app::today()),
    }
}

/// `1 profiel`, `11.437 profielen`.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {many}", nl::number(n as u64))
    }
}

fn profiles(n: usize) -> String {
    count(n, "profiel", "profielen")
}

fn bases(n: usize) -> String {
    count(n, "basisondersteuning", "basisondersteuningen")
}

fn versions(outcome: &ProfilesOutcome) -> String {
    format!(
        "Nieuwe versies: {} en {}; ongewijzigd: {} en {}.",
        profiles(outcome.profiles_added),
        bases(outcome.basis_added),
        profiles(outcome.profiles_unchanged),
        bases(outcome.basis_unchanged)
    )
}

/// The register and taxonomy a profile is checked against; imports first when the data
/// files changed, as the other commands do.
fn current(store: &Store) -> Result<(Register, passend_core::support::Taxonomy)> {
    app::ensure_imported(store, None)?;
    let taxonomy = store.load_taxonomy()?;
    if taxonomy.needs().is_empty() {
        bail!(
            "er zijn geen ondersteuningsbehoeften ingelezen; controleer instellingen/behoeften.csv en voer passend import --force uit"
        );
    }
    Ok((store.load_register()?, taxonomy))
}

fn import(store: &Store, args: &SopImportArgs) -> Result<ExitCode> {
    let default_date = date_arg(args.geldig_vanaf.as_deref())?;
    let (register, taxonomy) = current(store)?;
    let shown = args.file.display().to_string();
    let bytes = std::fs::read(&args.file).map_err(|e| {
        anyhow::Error::from(passend_import::ImportError::new(
            shown.clone(),
            passend_import::ImportErrorKind::Io(e),
        ))
    })?;
    let name = args
        .file
        .file_name()
        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    let ctx = ProfileContext {
        register: &register,
        taxonomy: &taxonomy,
        default_date,
        source_name: &name,
    };
    let file = match read_profiles(&shown, &bytes, &ctx) {
        Ok(file) => file,
        Err(ProfileError::File(e)) => return Err(e.into()),
        Err(ProfileError::Invalid { issues, .. }) => {
            for issue in &issues {
                eprintln!("fout: {issue}");
            }
            eprintln!(
                "{} in {shown}; er is niets opgeslagen en de opgeslagen profielen zijn niet veranderd.",
                count(issues.len(), "fout", "fouten")
            );
            return Ok(ExitCode::from(1));
        }
    };
    let outcome = store.save_profiles(&file.profiles, &file.basis)?;
    if outcome.nothing_changed() {
        out!(
            "Er is niets veranderd: de {} en {} in {shown} zijn gelijk aan de versies die al gelden.",
            profiles(file.profiles.len()),
            bases(file.basis.len())
        );
    } else {
        out!(
            "Ingelezen uit {shown}: {} en {}.",
            profiles(file.profiles.len()),
            bases(file.basis.len())
        );
        out!("{}", versions(&outcome));
    }
    let synthetic = file
        .profiles
        .iter()
        .filter(|p| p.source.is_synthetic())
        .count();
    if synthetic > 0 {
        eprintln!(
            "Let op: {} van de {} in dit bestand {} in de kolom BRON 'synthetisch (seed N)' en {} dus voorbeeldgegevens, geen echte profielen; maak BRON leeg om een profiel als echt profiel in te lezen.",
            nl::number(synthetic as u64),
            profiles(file.profiles.len()),
            if synthetic == 1 { "heeft" } else { "hebben" },
            if synthetic == 1 { "blijft" } else { "blijven" },
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The profiles and SWV basis in force on `date`: of every vestiging and SWV, or of one
/// SWV and its member schools; sorted by code.
fn in_force<'b>(
    book: &'b ProfileBook,
    register: &Register,
    swv: Option<SwvCode>,
    date: Date,
) -> (Vec<&'b SupportProfile>, Vec<&'b SwvBasis>) {
    let mut vestigingen: Vec<_> = match swv {
        Some(swv) => register.members(swv).map(|(v, _)| v.code).collect(),
        None => book.all_profiles().map(|p| p.vestiging).collect(),
    };
    vestigingen.sort_unstable();
    vestigingen.dedup();
    let mut swvs: Vec<SwvCode> = match swv {
        Some(swv) => vec![swv],
        None => book.all_basis().map(|b| b.swv).collect(),
    };
    swvs.sort_unstable();
    swvs.dedup();
    (
        vestigingen
            .into_iter()
            .filter_map(|v| book.profile_at(v, date))
            .collect(),
        swvs.into_iter()
            .filter_map(|s| book.basis_at(s, date))
            .collect(),
    )
}

fn export(store: &Store, args: &SopExportArgs) -> Result<()> {
    app::ensure_imported(store, None)?;
    let register = store.load_register()?;
    let swv = args
        .swv
        .as_deref()
        .map(|input| -> Result<SwvCode> {
            let swv = SwvCode::parse(input)?;
            if !register.has_swv(swv) {
                bail!("samenwerkingsverband {swv} bestaat niet in het register");
            }
            Ok(swv)
        })
        .transpose()?;
    let book = store.load_profiles()?;
    let date = app::today();
    let (profiles_now, basis_now) = in_force(&book, &register, swv, date);
    let text = match args.format {
        SopFormat::Csv => profiles_csv(&register, &profiles_now, &basis_now),
        SopFormat::Json => profiles_json(&register, &profiles_now, &basis_now),
    };
    match &args.uitvoer {
        Some(path) => {
            write_file(path, &text)?;
            out!(
                "{} en {} die op {date} gelden, geschreven naar {}.",
                profiles(profiles_now.len()),
                bases(basis_now.len()),
                path.display()
            );
        }
        None => {
            use std::io::Write as _;
            std::io::stdout().lock().write_all(text.as_bytes())?;
        }
    }
    if profiles_now.is_empty() && basis_now.is_empty() {
        eprintln!(
            "Er gelden op {date} geen profielen; maak ze met passend sop import of passend sop generate."
        );
    }
    let synthetic = profiles_now
        .iter()
        .filter(|p| p.source.is_synthetic())
        .count();
    if synthetic > 0 {
        eprintln!(
            "Let op: {} van de {} {} synthetisch: voorbeeldgegevens, geen echte profielen van scholen (kolom BRON: 'synthetisch (seed N)').",
            nl::number(synthetic as u64),
            profiles(profiles_now.len()),
            if synthetic == 1 { "is" } else { "zijn" }
        );
    }
    Ok(())
}

fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text)
        .with_context(|| format!("het bestand {} kan niet worden geschreven", path.display()))
}

fn generate_demo(store: &Store, args: &SopGenerateArgs) -> Result<()> {
    let date = date_arg(args.geldig_vanaf.as_deref())?;
    let (register, taxonomy) = current(store)?;
    let (profiles_new, basis_new) = generate(&register, &taxonomy, args.seed, date);
    let outcome = store.save_profiles(&profiles_new, &basis_new)?;
    out!(
        "Synthetische profielen gemaakt met seed {}, geldig vanaf {date}: {} van open vestigingen en {} van samenwerkingsverbanden.",
        args.seed,
        profiles(profiles_new.len()),
        bases(basis_new.len())
    );
    out!("{}", versions(&outcome));
    eprintln!(
        "Let op: dit zijn synthetische voorbeeldprofielen, geen echte ondersteuningsprofielen van scholen; de export en de pagina's zeggen dat erbij. Lees echte profielen in met passend sop import."
    );
    Ok(())
}

/// When the store has no profile at all: the demo profiles of seed [`DEFAULT_SEED`],
/// valid from today, with a note on stderr. Does nothing before the first import with a
/// taxonomy.
pub(crate) fn ensure_profiles(store: &Store) -> Result<()> {
    if store.has_profiles()? {
        return Ok(());
    }
    let taxonomy = store.load_taxonomy()?;
    if taxonomy.needs().is_empty() {
        return Ok(());
    }
    let register = store.load_register()?;
    let (profiles_new, basis_new) = generate(&register, &taxonomy, DEFAULT_SEED, app::today());
    store.save_profiles(&profiles_new, &basis_new)?;
    eprintln!(
        "Er waren nog geen ondersteuningsprofielen; {} synthetische voorbeeldprofielen gemaakt (seed {DEFAULT_SEED}). Dit zijn geen echte profielen: lees die in met passend sop import.",
        nl::number(profiles_new.len() as u64)
    );
    Ok(())
}
