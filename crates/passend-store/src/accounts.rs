//! Users, their roles, and the audit log.
//!
//! The store keeps password hashes as the caller made them (argon2id PHC strings from
//! `passend_web::auth`); it never sees a password. Every change to a user is one
//! transaction together with its audit entry. The audit log is append-only (triggers
//! refuse UPDATE and DELETE) and hash-chained: each entry's hash covers the previous
//! hash and its own fields, so [`Store::verify_audit`] finds any entry changed behind
//! passend's back.

use rusqlite::{OptionalExtension, Transaction, params};
use sha2::{Digest, Sha256};

use passend_core::access::{ChildId, Grant, Limit, Role, UserId};
use passend_core::ids::{BoardNumber, VestigingCode};
use passend_core::retention::Category;
use passend_core::swv::SwvCode;

use crate::retention::{policy, stamp};
use crate::{Store, StoreError, corrupt};

/// A user as the store holds it (without the password hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    /// Id.
    pub id: UserId,
    /// Login name, lower case.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// When it was made.
    pub created_at: jiff::Timestamp,
    /// When it was disabled, if it is.
    pub disabled_at: Option<jiff::Timestamp>,
    /// From when a disabled account must be anonymised (the retention term).
    pub delete_after: Option<jiff::Timestamp>,
    /// Whether retention has anonymised it: the name is `verwijderd-<id>`, it has no
    /// roles and cannot log in or be enabled again.
    pub anonymised: bool,
    /// Its roles.
    pub grants: Vec<Grant>,
}

/// One audit entry to append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEvent {
    /// When.
    pub at: jiff::Timestamp,
    /// Who: `gebruiker:<naam>`, or `opdrachtregel` for a command run on the server.
    pub actor: String,
    /// What: `bekijken`, `wijzigen`, `gebruiker_toegevoegd`, `verwijderd` …
    pub action: String,
    /// Which record: `gebruiker:<naam>`, later `aanvraag:<id>` …
    pub record: String,
    /// For which legal purpose or task.
    pub purpose: String,
    /// The SWV it belongs to, if any.
    pub swv: Option<SwvCode>,
    /// Anything else worth knowing, in Dutch (never a password or a token).
    pub detail: String,
}

/// A stored audit entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    /// The event.
    pub event: AuditEvent,
    /// Its hash (hex).
    pub hash: String,
}

/// The result of checking the chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditCheck {
    /// Entries checked.
    pub entries: u64,
    /// The first entry whose hash does not match, if any.
    pub first_broken: Option<i64>,
    /// Where the chain starts when retention has removed its oldest entries.
    pub checkpoint: Option<AuditCheckpoint>,
    /// The hash of the newest entry: written down outside passend (on paper, with the
    /// backups), it shows later that the chain up to it was not rewritten.
    pub last_hash: Option<String>,
}

/// The record retention keeps of the oldest audit entries it removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditCheckpoint {
    /// The last entry removed; the chain goes on from here.
    pub upto_seq: i64,
    /// Its hash.
    pub hash: String,
    /// When they were removed.
    pub at: jiff::Timestamp,
    /// How many were removed then.
    pub removed: i64,
}

/// Which entries to list.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// Only this actor.
    pub actor: Option<String>,
    /// Only this record.
    pub record: Option<String>,
    /// Only this SWV.
    pub swv: Option<SwvCode>,
    /// Only this action.
    pub action: Option<String>,
    /// Only entries at or after this moment.
    pub from: Option<jiff::Timestamp>,
    /// Only entries before this moment.
    pub until: Option<jiff::Timestamp>,
    /// Only entries older than this position (the next page of a list).
    pub before_seq: Option<i64>,
    /// Only what one SWV's administrator may see.
    pub scope: Option<AuditScope>,
    /// At most this many, newest first.
    pub limit: Option<u32>,
}

/// What an SWV's administrator may see of the audit log: the entries of the SWV, and
/// the entries without an SWV (logins, account changes) whose actor or record is one of
/// the SWV's users.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditScope {
    /// The SWV.
    pub swv: SwvCode,
    /// Its users, as `gebruiker:<naam>`.
    pub users: Vec<String>,
}

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

