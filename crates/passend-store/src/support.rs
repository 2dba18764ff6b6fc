//! Support needs, coverage settings and the history of support profiles.
//!
//! The taxonomy and the coverage settings come with every import and are replaced by it,
//! like the register tables. Profiles and SWV basisondersteuning are history: a save adds
//! a version only where its content differs from the version in force on its date, and
//! never changes or deletes an old one. They do not reference the `vestiging` table (see
//! `migrations/0002_support.sql`), so an import that removes a vestiging keeps its
//! profiles.

use std::collections::{BTreeMap, BTreeSet};

use jiff::civil::Date;
use rusqlite::{Connection, Transaction, params};

use passend_core::ids::VestigingCode;
use passend_core::retention::RetentionPolicy;
use passend_core::support::{
    Condition, CoverageSettings, Level, Need, NeedCode, Offer, ProfileBook, ProfileSource,
    SupportProfile, SwvBasis, Taxonomy,
};
use passend_core::swv::SwvCode;

use crate::{ImportBatch, ImportOutcome, Store, StoreError, corrupt, write_import};

/// The settings an import stores beside the register.
#[derive(Clone, Copy, Debug)]
pub struct SettingsBatch<'a> {
    /// The support needs (`instellingen/behoeften.csv`).
    pub taxonomy: &'a Taxonomy,
    /// The coverage thresholds (`instellingen/dekking.csv`).
    pub coverage: &'a CoverageSettings,
    /// The retention terms (`instellingen/bewaartermijnen.csv`).
    pub retention: &'a RetentionPolicy,
}

/// What saving profiles changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ProfilesOutcome {
    /// Profile versions added.
    pub profiles_added: usize,
    /// Profiles equal to the version in force on their date, so not added.
    pub profiles_unchanged: usize,
    /// SWV basis versions added.
    pub basis_added: usize,
    /// SWV basis versions equal to the one in force, so not added.
    pub basis_unchanged: usize,
}

impl ProfilesOutcome {
    /// Whether nothing was added.
    pub fn nothing_changed(&self) -> bool {
        self.profiles_added == 0 && self.basis_added == 0
    }
}

impl Store {
    /// Writes an import and the settings read with it, in one transaction: the register
    /// as [`Store::save_import`] does, and the taxonomy and coverage settings replaced.
    /// Profiles are not touched.
    pub fn save_import_with_settings(
        &self,
        batch: &ImportBatch<'_>,
        settings: &SettingsBatch<'_>,
    ) -> Result<ImportOutcome, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            let outcome = write_import(&tx, batch)?;
            write_settings(&tx, settings)?;
            tx.commit()?;
            Ok(outcome)
        })
    }

    /// The support needs of the last import, in file order; empty before the first.
    pub fn load_taxonomy(&self) -> Result<Taxonomy, StoreError> {
        self.with(|c| load_taxonomy(c))
    }

    /// The coverage settings of the last import; the defaults before the first.
    pub fn load_coverage_settings(&self) -> Result<CoverageSettings, StoreError> {
        self.with(|c| {
            let mut stmt =
                c.prepare("SELECT key, value, source FROM coverage_setting ORDER BY key")?;
            let mut rows = stmt.query([])?;
            let mut settings = CoverageSettings::default();
            while let Some(r) = rows.next()? {
                let key: String = r.get(0)?;
                let value: f64 = r.get(1)?;
                let source: String = r.get(2)?;
                settings
                    .set(&key, value, &source)
                    .map_err(|_| corrupt("coverage_setting", "value", format!("{key}={value}")))?;
                if source == CoverageSettings::DEFAULT_SOURCE {
                    settings.sources.remove(&key);
                }
            }
            Ok(settings)
        })
    }

    /// Whether any profile or SWV basis version is stored.
    pub fn has_profiles(&self) -> Result<bool, StoreError> {
        self.with(|c| {
            Ok(c.query_row(
                "SELECT EXISTS (SELECT 1 FROM profile_version)
                     OR EXISTS (SELECT 1 FROM swv_basis_version)",
                [],
                |r| r.get::<_, bool>(0),
            )?)
        })
    }

    /// Saves profiles and SWV basis versions in one transaction. Each is added as a new
    /// version unless its content equals the version in force on its `valid_from`
    /// (including versions added earlier in the same call); old versions stay as they
    /// are. If anything fails, nothing is saved.
    pub fn save_profiles(
        &self,
        profiles: &[SupportProfile],
        basis: &[SwvBasis],
    ) -> Result<ProfilesOutcome, StoreError> {
        self.with(|conn| {
            let tx = conn.transaction()?;
            let outcome = write_profiles(&tx, profiles, basis)?;
            tx.commit()?;
            Ok(outcome)
        })
    }

    /// Every stored version of every profile and SWV basis.
    pub fn load_profiles(&self) -> Result<ProfileBook, StoreError> {
        self.with(|c| {
            let (profiles, basis) = load_versions(c)?;
            Ok(ProfileBook::new(profiles, basis))
        })
    }
}

