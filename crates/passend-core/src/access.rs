//! Who may see and change what: roles scoped to an SWV (and within it to a vestiging, a
//! board or a child), and the one policy that decides every access.
//!
//! The register, the aggregated figures, the support profiles and the plans are public.
//! Everything about a person is not: it is shown only to the people whose task needs it,
//! and to anyone else it does not exist (`Decision::NotFound`), so that not even the
//! existence of a request about a child leaks. Handlers ask [`decide`]; they hold no
//! rule of their own.

use std::fmt;

use crate::ids::{BoardNumber, VestigingCode};
use crate::swv::SwvCode;

/// A user's id in the store.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct UserId(pub i64);

/// A child's id in the store (for the later capabilities that record children).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct ChildId(pub i64);

/// A role within one SWV.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Role {
    /// Beheerder van het samenwerkingsverband: users, audit log, everything of the SWV.
    SwvAdmin,
    /// Medewerker (consultant, loket): the SWV's requests, TLVs and figures.
    SwvStaff,
    /// Onafhankelijk deskundige: only the requests assigned to them.
    Expert,
    /// School: its own vestiging (profile, requests).
    School,
    /// Schoolbestuur: its own vestigingen.
    Board,
    /// Lezer (OPR member, municipality): plans and aggregated figures only.
    Reader,
    /// Ouder: only their own child.
    Parent,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 7] = [
        Role::SwvAdmin,
        Role::SwvStaff,
        Role::Expert,
        Role::School,
        Role::Board,
        Role::Reader,
        Role::Parent,
    ];

    /// Stable code for storage and the command line.
    pub fn code(self) -> &'static str {
        match self {
            Role::SwvAdmin => "beheerder",
            Role::SwvStaff => "medewerker",
            Role::Expert => "deskundige",
            Role::School => "school",
            Role::Board => "bestuur",
            Role::Reader => "lezer",
            Role::Parent => "ouder",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == code.trim().to_lowercase())
    }

    /// Dutch description.
    pub fn label(self) -> &'static str {
        match self {
            Role::SwvAdmin => "beheerder van het samenwerkingsverband",
            Role::SwvStaff => "medewerker van het samenwerkingsverband",
            Role::Expert => "onafhankelijk deskundige",
            Role::School => "school",
            Role::Board => "schoolbestuur",
            Role::Reader => "lezer (OPR, gemeente)",
            Role::Parent => "ouder",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What a school, board or parent role is limited to.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum Limit {
    /// The whole SWV (administrator, staff, expert, reader).
    None,
    /// One vestiging (school).
    Vestiging(VestigingCode),
    /// One board's vestigingen (board).
    Board(BoardNumber),
    /// One child (parent).
    Child(ChildId),
}

/// One role of a user in one SWV.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Grant {
    /// The role.
    pub role: Role,
    /// The SWV it holds in.
    pub swv: SwvCode,
    /// Its limit.
    pub limit: Limit,
}

/// Why a grant cannot be.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{0}")]
pub struct GrantError(pub String);

impl Grant {
    /// A grant, checked: a school role needs a vestiging, a board role a board, a parent
    /// role a child, and the other roles no limit.
    pub fn new(role: Role, swv: SwvCode, limit: Limit) -> Result<Grant, GrantError> {
        let fits = matches!(
            (role, limit),
            (Role::School, Limit::Vestiging(_))
                | (Role::Board, Limit::Board(_))
                | (Role::Parent, Limit::Child(_))
                | (
                    Role::SwvAdmin | Role::SwvStaff | Role::Expert | Role::Reader,
                    Limit::None
                )
        );
        if fits {
            Ok(Grant { role, swv, limit })
        } else {
            Err(GrantError(match role {
                Role::School => "een schoolrol hoort bij één vestiging (--vestiging)".into(),
                Role::Board => "een bestuursrol hoort bij één bestuur (--bestuur)".into(),
                Role::Parent => "een ouderrol hoort bij één kind".into(),
                _ => format!(
                    "de rol {} geldt voor het hele samenwerkingsverband, zonder vestiging of bestuur",
                    role.code()
                ),
            }))
        }
    }
}

/// Who is asking: nobody (not logged in) or a user with their grants.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct Principal {
    /// The user, when logged in.
    pub user: Option<UserId>,
    /// Their roles.
    pub grants: Vec<Grant>,
}

impl Principal {
    /// Nobody logged in.
    pub fn anonymous() -> Principal {
        Principal::default()
    }

    fn grants_in(&self, swv: SwvCode) -> impl Iterator<Item = &Grant> {
        self.grants.iter().filter(move |g| g.swv == swv)
    }

    fn has(&self, swv: SwvCode, roles: &[Role]) -> bool {
        self.grants_in(swv).any(|g| roles.contains(&g.role))
    }
}

