//! The command line: subcommands and options, with Dutch help and Dutch parse errors.
//!
//! clap writes its own headings and errors in English, so the command tree is adjusted
//! after derive (`dutch`): Dutch headings, usage lines and help/version flags; and parse
//! errors are rewritten from their context (`parse`).

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

/// passend: het register, de controles en de webapplicatie van een samenwerkingsverband
/// passend onderwijs.
#[derive(Parser, Debug)]
#[command(
    name = "passend",
    version,
    about = "passend: het register, de controles en de webapplicatie van een samenwerkingsverband passend onderwijs.",
    long_about = None
)]
pub(crate) struct Cli {
    /// De SQLite-database; wordt aangemaakt als hij niet bestaat (standaard passend.sqlite3, of PASSEND_DB).
    #[arg(
        long,
        global = true,
        env = "PASSEND_DB",
        default_value = "passend.sqlite3",
        value_name = "BESTAND"
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
    /// Start de webapplicatie; leest eerst de open data in als de database leeg is of de bestanden veranderd zijn.
    Serve(ServeArgs),
    /// Ondersteuningsprofielen van scholen en de basisondersteuning van samenwerkingsverbanden: inlezen, exporteren, voorbeelden maken.
    Sop {
        #[command(subcommand)]
        command: SopCommand,
    },
    /// Dekkend aanbod: per behoefte en niveau de dichtstbijzijnde school, het aandeel kinderen binnen bereik, plaatsen en hiaten; met een wat-als-scenario.
    Coverage(CoverageArgs),
    /// Zoekt voor één kind de scholen van het samenwerkingsverband die zijn ondersteuning kunnen bieden, dichtstbijzijnde eerst, en zegt waarom scholen in de buurt het niet kunnen.
    Find(FindArgs),
    /// Plaatst veel leerlingen tegelijk uit een instantiebestand: stabiel (da-stb) of met de kleinste totale afstand (min-cost), met een reden per leerling. Met 'generate' een synthetische instantie maken.
    Place(PlaceArgs),
    /// Begroting: wat DUO betaalt en aftrekt, per regel met bron; de verdeling over scholen en besturen; meerjarig met prognose en reserves; met een scenario.
    Budget(BudgetArgs),
    /// Gebruikers en hun rollen: toevoegen, tonen, uitschakelen, wachtwoord opnieuw instellen.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Maakt een consistente reservekopie van de database, ook terwijl de server draait.
    Backup {
        /// Het nieuwe bestand voor de kopie (mag nog niet bestaan).
        #[arg(value_name = "BESTAND")]
        path: PathBuf,
    },
    /// Zet een reservekopie terug; stop eerst de server. De oude database blijft bewaard als <database>.voor-herstel.
    Restore {
        /// De reservekopie.
        #[arg(value_name = "BESTAND")]
        path: PathBuf,
    },
    /// Het auditlog: wie wat inzag of wijzigde; de keten controleren.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Bewaartermijnen: verwijdert of anonimiseert gegevens over personen waarvan de termijn voorbij is, en legt dat vast in het auditlog.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum RetentionCommand {
    /// Voert de bewaartermijnen van instellingen/bewaartermijnen.csv uit; met --dry-run wordt alleen getoond wat er zou gebeuren.
    Run(RetentionRunArgs),
}

#[derive(Args, Debug)]
pub(crate) struct RetentionRunArgs {
    /// Toon wat er zou worden verwijderd of geanonimiseerd, zonder iets te wijzigen.
    #[arg(long)]
    pub(crate) dry_run: bool,
    #[command(flatten)]
    pub(crate) data: DataArgs,
}

