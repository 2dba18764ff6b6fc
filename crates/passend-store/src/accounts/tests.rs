//! Users, roles and the audit chain on an in-memory store.

use super::*;

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

fn event(action: &str, record: &str) -> AuditEvent {
    AuditEvent {
        at: at("2026-11-28T10:00:00Z"),
        actor: "opdrachtregel".into(),
        action: action.into(),
        record: record.into(),
        purpose: "beheer van gebruikers".into(),
        swv: SwvCode::parse("PO2201").ok(),
        detail: String::new(),
    }
}

fn grant(role: Role, limit: Limit) -> Grant {
    Grant::new(role, SwvCode::parse("PO2201").unwrap(), limit).unwrap()
}

#[test]
fn users_keep_their_roles_and_names_are_unique_in_any_case() {
    let store = Store::open_in_memory().unwrap();
    let school = grant(
        Role::School,
        Limit::Vestiging(VestigingCode::parse("00AA00").unwrap()),
    );
    let board = grant(
        Role::Board,
        Limit::Board(BoardNumber::parse("41000").unwrap()),
    );
    store
        .add_user(
            "Jansen",
            "J. Jansen",
            "$argon2id$x",
            &[school, board],
            event("gebruiker_toegevoegd", "gebruiker:jansen"),
        )
        .unwrap();
    let err = store
        .add_user(
            "JANSEN ",
            "Ander",
            "$argon2id$y",
            &[],
            event("gebruiker_toegevoegd", "gebruiker:jansen"),
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("er is al een gebruiker 'jansen'"),
        "{err}"
    );
    assert!(normalise_username("jan sen").is_err());
    let users = store.users().unwrap();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0].username, "jansen");
    assert_eq!(users[0].grants.len(), 2);
    assert!(users[0].grants.contains(&school) && users[0].grants.contains(&board));
    let (user, hash) = store.user_for_login(" Jansen").unwrap().unwrap();
    assert_eq!(
        (user.username.as_str(), hash.as_str()),
        ("jansen", "$argon2id$x")
    );
    assert!(store.user_for_login("pietersen").unwrap().is_none());
    store
        .set_disabled(
            "jansen",
            true,
            event("gebruiker_uitgeschakeld", "gebruiker:jansen"),
        )
        .unwrap();
    assert!(store.users().unwrap()[0].disabled);
    store
        .set_password(
            "jansen",
            "$argon2id$z",
            event("wachtwoord_gewijzigd", "gebruiker:jansen"),
        )
        .unwrap();
    assert_eq!(
        store.user_for_login("jansen").unwrap().unwrap().1,
        "$argon2id$z"
    );
    let err = store
        .set_disabled(
            "pietersen",
            true,
            event("gebruiker_uitgeschakeld", "gebruiker:pietersen"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("er is geen gebruiker 'pietersen'"));
}

#[test]
fn the_audit_log_is_a_chain_that_cannot_be_edited() {
    let store = Store::open_in_memory().unwrap();
    store
        .add_user(
            "a",
            "A",
            "$h",
            &[],
            event("gebruiker_toegevoegd", "gebruiker:a"),
        )
        .unwrap();
    store.audit(&event("bekijken", "aanvraag:1")).unwrap();
    store.audit(&event("bekijken", "aanvraag:2")).unwrap();
    let check = store.verify_audit().unwrap();
    let newest = store
        .audit_entries(&AuditFilter {
            record: Some("aanvraag:2".into()),
            ..AuditFilter::default()
        })
        .unwrap();
    assert_eq!(
        check,
        AuditCheck {
            entries: 3,
            first_broken: None,
            checkpoint: None,
            last_hash: Some(newest[0].hash.clone()),
        }
    );
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0].seq, 3);
    assert_eq!(newest[0].event, event("bekijken", "aanvraag:2"));
    // The database itself refuses changes and deletions.
    let err = store
        .lock()
        .execute("UPDATE audit_log SET actor = 'x' WHERE seq = 2", [])
        .unwrap_err();
    assert!(err.to_string().contains("alleen worden aangevuld"), "{err}");
    assert!(store.lock().execute("DELETE FROM audit_log", []).is_err());
    // Someone who drops the triggers and edits an entry breaks the chain there.
    store
        .lock()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET record = 'aanvraag:9' WHERE seq = 2;",
        )
        .unwrap();
    assert_eq!(store.verify_audit().unwrap().first_broken, Some(2));
}