pub(crate) fn entry_hash(prev: &str, seq: i64, e: &AuditEvent) -> String {
    let mut h = Sha256::new();
    for field in [
        prev,
        &seq.to_string(),
        &e.at.to_string(),
        &e.actor,
        &e.action,
        &e.record,
        &e.purpose,
        e.swv.map(|s| s.to_string()).as_deref().unwrap_or(""),
        &e.detail,
    ] {
        h.update(field.as_bytes());
        // A separator that cannot occur in the fields keeps "ab"+"c" apart from "a"+"bc".
        h.update([0x1f]);
    }
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// Appends an entry inside a transaction.
pub(crate) fn append(tx: &Transaction<'_>, e: &AuditEvent) -> Result<i64, StoreError> {
    // The newest entry, or, when retention removed every entry, the checkpoint it left.
    let (last_seq, prev): (i64, String) = tx
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .map_or_else(
            || {
                tx.query_row(
                    "SELECT upto_seq, hash FROM audit_checkpoint ORDER BY upto_seq DESC LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .map(|c| c.unwrap_or((0, GENESIS.to_owned())))
            },
            Ok,
        )?;
    let seq = last_seq + 1;
    let hash = entry_hash(&prev, seq, e);
    let delete_after = stamp(policy(tx)?.due(Category::Auditregel, e.at));
    tx.execute(
        "INSERT INTO audit_log (seq, at, actor, action, record, purpose, swv, detail, prev_hash, hash, delete_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            seq,
            e.at.to_string(),
            e.actor,
            e.action,
            e.record,
            e.purpose,
            e.swv.map(|s| s.to_string()),
            e.detail,
            prev,
            hash,
            delete_after
        ],
    )?;
    Ok(seq)
}

/// Normalises a login name: trimmed, lower case; only letters, digits and `.-_@`.
pub fn normalise_username(name: &str) -> Result<String, StoreError> {
    let n = name.trim().to_lowercase();
    let ok = !n.is_empty()
        && n.len() <= 64
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
    if ok {
        Ok(n)
    } else {
        Err(StoreError::Invalid(format!(
            "ongeldige gebruikersnaam '{}': gebruik 1 tot 64 letters, cijfers of . - _ @",
            name.trim()
        )))
    }
}

fn grant_columns(g: &Grant) -> (Option<String>, Option<i64>, Option<i64>) {
    match g.limit {
        Limit::None => (None, None, None),
        Limit::Vestiging(v) => (Some(v.to_string()), None, None),
        Limit::Board(b) => (None, Some(i64::from(b.get())), None),
        Limit::Child(c) => (None, None, Some(c.0)),
    }
}

impl Store {
    /// Adds a user with a password hash and roles, and records it in the audit log.
    pub fn add_user(
        &self,
        username: &str,
        display_name: &str,
        password_hash: &str,
        grants: &[Grant],
        event: AuditEvent,
    ) -> Result<UserId, StoreError> {
        let username = normalise_username(username)?;
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let exists: bool = tx
            .query_row(
                "SELECT 1 FROM app_user WHERE username = ?1",
                [&username],
                |_| Ok(true),
            )
            .optional()?
            .unwrap_or(false);
        if exists {
            return Err(StoreError::Invalid(format!(
                "er is al een gebruiker '{username}'"
            )));
        }
        let at = event.at.to_string();
        tx.execute(
            "INSERT INTO app_user (username, display_name, password_hash, created_at, password_set_at)
             VALUES (?1, ?2, ?3, ?4, ?4)",
            params![username, display_name.trim(), password_hash, at],
        )?;
        let id = tx.last_insert_rowid();
        for g in grants {
            let (vestiging, board, child) = grant_columns(g);
            tx.execute(
                "INSERT OR IGNORE INTO user_grant (user_id, role, swv, vestiging, board, child)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    g.role.code(),
                    g.swv.to_string(),
                    vestiging,
                    board,
                    child
                ],
            )?;
        }
        append(&tx, &event)?;
        tx.commit()?;
        Ok(UserId(id))
    }

    /// All users with their roles, by login name.
    pub fn users(&self) -> Result<Vec<UserRecord>, StoreError> {
        load_users(&self.lock(), None)
    }

    /// One user with the password hash, by login name (any case).
    pub fn user_for_login(
        &self,
        username: &str,
    ) -> Result<Option<(UserRecord, String)>, StoreError> {
        let Ok(name) = normalise_username(username) else {
            return Ok(None);
        };
        let conn = self.lock();
        let row: Option<(i64, String)> = conn
            .query_row(
                "SELECT id, password_hash FROM app_user WHERE username = ?1",
                [&name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((id, hash)) = row else {
            return Ok(None);
        };
        let user = load_users(&conn, Some(id))?.pop();
        Ok(user.map(|u| (u, hash)))
    }

    /// Disables or enables a user (and ends their sessions), with an audit entry.
    pub fn set_disabled(
        &self,
        username: &str,
        disabled: bool,
        event: AuditEvent,
    ) -> Result<(), StoreError> {
        let name = normalise_username(username)?;
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let id = user_id(&tx, &name)?;
        if disabled {
            let due = policy(&tx)?.due(Category::Gebruiker, event.at);
            tx.execute(
                "UPDATE app_user SET disabled = 1, disabled_at = ?1, delete_after = ?2 WHERE id = ?3",
                params![event.at.to_string(), stamp(due), id],
            )?;
        } else {
            tx.execute(
                "UPDATE app_user SET disabled = 0, disabled_at = NULL, delete_after = NULL WHERE id = ?1",
                [id],
            )?;
        }
        if disabled {
            tx.execute("DELETE FROM user_session WHERE user_id = ?1", [id])?;
        }
        append(&tx, &event)?;
        tx.commit()?;
        Ok(())
    }

    /// Replaces a user's password hash (and ends their sessions), with an audit entry.
    pub fn set_password(
        &self,
        username: &str,
        password_hash: &str,
        event: AuditEvent,
    ) -> Result<(), StoreError> {
        let name = normalise_username(username)?;
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let id = user_id(&tx, &name)?;
        tx.execute(
            "UPDATE app_user SET password_hash = ?1, password_set_at = ?2 WHERE id = ?3",
            params![password_hash, event.at.to_string(), id],
        )?;
        tx.execute("DELETE FROM user_session WHERE user_id = ?1", [id])?;
        append(&tx, &event)?;
        tx.commit()?;
        Ok(())
    }

    /// Appends one audit entry on its own.
    pub fn audit(&self, event: &AuditEvent) -> Result<i64, StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        let seq = append(&tx, event)?;
        tx.commit()?;
        Ok(seq)
    }

    /// Audit entries, newest first.
    pub fn audit_entries(&self, filter: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        use rusqlite::types::Value;
        let mut clauses: Vec<String> = Vec::new();
        let mut values: Vec<Value> = Vec::new();
        let mut add = |clause: &str, value: Value| {
            values.push(value);
            clauses.push(clause.replace('?', &format!("?{}", values.len())));
        };
        let text = |s: &str| Value::Text(s.to_owned());
        if let Some(a) = &filter.actor {
            add("actor = ?", text(a));
        }
        if let Some(r) = &filter.record {
            add("record = ?", text(r));
        }
        if let Some(swv) = filter.swv {
            add("swv = ?", Value::Text(swv.to_string()));
        }
        if let Some(a) = &filter.action {
            add("action = ?", text(a));
        }
        if let Some(seq) = filter.before_seq {
            add("seq < ?", Value::Integer(seq));
        }
        // `at` is stored as jiff writes it; comparing moments needs SQLite's own reading
        // of it, so the bounds go through julianday() too.
        if let Some(from) = filter.from {
            add("julianday(at) >= julianday(?)", Value::Text(stamp(from)));
        }
        if let Some(until) = filter.until {
            add("julianday(at) < julianday(?)", Value::Text(stamp(until)));
        }
        if let Some(scope) = &filter.scope {
            let mut users = String::new();
            for u in &scope.users {
                values.push(text(u));
                if !users.is_empty() {
                    users.push_str(", ");
                }
                users.push_str(&format!("?{}", values.len()));
            }
            values.push(Value::Text(scope.swv.to_string()));
            let swv = values.len();
            clauses.push(if users.is_empty() {
                format!("swv = ?{swv}")
            } else {
                format!(
                    "(swv = ?{swv} OR (swv IS NULL AND (actor IN ({users}) OR record IN ({users}))))"
                )
            });
        }
        values.push(Value::Integer(i64::from(filter.limit.unwrap_or(u32::MAX))));
        let sql = format!(
            "SELECT seq, at, actor, action, record, purpose, swv, detail, hash FROM audit_log
             {} {} ORDER BY seq DESC LIMIT ?{}",
            if clauses.is_empty() { "" } else { "WHERE" },
            clauses.join(" AND "),
            values.len()
        );
        let conn = self.lock();
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(values), read_entry)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(|r| r.finish()).collect()
    }

    /// The newest checkpoint retention left in the audit log, if any.
    pub fn audit_checkpoint(&self) -> Result<Option<AuditCheckpoint>, StoreError> {
        last_checkpoint(&self.lock())
    }

    /// Recomputes the whole chain and reports the first entry that does not match.
    pub fn verify_audit(&self) -> Result<AuditCheck, StoreError> {
        verify_chain(&self.lock())
    }
}

