//! Persistence of the register in an embedded SQLite database.
//!
//! Only this crate knows SQL. The database opens in WAL mode with a busy timeout and
//! foreign keys on; migrations in `migrations/` run on open, in order, each in its own
//! transaction, and are append-only. An import is written in one transaction, so a
//! failed or interrupted import leaves the store as it was.
//!
//! Support profiles and SWV basisondersteuning (`support`) are history beside the
//! register: an import replaces the taxonomy and coverage settings but never a profile.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Mutex;

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use passend_core::cluster::{
    ClusterBasis, ClusterClassification, ClusterSet, Confidence, SpecialOffer,
};
use passend_core::composition::{Finding, Rule, Severity};
use passend_core::geo::LatLon;
use passend_core::ids::{BoardNumber, GemeenteCode, Pc4, Postcode, VestigingCode};
use passend_core::pupils::{Peildatum, PupilCount};
use passend_core::register::{
    CountRecord, Gemeente, Location, LocationBasis, Membership, MembershipBasis, Pc4Area, Register,
    Vestiging,
};
use passend_core::school::{SchoolKind, Status, VoStructure};
use passend_core::swv::{Province, Sector, SwvCode};

mod accounts;
mod retention;
mod support;

pub use accounts::{
    AuditCheck, AuditCheckpoint, AuditEntry, AuditEvent, AuditFilter, AuditScope, SessionRecord,
    UserRecord, normalise_username,
};
pub use retention::{DueAudit, DueUser, RetentionPlan};
pub use support::{ProfilesOutcome, SettingsBatch};

/// The migrations, in order. The position in this list is the schema version.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        "0001_register",
        include_str!("../migrations/0001_register.sql"),
    ),
    (
        "0002_support",
        include_str!("../migrations/0002_support.sql"),
    ),
    (
        "0003_accounts",
        include_str!("../migrations/0003_accounts.sql"),
    ),
    (
        "0004_retention",
        include_str!("../migrations/0004_retention.sql"),
    ),
];

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("databasefout: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A migration failed.
    #[error("migratie {name} mislukt: {source}")]
    Migration {
        /// The migration.
        name: &'static str,
        /// Why.
        #[source]
        source: rusqlite::Error,
    },
    /// The database was made by a newer passend.
    #[error(
        "de database heeft schemaversie {found}, deze versie van passend kent er {known}; gebruik een nieuwere passend"
    )]
    NewerSchema {
        /// Version in the file.
        found: i64,
        /// Versions this build knows.
        known: usize,
    },
    /// A request the data cannot satisfy (a user that exists, or does not).
    #[error("{0}")]
    Invalid(String),
    /// A stored value cannot be read back.
    #[error("onleesbare waarde in tabel {table}, kolom {column}: '{value}'")]
    Corrupt {
        /// Table.
        table: &'static str,
        /// Column.
        column: &'static str,
        /// The value.
        value: String,
    },
}

fn corrupt(table: &'static str, column: &'static str, value: impl ToString) -> StoreError {
    StoreError::Corrupt {
        table,
        column,
        value: value.to_string(),
    }
}

/// A source file as recorded with an import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFileRecord {
    /// Source key.
    pub key: String,
    /// Path relative to the data directory.
    pub path: String,
    /// SHA-256, hex.
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

/// Everything one import writes.
#[derive(Clone, Copy, Debug)]
pub struct ImportBatch<'a> {
    /// Checksum over all input files.
    pub fingerprint: &'a str,
    /// The data directory, as given.
    pub data_dir: &'a str,
    /// When the import finished (passed in: the store reads no clock).
    pub finished_at: jiff::Timestamp,
    /// The files read.
    pub files: &'a [SourceFileRecord],
    /// The vestigingen.
    pub vestigingen: &'a [Vestiging],
    /// The memberships.
    pub memberships: &'a [Membership],
    /// The PC4 areas.
    pub pc4s: &'a [Pc4Area],
    /// Data findings of the import.
    pub findings: &'a [Finding],
    /// SWV names.
    pub swv_names: &'a BTreeMap<SwvCode, String>,
}