#[derive(Subcommand, Debug)]
pub(crate) enum UserCommand {
    /// Voegt een gebruiker toe; het wachtwoord komt uit PASSEND_WACHTWOORD, anders wordt erom gevraagd (of de eerste regel van de invoer).
    Add(UserAddArgs),
    /// Toont alle gebruikers met hun rollen.
    List {
        /// Uitvoer: text (standaard) of json.
        #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
        format: Format,
    },
    /// Schakelt een gebruiker uit en beëindigt zijn sessies.
    Disable {
        /// De gebruikersnaam.
        #[arg(value_name = "GEBRUIKER")]
        username: String,
    },
    /// Schakelt een uitgeschakelde gebruiker weer in.
    Enable {
        /// De gebruikersnaam.
        #[arg(value_name = "GEBRUIKER")]
        username: String,
    },
    /// Stelt een nieuw wachtwoord in (zoals bij add) en beëindigt de sessies.
    Reset {
        /// De gebruikersnaam.
        #[arg(value_name = "GEBRUIKER")]
        username: String,
    },
}

#[derive(Args, Debug)]
pub(crate) struct UserAddArgs {
    /// De gebruikersnaam (letters, cijfers, . - _ @).
    #[arg(value_name = "GEBRUIKER")]
    pub(crate) username: String,
    /// De naam die passend toont.
    #[arg(long, value_name = "NAAM")]
    pub(crate) naam: String,
    /// Een rol, zo vaak als nodig: ROL@SWV, school@SWV:VESTIGING of bestuur@SWV:BESTUUR. Rollen: beheerder, medewerker, deskundige, school, bestuur, lezer.
    #[arg(long = "rol", value_name = "ROL@SWV", required = true)]
    pub(crate) roles: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub(crate) enum AuditCommand {
    /// Controleert de hele keten; meldt het eerste gewijzigde item.
    Verify,
    /// Toont de nieuwste items, met filters.
    List {
        /// Alleen van deze actor (bijvoorbeeld gebruiker:jansen of opdrachtregel).
        #[arg(long, value_name = "ACTOR")]
        actor: Option<String>,
        /// Alleen over dit record (bijvoorbeeld gebruiker:jansen).
        #[arg(long, value_name = "RECORD")]
        record: Option<String>,
        /// Alleen van dit samenwerkingsverband.
        #[arg(long, value_name = "CODE")]
        swv: Option<String>,
        /// Hoeveel items ten hoogste (standaard 50).
        #[arg(long, default_value = "50", value_name = "AANTAL")]
        aantal: u32,
        /// Uitvoer: text (standaard) of json.
        #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
        format: Format,
    },
}

#[derive(Args, Debug)]
pub(crate) struct BudgetArgs {
    /// Dit samenwerkingsverband, in elke schrijfwijze (PO2101, PO 21.01); zonder --swv het swv uit het scenario, of een fictief swv met alle aantallen uit het scenario.
    #[arg(long, value_name = "CODE")]
    pub(crate) swv: Option<String>,
    /// Het kalenderjaar van de begroting (voor po vóór 2023: het schooljaar dat in dat jaar begint).
    #[arg(long, value_name = "JAAR", conflicts_with = "from")]
    pub(crate) year: Option<i16>,
    /// Meerjarig: het eerste jaar.
    #[arg(long, value_name = "JAAR", requires = "years")]
    pub(crate) from: Option<i16>,
    /// Meerjarig: het aantal jaren (1 tot 25).
    #[arg(long, value_name = "AANTAL", requires = "from")]
    pub(crate) years: Option<u16>,
    /// Een scenario (TOML of JSON, zie docs/begroting.md): aantallen, TLV's, bedragen, indexatie, deelname, reserves, verdeling.
    #[arg(long, value_name = "BESTAND")]
    pub(crate) scenario: Option<PathBuf>,
    /// Ontbrekende bedragen projecteren vanuit het laatst bekende jaar met dit percentage indexatie per jaar (bijvoorbeeld 2,5); zonder deze optie is een ontbrekend bedrag een fout.
    #[arg(long, value_name = "PROCENT")]
    pub(crate) indexatie: Option<String>,
    /// Uitvoer: text (standaard), json (zoals de API) of csv (voor een spreadsheet).
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
    pub(crate) format: CoverageFormat,
    /// Toon ook de verdeling per school (tekst) of geef de verdeling per school als CSV (met --format csv).
    #[arg(long)]
    pub(crate) verdeling: bool,
}

#[derive(Args, Debug, Clone)]
pub(crate) struct DataArgs {
    /// Map met de open data en de eigen bestanden (standaard de map van de vorige import, anders de meegeleverde map data; of PASSEND_DATA).
    #[arg(long, env = "PASSEND_DATA", value_name = "MAP")]
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
    #[value(alias = "tekst")]
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
    #[value(alias = "fout")]
    Error,
    /// Fouten en waarschuwingen.
    #[value(alias = "waarschuwing")]
    Warning,
    /// Alles.
    #[value(alias = "informatie")]
    Info,
}

#[derive(Args, Debug)]
pub(crate) struct CheckArgs {
    /// Alleen dit samenwerkingsverband, in elke schrijfwijze (PO2001, PO 20.01, VO-25-07).
    #[arg(long, value_name = "CODE")]
    pub(crate) swv: Option<String>,
    /// Vanaf welke ernst: error (fout), warning (waarschuwing) of info (alles, standaard).
    #[arg(long, value_enum, default_value = "info", value_name = "ERNST")]
    pub(crate) severity: SeverityArg,
    /// Uitvoer: text (standaard) of json.
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
    pub(crate) format: Format,
}

#[derive(Subcommand, Debug)]
pub(crate) enum SwvCommand {
    /// Alle samenwerkingsverbanden.
    List {
        /// Alleen po of vo.
        #[arg(long, value_enum, value_name = "SECTOR")]
        sector: Option<SectorArg>,
        /// Uitvoer: text (standaard) of json.
        #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
        format: Format,
    },
    /// Eén samenwerkingsverband: scholen per soort, leerlingen, deelname, bevindingen.
    Show {
        /// De code, in elke gangbare schrijfwijze.
        #[arg(value_name = "CODE")]
        code: String,
        /// Uitvoer: text (standaard) of json.
        #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
        format: Format,
    },
}

#[derive(Subcommand, Debug)]
pub(crate) enum SchoolCommand {
    /// Eén vestiging.
    Show {
        /// De vestigingscode, bijvoorbeeld 00AO01.
        #[arg(value_name = "VESTIGINGSCODE")]
        code: String,
        /// Uitvoer: text (standaard) of json.
        #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
        format: Format,
    },
}

#[derive(Args, Debug)]
pub(crate) struct ServeArgs {
    #[command(flatten)]
    pub(crate) data: DataArgs,
    /// Adres en poort (standaard 127.0.0.1:8080, of PASSEND_ADDR).
    #[arg(
        long,
        env = "PASSEND_ADDR",
        default_value = "127.0.0.1:8080",
        value_name = "ADRES"
    )]
    pub(crate) addr: SocketAddr,
    /// Schakel het bewerken van ondersteuningsprofielen in de webapplicatie in. Er zijn nog geen accounts, dus dit kan alleen op een loopback-adres (127.0.0.1 of ::1): alleen wie op deze computer werkt, kan bewerken.
    #[arg(long)]
    pub(crate) bewerken: bool,
}