/// The newest checkpoint retention left, if any.
pub(crate) fn last_checkpoint(
    conn: &rusqlite::Connection,
) -> Result<Option<AuditCheckpoint>, StoreError> {
    let row: Option<(i64, String, String, i64)> = conn
        .query_row(
            "SELECT upto_seq, hash, at, removed FROM audit_checkpoint ORDER BY upto_seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?;
    row.map(|(upto_seq, hash, at, removed)| {
        Ok(AuditCheckpoint {
            upto_seq,
            hash,
            at: at
                .parse()
                .map_err(|_| corrupt("audit_checkpoint", "at", &at))?,
            removed,
        })
    })
    .transpose()
}

/// The action retention records when it removes the oldest audit entries; its record
/// names the checkpoint, so that [`verify_chain`] can tell a checkpoint passend wrote from
/// one written behind its back.
pub(crate) const TRUNCATED: &str = "auditlog_ingekort";

/// The record of the entry that goes with a checkpoint.
pub(crate) fn checkpoint_record(upto_seq: i64) -> String {
    format!("auditlog:tot-en-met-{upto_seq}")
}

/// Checks the chain from the start, or from the newest checkpoint: sequence numbers
/// without gaps, each entry's `prev_hash` the hash before it, each hash its own fields.
/// A checkpoint without its entry in the chain after it counts as a break at the first
/// entry after the checkpoint.
pub(crate) fn verify_chain(conn: &rusqlite::Connection) -> Result<AuditCheck, StoreError> {
    let checkpoint = last_checkpoint(conn)?;
    let (mut expected_seq, mut prev) = checkpoint.as_ref().map_or((1, GENESIS.to_owned()), |c| {
        (c.upto_seq + 1, c.hash.clone())
    });
    let mut stmt = conn.prepare(
        "SELECT seq, at, actor, action, record, purpose, swv, detail, hash, prev_hash FROM audit_log
         WHERE seq >= ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([expected_seq])?;
    let mut entries = 0u64;
    let mut checkpoint_recorded = checkpoint.is_none();
    let mut last_hash = None;
    while let Some(row) = rows.next()? {
        let raw = read_entry(row)?;
        let stored_prev: String = row.get(9)?;
        let seq = raw.seq;
        entries += 1;
        let broken = match raw.finish() {
            Ok(entry) => {
                if let Some(c) = &checkpoint
                    && entry.event.action == TRUNCATED
                    && entry.event.record == checkpoint_record(c.upto_seq)
                {
                    checkpoint_recorded = true;
                }
                seq != expected_seq
                    || stored_prev != prev
                    || entry_hash(&prev, seq, &entry.event) != entry.hash
            }
            Err(_) => true,
        };
        if broken {
            return Ok(AuditCheck {
                entries,
                first_broken: Some(seq),
                checkpoint,
                last_hash: None,
            });
        }
        prev = row.get(8)?;
        last_hash = Some(prev.clone());
        expected_seq += 1;
    }
    let first_broken =
        (!checkpoint_recorded).then(|| checkpoint.as_ref().map_or(1, |c| c.upto_seq + 1));
    Ok(AuditCheck {
        entries,
        first_broken,
        checkpoint,
        last_hash: if first_broken.is_none() {
            last_hash
        } else {
            None
        },
    })
}

/// A live session: whose it is and its CSRF token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    /// The user (enabled).
    pub user: UserRecord,
    /// The token forms must carry.
    pub csrf: String,
    /// When it ends.
    pub expires_at: jiff::Timestamp,
}

impl Store {
    /// Starts a session, stored by the hash of its token, with an audit entry.
    pub fn create_session(
        &self,
        token_hash: &str,
        user: UserId,
        csrf: &str,
        expires_at: jiff::Timestamp,
        event: &AuditEvent,
    ) -> Result<(), StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        // Expired sessions go whenever a new one starts.
        tx.execute(
            "DELETE FROM user_session WHERE expires_at <= ?1",
            [event.at.to_string()],
        )?;
        let delete_after = stamp(policy(&tx)?.due(Category::Sessie, expires_at));
        tx.execute(
            "INSERT INTO user_session (token_hash, user_id, csrf, created_at, expires_at, delete_after)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                token_hash,
                user.0,
                csrf,
                event.at.to_string(),
                expires_at.to_string(),
                delete_after
            ],
        )?;
        append(&tx, event)?;
        tx.commit()?;
        Ok(())
    }

    /// The session of a token hash, if it exists, has not expired at `now` and its user
    /// is enabled.
    pub fn session(
        &self,
        token_hash: &str,
        now: jiff::Timestamp,
    ) -> Result<Option<SessionRecord>, StoreError> {
        let row: Option<(i64, String, String)> = self
            .lock()
            .query_row(
                "SELECT s.user_id, s.csrf, s.expires_at FROM user_session s JOIN app_user u ON u.id = s.user_id
                 WHERE s.token_hash = ?1 AND u.disabled = 0",
                [token_hash],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((user_id, csrf, expires)) = row else {
            return Ok(None);
        };
        let expires_at: jiff::Timestamp = expires
            .parse()
            .map_err(|_| corrupt("user_session", "expires_at", &expires))?;
        if expires_at <= now {
            return Ok(None);
        }
        // One user, not all: this runs on every request with a session cookie.
        let user = load_users(&self.lock(), Some(user_id))?.pop();
        Ok(user.map(|user| SessionRecord {
            user,
            csrf,
            expires_at,
        }))
    }

    /// Ends a session, with an audit entry.
    pub fn end_session(&self, token_hash: &str, event: &AuditEvent) -> Result<(), StoreError> {
        let mut conn = self.lock();
        let tx = conn.transaction()?;
        tx.execute(
            "DELETE FROM user_session WHERE token_hash = ?1",
            [token_hash],
        )?;
        append(&tx, event)?;
        tx.commit()?;
        Ok(())
    }
}

