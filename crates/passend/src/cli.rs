//! The command line: subcommands and options, with Dutch help texts.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// passend: het register, de controles en de webapplicatie van een samenwerkingsverband
/// passend onderwijs.
#[derive(Parser, Debug)]
#[command(name = "passend", version, about, long_about = None)]
pub(crate) struct Cli {
    /// De SQLite-database (wordt aangemaakt als hij niet bestaat).
    #[arg(
        long,
        global = true,
        env = "PASSEND_DB",
        default_value = "passend.sqlite3"
    )]
    pub(crate) db: PathBuf,

    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Leest de open data in (DUO, CBS, regio-indeling) in één transactie.
    Import(ImportArgs),
    /// Controleert de samenstelling van de samenwerkingsverbanden en de gegevens.
    Check(CheckArgs),
    /// Samenwerkingsverbanden: lijst en details.
    Swv {
        #[command(subcommand)]
        command: SwvCommand,
    },
    /// Scholen (vestigingen).
    School {
        #[command(subcommand)]
        command: SchoolCommand,
    },
    /// Start de webapplicatie; leest eerst de open data in als de database leeg is.
    Serve(ServeArgs),
}

#[derive(Args, Debug, Clone)]
pub(crate) struct DataArgs {
    /// Map met de open data en de eigen bestanden (standaard: de meegeleverde map `data`).
    #[arg(long, env = "PASSEND_DATA")]
    pub(crate) data: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct ImportArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// Lees opnieuw in, ook als de bestanden sinds de vorige keer niet zijn veranderd.
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    /// Leesbare tekst.
    Text,
    /// JSON, zoals de API.
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SectorArg {
    /// Primair onderwijs.
    Po,
    /// Voortgezet onderwijs.
    Vo,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SeverityArg {
    /// Alleen fouten.
    Error,
    /// Fouten en waarschuwingen.
    Warning,
    /// Alles.
    Info,
}

#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    /// Alleen dit samenwerkingsverband (bijvoorbeeld PO2001, PO 20.01 of VO-25-07).
    #[arg(long)]
    pub(crate) swv: Option<String>,
    /// Vanaf welke ernst bevindingen worden getoond.
    #[arg(long, value_enum, default_value = "info")]
    pub(crate) severity: SeverityArg,
    /// Uitvoerformaat.
    #[arg(long, value_enum, default_value = "text")]
    pub(crate) format: Format,
}

#[derive(Subcommand, Debug)]
pub(crate) enum SwvCommand {
    /// Alle samenwerkingsverbanden.
    List {
        /// Alleen PO of VO.
        #[arg(long, value_enum)]
        sector: Option<SectorArg>,
        /// Uitvoerformaat.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
    /// Eén samenwerkingsverband: scholen per soort, leerlingen, deelname, bevindingen.
    Show {
        /// De code, in elke gangbare schrijfwijze.
        code: String,
        /// Uitvoerformaat.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum SchoolCommand {
    /// Eén vestiging.
    Show {
        /// De vestigingscode, bijvoorbeeld 00AO01.
        code: String,
        /// Uitvoerformaat.
        #[arg(long, value_enum, default_value = "text")]
        format: Format,
    },
}

#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// Adres en poort.
    #[arg(long, env = "PASSEND_ADDR", default_value = "127.0.0.1:8080")]
    pub(crate) addr: SocketAddr,
}