#[derive(Subcommand, Debug)]
pub(crate) enum SopCommand {
    /// Leest schoolondersteuningsprofielen en basisondersteuning in uit een CSV- of JSON-bestand (zie docs/profielen.md); bij één fout wordt niets opgeslagen.
    Import(SopImportArgs),
    /// Schrijft de profielen en basisondersteuning die vandaag gelden als CSV of JSON, met coördinaten en bron.
    Export(SopExportArgs),
    /// Maakt synthetische voorbeeldprofielen voor alle open vestigingen; dit zijn geen echte profielen.
    Generate(SopGenerateArgs),
}

#[derive(Args, Debug)]
pub(crate) struct SopImportArgs {
    /// Het bestand: .csv of .json.
    #[arg(value_name = "BESTAND")]
    pub(crate) file: PathBuf,
    /// Datum voor regels zonder GELDIG_VANAF: JJJJ-MM-DD of DD-MM-JJJJ (standaard vandaag).
    #[arg(long, value_name = "DATUM")]
    pub(crate) geldig_vanaf: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SopFormat {
    /// Puntkomma-gescheiden, zoals sop import het leest.
    Csv,
    /// JSON, zoals sop import het leest.
    Json,
}

#[derive(Args, Debug)]
pub(crate) struct SopExportArgs {
    /// Alleen dit samenwerkingsverband en zijn scholen, in elke schrijfwijze (PO2001, PO 20.01).
    #[arg(long, value_name = "CODE")]
    pub(crate) swv: Option<String>,
    /// Uitvoer (verplicht): csv of json.
    #[arg(long, value_enum, value_name = "FORMAAT")]
    pub(crate) format: SopFormat,
    /// Schrijf naar dit bestand in plaats van naar het scherm.
    #[arg(long, value_name = "BESTAND")]
    pub(crate) uitvoer: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub(crate) struct SopGenerateArgs {
    /// Het startgetal: dezelfde seed geeft op dezelfde gegevens dezelfde profielen.
    #[arg(long, value_name = "GETAL")]
    pub(crate) seed: u64,
    /// Geldig vanaf: JJJJ-MM-DD of DD-MM-JJJJ (standaard vandaag).
    #[arg(long, value_name = "DATUM")]
    pub(crate) geldig_vanaf: Option<String>,
}

#[derive(Args, Debug)]
pub(crate) struct CoverageArgs {
    /// Dit samenwerkingsverband, in elke schrijfwijze (PO2101, PO 21.01); zonder --swv alle samenwerkingsverbanden.
    #[arg(long, value_name = "CODE")]
    pub(crate) swv: Option<String>,
    /// Alleen deze ondersteuningsbehoefte (code, zoals dyslexie of zmlk).
    #[arg(long, value_name = "BEHOEFTE")]
    pub(crate) need: Option<String>,
    /// Alleen dit niveau: basis, extra of specialistisch.
    #[arg(long, value_name = "NIVEAU")]
    pub(crate) level: Option<String>,
    /// Welke scholen tellen: swv (alleen eigen scholen, de wettelijke toets; standaard) of national (alle scholen, ook over de grens).
    #[arg(long, value_enum, default_value = "swv", value_name = "REIKWIJDTE")]
    pub(crate) scope: ScopeArg,
    /// Uitvoer: text (standaard), json (zoals de API) of csv (voor een spreadsheet).
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
    pub(crate) format: CoverageFormat,
    /// Ook één regel per postcodegebied, behoefte en niveau: pc4, lat, lon, dichtstbijzijnde vestiging en afstand.
    #[arg(long)]
    pub(crate) detail: bool,
    /// Een wat-als-scenario uit een JSON-bestand (zie docs/dekking.md); vraagt --swv.
    #[arg(long, value_name = "BESTAND")]
    pub(crate) scenario: Option<PathBuf>,
    /// De profielen die op deze datum gelden: JJJJ-MM-DD of DD-MM-JJJJ (standaard vandaag).
    #[arg(long, value_name = "DATUM")]
    pub(crate) datum: Option<String>,
}

#[derive(Args, Debug)]
pub(crate) struct FindArgs {
    /// Het samenwerkingsverband, in elke schrijfwijze (PO2101, PO 21.01).
    #[arg(long, value_name = "CODE")]
    pub(crate) swv: String,
    /// Een ondersteuningsbehoefte met niveau, zo vaak als nodig: dyslexie:extra, adhd:basis, zmlk:specialistisch.
    #[arg(long = "need", value_name = "BEHOEFTE:NIVEAU")]
    pub(crate) needs: Vec<String>,
    /// De postcode van het woonadres: de vier cijfers (1234) of de hele postcode.
    #[arg(long, value_name = "PC4", conflicts_with_all = ["lat", "lon"])]
    pub(crate) pc4: Option<String>,
    /// Of de ligging van het woonadres (WGS84), samen met --lon.
    #[arg(
        long,
        value_name = "GRADEN",
        requires = "lon",
        allow_negative_numbers = true
    )]
    pub(crate) lat: Option<f64>,
    /// Lengtegraad bij --lat.
    #[arg(
        long,
        value_name = "GRADEN",
        requires = "lat",
        allow_negative_numbers = true
    )]
    pub(crate) lon: Option<f64>,
    /// Hoeveel scholen in de buurt die het niet kunnen, met de reden (standaard 10).
    #[arg(long, default_value = "10", value_name = "AANTAL")]
    pub(crate) nabij: usize,
    /// Uitvoer: text (standaard) of json.
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
    pub(crate) format: Format,
    /// De profielen die op deze datum gelden: JJJJ-MM-DD of DD-MM-JJJJ (standaard vandaag).
    #[arg(long, value_name = "DATUM")]
    pub(crate) datum: Option<String>,
}