fn write_settings(tx: &Transaction<'_>, settings: &SettingsBatch<'_>) -> Result<(), StoreError> {
    tx.execute_batch("DELETE FROM support_need; DELETE FROM coverage_setting;")?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO support_need (position, code, label, domain, domain_label, prevalence_po,
                 prevalence_vo, share_extra, share_specialist, source)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (i, n) in settings.taxonomy.needs().iter().enumerate() {
            insert.execute(params![
                i as i64,
                n.code.as_str(),
                n.label,
                n.domain,
                n.domain_label,
                n.prevalence_po,
                n.prevalence_vo,
                n.share_extra,
                n.share_specialist,
                n.source,
            ])?;
        }
    }
    let mut insert =
        tx.prepare("INSERT INTO coverage_setting (key, value, source) VALUES (?1, ?2, ?3)")?;
    for key in CoverageSettings::KEYS {
        let value = settings.coverage.value(key).unwrap_or_default();
        insert.execute(params![key, value, settings.coverage.source(key)])?;
    }
    crate::retention::write_policy(tx, settings.retention)
}

fn load_taxonomy(c: &Connection) -> Result<Taxonomy, StoreError> {
    let t = "support_need";
    let mut stmt = c.prepare(
        "SELECT code, label, domain, domain_label, prevalence_po, prevalence_vo, share_extra,
             share_specialist, source
         FROM support_need ORDER BY position",
    )?;
    let mut rows = stmt.query([])?;
    let mut needs = Vec::new();
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        needs.push(Need {
            code: NeedCode::parse(&code).map_err(|_| corrupt(t, "code", &code))?,
            label: r.get(1)?,
            domain: r.get(2)?,
            domain_label: r.get(3)?,
            prevalence_po: r.get(4)?,
            prevalence_vo: r.get(5)?,
            share_extra: r.get(6)?,
            share_specialist: r.get(7)?,
            source: r.get(8)?,
        });
    }
    Taxonomy::new(needs).map_err(|e| corrupt(t, "share_specialist", e))
}

/// The versions of one key (a vestiging or an SWV) in the order `ProfileBook` reads
/// them: by valid_from, and by recording order within a date.
struct History<K, V> {
    versions: BTreeMap<K, Vec<V>>,
}

impl<K: Ord, V> History<K, V> {
    fn new() -> History<K, V> {
        History {
            versions: BTreeMap::new(),
        }
    }

    /// The version in force on `date` and the position a new version of that date takes.
    fn in_force(
        &self,
        key: &K,
        date: Date,
        valid_from: impl Fn(&V) -> Date,
    ) -> (Option<&V>, usize) {
        let list = self.versions.get(key).map_or(&[][..], Vec::as_slice);
        let at = list.partition_point(|v| valid_from(v) <= date);
        (at.checked_sub(1).map(|i| &list[i]), at)
    }

    fn insert(&mut self, key: K, at: usize, version: V) {
        self.versions.entry(key).or_default().insert(at, version);
    }
}

