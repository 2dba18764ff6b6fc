//! The JSON shapes of users and audit entries (`passend user list`, `passend audit list`,
//! and later the administrator's pages). A password hash never appears here.

use serde::Serialize;
use utoipa::ToSchema;

use passend_core::access::{Grant, Limit};
use passend_store::{AuditEntry, UserRecord};

/// One role of a user.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq, Eq)]
pub struct GrantDto {
    /// `beheerder`, `medewerker`, `deskundige`, `school`, `bestuur`, `lezer`, `ouder`.
    pub role: String,
    /// The SWV.
    pub swv: String,
    /// The vestiging of a school role.
    pub vestiging: Option<String>,
    /// The board of a board role.
    pub board: Option<String>,
    /// The child of a parent role.
    pub child: Option<i64>,
}

impl From<&Grant> for GrantDto {
    fn from(g: &Grant) -> GrantDto {
        let (vestiging, board, child) = match g.limit {
            Limit::None => (None, None, None),
            Limit::Vestiging(v) => (Some(v.to_string()), None, None),
            Limit::Board(b) => (None, Some(b.to_string()), None),
            Limit::Child(c) => (None, None, Some(c.0)),
        };
        GrantDto {
            role: g.role.code().to_owned(),
            swv: g.swv.to_string(),
            vestiging,
            board,
            child,
        }
    }
}

/// A user.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq, Eq)]
pub struct UserDto {
    /// Login name.
    pub username: String,
    /// Name shown.
    pub display_name: String,
    /// Whether the account is disabled.
    pub disabled: bool,
    /// When it was made (RFC 3339).
    pub created_at: String,
    /// When it was disabled (RFC 3339), if it is.
    pub disabled_at: Option<String>,
    /// From when a disabled account is anonymised (RFC 3339): the retention term.
    pub delete_after: Option<String>,
    /// Whether retention has anonymised it.
    pub anonymised: bool,
    /// Its roles.
    pub grants: Vec<GrantDto>,
}

impl From<&UserRecord> for UserDto {
    fn from(u: &UserRecord) -> UserDto {
        UserDto {
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            disabled: u.disabled,
            created_at: u.created_at.to_string(),
            disabled_at: u.disabled_at.map(|t| t.to_string()),
            delete_after: u.delete_after.map(|t| t.to_string()),
            anonymised: u.anonymised,
            grants: u.grants.iter().map(GrantDto::from).collect(),
        }
    }
}

/// One audit entry.
#[derive(Serialize, ToSchema, Clone, Debug, PartialEq, Eq)]
pub struct AuditEntryDto {
    /// Position in the chain.
    pub seq: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Which record.
    pub record: String,
    /// For which purpose.
    pub purpose: String,
    /// The SWV, if any.
    pub swv: Option<String>,
    /// More, in Dutch.
    pub detail: String,
    /// The entry's hash in the chain.
    pub hash: String,
}

impl From<&AuditEntry> for AuditEntryDto {
    fn from(e: &AuditEntry) -> AuditEntryDto {
        AuditEntryDto {
            seq: e.seq,
            at: e.event.at.to_string(),
            actor: e.event.actor.clone(),
            action: e.event.action.clone(),
            record: e.event.record.clone(),
            purpose: e.event.purpose.clone(),
            swv: e.event.swv.map(|s| s.to_string()),
            detail: e.event.detail.clone(),
            hash: e.hash.clone(),
        }
    }
}
