//! `passend user` and `passend audit`: accounts and their roles on the command line (the
//! first administrator is made here), and the audit log.
//!
//! Every change is recorded in the audit log with actor `opdrachtregel`. A password
//! comes from `PASSEND_WACHTWOORD`, else from the terminal without echo, else from the
//! first line of standard input; it never appears in output or logs.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};

use passend_core::access::{Grant, Limit, Role};
use passend_core::ids::{BoardNumber, VestigingCode};
use passend_core::swv::SwvCode;
use passend_store::{AuditEvent, AuditFilter, Store};
use passend_web::auth::{check_new_password, hash_password};
use passend_web::dto::accounts::{AuditEntryDto, UserDto};

use crate::cli::{AuditCommand, Format, UserAddArgs, UserCommand};

const ACTOR: &str = "opdrachtregel";
const PURPOSE: &str = "beheer van gebruikers en rollen";

fn event(action: &str, username: &str, detail: String) -> AuditEvent {
    AuditEvent {
        at: jiff::Timestamp::now(),
        actor: ACTOR.to_owned(),
        action: action.to_owned(),
        record: format!("gebruiker:{}", username.trim().to_lowercase()),
        purpose: PURPOSE.to_owned(),
        swv: None,
        detail,
    }
}

/// Parses `beheerder@PO2201`, `school@PO2201:00AA00` or `bestuur@PO2201:41000`.
fn parse_grant(text: &str) -> Result<Grant> {
    let (role, rest) = text.split_once('@').ok_or_else(|| {
        anyhow!(
            "--rol {text}: schrijf ROL@SWV, bijvoorbeeld beheerder@PO2201 of school@PO2201:00AA00"
        )
    })?;
    let role = Role::parse(role).ok_or_else(|| {
        let roles: Vec<&str> = Role::ALL
            .iter()
            .filter(|r| **r != Role::Parent)
            .map(|r| r.code())
            .collect();
        anyhow!(
            "--rol {text}: onbekende rol '{role}'; kies uit {}",
            roles.join(", ")
        )
    })?;
    if role == Role::Parent {
        bail!("--rol {text}: een ouderrol hoort bij een kind en komt later met de dossiers");
    }
    let (swv, limit) = match rest.split_once(':') {
        Some((swv, limit)) => (swv, Some(limit)),
        None => (rest, None),
    };
    let swv = SwvCode::parse(swv).map_err(|e| anyhow!("--rol {text}: {e}"))?;
    let limit = match (role, limit) {
        (Role::School, Some(v)) => {
            Limit::Vestiging(VestigingCode::parse(v).map_err(|e| anyhow!("--rol {text}: {e}"))?)
        }
        (Role::Board, Some(b)) => {
            Limit::Board(BoardNumber::parse(b).map_err(|e| anyhow!("--rol {text}: {e}"))?)
        }
        (_, Some(extra)) => bail!(
            "--rol {text}: de rol {} geldt voor het hele samenwerkingsverband; laat ':{extra}' weg",
            role.code()
        ),
        (_, None) => Limit::None,
    };
    Grant::new(role, swv, limit).map_err(|e| anyhow!("--rol {text}: {e}"))
}

/// Reads a new password and checks it.
fn new_password(username: &str) -> Result<String> {
    let password = match std::env::var("PASSEND_WACHTWOORD") {
        Ok(p) => p,
        Err(_) if std::io::stdin().is_terminal() => {
            let first = rpassword::prompt_password(format!("Nieuw wachtwoord voor {username}: "))?;
            let again = rpassword::prompt_password("Nog een keer: ")?;
            if first != again {
                bail!("de twee wachtwoorden verschillen; er is niets gewijzigd");
            }
            first
        }
        Err(_) => {
            let mut line = String::new();
            std::io::stdin().lock().read_line(&mut line)?;
            line.trim_end_matches(['\r', '\n']).to_owned()
        }
    };
    check_new_password(&password, username)?;
    Ok(password)
}