/// What an import changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ImportOutcome {
    /// The run's id.
    pub run_id: i64,
    /// Vestigingen new to the store.
    pub added: usize,
    /// Vestigingen whose record or counts changed.
    pub changed: usize,
    /// Vestigingen no source mentions any more.
    pub removed: usize,
}

/// A finished import, as logged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRun {
    /// Id.
    pub id: i64,
    /// Input checksum.
    pub fingerprint: String,
    /// Data directory.
    pub data_dir: String,
    /// When it finished.
    pub finished_at: jiff::Timestamp,
    /// Vestigingen added.
    pub added: i64,
    /// Vestigingen changed.
    pub changed: i64,
    /// Vestigingen removed.
    pub removed: i64,
}

/// The store.
pub struct Store {
    conn: Mutex<Connection>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (or creates) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // A whole import (about 20 MB) fits in the page cache, so the transaction does
        // not spill pages to the WAL before it commits.
        conn.pragma_update(None, "cache_size", -65_536)?;
        Store::init(conn)
    }

    /// An empty in-memory database, for tests.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::init(Connection::open_in_memory()?)
    }

    /// A store on a connection as it is, without migrating: only for the test that
    /// writes a database of an older schema.
    #[cfg(test)]
    pub(crate) fn init_without_migrating(conn: Connection) -> Store {
        Store {
            conn: Mutex::new(conn),
        }
    }

    fn init(mut conn: Connection) -> Result<Store, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate(&mut conn)?;
        Ok(Store {
            conn: Mutex::new(conn),
        })
    }

    /// The connection, locked; see [`Store::with`] on poisoning.
    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn with<T>(
        &self,
        f: impl FnOnce(&mut Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        // A poisoned lock means a panic mid-operation; SQLite rolled the transaction back,
        // so the connection is still sound.
        let mut conn = self
            .conn
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut conn)
    }

    /// The schema version (number of migrations applied).
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.with(|c| Ok(c.query_row("PRAGMA user_version", [], |r| r.get(0))?))
    }

    /// Whether no import has been stored yet.
    pub fn is_empty(&self) -> Result<bool, StoreError> {
        self.with(|c| {
            Ok(c.query_row("SELECT count(*) FROM import_run", [], |r| {
                r.get::<_, i64>(0)
            })? == 0)
        })
    }

    /// The newest import.
    pub fn last_import(&self) -> Result<Option<ImportRun>, StoreError> {
        self.with(|c| {
            let row = c
                .query_row(
                    "SELECT id, fingerprint, data_dir, finished_at, added, changed, removed
                     FROM import_run ORDER BY id DESC LIMIT 1",
                    [],
                    |r| {
                        Ok((
                            r.get::<_, i64>(0)?,
                            r.get::<_, String>(1)?,
                            r.get::<_, String>(2)?,
                            r.get::<_, String>(3)?,
                            r.get::<_, i64>(4)?,
                            r.get::<_, i64>(5)?,
                            r.get::<_, i64>(6)?,
                        ))
                    },
                )
                .optional()?;
            row.map(
                |(id, fingerprint, data_dir, finished_at, added, changed, removed)| {
                    let finished_at = finished_at
                        .parse()
                        .map_err(|_| corrupt("import_run", "finished_at", &finished_at))?;
                    Ok(ImportRun {
                        id,
                        fingerprint,
                        data_dir,
                        finished_at,
                        added,
                        changed,
                        removed,
                    })
                },
            )
            .transpose()
        })
    }

    /// The files of the newest import.
    pub fn source_files(&self) -> Result<Vec<SourceFileRecord>, StoreError> {
        self.with(|c| {
            let mut stmt =
                c.prepare("SELECT key, path, sha256, size FROM source_file ORDER BY rowid")?;
            let rows = stmt.query_map([], |r| {
                Ok(SourceFileRecord {
                    key: r.get(0)?,
                    path: r.get(1)?,
                    sha256: r.get(2)?,
                    size: r.get::<_, i64>(3)? as u64,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
    }

    /// Writes an import in one transaction: vestigingen are inserted, updated or removed
    /// as their content changed; counts, areas, memberships and findings are replaced.
    pub fn save_import(&self, batch: &ImportBatch<'_>) -> Result<ImportOutcome, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            let outcome = write_import(&tx, batch)?;
            tx.commit()?;
            Ok(outcome)
        })
    }

    /// Loads the whole register into memory.
    pub fn load_register(&self) -> Result<Register, StoreError> {
        self.with(|c| load(c))
    }

    /// The data findings of the newest import.
    pub fn data_findings(&self) -> Result<Vec<Finding>, StoreError> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT rule, severity, swv, vestiging, message FROM data_finding ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let rule: String = r.get(0)?;
                let severity: String = r.get(1)?;
                out.push(Finding {
                    rule: Rule::from_id(&rule)
                        .ok_or_else(|| corrupt("data_finding", "rule", &rule))?,
                    severity: Severity::from_code(&severity)
                        .ok_or_else(|| corrupt("data_finding", "severity", &severity))?,
                    swv: opt_parse(r.get(2)?, "data_finding", "swv", SwvCode::parse)?,
                    vestiging: opt_parse(
                        r.get(3)?,
                        "data_finding",
                        "vestiging",
                        VestigingCode::parse,
                    )?,
                    message: r.get(4)?,
                });
            }
            Ok(out)
        })
    }
}

fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > MIGRATIONS.len() as i64 {
        return Err(StoreError::NewerSchema {
            found: version,
            known: MIGRATIONS.len(),
        });
    }
    for (i, (name, sql)) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .map_err(|source| StoreError::Migration { name, source })?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}

fn opt_parse<T, E>(
    value: Option<String>,
    table: &'static str,
    column: &'static str,
    parse: impl Fn(&str) -> Result<T, E>,
) -> Result<Option<T>, StoreError> {
    value
        .map(|v| parse(&v).map_err(|_| corrupt(table, column, &v)))
        .transpose()
}

/// A hash of everything stored about a vestiging (its counts included), to tell whether
/// an import changed it. Fields are fed one by one, length-prefixed, into SipHash with
/// fixed keys (`DefaultHasher::new`): fast, and stable within a build. Should a Rust
/// release change the algorithm, the next import reports every vestiging as changed once
/// and stores the same data; nothing is lost.
fn row_hash(v: &Vestiging) -> String {
    use std::hash::Hasher;
    struct Feed(std::hash::DefaultHasher);
    impl Feed {
        fn text(&mut self, s: &str) {
            self.0.write_u64(s.len() as u64);
            self.0.write(s.as_bytes());
        }
        fn opt(&mut self, s: Option<&str>) {
            match s {
                Some(s) => {
                    self.0.write_u8(1);
                    self.text(s);
                }
                None => self.0.write_u8(0),
            }
        }
        fn num(&mut self, n: i64) {
            self.0.write_i64(n);
        }
    }
    let mut h = Feed(std::hash::DefaultHasher::new());
    h.text(&v.code.to_string());
    h.text(&v.name);
    h.text(v.kind.code());
    h.num(i64::from(v.kind.vo_structure().unwrap_or_default().bits()));
    h.text(v.status.code());
    h.text(&v.status_basis);
    h.num(v.board.map_or(-1, |b| i64::from(b.get())));
    h.opt(v.denominatie.as_deref());
    h.opt(v.street_address.as_deref());
    h.opt(v.postcode.map(|p| p.to_string()).as_deref());
    h.opt(v.place.as_deref());
    h.num(
        v.gemeente
            .as_ref()
            .and_then(|g| g.code)
            .map_or(-1, |c| i64::from(c.get())),
    );
    h.opt(v.gemeente.as_ref().map(|g| g.name.as_str()));
    h.opt(v.province.map(Province::slug));
    match v.location {
        Some(l) => {
            h.num(l.point.lat.to_bits() as i64);
            h.num(l.point.lon.to_bits() as i64);
            h.text(l.basis.code());
        }
        None => h.num(-1),
    }
    h.opt(v.website.as_deref());
    match &v.cluster {
        Some(c) => {
            h.num(i64::from(c.clusters.bits()));
            h.num(i64::from(c.possible.bits()));
            h.text(c.basis.code());
            h.text(c.confidence.code());
            h.text(&c.evidence);
        }
        None => h.num(-1),
    }
    match &v.special_offer {
        Some(o) => {
            h.num(i64::from(o.so.bits()));
            h.num(i64::from(o.vso.bits()));
            h.num(i64::from(o.residential));
        }
        None => h.num(-1),
    }
    h.num(v.sources.len() as i64);
    for source in &v.sources {
        h.text(source);
    }
    h.num(v.counts.len() as i64);
    for c in &v.counts {
        let d = c.peildatum.date();
        h.num(i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day()));
        h.num(c.count.to_stored());
        h.text(&c.source);
    }
    format!("{:016x}", h.0.finish())
}

