//! Readers for the open data passend bundles and for the files an SWV edits, assembled
//! into register records.
//!
//! Only this crate knows file formats. A file that cannot be read at all (missing, wrong
//! encoding, wrong header, truncated) is an [`ImportError`] naming file, line and column;
//! problems in single rows are collected and returned as findings with the data.
//!
//! Support profiles (`read::profiles`) are read on their own, not with the data
//! directory, and all or nothing; `export` writes them back in the same formats.

use std::path::Path;

use sha2::{Digest, Sha256};

pub mod assemble;
pub mod error;
pub mod export;
pub mod issues;
pub mod read;
pub mod sources;
pub mod table;
pub mod text;

pub use assemble::{Assembled, Sources, assemble};
pub use error::{ImportError, ImportErrorKind};
pub use sources::{SOURCES, Source};

use crate::issues::Issues;

/// A file that was read, with its checksum.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportedFile {
    /// The source key.
    pub key: &'static str,
    /// Path relative to the data directory.
    pub path: &'static str,
    /// SHA-256 of the bytes, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// Everything read from a data directory.
#[derive(Debug)]
pub struct Bundle {
    /// The assembled records.
    pub assembled: Assembled,
    /// The files read, in catalog order.
    pub files: Vec<ImportedFile>,
    /// One checksum over all files: equal fingerprints mean equal input.
    pub fingerprint: String,
}

/// What the import is doing, for a progress bar.
#[derive(Clone, Copy, Debug)]
pub enum Progress {
    /// Reading a file from disk (1-based position of `total`).
    Reading {
        /// The source.
        source: &'static Source,
        /// Position.
        position: usize,
        /// Number of files.
        total: usize,
    },
    /// Parsing the files and combining the sources.
    Assembling,
}