#[test]
fn a_session_ends_at_its_expiry_and_with_its_user() {
    let store = Store::open_in_memory().unwrap();
    let id = store
        .add_user(
            "a",
            "A",
            "$h",
            &[],
            event("gebruiker_toegevoegd", "gebruiker:a"),
        )
        .unwrap();
    let mut login = event("ingelogd", "gebruiker:a");
    login.at = at("2026-11-28T10:00:00Z");
    store
        .create_session("hash1", id, "csrf1", at("2026-11-28T18:00:00Z"), &login)
        .unwrap();
    let s = store
        .session("hash1", at("2026-11-28T17:59:59Z"))
        .unwrap()
        .unwrap();
    assert_eq!((s.user.username.as_str(), s.csrf.as_str()), ("a", "csrf1"));
    assert!(
        store
            .session("hash1", at("2026-11-28T18:00:00Z"))
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .session("other", at("2026-11-28T12:00:00Z"))
            .unwrap()
            .is_none()
    );
    store
        .set_password("a", "$h2", event("wachtwoord_gewijzigd", "gebruiker:a"))
        .unwrap();
    assert!(
        store
            .session("hash1", at("2026-11-28T12:00:00Z"))
            .unwrap()
            .is_none(),
        "a new password ends every session"
    );
}

#[test]
fn an_swv_administrator_sees_the_swv_entries_and_those_about_its_users() {
    let store = Store::open_in_memory().unwrap();
    let log = |at_: &str, actor: &str, action: &str, record: &str, swv: Option<&str>| {
        let mut e = event(action, record);
        e.at = at(at_);
        e.actor = actor.into();
        e.swv = swv.map(|s| SwvCode::parse(s).unwrap());
        store.audit(&e).unwrap()
    };
    log(
        "2026-11-01T10:00:00Z",
        "gebruiker:jan",
        "ingelogd",
        "gebruiker:jan",
        None,
    ); // 1
    log(
        "2026-11-02T10:00:00Z",
        "gebruiker:piet",
        "ingelogd",
        "gebruiker:piet",
        None,
    ); // 2
    log(
        "2026-11-03T10:00:00.5Z",
        "gebruiker:jan",
        "profiel_gewijzigd",
        "profiel:00AA00",
        Some("PO2201"),
    ); // 3
    log(
        "2026-11-04T10:00:00Z",
        "gebruiker:piet",
        "profiel_gewijzigd",
        "profiel:00ZZ00",
        Some("PO2301"),
    ); // 4
    log(
        "2026-11-05T10:00:00Z",
        "opdrachtregel",
        "gebruiker_uitgeschakeld",
        "gebruiker:jan",
        None,
    ); // 5
    let seqs = |filter: AuditFilter| -> Vec<i64> {
        store
            .audit_entries(&filter)
            .unwrap()
            .iter()
            .map(|e| e.seq)
            .collect()
    };
    let scope = Some(AuditScope {
        swv: SwvCode::parse("PO2201").unwrap(),
        users: vec!["gebruiker:jan".into()],
    });
    assert_eq!(
        seqs(AuditFilter {
            scope: scope.clone(),
            ..AuditFilter::default()
        }),
        [5, 3, 1]
    );
    assert_eq!(
        seqs(AuditFilter {
            scope: Some(AuditScope {
                swv: SwvCode::parse("PO2201").unwrap(),
                users: vec![]
            }),
            ..AuditFilter::default()
        }),
        [3]
    );
    assert_eq!(
        seqs(AuditFilter {
            scope: scope.clone(),
            action: Some("ingelogd".into()),
            ..AuditFilter::default()
        }),
        [1]
    );
    // A day's bounds: from is inclusive, until exclusive, fractions of a second compared
    // as moments and not as text.
    assert_eq!(
        seqs(AuditFilter {
            from: Some(at("2026-11-03T10:00:00Z")),
            until: Some(at("2026-11-05T10:00:00Z")),
            ..AuditFilter::default()
        }),
        [4, 3]
    );
    assert_eq!(
        seqs(AuditFilter {
            before_seq: Some(3),
            limit: Some(1),
            ..AuditFilter::default()
        }),
        [2]
    );
}