fn write_import(
    tx: &Transaction<'_>,
    batch: &ImportBatch<'_>,
) -> Result<ImportOutcome, StoreError> {
    let existing: HashMap<String, String> = {
        let mut stmt = tx.prepare("SELECT code, row_hash FROM vestiging")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<_, _>>()?
    };
    let (mut added, mut changed) = (0, 0);
    let mut seen = std::collections::HashSet::with_capacity(batch.vestigingen.len());
    {
        let mut upsert = tx.prepare(
            "INSERT INTO vestiging (code, name, kind, vo_structure, status, status_basis, board, denominatie,
                 street_address, postcode, place, gemeente_code, gemeente_name, province, lat, lon,
                 location_basis, website, cluster, cluster_possible, cluster_basis, cluster_confidence,
                 cluster_evidence, offer_so, offer_vso, offer_residential, sources, row_hash)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
                 ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                 vo_structure = excluded.vo_structure, status = excluded.status,
                 status_basis = excluded.status_basis, board = excluded.board,
                 denominatie = excluded.denominatie, street_address = excluded.street_address,
                 postcode = excluded.postcode, place = excluded.place,
                 gemeente_code = excluded.gemeente_code, gemeente_name = excluded.gemeente_name,
                 province = excluded.province, lat = excluded.lat, lon = excluded.lon,
                 location_basis = excluded.location_basis, website = excluded.website,
                 cluster = excluded.cluster, cluster_possible = excluded.cluster_possible,
                 cluster_basis = excluded.cluster_basis, cluster_confidence = excluded.cluster_confidence,
                 cluster_evidence = excluded.cluster_evidence, offer_so = excluded.offer_so,
                 offer_vso = excluded.offer_vso, offer_residential = excluded.offer_residential,
                 sources = excluded.sources, row_hash = excluded.row_hash",
        )?;
        for v in batch.vestigingen {
            let code = v.code.to_string();
            let hash = row_hash(v);
            seen.insert(code.clone());
            match existing.get(&code) {
                Some(old) if *old == hash => continue,
                Some(_) => changed += 1,
                None => added += 1,
            }
            let cluster = v.cluster.as_ref();
            let offer = v.special_offer.as_ref();
            upsert.execute(params![
                code,
                v.name,
                v.kind.code(),
                v.kind.vo_structure().unwrap_or_default().bits(),
                v.status.code(),
                v.status_basis,
                v.board.map(BoardNumber::get),
                v.denominatie,
                v.street_address,
                v.postcode.map(|p| p.to_string()),
                v.place,
                v.gemeente
                    .as_ref()
                    .and_then(|g| g.code)
                    .map(GemeenteCode::get),
                v.gemeente.as_ref().map(|g| g.name.as_str()),
                v.province.map(Province::slug),
                v.location.map(|l| l.point.lat),
                v.location.map(|l| l.point.lon),
                v.location.map(|l| l.basis.code()),
                v.website,
                cluster.map(|c| c.clusters.bits()),
                cluster.map(|c| c.possible.bits()),
                cluster.map(|c| c.basis.code()),
                cluster.map(|c| c.confidence.code()),
                cluster.map(|c| c.evidence.as_str()),
                offer.map(|o| o.so.bits()),
                offer.map(|o| o.vso.bits()),
                offer.map(|o| o.residential),
                v.sources.join(","),
                hash,
            ])?;
        }
    }
    let gone: Vec<&String> = existing
        .keys()
        .filter(|code| !seen.contains(*code))
        .collect();
    {
        let mut delete = tx.prepare("DELETE FROM vestiging WHERE code = ?1")?;
        for code in &gone {
            delete.execute([code])?;
        }
    }

    tx.execute_batch(
        "DELETE FROM pupil_count; DELETE FROM membership; DELETE FROM pc4_area; DELETE FROM data_finding;
         DELETE FROM swv_name; DELETE FROM source_file;",
    )?;
    insert_counts(tx, batch.vestigingen)?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO membership (vestiging, sector, swv, basis, basis_detail) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for m in batch.memberships {
            insert.execute(params![
                m.vestiging.to_string(),
                m.sector.code(),
                m.swv.to_string(),
                m.basis.code(),
                m.basis.detail()
            ])?;
        }
    }
    {
        let mut insert = tx.prepare(
            "INSERT INTO pc4_area (pc4, in_regeling, gemeente, po_swv, vo_swv, note, lat, lon, place,
                 inhabitants, under_15, age_15_to_25)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for a in batch.pc4s {
            insert.execute(params![
                a.pc4.get(),
                a.in_regeling,
                a.gemeente,
                a.po_swv.map(|s| s.to_string()),
                a.vo_swv.map(|s| s.to_string()),
                a.note,
                a.centroid.map(|p| p.lat),
                a.centroid.map(|p| p.lon),
                a.place,
                a.inhabitants,
                a.under_15,
                a.age_15_to_25,
            ])?;
        }
    }
    {
        let mut insert =
            tx.prepare("INSERT INTO data_finding (rule, severity, swv, vestiging, message) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for f in batch.findings {
            insert.execute(params![
                f.rule.id(),
                f.severity.code(),
                f.swv.map(|s| s.to_string()),
                f.vestiging.map(|v| v.to_string()),
                f.message
            ])?;
        }
    }
    {
        let mut insert = tx.prepare("INSERT INTO swv_name (swv, name) VALUES (?1, ?2)")?;
        for (swv, name) in batch.swv_names {
            insert.execute(params![swv.to_string(), name])?;
        }
    }
    tx.execute(
        "INSERT INTO import_run (fingerprint, data_dir, finished_at, added, changed, removed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            batch.fingerprint,
            batch.data_dir,
            batch.finished_at.to_string(),
            added as i64,
            changed as i64,
            gone.len() as i64
        ],
    )?;
    let run_id = tx.last_insert_rowid();
    {
        let mut insert = tx.prepare(
            "INSERT INTO source_file (key, path, sha256, size, run_id) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for f in batch.files {
            insert.execute(params![f.key, f.path, f.sha256, f.size as i64, run_id])?;
        }
    }
    Ok(ImportOutcome {
        run_id,
        added,
        changed,
        removed: gone.len(),
    })
}

