//! Retention: the stored terms, the `delete_after` stamps on records about a person, and
//! the run that deletes or anonymises what is due.
//!
//! Every write of a record about a person stamps it with the moment it must be gone,
//! from the terms stored with the last import ([`policy`]). An import that changes a
//! term stamps every stored record of that category again from the start of its clock
//! ([`write_policy`]), so a term applies to all records, old and new. Records from
//! before the stamps existed (schema 3) count from the start of their clock until then.
//!
//! The audit log is a hash chain, so it can only lose its oldest entries: a run removes
//! the longest run of due entries from the start, after writing a checkpoint with the
//! hash of the last one removed (see `migrations/0004_retention.sql`). An entry that is
//! due waits while an older one is not, which happens only after a term was shortened.
//! A run refuses to start on a broken chain: removing entries would hide the break.

use rusqlite::{Connection, Transaction, params};

use passend_core::access::UserId;
use passend_core::retention::{Category, Period, RetentionPolicy, Term};

use crate::accounts::{
    AuditCheckpoint, AuditEvent, TRUNCATED, append, checkpoint_record, verify_chain,
};
use crate::{Store, StoreError, corrupt};

/// A moment as `delete_after` stores it: whole seconds in UTC, one fixed width, so that
/// SQLite compares the text in time order.
pub(crate) fn stamp(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The terms stored with the last import; the shipped defaults before the first.
pub(crate) fn policy(conn: &Connection) -> Result<RetentionPolicy, StoreError> {
    let mut stmt = conn.prepare("SELECT category, period, source FROM retention_setting")?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
            ))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    if rows.is_empty() {
        return Ok(RetentionPolicy::default());
    }
    let mut terms = Vec::with_capacity(rows.len());
    for (category, period, source) in rows {
        let c = Category::parse(&category)
            .ok_or_else(|| corrupt("retention_setting", "category", &category))?;
        let period =
            Period::parse(&period).map_err(|_| corrupt("retention_setting", "period", &period))?;
        terms.push((c, Term { period, source }));
    }
    RetentionPolicy::new(terms).map_err(|e| corrupt("retention_setting", "category", e))
}

/// Replaces the stored terms (inside the import's transaction) and, for every category
/// whose term changed, stamps its records again.
pub(crate) fn write_policy(tx: &Transaction<'_>, p: &RetentionPolicy) -> Result<(), StoreError> {
    let stored: bool = tx.query_row("SELECT count(*) > 0 FROM retention_setting", [], |r| {
        r.get(0)
    })?;
    let old = stored.then(|| policy(tx)).transpose()?;
    for (category, term) in p.terms() {
        if old
            .as_ref()
            .is_none_or(|o| o.term(category).period != term.period)
        {
            restamp(tx, p, category)?;
        }
    }
    tx.execute("DELETE FROM retention_setting", [])?;
    let mut insert =
        tx.prepare("INSERT INTO retention_setting (category, period, source) VALUES (?1, ?2, ?3)")?;
    for (c, term) in p.terms() {
        insert.execute(params![c.code(), term.period.to_string(), term.source])?;
    }
    Ok(())
}

/// Works out `delete_after` again for every record of a category.
fn restamp(
    tx: &Transaction<'_>,
    p: &RetentionPolicy,
    category: Category,
) -> Result<(), StoreError> {
    let (table, key, start, only) = match category {
        Category::Sessie => ("user_session", "token_hash", "expires_at", ""),
        Category::Gebruiker => (
            "app_user",
            "id",
            "disabled_at",
            " WHERE disabled = 1 AND anonymised_at IS NULL AND disabled_at IS NOT NULL",
        ),
        Category::Auditregel => ("audit_log", "seq", "at", ""),
    };
    let rows: Vec<(rusqlite::types::Value, String)> = tx
        .prepare(&format!("SELECT {key}, {start} FROM {table}{only}"))?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut update = tx.prepare(&format!(
        "UPDATE {table} SET delete_after = ?1 WHERE {key} = ?2"
    ))?;
    for (id, from) in rows {
        let from = parse_time(table, start, &from)?;
        update.execute(params![stamp(p.due(category, from)), id])?;
    }
    Ok(())
}

/// A disabled account whose term has passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueUser {
    /// Its id.
    pub id: UserId,
    /// Its login name (until it is anonymised).
    pub username: String,
    /// When it was disabled.
    pub disabled_at: Option<jiff::Timestamp>,
    /// From when it had to go.
    pub due: jiff::Timestamp,
}

/// The oldest audit entries whose term has passed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueAudit {
    /// The first (oldest) entry.
    pub first_seq: i64,
    /// The last entry to remove.
    pub last_seq: i64,
    /// How many.
    pub count: i64,
    /// The moment of the newest of them.
    pub newest_at: jiff::Timestamp,
}