/// Users with their roles, by login name: all, or the one with `only` as id.
fn load_users(
    conn: &rusqlite::Connection,
    only: Option<i64>,
) -> Result<Vec<UserRecord>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, username, display_name, disabled, created_at, disabled_at, delete_after,
             anonymised_at IS NOT NULL
         FROM app_user WHERE ?1 IS NULL OR id = ?1 ORDER BY username",
    )?;
    let rows = stmt
        .query_map([only], |r| {
            Ok(UserRow {
                id: r.get(0)?,
                username: r.get(1)?,
                display_name: r.get(2)?,
                disabled: r.get(3)?,
                created_at: r.get(4)?,
                disabled_at: r.get(5)?,
                delete_after: r.get(6)?,
                anonymised: r.get(7)?,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    let mut grants_stmt = conn.prepare(
        "SELECT role, swv, vestiging, board, child FROM user_grant WHERE user_id = ?1 ORDER BY swv, role",
    )?;
    let mut users = Vec::with_capacity(rows.len());
    let time = |column: &'static str, value: Option<String>| {
        value
            .map(|v| v.parse().map_err(|_| corrupt("app_user", column, &v)))
            .transpose()
    };
    for row in rows {
        let UserRow {
            id,
            username,
            display_name,
            disabled,
            created_at,
            disabled_at,
            delete_after,
            anonymised,
        } = row;
        let grants = grants_stmt
            .query_map([id], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                    r.get::<_, Option<i64>>(4)?,
                ))
            })?
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .map(read_grant)
            .collect::<Result<Vec<_>, _>>()?;
        users.push(UserRecord {
            id: UserId(id),
            username,
            display_name,
            disabled: disabled != 0,
            created_at: created_at
                .parse()
                .map_err(|_| corrupt("app_user", "created_at", &created_at))?,
            disabled_at: time("disabled_at", disabled_at)?,
            delete_after: time("delete_after", delete_after)?,
            anonymised,
            grants,
        });
    }
    Ok(users)
}