/// Inserts the pupil counts, many rows per statement: a single-row insert per count
/// took twice as long.
fn insert_counts(tx: &Transaction<'_>, vestigingen: &[Vestiging]) -> Result<(), StoreError> {
    const ROWS: usize = 200;
    let sql = |n: usize| {
        let values = vec!["(?, ?, ?, ?)"; n].join(", ");
        format!("INSERT INTO pupil_count (vestiging, peildatum, count, source) VALUES {values}")
    };
    let rows: Vec<(String, String, i64, &str)> = vestigingen
        .iter()
        .flat_map(|v| {
            let code = v.code.to_string();
            v.counts.iter().map(move |c| {
                (
                    code.clone(),
                    c.peildatum.to_string(),
                    c.count.to_stored(),
                    c.source.as_str(),
                )
            })
        })
        .collect();
    let mut full = tx.prepare(&sql(ROWS))?;
    for chunk in rows.chunks(ROWS) {
        let params: Vec<&dyn rusqlite::ToSql> = chunk
            .iter()
            .flat_map(|(code, date, count, source)| {
                [
                    code as &dyn rusqlite::ToSql,
                    date as &dyn rusqlite::ToSql,
                    count as &dyn rusqlite::ToSql,
                    source as &dyn rusqlite::ToSql,
                ]
            })
            .collect();
        if chunk.len() == ROWS {
            full.execute(params.as_slice())?;
        } else {
            tx.execute(&sql(chunk.len()), params.as_slice())?;
        }
    }
    Ok(())
}

