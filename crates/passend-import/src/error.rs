//! The error for a file that cannot be read at all, with file, line and column.

use std::fmt;

/// A source file that cannot be read: it is missing, in the wrong encoding, has the
/// wrong header, is truncated or is not the format it should be. Row-level problems are
/// not errors; they become findings.
#[derive(Debug, thiserror::Error)]
pub struct ImportError {
    /// The file, relative to the data directory.
    pub file: String,
    /// The 1-based line (or spreadsheet row), when known.
    pub line: Option<u64>,
    /// The 1-based column number, or a column name, when known.
    pub column: Option<String>,
    /// What is wrong.
    pub kind: ImportErrorKind,
}

/// What is wrong with a file.
#[derive(Debug, thiserror::Error)]
pub enum ImportErrorKind {
    /// The file could not be opened or read.
    #[error("{}", io_message(.0))]
    Io(#[source] std::io::Error),
    /// The bytes are not in the expected character encoding.
    #[error("verkeerde tekenset: {0}")]
    Encoding(String),
    /// The header row is not the published one.
    #[error("de kopregel klopt niet: verwacht '{expected}', gevonden '{found}'")]
    Header {
        /// The expected column name.
        expected: String,
        /// What the file has there.
        found: String,
    },
    /// A row has a different number of fields than the header: the file is damaged or
    /// cut off.
    #[error(
        "{} in plaats van {expected}; is het bestand beschadigd of afgebroken?",
        fields(*.found)
    )]
    FieldCount {
        /// Fields in the header.
        expected: u64,
        /// Fields in this row.
        found: u64,
    },
    /// The last line stops without a line break: the file was cut off, possibly inside
    /// its last field.
    #[error("de laatste regel houdt halverwege op; is het bestand afgebroken?")]
    Truncated,
    /// The file has a header but no data.
    #[error("het bestand bevat geen gegevens")]
    Empty,
    /// A structural problem in CSV, JSON or a spreadsheet.
    #[error("{0}")]
    Format(String),
    /// A value in a settings file (`instellingen/`) that passend cannot run with.
    #[error("{0}")]
    Setting(String),
}

/// `1 veld`, `2 velden`.
fn fields(n: u64) -> String {
    if n == 1 {
        "1 veld".to_owned()
    } else {
        format!("{n} velden")
    }
}

/// The Dutch message for an I/O error; the operating system's own text (often English)
/// only where no Dutch one is known.
fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "het bestand ontbreekt".to_owned(),
        std::io::ErrorKind::PermissionDenied => {
            "geen toestemming om het bestand te lezen".to_owned()
        }
        std::io::ErrorKind::IsADirectory => "dit is een map, geen bestand".to_owned(),
        _ => format!("het bestand kan niet worden gelezen: {e}"),
    }
}

impl ImportError {
    /// An error without a position.
    pub fn new(file: impl Into<String>, kind: ImportErrorKind) -> ImportError {
        ImportError {
            file: file.into(),
            line: None,
            column: None,
            kind,
        }
    }

    /// An error at a line and optional column.
    pub fn at(
        file: impl Into<String>,
        line: u64,
        column: Option<String>,
        kind: ImportErrorKind,
    ) -> ImportError {
        ImportError {
            file: file.into(),
            line: Some(line),
            column,
            kind,
        }
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", regel {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", kolom {column}")?;
        }
        write!(f, ": {}", self.kind)
    }
}