/// What is being accessed.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Resource {
    /// The register, aggregated figures, coverage, budgets and plans: public.
    Public,
    /// A vestiging's support profile (public to read).
    Profile {
        /// The vestiging.
        vestiging: VestigingCode,
        /// Its board, if known.
        board: Option<BoardNumber>,
        /// The SWVs it is a member of.
        swvs: Vec<SwvCode>,
    },
    /// The SWV's own settings and scenarios (allocation model, stored budgets).
    SwvSettings(SwvCode),
    /// A record about a person: a request, a TLV, an OPP, a placement.
    Person {
        /// The SWV responsible for it.
        swv: SwvCode,
        /// The school it concerns, if any.
        vestiging: Option<VestigingCode>,
        /// That school's board, if known.
        board: Option<BoardNumber>,
        /// The child.
        child: Option<ChildId>,
        /// Experts assigned to it.
        experts: Vec<UserId>,
    },
    /// The SWV's users and their roles.
    Users(SwvCode),
    /// The SWV's audit log.
    AuditLog(SwvCode),
    /// Placing pupils for the SWV: an instance holds pupils' homes and needs, so only
    /// the SWV's own staff run one.
    Placement(SwvCode),
}

/// Read or change.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Action {
    /// See it.
    View,
    /// Create, change or delete it.
    Change,
}

/// The outcome.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// Not logged in: log in first.
    LoginRequired,
    /// Logged in, and the thing is known to exist, but this user may not do this.
    Forbidden,
    /// As far as this user is concerned, the thing does not exist.
    NotFound,
}

/// The policy. Every route and action asks this one function.
pub fn decide(who: &Principal, action: Action, what: &Resource) -> Decision {
    use Decision::{Allow, Forbidden, LoginRequired, NotFound};
    let logged_in = who.user.is_some();
    match what {
        Resource::Public => match action {
            Action::View => Allow,
            Action::Change if logged_in => Forbidden,
            Action::Change => LoginRequired,
        },
        Resource::Profile {
            vestiging,
            board,
            swvs,
        } => match action {
            Action::View => Allow,
            Action::Change if !logged_in => LoginRequired,
            Action::Change => {
                let may = swvs.iter().any(|&swv| {
                    who.has(swv, &[Role::SwvAdmin, Role::SwvStaff])
                        || who.grants_in(swv).any(|g| match g.limit {
                            Limit::Vestiging(v) => g.role == Role::School && v == *vestiging,
                            Limit::Board(b) => g.role == Role::Board && Some(b) == *board,
                            _ => false,
                        })
                });
                if may { Allow } else { Forbidden }
            }
        },
        Resource::SwvSettings(swv) => match action {
            Action::View | Action::Change if !logged_in => LoginRequired,
            // A parent's role is about their child, not about the SWV's own settings.
            Action::View if who.grants_in(*swv).any(|g| g.role != Role::Parent) => Allow,
            Action::Change if who.has(*swv, &[Role::SwvAdmin, Role::SwvStaff]) => Allow,
            _ => Forbidden,
        },
        Resource::Placement(swv) => {
            if !logged_in {
                LoginRequired
            } else if who.has(*swv, &[Role::SwvAdmin, Role::SwvStaff]) {
                Allow
            } else {
                Forbidden
            }
        }
        Resource::Users(swv) | Resource::AuditLog(swv) => {
            if !logged_in {
                LoginRequired
            } else if who.has(*swv, &[Role::SwvAdmin]) {
                Allow
            } else {
                Forbidden
            }
        }
        Resource::Person {
            swv,
            vestiging,
            board,
            child,
            experts,
        } => {
            if !logged_in {
                return LoginRequired;
            }
            let entitled = who.grants_in(*swv).any(|g| match g.role {
                Role::SwvAdmin | Role::SwvStaff => true,
                Role::Expert => who.user.is_some_and(|u| experts.contains(&u)),
                Role::School => {
                    matches!(g.limit, Limit::Vestiging(v) if Some(v) == *vestiging)
                }
                Role::Board => matches!(g.limit, Limit::Board(b) if Some(b) == *board),
                Role::Parent => {
                    action == Action::View
                        && matches!(g.limit, Limit::Child(c) if Some(c) == *child)
                }
                Role::Reader => false,
            });
            if entitled {
                Allow
            } else if action == Action::Change
                && who.grants_in(*swv).any(|g| {
                    g.role == Role::Parent
                        && matches!(g.limit, Limit::Child(c) if Some(c) == *child)
                })
            {
                // A parent sees their child's record but does not change it here.
                Forbidden
            } else {
                NotFound
            }
        }
    }
}

#[cfg(test)]
mod tests;
