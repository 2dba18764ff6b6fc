//! The profile editor: a form on `/school/{code}/profiel` that saves a new version of a
//! school's support profile.
//!
//! Who may edit is the access policy's to say (`passend_core::access::decide`): a
//! logged-in user whose role covers the vestiging (its school, its board, or staff of an
//! SWV it belongs to); their save is recorded in the audit log. For a development server
//! without accounts, `passend serve --bewerken` on a loopback address opens the editor to
//! whoever sits at this computer.
//!
//! Every post must carry the form's token (the session's CSRF token, or the per-process
//! token of `--bewerken`) and come from this origin (`Sec-Fetch-Site`, `Origin`). A post
//! with anything wrong stores nothing and shows the form again with every mistake named.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};

use passend_core::access::{Action, Decision, Principal, Resource, decide};
use passend_core::ids::VestigingCode;
use passend_core::register::Vestiging;
use passend_core::school::Status;
use passend_core::support::{Condition, Level, Offer, ProfileSource, SupportProfile, check_offer};
use passend_store::Store;

use super::render;
use crate::error::{AppError, Failure};
use crate::nl;
use crate::routes::AppState;
use crate::snapshot::{Snapshot, SupportState};

/// The most places a form may give one need.
const MAX_PLACES: u32 = 10_000;

/// The editor's store and the token its forms carry.
#[derive(Debug)]
pub struct Editor {
    store: Arc<Store>,
    token: String,
}

impl Editor {
    /// An editor that saves into `store`, with a fresh random token.
    pub fn new(store: Arc<Store>) -> std::io::Result<Editor> {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(std::io::Error::other)?;
        let token = bytes.iter().map(|b| format!("{b:02x}")).collect();
        Ok(Editor { store, token })
    }
}

/// One need on the form.
pub(crate) struct NeedRow {
    code: String,
    label: String,
    domain: String,
    level: String,
    places: String,
    basis_note: String,
}

#[derive(Template)]
#[template(path = "profile_edit.html")]
struct EditPage {
    nav: &'static str,
    code: String,
    name: String,
    kind: &'static str,
    specialist_allowed: bool,
    valid_from: String,
    rows: Vec<NeedRow>,
    conditions: Vec<(&'static str, &'static str, bool)>,
    synthetic: bool,
    token: String,
    errors: Vec<String>,
}

/// Who edits, where their saves go, and the token their form carries.
struct Access {
    store: Arc<Store>,
    token: String,
    /// The user, when logged in (none for `--bewerken`).
    user: Option<String>,
}

/// Whether this request may edit this vestiging's profile: `Ok(Err(redirect))` sends an
/// anonymous visitor to the login page.
fn access(
    state: &AppState,
    headers: &HeaderMap,
    v: &Vestiging,
) -> Result<Result<Access, Response>, Failure> {
    if let Some(editor) = state.editor.as_deref() {
        return Ok(Ok(Access {
            store: editor.store.clone(),
            token: editor.token.clone(),
            user: None,
        }));
    }
    let Some(accounts) = state.accounts.as_deref() else {
        return Err(AppError::NotFound(
            "Profielen bewerken staat uit. Log in op een server met accounts, start passend met 'passend serve --bewerken' (alleen op dit apparaat), of lees een bestand in met 'passend sop import'."
                .to_owned(),
        )
        .page());
    };
    let session = super::account::session(state, headers);
    let principal = session
        .as_ref()
        .map_or_else(Principal::anonymous, |s| Principal {
            user: Some(s.user.id),
            grants: s.user.grants.clone(),
        });
    let resource = Resource::Profile {
        vestiging: v.code,
        board: v.board,
        swvs: state
            .snapshot
            .register
            .memberships_of(v.code)
            .map(|m| m.swv)
            .collect(),
    };
    match (decide(&principal, Action::Change, &resource), session) {
        (Decision::Allow, Some(s)) => Ok(Ok(Access {
            store: accounts.store().clone(),
            token: s.csrf,
            user: Some(s.user.username),
        })),
        (Decision::LoginRequired, _) | (Decision::Allow, None) => {
            Ok(Err(Redirect::to("/inloggen").into_response()))
        }
        (Decision::NotFound, _) => Err(AppError::NotFound(format!(
            "Vestiging {} bestaat niet in het register.",
            v.code
        ))
        .page()),
        (Decision::Forbidden, _) => Err(AppError::Forbidden(format!(
            "U mag het profiel van {} niet wijzigen: dat kan de school zelf, haar bestuur of een medewerker van het samenwerkingsverband.",
            v.code
        ))
        .page()),
    }
}