#[derive(Args, Debug)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct PlaceArgs {
    #[command(subcommand)]
    pub(crate) command: Option<PlaceCommand>,
    #[command(flatten)]
    pub(crate) run: PlaceRunArgs,
}

#[derive(Args, Debug)]
pub(crate) struct PlaceRunArgs {
    /// Het instantiebestand (JSON, zie docs/plaatsing.md).
    #[arg(value_name = "INSTANTIE")]
    pub(crate) instance: Option<PathBuf>,
    /// da-stb (uitgestelde acceptatie met één loting; stabiel) of min-cost (zo veel mogelijk geplaatst, dan de kleinste totale afstand).
    #[arg(long, value_enum, default_value = "da-stb", value_name = "ALGORITME")]
    pub(crate) algorithm: AlgorithmArg,
    /// Het zaad van de loting (standaard het zaad in het bestand, anders 0).
    #[arg(long, value_name = "ZAAD")]
    pub(crate) seed: Option<u64>,
    /// Uitvoer: text (standaard: totalen en de niet-geplaatste leerlingen) of json (alles, met redenen).
    #[arg(long, value_enum, default_value = "text", value_name = "FORMAAT")]
    pub(crate) format: Format,
    /// Schrijf de uitvoer naar dit bestand in plaats van naar het scherm.
    #[arg(long, value_name = "BESTAND")]
    pub(crate) uitvoer: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AlgorithmArg {
    /// Uitgestelde acceptatie, leerlingen kiezen, één loting voor alle scholen.
    #[value(name = "da-stb")]
    DaStb,
    /// Zo veel mogelijk leerlingen geplaatst, en daarbinnen de kleinste totale afstand.
    #[value(name = "min-cost")]
    MinCost,
}

#[derive(Subcommand, Debug)]
pub(crate) enum PlaceCommand {
    /// Maakt een synthetische instantie uit de echte scholen, hun ondersteuningsprofielen en de kinderen per postcodegebied.
    Generate(GenerateArgs),
}

#[derive(Args, Debug)]
pub(crate) struct GenerateArgs {
    /// Voor dit samenwerkingsverband.
    #[arg(
        long,
        value_name = "CODE",
        required_unless_present = "national",
        conflicts_with = "national"
    )]
    pub(crate) swv: Option<String>,
    /// Voor heel Nederland (met --sector).
    #[arg(long)]
    pub(crate) national: bool,
    /// po of vo, bij --national (standaard po).
    #[arg(long, value_name = "SECTOR", requires = "national")]
    pub(crate) sector: Option<String>,
    /// Hoeveel leerlingen.
    #[arg(long, value_name = "AANTAL")]
    pub(crate) pupils: usize,
    /// Het zaad: hetzelfde zaad geeft dezelfde instantie.
    #[arg(long, value_name = "ZAAD")]
    pub(crate) seed: u64,
    /// Schrijf naar dit bestand in plaats van naar het scherm.
    #[arg(long, value_name = "BESTAND")]
    pub(crate) uitvoer: Option<PathBuf>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ScopeArg {
    /// Alleen de eigen scholen van het samenwerkingsverband.
    Swv,
    /// Alle scholen in het land.
    National,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CoverageFormat {
    /// Leesbare tekst.
    Text,
    /// JSON, zoals de API.
    Json,
    /// Puntkomma-gescheiden, met decimale komma's.
    Csv,
}

const TEMPLATE: &str = "{about-with-newline}\nGebruik: {usage}\n\n{all-args}{after-help}";

/// Gives every command Dutch headings, usage and help/version flags.
fn dutch(cmd: clap::Command, path: &str) -> clap::Command {
    let path = if path.is_empty() {
        cmd.get_name().to_owned()
    } else {
        format!("{path} {}", cmd.get_name())
    };
    let positionals: Vec<String> = cmd
        .get_arguments()
        .filter(|a| a.is_positional())
        .map(|a| {
            format!(
                "<{}>",
                a.get_value_names()
                    .and_then(|n| n.first())
                    .map_or("WAARDE".to_owned(), |n| n.to_string())
            )
        })
        .collect();
    let has_subcommands = cmd.get_subcommands().next().is_some();
    let mut usage = format!("{path} [opties]");
    for p in &positionals {
        usage.push(' ');
        usage.push_str(p);
    }
    if has_subcommands {
        usage.push_str(" <opdracht>");
    }
    let cmd = cmd
        .help_template(TEMPLATE)
        .override_usage(usage)
        .subcommand_help_heading("Opdrachten")
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .disable_version_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("Toon deze hulp"),
        )
        .mut_args(|a| {
            let heading = if a.is_positional() {
                "Argumenten"
            } else {
                "Opties"
            };
            let takes_values = a.get_action().takes_values();
            // The Dutch help texts name the values and defaults themselves.
            a.help_heading(heading)
                .hide_possible_values(takes_values)
                .hide_default_value(takes_values)
                .hide_env(takes_values)
        });
    let cmd = if path == "passend" {
        cmd.arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("Toon het versienummer")
                .help_heading("Opties"),
        )
    } else {
        cmd
    };
    cmd.mut_subcommands(|sub| dutch(sub, &path))
}