/// The raw files of a data directory, read and checksummed but not yet parsed.
#[derive(Debug)]
pub struct DataFiles {
    contents: Vec<(&'static Source, Vec<u8>)>,
    /// The files read, in catalog order.
    pub files: Vec<ImportedFile>,
    /// One checksum over all files: equal fingerprints mean equal input.
    pub fingerprint: String,
}

/// Reads and checksums every source file in `dir`. A missing required file is an error;
/// a missing override file is fine.
pub fn load_files(
    dir: &Path,
    progress: &mut dyn FnMut(Progress),
) -> Result<DataFiles, ImportError> {
    let readable: Vec<&'static Source> = SOURCES
        .iter()
        .filter(|s| s.key != sources::REGIO_TEXT)
        .collect();
    let mut contents = Vec::with_capacity(readable.len());
    let mut files = Vec::with_capacity(readable.len());
    let mut fingerprint = Sha256::new();
    for (i, source) in readable.iter().enumerate() {
        progress(Progress::Reading {
            source,
            position: i + 1,
            total: readable.len(),
        });
        let bytes = match std::fs::read(dir.join(source.path)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !source.required => {
                fingerprint.update(format!("{}:absent\n", source.key));
                continue;
            }
            Err(e) => return Err(ImportError::new(source.path, ImportErrorKind::Io(e))),
        };
        let sha = hex(&Sha256::digest(&bytes));
        fingerprint.update(format!("{}:{sha}\n", source.key));
        files.push(ImportedFile {
            key: source.key,
            path: source.path,
            sha256: sha,
            size: bytes.len() as u64,
        });
        contents.push((*source, bytes));
    }
    Ok(DataFiles {
        contents,
        files,
        fingerprint: hex(&fingerprint.finalize()),
    })
}

/// Parses the files and assembles the register records. The files are split over two
/// threads (the machine passend targets has two cores); the result does not depend on
/// the split.
pub fn parse(data: DataFiles, progress: &mut dyn FnMut(Progress)) -> Result<Bundle, ImportError> {
    progress(Progress::Assembling);
    type Entry<'a> = &'a (&'static Source, Vec<u8>);
    // Balance the two threads by file size, largest first.
    let mut by_size: Vec<Entry<'_>> = data.contents.iter().collect();
    by_size.sort_by_key(|(s, b)| (std::cmp::Reverse(b.len()), s.key));
    let (mut first, mut second): (Vec<Entry<'_>>, Vec<Entry<'_>>) = (Vec::new(), Vec::new());
    let (mut first_size, mut second_size) = (0usize, 0usize);
    for entry in by_size {
        if first_size <= second_size {
            first_size += entry.1.len();
            first.push(entry);
        } else {
            second_size += entry.1.len();
            second.push(entry);
        }
    }
    // Each group keeps catalog order, so the issues come out in a fixed order.
    let catalog_order = |e: &Entry<'_>| SOURCES.iter().position(|s| s.key == e.0.key);
    first.sort_by_key(catalog_order);
    second.sort_by_key(catalog_order);
    let parse_group = |group: Vec<Entry<'_>>| -> Result<(Sources, Issues), ImportError> {
        let mut src = Sources::default();
        let mut issues = Issues::default();
        for (source, bytes) in group {
            read_one(source, bytes, &mut src, &mut issues)?;
        }
        Ok((src, issues))
    };
    let (a, b) = std::thread::scope(|scope| {
        let handle = scope.spawn(|| parse_group(second));
        let a = parse_group(first);
        let b = handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    });
    let (mut src, mut issues) = a?;
    let (other, other_issues) = b?;
    src.merge(other);
    issues.extend(other_issues);
    let assembled = assemble(&src, issues);
    Ok(Bundle {
        assembled,
        files: data.files,
        fingerprint: data.fingerprint,
    })
}

/// Reads and parses every source in `dir`.
pub fn read_dir(dir: &Path, progress: &mut dyn FnMut(Progress)) -> Result<Bundle, ImportError> {
    let files = load_files(dir, progress)?;
    parse(files, progress)
}

fn read_one(
    source: &Source,
    bytes: &[u8],
    src: &mut Sources,
    issues: &mut Issues,
) -> Result<(), ImportError> {
    let file = source.path;
    match source.key {
        sources::BO_ADDRESSES => src.bo = read::po::read_bo_addresses(file, bytes, issues)?,
        sources::PO_HISTORY => {
            (src.history, src.history_years) = read::po::read_po_history(file, bytes, issues)?
        }
        sources::VO_ADDRESSES => src.vo = read::vo::read_vo_addresses(file, bytes, issues)?,
        sources::VO_PUPILS_2019 => src.vo_pupils = read::vo::read_vo_pupils(file, bytes, issues)?,
        sources::SO_CLUSTERS => src.clusters = read::cluster::read_clusters(file, bytes, issues)?,
        sources::REGIO_PC4 => src.regio = read::swv::read_regio(file, bytes, issues)?,
        sources::VSV_2015 => src.vsv = read::swv::read_vsv(file, bytes, issues)?,
        sources::GEO_SCHOOLS => src.geo = read::geo::read_geo_schools(file, bytes, issues)?,
        sources::GEONAMES_PC4 => src.geonames = read::geo::read_geonames(file, bytes, issues)?,
        sources::CBS_PC4 => src.cbs = read::cbs::read_cbs(file, bytes, issues)?,
        sources::OVERRIDE_CLUSTER => {
            src.cluster_overrides = read::overrides::read_cluster_overrides(file, bytes, issues)?
        }
        sources::OVERRIDE_MEMBERSHIP => {
            src.membership_overrides =
                read::overrides::read_membership_overrides(file, bytes, issues)?;
        }
        sources::OVERRIDE_SWV_NAMES => {
            src.swv_names = read::overrides::read_swv_names(file, bytes, issues)?
        }
        sources::SETTINGS_NEEDS => src.taxonomy = read::settings::read_needs(file, bytes)?,
        sources::SETTINGS_COVERAGE => src.coverage = read::settings::read_coverage(file, bytes)?,
        sources::SETTINGS_RETENTION => {
            src.retention = read::settings::read_retention(file, bytes)?;
        }
        _ => {}
    }
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