/// Runs `passend user`.
pub(crate) fn user(store: &Store, command: UserCommand) -> Result<ExitCode> {
    match command {
        UserCommand::Add(UserAddArgs {
            username,
            naam,
            roles,
        }) => {
            let name = passend_store::normalise_username(&username)?;
            if naam.trim().is_empty() {
                bail!("--naam is leeg");
            }
            let grants = roles
                .iter()
                .map(|r| parse_grant(r))
                .collect::<Result<Vec<_>>>()?;
            // Roles in SWVs the register does not know are refused (once data is imported).
            if !store.is_empty()? {
                let register = store.load_register()?;
                if let Some(g) = grants.iter().find(|g| !register.has_swv(g.swv)) {
                    bail!(
                        "samenwerkingsverband {} bestaat niet in het register",
                        g.swv
                    );
                }
            }
            if store.users()?.iter().any(|u| u.username == name) {
                bail!("er is al een gebruiker '{name}'; er is niets gewijzigd");
            }
            let hash = hash_password(&new_password(&name)?)?;
            let roles_text: Vec<String> = roles.iter().map(|r| r.trim().to_owned()).collect();
            store.add_user(
                &name,
                &naam,
                &hash,
                &grants,
                event(
                    "gebruiker_toegevoegd",
                    &name,
                    format!("rollen: {}", roles_text.join(", ")),
                ),
            )?;
            out!("Gebruiker {name} toegevoegd met {} rol(len).", grants.len());
        }
        UserCommand::List { format } => {
            let users = store.users()?;
            // Names and roles are data about persons: looking is recorded too.
            store.audit(&AuditEvent {
                record: "gebruikers".to_owned(),
                ..event(
                    "gebruikers_bekeken",
                    "",
                    format!("{} gebruikers getoond", users.len()),
                )
            })?;
            match format {
                Format::Json => {
                    let dtos: Vec<UserDto> = users.iter().map(UserDto::from).collect();
                    out!("{}", serde_json::to_string_pretty(&dtos)?);
                }
                Format::Text => {
                    if users.is_empty() {
                        out!(
                            "Er zijn nog geen gebruikers. Maak de eerste beheerder met: passend user add NAAM --naam \"...\" --rol beheerder@SWV"
                        );
                    }
                    for u in &users {
                        let roles: Vec<String> = u
                            .grants
                            .iter()
                            .map(|g| match g.limit {
                                Limit::None => format!("{}@{}", g.role.code(), g.swv),
                                Limit::Vestiging(v) => format!("{}@{}:{v}", g.role.code(), g.swv),
                                Limit::Board(b) => format!("{}@{}:{b}", g.role.code(), g.swv),
                                Limit::Child(c) => {
                                    format!("{}@{}:kind {}", g.role.code(), g.swv, c.0)
                                }
                            })
                            .collect();
                        let status = if u.anonymised {
                            "  (geanonimiseerd na de bewaartermijn)".to_owned()
                        } else if u.disabled {
                            match u.delete_after {
                                Some(t) => format!(
                                    "  (uitgeschakeld; wordt geanonimiseerd vanaf {})",
                                    passend_web::nl::timestamp(t)
                                ),
                                None => "  (uitgeschakeld)".to_owned(),
                            }
                        } else {
                            String::new()
                        };
                        out!(
                            "{:<24} {:<30} {}{status}",
                            u.username,
                            u.display_name,
                            roles.join(", "),
                        );
                    }
                }
            }
        }
        UserCommand::Disable { username } => {
            store.set_disabled(
                &username,
                true,
                event("gebruiker_uitgeschakeld", &username, String::new()),
            )?;
            out!(
                "Gebruiker {} is uitgeschakeld; zijn sessies zijn beëindigd.",
                username.trim().to_lowercase()
            );
        }
        UserCommand::Enable { username } => {
            store.set_disabled(
                &username,
                false,
                event("gebruiker_ingeschakeld", &username, String::new()),
            )?;
            out!(
                "Gebruiker {} is weer ingeschakeld.",
                username.trim().to_lowercase()
            );
        }
        UserCommand::Reset { username } => {
            let name = passend_store::normalise_username(&username)?;
            if !store.users()?.iter().any(|u| u.username == name) {
                bail!("er is geen gebruiker '{name}'");
            }
            let hash = hash_password(&new_password(&name)?)?;
            store.set_password(
                &name,
                &hash,
                event("wachtwoord_gewijzigd", &name, String::new()),
            )?;
            out!("Het wachtwoord van {name} is gewijzigd; zijn sessies zijn beëindigd.");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `passend audit`.
pub(crate) fn audit(store: &Store, command: AuditCommand) -> Result<ExitCode> {
    match command {
        AuditCommand::Verify => {
            let check = store.verify_audit()?;
            match check.first_broken {
                None => {
                    out!(
                        "Het auditlog is in orde: {} items, de keten is ongebroken.",
                        check.entries
                    );
                    if let Some(c) = &check.checkpoint {
                        out!(
                            "De oudste {} items (tot en met {}) zijn op {} na de bewaartermijn verwijderd; de keten begint bij de hash die toen is bewaard.",
                            c.removed,
                            c.upto_seq,
                            passend_web::nl::timestamp(c.at)
                        );
                    }
                    if let Some(hash) = &check.last_hash {
                        out!(
                            "Hash van het nieuwste item: {hash}\nNoteer die buiten passend (bij de reservekopieën): zo is later te zien dat de keten tot hier niet is herschreven."
                        );
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Some(seq) => {
                    eprintln!(
                        "fout: het auditlog is gewijzigd: item {seq} past niet in de keten (gecontroleerd: {} items).",
                        check.entries
                    );
                    Ok(ExitCode::from(4))
                }
            }
        }
        AuditCommand::List {
            actor,
            record,
            swv,
            aantal,
            format,
        } => {
            let swv = swv
                .map(|s| SwvCode::parse(&s).map_err(|e| anyhow!("--swv: {e}")))
                .transpose()?;
            let filter = AuditFilter {
                actor,
                record,
                swv,
                limit: Some(aantal),
                ..AuditFilter::default()
            };
            let entries = store.audit_entries(&filter)?;
            let searched: Vec<String> = [
                filter.actor.as_ref().map(|a| format!("actor {a}")),
                filter.record.as_ref().map(|r| format!("record {r}")),
                filter.swv.map(|s| format!("swv {s}")),
            ]
            .into_iter()
            .flatten()
            .collect();
            store.audit(&AuditEvent {
                at: jiff::Timestamp::now(),
                actor: ACTOR.to_owned(),
                action: "auditlog_bekeken".to_owned(),
                record: "auditlog".to_owned(),
                purpose: "toezicht op de verwerking (AVG art. 5 lid 2, verantwoordingsplicht)"
                    .to_owned(),
                swv: filter.swv,
                detail: if searched.is_empty() {
                    format!("{} regels getoond", entries.len())
                } else {
                    format!(
                        "{} regels getoond; gezocht op {}",
                        entries.len(),
                        searched.join(", ")
                    )
                },
            })?;
            match format {
                Format::Json => {
                    let dtos: Vec<AuditEntryDto> =
                        entries.iter().map(AuditEntryDto::from).collect();
                    out!("{}", serde_json::to_string_pretty(&dtos)?);
                }
                Format::Text => {
                    for e in &entries {
                        out!(
                            "{:>6}  {}  {:<20} {:<24} {:<28} {}{}",
                            e.seq,
                            e.event.at.strftime("%Y-%m-%d %H:%M:%S"),
                            e.event.actor,
                            e.event.action,
                            e.event.record,
                            e.event.purpose,
                            if e.event.detail.is_empty() {
                                String::new()
                            } else {
                                format!(" ({})", e.event.detail)
                            }
                        );
                    }
                    if entries.is_empty() {
                        out!("Geen items.");
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