fn write_profiles(
    tx: &Transaction<'_>,
    profiles: &[SupportProfile],
    basis: &[SwvBasis],
) -> Result<ProfilesOutcome, StoreError> {
    let (stored_profiles, stored_basis) = load_versions(tx)?;
    let mut outcome = ProfilesOutcome::default();

    let mut history: History<VestigingCode, SupportProfile> = History::new();
    // Stored versions come in recording order; a stable sort by date keeps that order
    // within a date, as ProfileBook does.
    for p in stored_profiles {
        history.versions.entry(p.vestiging).or_default().push(p);
    }
    for list in history.versions.values_mut() {
        list.sort_by_key(|p| p.valid_from);
    }
    {
        let mut version = tx.prepare(
            "INSERT INTO profile_version (vestiging, valid_from, source, source_detail)
             VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut offer = tx.prepare(
            "INSERT INTO profile_offer (version, need, level, places) VALUES (?1, ?2, ?3, ?4)",
        )?;
        let mut condition =
            tx.prepare("INSERT INTO profile_condition (version, condition) VALUES (?1, ?2)")?;
        for p in profiles {
            let (current, at) = history.in_force(&p.vestiging, p.valid_from, |v| v.valid_from);
            if current.is_some_and(|c| c.same_content(p)) {
                outcome.profiles_unchanged += 1;
                continue;
            }
            version.execute(params![
                p.vestiging.to_string(),
                p.valid_from.to_string(),
                p.source.code(),
                p.source.detail(),
            ])?;
            let id = tx.last_insert_rowid();
            for o in &p.offers {
                offer.execute(params![id, o.need.as_str(), o.level.code(), o.places])?;
            }
            for c in &p.conditions {
                condition.execute(params![id, c.code()])?;
            }
            history.insert(p.vestiging, at, p.clone());
            outcome.profiles_added += 1;
        }
    }

    let mut history: History<SwvCode, SwvBasis> = History::new();
    for b in stored_basis {
        history.versions.entry(b.swv).or_default().push(b);
    }
    for list in history.versions.values_mut() {
        list.sort_by_key(|b| b.valid_from);
    }
    let mut version = tx.prepare(
        "INSERT INTO swv_basis_version (swv, valid_from, source, source_detail)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut need = tx.prepare("INSERT INTO swv_basis_need (version, need) VALUES (?1, ?2)")?;
    for b in basis {
        let (current, at) = history.in_force(&b.swv, b.valid_from, |v| v.valid_from);
        if current.is_some_and(|c| c.same_content(b)) {
            outcome.basis_unchanged += 1;
            continue;
        }
        version.execute(params![
            b.swv.to_string(),
            b.valid_from.to_string(),
            b.source.code(),
            b.source.detail(),
        ])?;
        let id = tx.last_insert_rowid();
        for n in &b.needs {
            need.execute(params![id, n.as_str()])?;
        }
        history.insert(b.swv, at, b.clone());
        outcome.basis_added += 1;
    }
    Ok(outcome)
}

fn parse_date(table: &'static str, text: &str) -> Result<Date, StoreError> {
    text.parse().map_err(|_| corrupt(table, "valid_from", text))
}

fn parse_source(
    table: &'static str,
    code: &str,
    detail: &str,
) -> Result<ProfileSource, StoreError> {
    ProfileSource::from_stored(code, detail).ok_or_else(|| corrupt(table, "source", code))
}

/// Every version, in recording order.
fn load_versions(c: &Connection) -> Result<(Vec<SupportProfile>, Vec<SwvBasis>), StoreError> {
    let mut offers: BTreeMap<i64, Vec<Offer>> = BTreeMap::new();
    {
        let t = "profile_offer";
        let mut stmt = c.prepare(
            "SELECT version, need, level, places FROM profile_offer ORDER BY version, need",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let need: String = r.get(1)?;
            let level: String = r.get(2)?;
            offers.entry(r.get(0)?).or_default().push(Offer {
                need: NeedCode::parse(&need).map_err(|_| corrupt(t, "need", &need))?,
                level: Level::parse(&level).ok_or_else(|| corrupt(t, "level", &level))?,
                places: r.get(3)?,
            });
        }
    }
    let mut conditions: BTreeMap<i64, BTreeSet<Condition>> = BTreeMap::new();
    {
        let mut stmt = c.prepare("SELECT version, condition FROM profile_condition")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let code: String = r.get(1)?;
            conditions.entry(r.get(0)?).or_default().insert(
                Condition::parse(&code)
                    .ok_or_else(|| corrupt("profile_condition", "condition", &code))?,
            );
        }
    }
    let mut profiles = Vec::new();
    {
        let t = "profile_version";
        let mut stmt = c.prepare(
            "SELECT id, vestiging, valid_from, source, source_detail FROM profile_version ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let vestiging: String = r.get(1)?;
            let source: String = r.get(3)?;
            let detail: String = r.get(4)?;
            profiles.push(SupportProfile {
                vestiging: VestigingCode::parse(&vestiging)
                    .map_err(|_| corrupt(t, "vestiging", &vestiging))?,
                valid_from: parse_date(t, &r.get::<_, String>(2)?)?,
                offers: offers.remove(&id).unwrap_or_default(),
                conditions: conditions.remove(&id).unwrap_or_default(),
                source: parse_source(t, &source, &detail)?,
            });
        }
    }
    let mut needs: BTreeMap<i64, BTreeSet<NeedCode>> = BTreeMap::new();
    {
        let mut stmt = c.prepare("SELECT version, need FROM swv_basis_need")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let need: String = r.get(1)?;
            needs.entry(r.get(0)?).or_default().insert(
                NeedCode::parse(&need).map_err(|_| corrupt("swv_basis_need", "need", &need))?,
            );
        }
    }
    let mut basis = Vec::new();
    {
        let t = "swv_basis_version";
        let mut stmt = c.prepare(
            "SELECT id, swv, valid_from, source, source_detail FROM swv_basis_version ORDER BY id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let swv: String = r.get(1)?;
            let source: String = r.get(3)?;
            let detail: String = r.get(4)?;
            basis.push(SwvBasis {
                swv: SwvCode::parse(&swv).map_err(|_| corrupt(t, "swv", &swv))?,
                valid_from: parse_date(t, &r.get::<_, String>(2)?)?,
                needs: needs.remove(&id).unwrap_or_default(),
                source: parse_source(t, &source, &detail)?,
            });
        }
    }
    Ok((profiles, basis))
}

#[cfg(test)]
mod tests;