/// Whether the visitor may edit this vestiging's profile (for the button on the school page).
pub(crate) fn may_edit(state: &AppState, headers: &HeaderMap, v: &Vestiging) -> bool {
    v.status == Status::Open && matches!(access(state, headers, v), Ok(Ok(_)))
}

/// The open vestiging of the path, or a Dutch error.
fn open_school<'a>(snap: &'a Snapshot, raw: &str) -> Result<&'a Vestiging, Failure> {
    let code = VestigingCode::parse(raw).map_err(|e| AppError::NotFound(format!("{e}.")).page())?;
    match snap.register.vestiging(code) {
        None => Err(
            AppError::NotFound(format!("Vestiging {code} bestaat niet in het register.")).page(),
        ),
        Some(v) if v.status != Status::Open => Err(AppError::BadRequest(format!(
            "Vestiging {code} is gesloten; alleen open scholen hebben een ondersteuningsprofiel."
        ))
        .page()),
        Some(v) => Ok(v),
    }
}

fn support(snap: &Snapshot) -> Result<Arc<SupportState>, Failure> {
    super::coverage::support(snap).map_err(AppError::page)
}

/// What the form holds: per need the level code ("" for none) and places as typed.
struct Entered {
    valid_from: String,
    levels: BTreeMap<String, (String, String)>,
    conditions: BTreeSet<Condition>,
}

fn page_of(
    snap: &Snapshot,
    support: &SupportState,
    v: &Vestiging,
    token: &str,
    entered: &Entered,
    errors: Vec<String>,
) -> EditPage {
    let date = support.data.date;
    let swvs: Vec<_> = snap
        .register
        .memberships_of(v.code)
        .map(|m| m.swv)
        .collect();
    let rows = support
        .data
        .taxonomy
        .needs()
        .iter()
        .map(|n| {
            let (level, places) = entered
                .levels
                .get(n.code.as_str())
                .cloned()
                .unwrap_or_default();
            let agreed: Vec<String> = swvs
                .iter()
                .filter(|s| {
                    support
                        .data
                        .book
                        .basis_at(**s, date)
                        .is_some_and(|b| b.needs.contains(&n.code))
                })
                .map(|s| s.dotted())
                .collect();
            NeedRow {
                code: n.code.to_string(),
                label: n.label.clone(),
                domain: n.domain_label.clone(),
                level,
                places,
                basis_note: if agreed.is_empty() {
                    String::new()
                } else {
                    format!("basisondersteuning van {} geldt al", agreed.join(" en "))
                },
            }
        })
        .collect();
    EditPage {
        nav: "scholen",
        code: v.code.to_string(),
        name: v.name.clone(),
        kind: v.kind.label(),
        // Without needs there is no row to offer it on (and no need to ask with).
        specialist_allowed: support.data.taxonomy.needs().first().is_some_and(|n| {
            check_offer(
                v.kind,
                &Offer {
                    need: n.code.clone(),
                    level: Level::Specialistisch,
                    places: None,
                },
            )
            .is_ok()
        }),
        valid_from: entered.valid_from.clone(),
        rows,
        conditions: Condition::ALL
            .iter()
            .map(|c| (c.code(), c.label(), entered.conditions.contains(c)))
            .collect(),
        synthetic: support
            .data
            .book
            .profile_at(v.code, date)
            .is_some_and(|p| p.source.is_synthetic()),
        token: token.to_owned(),
        errors,
    }
}

/// The form with the profile in force today.
pub(crate) async fn form(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let snap = &state.snapshot;
    let v = open_school(snap, &raw)?;
    let code = v.code;
    if raw != code.to_string() {
        return Ok(Redirect::permanent(&format!("/school/{code}/profiel")).into_response());
    }
    let access = match access(&state, &headers, v)? {
        Ok(access) => access,
        Err(redirect) => return Ok(redirect),
    };
    let support = support(snap)?;
    let current = support.data.book.profile_at(code, support.data.date);
    let entered = entered_of(current, support.data.date);
    render(&page_of(
        snap,
        &support,
        v,
        &access.token,
        &entered,
        Vec::new(),
    ))
}