/// What a retention run finds due at a moment, and (after a run) did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetentionPlan {
    /// The moment.
    pub now: jiff::Timestamp,
    /// The terms used.
    pub policy: RetentionPolicy,
    /// Sessions to delete.
    pub sessions: u64,
    /// Accounts to anonymise, by login name.
    pub users: Vec<DueUser>,
    /// Audit entries to remove, if any.
    pub audit: Option<DueAudit>,
    /// Audit entries that are due but wait for an older one that is not.
    pub audit_waiting: u64,
    /// The checkpoint a run wrote (empty for a dry run).
    pub checkpoint: Option<AuditCheckpoint>,
}

impl RetentionPlan {
    /// Whether nothing is due.
    pub fn is_empty(&self) -> bool {
        self.sessions == 0 && self.users.is_empty() && self.audit.is_none()
    }
}

fn parse_time(
    table: &'static str,
    column: &'static str,
    value: &str,
) -> Result<jiff::Timestamp, StoreError> {
    value.parse().map_err(|_| corrupt(table, column, value))
}

/// What is due at `now`.
fn plan(
    conn: &Connection,
    now: jiff::Timestamp,
) -> Result<(RetentionPlan, Vec<String>), StoreError> {
    let policy = policy(conn)?;

    // Sessions: few (one per login), so the due moment is worked out here for each.
    let mut sessions = Vec::new();
    {
        let mut stmt =
            conn.prepare("SELECT token_hash, expires_at, delete_after FROM user_session")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let token: String = r.get(0)?;
            let expires: String = r.get(1)?;
            let stamped: Option<String> = r.get(2)?;
            let due = match stamped {
                Some(s) => parse_time("user_session", "delete_after", &s)?,
                None => policy.due(
                    Category::Sessie,
                    parse_time("user_session", "expires_at", &expires)?,
                ),
            };
            if due <= now {
                sessions.push(token);
            }
        }
    }

    let mut users = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, username, disabled_at, delete_after FROM app_user
             WHERE disabled = 1 AND anonymised_at IS NULL ORDER BY username",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            let username: String = r.get(1)?;
            let disabled_at = r
                .get::<_, Option<String>>(2)?
                .map(|s| parse_time("app_user", "disabled_at", &s))
                .transpose()?;
            let stamped: Option<String> = r.get(3)?;
            let due = match (stamped, disabled_at) {
                (Some(s), _) => parse_time("app_user", "delete_after", &s)?,
                (None, Some(at)) => policy.due(Category::Gebruiker, at),
                // Every disabling records when (migration 0004 gave the older ones the
                // moment of the upgrade).
                (None, None) => return Err(corrupt("app_user", "disabled_at", "leeg")),
            };
            if due <= now {
                users.push(DueUser {
                    id: UserId(id),
                    username,
                    disabled_at,
                    due,
                });
            }
        }
    }

    // Audit entries: the first one that is not due ends the run of removable entries.
    // Stamped entries compare in SQL; the unstamped ones (from before schema 4) are an
    // older prefix, worked out here.
    let mut first_kept: Option<i64> = None;
    {
        let mut stmt =
            conn.prepare("SELECT seq, at FROM audit_log WHERE delete_after IS NULL ORDER BY seq")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let seq: i64 = r.get(0)?;
            let at: String = r.get(1)?;
            if policy.due(Category::Auditregel, parse_time("audit_log", "at", &at)?) > now {
                first_kept = Some(seq);
                break;
            }
        }
    }
    let now_stamp = stamp(now);
    let first_stamped_kept: Option<i64> = conn.query_row(
        "SELECT min(seq) FROM audit_log WHERE delete_after > ?1",
        [&now_stamp],
        |r| r.get(0),
    )?;
    let first_kept = match (first_kept, first_stamped_kept) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    let range: Option<(i64, i64, i64, String)> = conn.query_row(
        "SELECT min(seq), max(seq), count(*), max(at) FROM audit_log WHERE ?1 IS NULL OR seq < ?1",
        [first_kept],
        |r| {
            Ok(match r.get::<_, Option<i64>>(0)? {
                Some(first) => Some((first, r.get(1)?, r.get(2)?, r.get(3)?)),
                None => None,
            })
        },
    )?;
    let audit = range
        .map(|(first_seq, last_seq, count, newest)| {
            Ok::<_, StoreError>(DueAudit {
                first_seq,
                last_seq,
                count,
                newest_at: parse_time("audit_log", "at", &newest)?,
            })
        })
        .transpose()?;
    let audit_waiting: i64 = match first_kept {
        Some(kept) => conn.query_row(
            "SELECT count(*) FROM audit_log WHERE seq > ?1 AND delete_after <= ?2",
            params![kept, now_stamp],
            |r| r.get(0),
        )?,
        None => 0,
    };

    Ok((
        RetentionPlan {
            now,
            policy,
            sessions: sessions.len() as u64,
            users,
            audit,
            audit_waiting: u64::try_from(audit_waiting).unwrap_or_default(),
            checkpoint: None,
        },
        sessions,
    ))
}