fn load(c: &Connection) -> Result<Register, StoreError> {
    let mut counts: HashMap<String, Vec<CountRecord>> = HashMap::new();
    {
        let mut stmt = c.prepare("SELECT vestiging, peildatum, count, source FROM pupil_count ORDER BY vestiging, peildatum")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let peildatum: String = r.get(1)?;
            let count: i64 = r.get(2)?;
            let date: jiff::civil::Date = peildatum
                .parse()
                .map_err(|_| corrupt("pupil_count", "peildatum", &peildatum))?;
            counts.entry(r.get(0)?).or_default().push(CountRecord {
                peildatum: Peildatum::new(date),
                count: PupilCount::from_stored(count)
                    .ok_or_else(|| corrupt("pupil_count", "count", count))?,
                source: r.get(3)?,
            });
        }
    }

    let mut vestigingen = Vec::new();
    {
        let mut stmt = c.prepare(
            "SELECT code, name, kind, vo_structure, status, status_basis, board, denominatie, street_address,
                 postcode, place, gemeente_code, gemeente_name, province, lat, lon, location_basis, website,
                 cluster, cluster_possible, cluster_basis, cluster_confidence, cluster_evidence,
                 offer_so, offer_vso, offer_residential, sources
             FROM vestiging",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let t = "vestiging";
            let code_text: String = r.get(0)?;
            let code =
                VestigingCode::parse(&code_text).map_err(|_| corrupt(t, "code", &code_text))?;
            let kind_text: String = r.get(2)?;
            let kind =
                SchoolKind::from_code(&kind_text, VoStructure::from_bits(r.get::<_, u8>(3)?))
                    .ok_or_else(|| corrupt(t, "kind", &kind_text))?;
            let status_text: String = r.get(4)?;
            let status = Status::from_code(&status_text)
                .ok_or_else(|| corrupt(t, "status", &status_text))?;
            let board = r
                .get::<_, Option<u32>>(6)?
                .map(|b| BoardNumber::parse(&b.to_string()))
                .transpose()
                .map_err(|_| corrupt(t, "board", "?"))?;
            let gemeente_code = r
                .get::<_, Option<u16>>(11)?
                .map(|g| {
                    GemeenteCode::parse(&g.to_string()).map_err(|_| corrupt(t, "gemeente_code", g))
                })
                .transpose()?;
            let gemeente_name: Option<String> = r.get(12)?;
            let location = match (
                r.get::<_, Option<f64>>(14)?,
                r.get::<_, Option<f64>>(15)?,
                r.get::<_, Option<String>>(16)?,
            ) {
                (Some(lat), Some(lon), Some(basis)) => Some(Location {
                    point: LatLon { lat, lon },
                    basis: LocationBasis::from_code(&basis)
                        .ok_or_else(|| corrupt(t, "location_basis", &basis))?,
                }),
                _ => None,
            };
            let cluster = match r.get::<_, Option<u8>>(18)? {
                Some(bits) => {
                    let basis: String = r.get(20)?;
                    let confidence: String = r.get(21)?;
                    Some(ClusterClassification {
                        clusters: ClusterSet::from_bits(bits),
                        possible: ClusterSet::from_bits(r.get(19)?),
                        basis: ClusterBasis::from_code(&basis)
                            .ok_or_else(|| corrupt(t, "cluster_basis", &basis))?,
                        confidence: Confidence::from_code(&confidence)
                            .ok_or_else(|| corrupt(t, "cluster_confidence", &confidence))?,
                        evidence: r.get(22)?,
                    })
                }
                None => None,
            };
            let special_offer = match (r.get::<_, Option<u8>>(23)?, r.get::<_, Option<u8>>(24)?) {
                (Some(so), Some(vso)) => Some(SpecialOffer {
                    so: ClusterSet::from_bits(so),
                    vso: ClusterSet::from_bits(vso),
                    residential: r.get::<_, Option<bool>>(25)?.unwrap_or(false),
                }),
                _ => None,
            };
            let sources: String = r.get(26)?;
            vestigingen.push(Vestiging {
                code,
                name: r.get(1)?,
                kind,
                status,
                status_basis: r.get(5)?,
                board,
                denominatie: r.get(7)?,
                street_address: r.get(8)?,
                postcode: opt_parse(r.get(9)?, t, "postcode", Postcode::parse)?,
                place: r.get(10)?,
                gemeente: match (gemeente_code, gemeente_name) {
                    (None, None) => None,
                    (code, name) => Some(Gemeente {
                        code,
                        name: name.unwrap_or_default(),
                    }),
                },
                province: opt_parse(r.get(13)?, t, "province", |s| Province::parse(s).ok_or(()))?,
                location,
                website: r.get(17)?,
                cluster,
                special_offer,
                sources: sources
                    .split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect(),
                counts: counts.remove(&code_text).unwrap_or_default(),
            });
        }
    }

    let mut memberships = Vec::new();
    {
        let mut stmt =
            c.prepare("SELECT vestiging, sector, swv, basis, basis_detail FROM membership")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let t = "membership";
            let vestiging: String = r.get(0)?;
            let sector: String = r.get(1)?;
            let swv: String = r.get(2)?;
            let basis: String = r.get(3)?;
            let detail: String = r.get(4)?;
            memberships.push(Membership {
                vestiging: VestigingCode::parse(&vestiging)
                    .map_err(|_| corrupt(t, "vestiging", &vestiging))?,
                sector: Sector::parse(&sector).ok_or_else(|| corrupt(t, "sector", &sector))?,
                swv: SwvCode::parse(&swv).map_err(|_| corrupt(t, "swv", &swv))?,
                basis: MembershipBasis::from_stored(&basis, &detail)
                    .ok_or_else(|| corrupt(t, "basis", &basis))?,
            });
        }
    }

    let mut pc4s = Vec::new();
    {
        let mut stmt = c.prepare(
            "SELECT pc4, in_regeling, gemeente, po_swv, vo_swv, note, lat, lon, place, inhabitants, under_15, age_15_to_25
             FROM pc4_area",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let t = "pc4_area";
            let pc4: u16 = r.get(0)?;
            pc4s.push(Pc4Area {
                pc4: Pc4::new(pc4).ok_or_else(|| corrupt(t, "pc4", pc4))?,
                in_regeling: r.get(1)?,
                gemeente: r.get(2)?,
                po_swv: opt_parse(r.get(3)?, t, "po_swv", SwvCode::parse)?,
                vo_swv: opt_parse(r.get(4)?, t, "vo_swv", SwvCode::parse)?,
                note: r.get(5)?,
                centroid: match (r.get::<_, Option<f64>>(6)?, r.get::<_, Option<f64>>(7)?) {
                    (Some(lat), Some(lon)) => Some(LatLon { lat, lon }),
                    _ => None,
                },
                place: r.get(8)?,
                inhabitants: r.get(9)?,
                under_15: r.get(10)?,
                age_15_to_25: r.get(11)?,
            });
        }
    }

    let mut names = BTreeMap::new();
    {
        let mut stmt = c.prepare("SELECT swv, name FROM swv_name")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let swv: String = r.get(0)?;
            names.insert(
                SwvCode::parse(&swv).map_err(|_| corrupt("swv_name", "swv", &swv))?,
                r.get(1)?,
            );
        }
    }
    Ok(Register::new(vestigingen, memberships, pc4s).with_swv_names(names))
}

