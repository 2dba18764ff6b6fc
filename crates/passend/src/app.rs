//! What the commands share: finding the data directory, opening the store, importing,
//! and loading the register snapshot.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use passend_core::composition::Finding;
use passend_core::register::Register;
use passend_import::Progress;
use passend_store::{ImportBatch, ImportOutcome, SettingsBatch, SourceFileRecord, Store};

/// The data directory: the option, else `./data`, else the `data` folder of the source
/// tree this binary was built from (so `cargo run` works from any folder of a clone).
pub(crate) fn data_dir(arg: Option<&Path>) -> Result<PathBuf> {
    if let Some(dir) = arg {
        if !dir.is_dir() {
            bail!("de map met open data bestaat niet: {}", dir.display());
        }
        return Ok(dir.to_path_buf());
    }
    let candidates = [
        PathBuf::from("data"),
        PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../data")),
    ];
    let dir = candidates
        .into_iter()
        .find(|d| d.join("open").is_dir())
        .context(
            "de meegeleverde map met open data is niet gevonden; geef een map op met --data MAP",
        )?;
    Ok(dir.canonicalize().unwrap_or(dir))
}

/// Opens the store at `path`.
pub(crate) fn open_store(path: &Path) -> Result<Store> {
    Store::open(path)
        .with_context(|| format!("de database {} kan niet worden geopend", path.display()))
}

/// The result of an import command.
pub(crate) enum ImportReport {
    /// The files are unchanged since the last import; nothing was written.
    Unchanged,
    /// Written.
    Done {
        outcome: ImportOutcome,
        vestigingen: usize,
        findings: usize,
        seconds: f64,
    },
}