/// What `parse` decided.
pub(crate) enum Parsed {
    /// A command to run.
    Run(Cli),
    /// Help or version was shown, or the arguments were wrong: exit with this code.
    Exit(u8),
}

/// Parses the process arguments; shows Dutch help and Dutch errors.
pub(crate) fn parse() -> Parsed {
    let cmd = dutch(Cli::command(), "");
    match cmd
        .clone()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => Parsed::Run(cli),
        Err(e) => match e.kind() {
            ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
                let _ = e.print();
                Parsed::Exit(0)
            }
            ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand | ErrorKind::MissingSubcommand => {
                let _ = e.print();
                Parsed::Exit(2)
            }
            _ => {
                eprintln!("fout: {}", dutch_error(&e));
                eprintln!("Zie 'passend --help' voor de opdrachten en opties.");
                Parsed::Exit(2)
            }
        },
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> String {
    match e.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        Some(other) => other.to_string(),
        None => String::new(),
    }
}

/// A Dutch sentence for a parse error.
fn dutch_error(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg);
    let value = context(e, ContextKind::InvalidValue);
    match e.kind() {
        ErrorKind::InvalidValue => {
            let valid = context(e, ContextKind::ValidValue);
            if valid.is_empty() {
                format!("ongeldige waarde '{value}' voor {arg}")
            } else {
                format!("ongeldige waarde '{value}' voor {arg}; kies uit: {valid}")
            }
        }
        ErrorKind::ValueValidation => format!("ongeldige waarde '{value}' voor {arg}"),
        ErrorKind::UnknownArgument => format!("onbekende optie '{arg}'"),
        ErrorKind::InvalidSubcommand => format!(
            "onbekende opdracht '{}'",
            context(e, ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => format!("ontbrekend argument: {arg}"),
        ErrorKind::NoEquals => format!("{arg} verwacht een waarde met '='"),
        ErrorKind::TooManyValues | ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("verkeerd aantal waarden voor {arg}")
        }
        ErrorKind::ArgumentConflict => match context(e, ContextKind::PriorArg) {
            other if other.is_empty() => format!("{arg} kan niet samen met een andere optie"),
            other => format!("{arg} kan niet samen met {other}"),
        },
        _ => "de opdrachtregel klopt niet".to_owned(),
    }
}