#[cfg(test)]
mod tests;

/// What a backup file holds, as checked before a restore.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BackupInfo {
    /// Its schema version.
    pub schema_version: i64,
}

impl Store {
    /// Writes a consistent copy of the whole database to `path` (a new file), also while
    /// the server is writing: SQLite's `VACUUM INTO` reads one snapshot.
    pub fn backup_to(&self, path: &Path) -> Result<(), StoreError> {
        if path.exists() {
            return Err(StoreError::Invalid(format!(
                "{} bestaat al; kies een nieuw bestand voor de reservekopie",
                path.display()
            )));
        }
        let target = path.to_str().ok_or_else(|| {
            StoreError::Invalid(format!("{}: de naam is geen geldige tekst", path.display()))
        })?;
        self.with(|c| {
            c.execute("VACUUM INTO ?1", [target])?;
            Ok(())
        })
    }

    /// Checks that `path` is a sound passend database this build can open.
    pub fn check_backup(path: &Path) -> Result<BackupInfo, StoreError> {
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|_| {
                StoreError::Invalid(format!("{} kan niet worden geopend", path.display()))
            })?;
        let not_passend = || {
            StoreError::Invalid(format!(
                "{} is geen database van passend (of is beschadigd)",
                path.display()
            ))
        };
        let integrity: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .map_err(|_| not_passend())?;
        if integrity != "ok" {
            return Err(not_passend());
        }
        let version: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .map_err(|_| not_passend())?;
        let has_register: bool = conn
            .query_row(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'vestiging'",
                [],
                |_| Ok(true),
            )
            .optional()
            .map_err(|_| not_passend())?
            .unwrap_or(false);
        if version == 0 || !has_register {
            return Err(not_passend());
        }
        if version > MIGRATIONS.len() as i64 {
            return Err(StoreError::NewerSchema {
                found: version,
                known: MIGRATIONS.len(),
            });
        }
        Ok(BackupInfo {
            schema_version: version,
        })
    }

    /// Replaces the database at `target` by the backup at `backup`: the backup is
    /// checked, copied next to the target and renamed over it, so the target is either
    /// the old or the new database, never half of each. No process may have the target
    /// open (stop the server first).
    pub fn restore(backup: &Path, target: &Path) -> Result<BackupInfo, StoreError> {
        let info = Store::check_backup(backup)?;
        let staging = target.with_extension("herstel-tmp");
        let _ = std::fs::remove_file(&staging);
        {
            let conn =
                Connection::open_with_flags(backup, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
            let to = staging.to_str().ok_or_else(|| {
                StoreError::Invalid(format!(
                    "{}: de naam is geen geldige tekst",
                    target.display()
                ))
            })?;
            conn.execute("VACUUM INTO ?1", [to])?;
        }
        // The old database (with its WAL and shared-memory files) is kept beside it as
        // `<naam>.voor-herstel`, so that nothing is lost if the restore was a mistake.
        let kept = std::path::PathBuf::from(format!("{}.voor-herstel", target.display()));
        let move_file = |from: &Path, to: &Path| -> Result<(), StoreError> {
            if from.exists() {
                let _ = std::fs::remove_file(to);
                std::fs::rename(from, to).map_err(|e| {
                    StoreError::Invalid(format!(
                        "{} kan niet worden verplaatst: {e}",
                        from.display()
                    ))
                })?;
            }
            Ok(())
        };
        for suffix in ["", "-wal", "-shm"] {
            move_file(
                &std::path::PathBuf::from(format!("{}{suffix}", target.display())),
                &std::path::PathBuf::from(format!("{}{suffix}", kept.display())),
            )?;
        }
        move_file(&staging, target)?;
        // Opening runs any newer migrations.
        Store::open(target)?;
        Ok(info)
    }
}