/// The id of a user that can still be changed: anonymised accounts cannot.
struct UserRow {
    id: i64,
    username: String,
    display_name: String,
    disabled: i64,
    created_at: String,
    disabled_at: Option<String>,
    delete_after: Option<String>,
    anonymised: bool,
}

fn user_id(tx: &Transaction<'_>, name: &str) -> Result<i64, StoreError> {
    let (id, anonymised): (i64, bool) = tx
        .query_row(
            "SELECT id, anonymised_at IS NOT NULL FROM app_user WHERE username = ?1",
            [name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?
        .ok_or_else(|| StoreError::Invalid(format!("er is geen gebruiker '{name}'")))?;
    if anonymised {
        return Err(StoreError::Invalid(format!(
            "'{name}' is na de bewaartermijn geanonimiseerd en kan niet meer worden gewijzigd"
        )));
    }
    Ok(id)
}

type GrantRow = (String, String, Option<String>, Option<i64>, Option<i64>);

fn read_grant((role, swv, vestiging, board, child): GrantRow) -> Result<Grant, StoreError> {
    let role = Role::parse(&role).ok_or_else(|| corrupt("user_grant", "role", &role))?;
    let swv = SwvCode::parse(&swv).map_err(|_| corrupt("user_grant", "swv", &swv))?;
    let limit = match (vestiging, board, child) {
        (None, None, None) => Limit::None,
        (Some(v), None, None) => Limit::Vestiging(
            VestigingCode::parse(&v).map_err(|_| corrupt("user_grant", "vestiging", &v))?,
        ),
        (None, Some(b), None) => Limit::Board(
            u32::try_from(b)
                .ok()
                .and_then(|b| BoardNumber::parse(&b.to_string()).ok())
                .ok_or_else(|| corrupt("user_grant", "board", b))?,
        ),
        (None, None, Some(c)) => Limit::Child(ChildId(c)),
        _ => return Err(corrupt("user_grant", "limit", "meer dan één beperking")),
    };
    Grant::new(role, swv, limit).map_err(|e| corrupt("user_grant", "role", e))
}

struct RawEntry {
    seq: i64,
    at: String,
    event: AuditEvent,
    swv: Option<String>,
    hash: String,
}

impl RawEntry {
    fn finish(mut self) -> Result<AuditEntry, StoreError> {
        self.event.at = self
            .at
            .parse()
            .map_err(|_| corrupt("audit_log", "at", &self.at))?;
        self.event.swv = self
            .swv
            .map(|s| SwvCode::parse(&s).map_err(|_| corrupt("audit_log", "swv", &s)))
            .transpose()?;
        Ok(AuditEntry {
            seq: self.seq,
            event: self.event,
            hash: self.hash,
        })
    }
}

fn read_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<RawEntry> {
    Ok(RawEntry {
        seq: r.get(0)?,
        at: r.get(1)?,
        event: AuditEvent {
            at: jiff::Timestamp::UNIX_EPOCH,
            actor: r.get(2)?,
            action: r.get(3)?,
            record: r.get(4)?,
            purpose: r.get(5)?,
            swv: None,
            detail: r.get(7)?,
        },
        swv: r.get(6)?,
        hash: r.get(8)?,
    })
}

#[cfg(test)]
mod tests;