/// Why retention is applied, as the audit log records it.
const PURPOSE: &str = "bewaartermijnen (AVG art. 5 lid 1 onder e)";

impl Store {
    /// The stored retention terms.
    pub fn retention_policy(&self) -> Result<RetentionPolicy, StoreError> {
        policy(&self.lock())
    }

    /// What a retention run would do at `now`, without changing anything.
    pub fn retention_plan(&self, now: jiff::Timestamp) -> Result<RetentionPlan, StoreError> {
        Ok(plan(&self.lock(), now)?.0)
    }

    /// Deletes or anonymises everything due at `now`, in one transaction, and records in
    /// the audit log what it did: one entry per anonymised account, one for the removed
    /// audit entries (with the checkpoint), and one for the run as a whole, also when
    /// nothing was due. `actor` is who ran it (`opdrachtregel`).
    pub fn run_retention(
        &self,
        now: jiff::Timestamp,
        actor: &str,
    ) -> Result<RetentionPlan, StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let check = verify_chain(&tx)?;
        if let Some(seq) = check.first_broken {
            return Err(StoreError::Invalid(format!(
                "het auditlog klopt niet vanaf regel {seq}; de bewaartermijnen worden niet uitgevoerd, want verwijderen zou dat verbergen. Zie passend audit verify"
            )));
        }
        let (mut plan, sessions) = plan(&tx, now)?;
        let event = |action: &str, record: String, detail: String| AuditEvent {
            at: now,
            actor: actor.to_owned(),
            action: action.to_owned(),
            record,
            purpose: PURPOSE.to_owned(),
            swv: None,
            detail,
        };

        for token in &sessions {
            tx.execute("DELETE FROM user_session WHERE token_hash = ?1", [token])?;
        }

        for u in &plan.users {
            tx.execute("DELETE FROM user_grant WHERE user_id = ?1", [u.id.0])?;
            tx.execute("DELETE FROM user_session WHERE user_id = ?1", [u.id.0])?;
            tx.execute(
                "UPDATE app_user SET username = 'verwijderd-' || id, display_name = 'Verwijderde gebruiker',
                     password_hash = '!', delete_after = NULL, anonymised_at = ?1
                 WHERE id = ?2",
                params![now.to_string(), u.id.0],
            )?;
            append(
                &tx,
                &event(
                    "gebruiker_geanonimiseerd",
                    format!("gebruiker:verwijderd-{}", u.id.0),
                    format!(
                        "account na de bewaartermijn geanonimiseerd ({} {})",
                        plan.policy.term(Category::Gebruiker).period,
                        Category::Gebruiker.counted_from()
                    ),
                ),
            )?;
        }

        if let Some(due) = &plan.audit {
            let hash: String = tx.query_row(
                "SELECT hash FROM audit_log WHERE seq = ?1",
                [due.last_seq],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO audit_checkpoint (upto_seq, hash, at, removed) VALUES (?1, ?2, ?3, ?4)",
                params![due.last_seq, hash, now.to_string(), due.count],
            )?;
            tx.execute("DELETE FROM audit_log WHERE seq <= ?1", [due.last_seq])?;
            append(
                &tx,
                &event(
                    TRUNCATED,
                    checkpoint_record(due.last_seq),
                    format!(
                        "regels {} tot en met {} ({}) na de bewaartermijn verwijderd; de keten gaat verder vanaf hash {hash}",
                        due.first_seq, due.last_seq, due.count
                    ),
                ),
            )?;
            plan.checkpoint = Some(AuditCheckpoint {
                upto_seq: due.last_seq,
                hash,
                at: now,
                removed: due.count,
            });
        }

        append(
            &tx,
            &event(
                "bewaartermijnen_uitgevoerd",
                "bewaartermijnen".to_owned(),
                format!(
                    "{} sessies verwijderd, {} accounts geanonimiseerd, {} regels uit het auditlog verwijderd",
                    plan.sessions,
                    plan.users.len(),
                    plan.audit.as_ref().map_or(0, |a| a.count)
                ),
            ),
        )?;
        tx.commit()?;
        Ok(plan)
    }
}

#[cfg(test)]
mod tests;