/// Imports `dir` into the store unless its files are unchanged (or `force`).
pub(crate) fn import(store: &Store, dir: &Path, force: bool) -> Result<ImportReport> {
    let started = std::time::Instant::now();
    let bar = ProgressBar::new(passend_import::SOURCES.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}")
            .expect("valid progress template")
            .progress_chars("█▒░"),
    );
    let mut progress = |p: Progress| match p {
        Progress::Reading {
            source, position, ..
        } => {
            bar.set_position(position as u64);
            bar.set_message(format!("lezen: {}", source.path));
        }
        Progress::Assembling => {
            bar.inc(1);
            bar.set_message("verwerken en samenvoegen");
        }
    };
    let bundle = passend_import::load_files(dir, &mut progress).and_then(|files| {
        let unchanged = store
            .last_import()
            .ok()
            .flatten()
            .is_some_and(|run| run.fingerprint == files.fingerprint);
        if unchanged && !force {
            return Ok(None);
        }
        passend_import::parse(files, &mut progress).map(Some)
    });
    let bundle = match bundle {
        Ok(Some(bundle)) => bundle,
        Ok(None) => {
            bar.finish_and_clear();
            return Ok(ImportReport::Unchanged);
        }
        Err(e) => {
            bar.abandon();
            return Err(e.into());
        }
    };
    bar.set_message("opslaan");
    let files: Vec<SourceFileRecord> = bundle
        .files
        .iter()
        .map(|f| SourceFileRecord {
            key: f.key.to_owned(),
            path: f.path.to_owned(),
            sha256: f.sha256.clone(),
            size: f.size,
        })
        .collect();
    let a = &bundle.assembled;
    let outcome = store.save_import_with_settings(
        &ImportBatch {
            fingerprint: &bundle.fingerprint,
            data_dir: &dir.display().to_string(),
            finished_at: jiff::Timestamp::now(),
            files: &files,
            vestigingen: &a.vestigingen,
            memberships: &a.memberships,
            pc4s: &a.pc4s,
            findings: &a.findings,
            swv_names: &a.swv_names,
        },
        &SettingsBatch {
            taxonomy: &a.taxonomy,
            coverage: &a.coverage,
            retention: &a.retention,
        },
    )?;
    bar.finish_and_clear();
    Ok(ImportReport::Done {
        outcome,
        vestigingen: a.vestigingen.len(),
        findings: a.findings.len(),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Makes sure the store is current ([`ensure_imported`]) and, for the pages and the
/// reports, holds support profiles.
pub(crate) fn ensure_current(store: &Store, data: Option<&Path>) -> Result<()> {
    ensure_imported(store, data)?;
    // A store without any support profile gets the synthetic demo profiles of seed 2026,
    // with a note on stderr (sop.rs). The `sop` commands skip this step.
    crate::sop::ensure_profiles(store)
}

/// Makes sure the store holds the current contents of the data directory: the one
/// given, else the one of the previous import (if it still exists), else the bundled
/// one. Imports when the store is empty or the files changed (an SWV edited an override
/// file, say), and says so on stderr; otherwise costs one checksum pass over the files.
pub(crate) fn ensure_imported(store: &Store, data: Option<&Path>) -> Result<()> {
    let last = store.last_import()?;
    let dir = match data {
        Some(dir) => data_dir(Some(dir))?,
        None => match last
            .as_ref()
            .map(|run| PathBuf::from(&run.data_dir))
            .filter(|d| d.join("open").is_dir())
        {
            Some(dir) => dir,
            None => data_dir(None)?,
        },
    };
    if let ImportReport::Done {
        vestigingen,
        seconds,
        ..
    } = import(store, &dir, false)?
    {
        let why = if last.is_none() {
            "De database was leeg"
        } else {
            "De bestanden zijn veranderd sinds de vorige import"
        };
        eprintln!(
            "{why}; {} vestigingen ingelezen uit {} in {seconds:.1} s.",
            passend_web::nl::number(vestigingen as u64),
            dir.display()
        );
    }
    Ok(())
}

/// The register in memory with the import's data findings.
pub(crate) struct Loaded {
    pub(crate) register: Register,
    pub(crate) data_findings: Vec<Finding>,
}

/// Loads the snapshot.
pub(crate) fn load(store: &Store) -> Result<Loaded> {
    Ok(Loaded {
        register: store.load_register()?,
        data_findings: store.data_findings()?,
    })
}

/// Today in the Netherlands: the date whose support profiles are in force.
pub(crate) fn today() -> jiff::civil::Date {
    let now = jiff::Timestamp::now();
    // Without a time zone database on the machine, UTC is at most a day off at midnight.
    now.in_tz("Europe/Amsterdam")
        .unwrap_or_else(|_| now.to_zoned_datetime(jiff::tz::TimeZone::UTC))
        .date()
}

/// The taxonomy, coverage settings and profiles of the store, with the date to show;
/// `None` before the first import that read a taxonomy.
pub(crate) fn support_data(
    store: &Store,
    date: jiff::civil::Date,
) -> Result<Option<passend_web::SupportData>> {
    let taxonomy = store.load_taxonomy()?;
    if taxonomy.needs().is_empty() {
        return Ok(None);
    }
    Ok(Some(passend_web::SupportData {
        taxonomy,
        settings: store.load_coverage_settings()?,
        book: store.load_profiles()?,
        date,
    }))
}

/// The data directory the store was last imported from, else the bundled one.
pub(crate) fn current_data_dir(store: &Store) -> Result<PathBuf> {
    let last = store.last_import()?;
    match last
        .map(|run| PathBuf::from(run.data_dir))
        .filter(|d| d.join("open").is_dir())
    {
        Some(dir) => Ok(dir),
        None => data_dir(None),
    }
}

/// The funding amounts per year from `bekostiging/bedragen-<jaar>.toml` in a data
/// directory. They are read on every use, so an added amount counts at once.
pub(crate) fn funding_rates(dir: &Path) -> Result<passend_funding::rates::Rates> {
    let folder = dir.join(passend_import::read::funding::RATES_FOLDER);
    let mut files = Vec::new();
    if folder.is_dir() {
        for entry in std::fs::read_dir(&folder)
            .with_context(|| format!("de map {} kan niet worden gelezen", folder.display()))?
        {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with("bedragen-") && name.ends_with(".toml") {
                let bytes = std::fs::read(entry.path()).with_context(|| {
                    format!("{} kan niet worden gelezen", entry.path().display())
                })?;
                files.push((name, bytes));
            }
        }
    }
    files.sort();
    Ok(passend_import::read::funding::read_rates(
        &folder.display().to_string(),
        &files,
    )?)
}

/// The funding amounts and the example scenarios (`bekostiging/voorbeeld-po.toml` and
/// `voorbeeld-vo.toml`) of a data directory, for the web application.
pub(crate) fn funding_data(dir: &Path) -> Result<passend_web::FundingData> {
    use passend_core::swv::Sector;
    use passend_import::read::funding::{Format, RATES_FOLDER, read_budget_scenario};
    let rates = funding_rates(dir)?;
    let mut examples = std::collections::BTreeMap::new();
    for (sector, name) in [
        (Sector::Po, "voorbeeld-po.toml"),
        (Sector::Vo, "voorbeeld-vo.toml"),
    ] {
        let path = dir.join(RATES_FOLDER).join(name);
        if let Ok(bytes) = std::fs::read(&path) {
            let file = path.display().to_string();
            examples.insert(sector, read_budget_scenario(&file, &bytes, Format::Toml)?);
        }
    }
    Ok(passend_web::FundingData { rates, examples })
}