/// What the form shows for a profile (none: every need on "geen"), valid from `valid_from`.
fn entered_of(current: Option<&SupportProfile>, valid_from: jiff::civil::Date) -> Entered {
    Entered {
        valid_from: valid_from.to_string(),
        levels: current
            .map(|p| {
                p.offers
                    .iter()
                    .map(|o| {
                        (
                            o.need.to_string(),
                            (
                                o.level.code().to_owned(),
                                o.places.map_or_else(String::new, |p| p.to_string()),
                            ),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default(),
        conditions: current.map(|p| p.conditions.clone()).unwrap_or_default(),
    }
}

/// Reads the posted fields; the errors are Dutch sentences.
fn parse(
    support: &SupportState,
    v: &Vestiging,
    fields: &[(String, String)],
) -> (Entered, Result<SupportProfile, Vec<String>>) {
    let mut entered = Entered {
        valid_from: String::new(),
        levels: BTreeMap::new(),
        conditions: BTreeSet::new(),
    };
    let mut errors = Vec::new();
    for (key, value) in fields {
        if key == "token" {
            continue;
        } else if key == "geldig_vanaf" {
            entered.valid_from = value.trim().to_owned();
        } else if let Some(need) = key.strip_prefix("niveau.") {
            entered.levels.entry(need.to_owned()).or_default().0 = value.trim().to_owned();
        } else if let Some(need) = key.strip_prefix("plaatsen.") {
            entered.levels.entry(need.to_owned()).or_default().1 = value.trim().to_owned();
        } else if let Some(code) = key.strip_prefix("voorziening.") {
            match Condition::parse(code) {
                Some(c) => {
                    entered.conditions.insert(c);
                }
                None => errors.push(format!("Onbekende voorziening '{code}'.")),
            }
        } else {
            errors.push(format!("Onbekend veld '{key}' in het formulier."));
        }
    }
    let valid_from = match passend_import::read::profiles::parse_date(&entered.valid_from) {
        Ok(d) => Some(d),
        Err(m) => {
            errors.push(format!("Geldig vanaf: {m}."));
            None
        }
    };
    let mut offers = Vec::new();
    for (code, (level, places)) in &entered.levels {
        let Some(need) = support
            .data
            .taxonomy
            .needs()
            .iter()
            .find(|n| n.code.as_str() == code)
        else {
            errors.push(format!("Onbekende ondersteuningsbehoefte '{code}'."));
            continue;
        };
        let level = match level.as_str() {
            "" | "geen" => {
                if !places.is_empty() && places != "0" {
                    errors.push(format!(
                        "{}: plaatsen zonder niveau; kies extra of specialistisch.",
                        need.label
                    ));
                }
                continue;
            }
            other => match Level::parse(other) {
                Some(l) => l,
                None => {
                    errors.push(format!("{}: onbekend niveau '{other}'.", need.label));
                    continue;
                }
            },
        };
        let places = if places.is_empty() {
            None
        } else {
            match places.parse::<u32>() {
                Ok(p) if p <= MAX_PLACES => Some(p),
                _ => {
                    errors.push(format!(
                        "{}: het aantal plaatsen moet een geheel getal van 0 tot {} zijn, niet '{places}'.",
                        need.label,
                        nl::number(u64::from(MAX_PLACES))
                    ));
                    continue;
                }
            }
        };
        let offer = Offer {
            need: need.code.clone(),
            level,
            places,
        };
        match check_offer(v.kind, &offer) {
            Ok(()) => offers.push(offer),
            Err(e) => errors.push(format!("{}: {e}.", need.label)),
        }
    }
    let result = match (valid_from, errors.is_empty()) {
        (Some(valid_from), true) => Ok(SupportProfile {
            vestiging: v.code,
            valid_from,
            offers,
            conditions: entered.conditions.clone(),
            source: ProfileSource::Edited,
        }),
        _ => Err(errors),
    };
    (entered, result)
}

/// Saves the posted profile as a new version and goes back to the school page.
pub(crate) async fn save(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    headers: HeaderMap,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, Failure> {
    let snap = state.snapshot.clone();
    let v = open_school(&snap, &raw)?;
    let code = v.code;
    let access = match access(&state, &headers, v)? {
        Ok(access) => access,
        Err(redirect) => return Ok(redirect),
    };
    let token_ok = fields
        .iter()
        .any(|(k, v)| k == "token" && *v == access.token);
    if !token_ok || !super::same_origin(&headers) {
        return Err(AppError::Forbidden(
            "Dit formulier komt niet van deze passend; open het profiel opnieuw en sla het daar op.".to_owned(),
        )
        .page());
    }
    let support = support(&snap)?;
    let (entered, parsed) = parse(&support, v, &fields);
    let profile = match parsed {
        Ok(p) => p,
        Err(errors) => {
            let page = render(&page_of(
                &snap,
                &support,
                v,
                &access.token,
                &entered,
                errors,
            ))?;
            let mut response = (StatusCode::UNPROCESSABLE_ENTITY, page).into_response();
            response.extensions_mut().insert(crate::error::OwnBody);
            return Ok(response);
        }
    };
    let store = access.store.clone();
    let user = access.user.clone();
    let date = support.data.date;
    let valid_from = profile.valid_from;
    let saved = tokio::task::spawn_blocking(move || -> Result<&'static str, String> {
        let outcome = store
            .save_profiles(&[profile], &[])
            .map_err(|e| e.to_string())?;
        if let Some(user) = user {
            store
                .audit(&passend_store::AuditEvent {
                    at: jiff::Timestamp::now(),
                    actor: format!("gebruiker:{user}"),
                    action: "profiel_gewijzigd".to_owned(),
                    record: format!("vestiging:{code}"),
                    purpose: "schoolondersteuningsprofiel bijhouden".to_owned(),
                    swv: None,
                    detail: format!(
                        "geldig vanaf {valid_from}; {} nieuwe versie(s)",
                        outcome.profiles_added
                    ),
                })
                .map_err(|e| e.to_string())?;
        }
        let book = store.load_profiles().map_err(|e| e.to_string())?;
        // Say whether the new version is the one in force today.
        let state = if outcome.profiles_added == 0 {
            "ongewijzigd"
        } else if valid_from > date {
            "gepland"
        } else if book
            .profile_at(code, date)
            .is_some_and(|p| p.valid_from == valid_from)
        {
            "ja"
        } else {
            "eerder"
        };
        snap.replace_profiles(book);
        Ok(state)
    })
    .await
    .map_err(|e| AppError::Internal(format!("opslaan: {e}")).page())?;
    let state = saved.map_err(|e| AppError::Internal(format!("opslaan: {e}")).page())?;
    Ok(Redirect::to(&format!("/school/{code}?opgeslagen={state}#h-profiel")).into_response())
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use jiff::civil::Date;
    use proptest::prelude::*;
    use proptest::sample::select;

    use passend_core::support::{CoverageSettings, Need, NeedCode, ProfileBook, Taxonomy};

    use super::*;
    use crate::snapshot::{ImportInfo, SupportData};

    /// A regular basisschool, an SBO, an SO, a regular VO school and a praktijkschool:
    /// the kinds that may and may not offer specialist education.
    const FIXTURE: &str = "
pc4 9401 Assen PO2201 VO2201
pc4 9402 Assen PO2201 VO2201
school 00AA00 bao 9401AA name=\"De Linde\" pupils=2025:400
school 00AC00 sbo 9401AC name=\"SBO De Wissel\" pupils=2025:50
school 00AD00 so 9401AD cluster=3 offer=\"SO ZMLK\" name=\"De Sterrenwachter\" pupils=2025:20
school 00AF00 vo 9402AF structure=VBO/MAVO/HAVO/VWO name=\"Dr. Nassau College\" pupils=2023:1200
school 00AG00 vo 9402AG structure=PRO name=\"Praktijkschool Assen\" pupils=2023:150
";
    const SCHOOLS: [&str; 5] = ["00AA00", "00AC00", "00AD00", "00AF00", "00AG00"];
    const NEEDS: [(&str, &str); 5] = [
        ("dyslexie", "Dyslexie"),
        ("zmlk", "Zeer moeilijk lerend (ZMLK)"),
        ("gedrag", "Gedrag"),
        ("langdurig-ziek", "Langdurig ziek"),
        ("2e-taal", "Nederlands als tweede taal"),
    ];
    const TOKEN: &str = "0123456789abcdef0123456789abcdef";

    static SNAPSHOT: LazyLock<Snapshot> = LazyLock::new(|| {
        let needs = NEEDS
            .iter()
            .map(|(code, label)| Need {
                code: NeedCode::parse(code).unwrap(),
                label: (*label).to_owned(),
                domain: "leren".into(),
                domain_label: "Leren".into(),
                prevalence_po: 0.04,
                prevalence_vo: 0.04,
                share_extra: 0.5,
                share_specialist: 0.1,
                source: "test".into(),
            })
            .collect();
        let data = SupportData {
            taxonomy: Taxonomy::new(needs).unwrap(),
            settings: CoverageSettings::default(),
            book: ProfileBook::new(Vec::new(), Vec::new()),
            date: jiff::civil::date(2026, 11, 28),
        };
        Snapshot::build(
            passend_core::testkit::register(FIXTURE),
            &[],
            ImportInfo::default(),
            Some(data),
        )
    });

    fn school(code: &str) -> &'static Vestiging {
        SNAPSHOT
            .register
            .vestiging(VestigingCode::parse(code).unwrap())
            .unwrap()
    }

    fn parsed(
        v: &Vestiging,
        fields: &[(String, String)],
    ) -> (Entered, Result<SupportProfile, Vec<String>>) {
        parse(&SNAPSHOT.support().unwrap(), v, fields)
    }

    /// The form as the template renders it for `entered`, with these errors.
    fn html(v: &Vestiging, entered: &Entered, errors: Vec<String>) -> String {
        let support = SNAPSHOT.support().unwrap();
        page_of(&SNAPSHOT, &support, v, TOKEN, entered, errors)
            .render()
            .unwrap()
    }

    fn unescape(text: &str) -> String {
        text.replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
    }

    /// What a browser posts for a rendered form: every named input (a checkbox only when
    /// ticked) and each select's selected option (its first when none is).
    fn submitted(html: &str) -> Vec<(String, String)> {
        let start = html.find("<form method=\"post\"").unwrap();
        let form = &html[start..start + html[start..].find("</form>").unwrap()];
        let attr = |tag: &str, name: &str| {
            let key = format!(" {name}=\"");
            let from = tag.find(&key)? + key.len();
            let to = from + tag[from..].find('"')?;
            Some(unescape(&tag[from..to]))
        };
        let flag = |tag: &str, word: &str| tag.split([' ', '>']).any(|w| w == word);
        let mut fields = Vec::new();
        let mut rest = form;
        while let Some(i) = rest.find('<') {
            rest = &rest[i..];
            let tag = &rest[..=rest.find('>').unwrap()];
            if tag.starts_with("<input ") {
                if attr(tag, "type").as_deref() != Some("checkbox") || flag(tag, "checked") {
                    fields.push((
                        attr(tag, "name").unwrap(),
                        attr(tag, "value").unwrap_or_default(),
                    ));
                }
            } else if tag.starts_with("<select ") {
                let select = &rest[..rest.find("</select>").unwrap()];
                let options: Vec<&str> = select
                    .match_indices("<option ")
                    .map(|(i, _)| &select[i..=i + select[i..].find('>').unwrap()])
                    .collect();
                let chosen = options
                    .iter()
                    .find(|o| flag(o, "selected"))
                    .or(options.first())
                    .unwrap();
                fields.push((attr(tag, "name").unwrap(), attr(chosen, "value").unwrap()));
                rest = &rest[select.len()..];
                continue;
            }
            rest = &rest[tag.len()..];
        }
        fields
    }

    /// Text an attacker or a broken client might send.
    fn nasty() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => select(vec![
                "",
                " ",
                "'; DROP TABLE profiles; --",
                "<script>alert(1)</script>",
                "../../etc/passwd",
                "\0",
                "\u{202e}gnik",
                "Err(\"x\")",
                "called `Option::unwrap()` on a `None` value",
                "{:?}",
                "%00",
                "İSTANBUL ß ﬁ",
                "ＥＸＴＲＡ",
                "١٢٣",
                "😀",
            ])
            .prop_map(str::to_owned),
            3 => "[\\x00-\\x1f\\x7f\u{85}\u{2028}]{1,8}",
            3 => "\\PC{0,30}",
            1 => (any::<char>(), 1_000..100_000usize).prop_map(|(c, n)| c.to_string().repeat(n)),
        ]
    }

    /// A need code as posted: one of the taxonomy, a near miss, or anything.
    fn need_code() -> impl Strategy<Value = String> {
        prop_oneof![
            4 => select(NEEDS.map(|(c, _)| c).to_vec()).prop_map(str::to_owned),
            1 => select(vec!["DYSLEXIE", " gedrag", "zmlk ", "onbekend", "", "-", "niveau.zmlk"])
                .prop_map(str::to_owned),
            1 => nasty(),
        ]
    }

    fn key() -> impl Strategy<Value = String> {
        prop_oneof![
            1 => Just("token".to_owned()),
            2 => Just("geldig_vanaf".to_owned()),
            4 => need_code().prop_map(|n| format!("niveau.{n}")),
            4 => need_code().prop_map(|n| format!("plaatsen.{n}")),
            2 => prop_oneof![
                select(Condition::ALL.to_vec()).prop_map(|c| c.code().to_owned()),
                Just("Time Out Ruimte".to_owned()),
                nasty(),
            ]
            .prop_map(|c| format!("voorziening.{c}")),
            1 => select(vec!["Niveau.gedrag", "niveau", "plaatsen", "hack", "geldig vanaf"])
                .prop_map(str::to_owned),
            2 => nasty(),
        ]
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => select(vec![
                "", "geen", "Geen", "basis", "extra", "specialistisch", " EXTRA ", "1", "2",
                "3", "arrangement", "0", "00", "10000", "10001", "+5", "-1", "4294967296",
                "1e3", "0x10", "2026-11-28", "28-11-2026", "2026-02-29", "31-02-2026",
                "2024-02-29", "ja",
            ])
            .prop_map(str::to_owned),
            2 => "[-+]?[0-9]{0,12}",
            2 => "[0-9]{0,5}-[0-9]{0,3}-[0-9]{0,5}",
            3 => nasty(),
        ]
    }

    /// The fields of a valid profile, named as the template names them.
    fn form_of(profile: &SupportProfile) -> Vec<(String, String)> {
        let mut fields = vec![
            ("token".to_owned(), TOKEN.to_owned()),
            ("geldig_vanaf".to_owned(), profile.valid_from.to_string()),
        ];
        for (need, _) in NEEDS {
            let offer = profile.offers.iter().find(|o| o.need.as_str() == need);
            fields.push((
                format!("niveau.{need}"),
                offer.map_or("", |o| o.level.code()).to_owned(),
            ));
            fields.push((
                format!("plaatsen.{need}"),
                offer
                    .and_then(|o| o.places)
                    .map_or_else(String::new, |p| p.to_string()),
            ));
        }
        for c in &profile.conditions {
            fields.push((format!("voorziening.{}", c.code()), "ja".to_owned()));
        }
        fields
    }

    /// Anything at all, or a valid form with a few fields of anything mixed in.
    fn fields() -> impl Strategy<Value = Vec<(String, String)>> {
        prop_oneof![
            proptest::collection::vec((key(), value()), 0..24),
            (profile(), proptest::collection::vec((key(), value()), 0..3)).prop_flat_map(
                |(profile, extra)| {
                    let mut fields = form_of(&profile);
                    fields.extend(extra);
                    Just(fields).prop_shuffle()
                }
            ),
        ]
    }

    /// The last value posted for a key, as the parser keeps it.
    fn last<'a>(fields: &'a [(String, String)], key: &str) -> Option<&'a str> {
        fields
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
    }

    /// A Dutch sentence of one of the parser's forms, with nothing of Rust's in it that
    /// the visitor did not type.
    fn is_dutch(message: &str, fields: &[(String, String)]) -> Result<(), TestCaseError> {
        prop_assert!(!message.trim().is_empty());
        prop_assert!(message.ends_with('.'), "{:?}", message);
        let mut prefixes = vec![
            "Onbekend veld '".to_owned(),
            "Onbekende voorziening '".to_owned(),
            "Onbekende ondersteuningsbehoefte '".to_owned(),
            "Geldig vanaf: ".to_owned(),
        ];
        prefixes.extend(NEEDS.iter().map(|(_, label)| format!("{label}: ")));
        prop_assert!(
            prefixes.iter().any(|p| message.starts_with(p.as_str())),
            "{:?}",
            message
        );
        for marker in [
            "Err(", "Ok(", "Some(", "None", "unwrap", "panicked", "{:", "Error", "invalid",
        ] {
            if message.contains(marker) {
                prop_assert!(
                    fields
                        .iter()
                        .any(|(k, v)| k.contains(marker) || v.contains(marker)),
                    "{:?} in {:?}",
                    marker,
                    message
                );
            }
        }
        Ok(())
    }

    /// A profile the editor may save for one of the schools: offers its kind allows,
    /// places from 0 to the form's maximum, any facilities, any date of four-digit years.
    fn profile() -> impl Strategy<Value = SupportProfile> {
        let places = prop_oneof![
            Just(None),
            Just(Some(0)),
            Just(Some(MAX_PLACES)),
            (0..=MAX_PLACES).prop_map(Some),
        ];
        let offer = proptest::option::of((select(Level::ALL.to_vec()), places));
        (
            select(SCHOOLS.to_vec()),
            (0i16..=9999, 1i8..=12, 1i8..=31),
            proptest::collection::vec(offer, NEEDS.len()),
            proptest::sample::subsequence(Condition::ALL.to_vec(), 0..=Condition::ALL.len()),
        )
            .prop_filter_map(
                "a day the month has",
                |(code, (y, m, d), offers, conditions)| {
                    let v = school(code);
                    let offers = NEEDS
                        .iter()
                        .zip(offers)
                        .filter_map(|((need, _), offer)| {
                            let (level, places) = offer?;
                            let offer = Offer {
                                need: NeedCode::parse(need).unwrap(),
                                level,
                                places,
                            };
                            check_offer(v.kind, &offer).is_ok().then_some(offer)
                        })
                        .collect();
                    Some(SupportProfile {
                        vestiging: v.code,
                        valid_from: Date::new(y, m, d).ok()?,
                        offers,
                        conditions: conditions.into_iter().collect(),
                        source: ProfileSource::Edited,
                    })
                },
            )
    }

    fn sorted(mut profile: SupportProfile) -> SupportProfile {
        profile.offers.sort_by(|a, b| a.need.cmp(&b.need));
        profile
    }

    /// Every key made unique (the last value kept), in the order first posted.
    fn unique(fields: Vec<(String, String)>) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (k, v) in fields {
            match out.iter_mut().find(|(seen, _)| *seen == k) {
                Some(field) => field.1 = v,
                None => out.push((k, v)),
            }
        }
        out
    }

    #[test]
    fn the_form_shows_without_needs() {
        let snap = Snapshot::build(
            passend_core::testkit::register(FIXTURE),
            &[],
            ImportInfo::default(),
            Some(SupportData {
                taxonomy: Taxonomy::default(),
                settings: CoverageSettings::default(),
                book: ProfileBook::default(),
                date: jiff::civil::date(2026, 11, 28),
            }),
        );
        let v = school("00AD00");
        let entered = entered_of(None, jiff::civil::date(2026, 11, 28));
        let page = page_of(
            &snap,
            &snap.support().unwrap(),
            v,
            TOKEN,
            &entered,
            Vec::new(),
        );
        assert!(
            page.render()
                .unwrap()
                .contains("Ondersteuningsprofiel bewerken")
        );
    }

    proptest! {
        #[test]
        fn any_post_gives_a_profile_or_dutch_errors_naming_every_mistake(
            code in select(SCHOOLS.to_vec()),
            fields in fields(),
        ) {
            let v = school(code);
            let (entered, result) = parsed(v, &fields);
            let known_need = |n: &str| NEEDS.iter().any(|(c, _)| *c == n);
            // The mistakes the parser must name, each with the text it quotes.
            let mut mistakes = Vec::new();
            for (k, _) in &fields {
                if k == "token" || k == "geldig_vanaf" {
                } else if let Some(need) = k
                    .strip_prefix("niveau.")
                    .or_else(|| k.strip_prefix("plaatsen."))
                {
                    if !known_need(need) {
                        mistakes.push(format!("Onbekende ondersteuningsbehoefte '{need}'."));
                    }
                } else if let Some(c) = k.strip_prefix("voorziening.") {
                    if Condition::parse(c).is_none() {
                        mistakes.push(format!("Onbekende voorziening '{c}'."));
                    }
                } else {
                    mistakes.push(format!("Onbekend veld '{k}' in het formulier."));
                }
            }
            for (need, label) in NEEDS {
                let level = last(&fields, &format!("niveau.{need}")).unwrap_or_default();
                let places = last(&fields, &format!("plaatsen.{need}")).unwrap_or_default();
                if !matches!(level, "" | "geen") && Level::parse(level).is_none() {
                    mistakes.push(format!("{label}: onbekend niveau '{level}'."));
                }
                if matches!(level, "" | "geen") && !matches!(places, "" | "0") {
                    mistakes.push(format!(
                        "{label}: plaatsen zonder niveau; kies extra of specialistisch."
                    ));
                }
                // What was typed is kept to show again.
                let shown = entered.levels.get(need).cloned().unwrap_or_default();
                prop_assert_eq!(shown.0.as_str(), level);
                prop_assert_eq!(shown.1.as_str(), places);
            }
            let date_ok = passend_import::read::profiles::parse_date(
                last(&fields, "geldig_vanaf").unwrap_or_default(),
            )
            .is_ok();
            eprintln!("STAT {}", if result.is_ok() { "ok" } else { "err" });
            match &result {
                Ok(profile) => {
                    prop_assert!(mistakes.is_empty(), "accepted despite {:?}", mistakes);
                    prop_assert!(date_ok);
                    prop_assert_eq!(profile.vestiging, v.code);
                    prop_assert_eq!(&profile.source, &ProfileSource::Edited);
                    let needs: BTreeSet<_> = profile.offers.iter().map(|o| &o.need).collect();
                    prop_assert_eq!(needs.len(), profile.offers.len(), "one offer per need");
                    for o in &profile.offers {
                        prop_assert!(known_need(o.need.as_str()));
                        prop_assert!(check_offer(v.kind, o).is_ok());
                        prop_assert!(o.places.is_none_or(|p| p <= MAX_PLACES));
                    }
                }
                Err(errors) => {
                    prop_assert!(!errors.is_empty());
                    for e in errors {
                        is_dutch(e, &fields)?;
                    }
                    for m in &mistakes {
                        prop_assert!(errors.contains(m), "{:?} not in {:?}", m, errors);
                    }
                    // And nothing named as unknown that is known.
                    for e in errors {
                        if e.starts_with("Onbekend")
                            || e.contains(": onbekend niveau '")
                            || e.contains(": plaatsen zonder niveau")
                        {
                            prop_assert!(mistakes.contains(e), "{:?} is no mistake", e);
                        }
                    }
                    if !date_ok {
                        prop_assert!(errors.iter().any(|e| e.starts_with("Geldig vanaf: ")));
                    }
                }
            }
            // The form shows again with the errors, escaped.
            let page = html(v, &entered, result.err().unwrap_or_default());
            prop_assert!(!page.contains("<script"));
        }

        #[test]
        fn a_rendered_profile_posts_back_as_the_same_profile(
            profile in profile(),
            pad in "[ \t\n\u{a0}]{0,3}",
        ) {
            let v = school(&profile.vestiging.to_string());
            let entered = entered_of(Some(&profile), profile.valid_from);
            let fields = submitted(&html(v, &entered, Vec::new()));
            prop_assert!(fields.contains(&("token".to_owned(), TOKEN.to_owned())));
            prop_assert_eq!(
                fields.len(),
                2 + 2 * NEEDS.len() + profile.conditions.len(),
                "{:?}",
                fields
            );
            let expected = sorted(profile.clone());
            let (_, back) = parsed(v, &fields);
            eprintln!("RT {} {:?}", expected.offers.len(), fields);
            prop_assert_eq!(back.map(sorted), Ok(expected.clone()));
            // Spaces around what was typed, and the date as DD-MM-JJJJ, change nothing.
            let d = profile.valid_from;
            let padded: Vec<_> = fields
                .iter()
                .map(|(k, value)| {
                    let value = if k == "geldig_vanaf" {
                        format!("{:02}-{:02}-{:04}", d.day(), d.month(), d.year())
                    } else {
                        value.clone()
                    };
                    (k.clone(), format!("{pad}{value}{pad}"))
                })
                .collect();
            let (_, back) = parsed(v, &padded);
            prop_assert_eq!(back.map(sorted), Ok(expected));
        }

        #[test]
        fn the_order_of_the_fields_does_not_matter(
            code in select(SCHOOLS.to_vec()),
            (fields, shuffled) in fields().prop_flat_map(|f| {
                let f = unique(f);
                (Just(f.clone()), Just(f).prop_shuffle())
            }),
        ) {
            let v = school(code);
            let outcome = |fields: &[(String, String)]| {
                parsed(v, fields).1.map(sorted).map_err(|mut e| {
                    e.sort();
                    e
                })
            };
            prop_assert_eq!(outcome(&fields), outcome(&shuffled));
        }

        #[test]
        fn places_are_a_whole_number_up_to_the_maximum(
            code in select(SCHOOLS.to_vec()),
            (need, label) in select(NEEDS.to_vec()),
            places in prop_oneof![
                Just(u64::from(MAX_PLACES)),
                Just(u64::from(MAX_PLACES) + 1),
                Just(u64::from(u32::MAX) + 1),
                0u64..=2 * u64::from(MAX_PLACES),
                any::<u64>(),
            ],
        ) {
            let v = school(code);
            let fields = [
                ("geldig_vanaf", "2026-08-01"),
                (&format!("niveau.{need}"), "extra"),
                (&format!("plaatsen.{need}"), &places.to_string()),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()));
            match parsed(v, &fields).1 {
                Ok(p) => {
                    prop_assert!(places <= u64::from(MAX_PLACES));
                    prop_assert_eq!(p.offers[0].places.map(u64::from), Some(places));
                }
                Err(e) => {
                    prop_assert!(places > u64::from(MAX_PLACES));
                    prop_assert_eq!(e, vec![format!(
                        "{label}: het aantal plaatsen moet een geheel getal van 0 tot 10.000 zijn, niet '{places}'."
                    )]);
                }
            }
        }

        #[test]
        fn specialist_education_only_where_the_kind_allows_it(
            code in select(SCHOOLS.to_vec()),
            (need, label) in select(NEEDS.to_vec()),
        ) {
            let v = school(code);
            let fields = [
                ("geldig_vanaf", "2026-08-01"),
                (&format!("niveau.{need}"), "specialistisch"),
            ]
            .map(|(k, v)| (k.to_owned(), v.to_owned()));
            let allowed = !matches!(code, "00AA00" | "00AF00");
            match parsed(v, &fields).1 {
                Ok(p) => {
                    prop_assert!(allowed);
                    prop_assert_eq!(p.offers[0].level, Level::Specialistisch);
                }
                Err(e) => {
                    prop_assert!(!allowed);
                    prop_assert_eq!(e.len(), 1);
                    prop_assert!(
                        e[0].starts_with(&format!("{label}: niveau specialistisch kan alleen bij")),
                        "{:?}",
                        e
                    );
                }
            }
        }
    }
}
