//! Retention on an in-memory store: stamps, the run, and the audit chain across it.

use passend_core::access::{Grant, Limit, Role};
use passend_core::retention::{Category, Period, RetentionPolicy, Term};
use passend_core::swv::SwvCode;

use super::*;
use crate::AuditFilter;

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

fn event(when: &str, action: &str, record: &str) -> AuditEvent {
    AuditEvent {
        at: at(when),
        actor: "opdrachtregel".into(),
        action: action.into(),
        record: record.into(),
        purpose: "beheer van gebruikers".into(),
        swv: SwvCode::parse("PO2201").ok(),
        detail: String::new(),
    }
}

fn store_with_user(name: &str) -> Store {
    let store = Store::open_in_memory().unwrap();
    let grant = Grant::new(
        Role::SwvStaff,
        SwvCode::parse("PO2201").unwrap(),
        Limit::None,
    )
    .unwrap();
    store
        .add_user(
            name,
            "Jan Jansen",
            "$argon2id$x",
            &[grant],
            event(
                "2026-01-01T09:00:00Z",
                "gebruiker_toegevoegd",
                &format!("gebruiker:{name}"),
            ),
        )
        .unwrap();
    store
}

fn set_policy(store: &Store, session: Period, user: Period, audit: Period) {
    let policy = RetentionPolicy::new([
        (Category::Sessie, term(session)),
        (Category::Gebruiker, term(user)),
        (Category::Auditregel, term(audit)),
    ])
    .unwrap();
    let mut conn = store.lock();
    let tx = conn.transaction().unwrap();
    write_policy(&tx, &policy).unwrap();
    tx.commit().unwrap();
}

fn term(period: Period) -> Term {
    Term {
        period,
        source: "testbeleid".into(),
    }
}

fn actions(store: &Store) -> Vec<(i64, String)> {
    let mut all = store.audit_entries(&AuditFilter::default()).unwrap();
    all.reverse();
    all.into_iter().map(|e| (e.seq, e.event.action)).collect()
}

#[test]
fn records_are_stamped_with_the_moment_they_must_be_gone() {
    let store = store_with_user("jan");
    store
        .set_disabled(
            "jan",
            true,
            event(
                "2026-03-01T10:00:00Z",
                "gebruiker_uitgeschakeld",
                "gebruiker:jan",
            ),
        )
        .unwrap();
    let user = store.users().unwrap().pop().unwrap();
    assert_eq!(user.disabled_at, Some(at("2026-03-01T10:00:00Z")));
    assert_eq!(user.delete_after, Some(at("2027-03-01T10:00:00Z")));
    store
        .set_disabled(
            "jan",
            false,
            event(
                "2026-03-02T10:00:00Z",
                "gebruiker_ingeschakeld",
                "gebruiker:jan",
            ),
        )
        .unwrap();
    let user = store.users().unwrap().pop().unwrap();
    assert_eq!((user.disabled_at, user.delete_after), (None, None));

    let stamps: Vec<String> = store
        .lock()
        .prepare("SELECT delete_after FROM audit_log ORDER BY seq")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        stamps,
        [
            "2031-01-01T09:00:00Z",
            "2031-03-01T10:00:00Z",
            "2031-03-02T10:00:00Z"
        ]
    );

    store
        .create_session(
            "h1",
            user.id,
            "c",
            at("2026-03-02T18:00:00.250Z"),
            &event("2026-03-02T10:00:00Z", "ingelogd", "gebruiker:jan"),
        )
        .unwrap();
    let stamp: String = store
        .lock()
        .query_row("SELECT delete_after FROM user_session", [], |r| r.get(0))
        .unwrap();
    assert_eq!(stamp, "2026-03-02T18:00:00Z");
}

#[test]
fn a_run_anonymises_accounts_deletes_sessions_and_records_what_it_did() {
    let store = store_with_user("jan");
    let id = store.users().unwrap()[0].id;
    store
        .create_session(
            "h1",
            id,
            "c",
            at("2026-02-01T18:00:00Z"),
            &event("2026-02-01T10:00:00Z", "ingelogd", "gebruiker:jan"),
        )
        .unwrap();
    store
        .set_disabled(
            "jan",
            true,
            event(
                "2026-03-01T10:00:00Z",
                "gebruiker_uitgeschakeld",
                "gebruiker:jan",
            ),
        )
        .unwrap();

    // A day before the year is over: nothing but the run itself is recorded.
    let before = store.users().unwrap();
    let plan = store.retention_plan(at("2027-02-28T10:00:00Z")).unwrap();
    assert!(plan.is_empty(), "{plan:?}");
    let done = store
        .run_retention(at("2027-02-28T10:00:00Z"), "opdrachtregel")
        .unwrap();
    assert!(done.is_empty());
    assert_eq!(store.users().unwrap(), before);
    assert_eq!(
        actions(&store).last().unwrap().1,
        "bewaartermijnen_uitgevoerd"
    );

    // A dry run on the day shows the account and changes nothing.
    let plan = store.retention_plan(at("2027-03-01T10:00:00Z")).unwrap();
    assert_eq!(plan.users.len(), 1);
    assert_eq!(plan.users[0].username, "jan");
    assert_eq!(plan.users[0].due, at("2027-03-01T10:00:00Z"));
    assert_eq!(store.users().unwrap(), before);

    let done = store
        .run_retention(at("2027-03-01T10:00:00Z"), "opdrachtregel")
        .unwrap();
    assert_eq!(done.users.len(), 1);
    let user = store.users().unwrap().pop().unwrap();
    assert_eq!(user.username, format!("verwijderd-{}", id.0));
    assert_eq!(user.display_name, "Verwijderde gebruiker");
    assert!(user.anonymised && user.disabled && user.grants.is_empty());
    assert!(store.user_for_login("jan").unwrap().is_none());
    let err = store
        .set_disabled(
            &user.username,
            false,
            event("2027-03-02T10:00:00Z", "gebruiker_ingeschakeld", "x"),
        )
        .unwrap_err();
    assert!(err.to_string().contains("geanonimiseerd"), "{err}");
    let tail: Vec<String> = actions(&store)
        .into_iter()
        .rev()
        .take(2)
        .map(|a| a.1)
        .collect();
    assert_eq!(
        tail,
        ["bewaartermijnen_uitgevoerd", "gebruiker_geanonimiseerd"]
    );
    let summary = &store.audit_entries(&AuditFilter::default()).unwrap()[0];
    assert_eq!(
        summary.event.detail,
        "0 sessies verwijderd, 1 accounts geanonimiseerd, 0 regels uit het auditlog verwijderd"
    );
    // Its session went with the disabling; nothing is left to delete.
    assert_eq!(
        store
            .lock()
            .query_row("SELECT count(*) FROM user_session", [], |r| r
                .get::<_, i64>(0))
            .unwrap(),
        0
    );
    assert!(store.verify_audit().unwrap().first_broken.is_none());
}

#[test]
fn expired_sessions_go_once_their_term_is_over() {
    let store = store_with_user("jan");
    set_policy(&store, Period::Dagen(7), Period::Jaren(1), Period::Jaren(5));
    let id = store.users().unwrap()[0].id;
    for (token, expires) in [
        ("h1", "2026-02-01T18:00:00Z"),
        ("h2", "2026-02-10T18:00:00Z"),
    ] {
        store
            .create_session(
                token,
                id,
                "c",
                at(expires),
                &event("2026-02-01T10:00:00Z", "ingelogd", "gebruiker:jan"),
            )
            .unwrap();
    }
    let plan = store.retention_plan(at("2026-02-08T18:00:00Z")).unwrap();
    assert_eq!(plan.sessions, 1);
    let done = store
        .run_retention(at("2026-02-08T18:00:00Z"), "opdrachtregel")
        .unwrap();
    assert_eq!(done.sessions, 1);
    let left: String = store
        .lock()
        .query_row("SELECT token_hash FROM user_session", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, "h2");
}

#[test]
fn a_changed_term_applies_to_the_records_already_stored() {
    let store = store_with_user("jan"); // entry 1, 2026-01-01, stamped with five years
    store
        .set_disabled(
            "jan",
            true,
            event(
                "2026-03-01T10:00:00Z",
                "gebruiker_uitgeschakeld",
                "gebruiker:jan",
            ),
        )
        .unwrap();
    assert!(
        store
            .retention_plan(at("2026-08-15T00:00:00Z"))
            .unwrap()
            .is_empty()
    );
    set_policy(
        &store,
        Period::Dagen(0),
        Period::Maanden(3),
        Period::Maanden(6),
    );
    let plan = store.retention_plan(at("2026-08-15T00:00:00Z")).unwrap();
    assert_eq!(plan.users.len(), 1);
    assert_eq!(plan.users[0].due, at("2026-06-01T10:00:00Z"));
    // Entry 1 (2026-01-01) is due; entry 2 (the disabling, 2026-03-01) not before September.
    let due = plan.audit.unwrap();
    assert_eq!((due.first_seq, due.last_seq), (1, 1));
    // Lengthened again, nothing is due.
    set_policy(&store, Period::Dagen(0), Period::Jaren(1), Period::Jaren(5));
    assert!(
        store
            .retention_plan(at("2026-08-15T00:00:00Z"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn the_oldest_audit_entries_go_behind_a_checkpoint_and_the_chain_still_verifies() {
    let store = store_with_user("jan"); // entry 1, 2026-01-01
    set_policy(
        &store,
        Period::Dagen(0),
        Period::Jaren(1),
        Period::Maanden(6),
    );
    store
        .audit(&event("2026-09-01T00:00:00Z", "bekijken", "a:1"))
        .unwrap(); // 2
    // A clock set back: entry 3 is older than entry 2.
    store
        .audit(&event("2026-01-02T00:00:00Z", "bekijken", "a:2"))
        .unwrap(); // 3
    store
        .audit(&event("2026-09-02T00:00:00Z", "bekijken", "a:3"))
        .unwrap(); // 4
    let plan = store.retention_plan(at("2026-08-15T00:00:00Z")).unwrap();
    let due = plan.audit.clone().unwrap();
    assert_eq!((due.first_seq, due.last_seq, due.count), (1, 1, 1));
    assert_eq!(plan.audit_waiting, 1, "entry 3 waits for entry 2");

    let plan = store.retention_plan(at("2027-06-01T00:00:00Z")).unwrap();
    let due = plan.audit.clone().unwrap();
    assert_eq!((due.first_seq, due.last_seq, due.count), (1, 4, 4));

    let done = store
        .run_retention(at("2027-06-01T00:00:00Z"), "opdrachtregel")
        .unwrap();
    let checkpoint = done.checkpoint.clone().unwrap();
    assert_eq!((checkpoint.upto_seq, checkpoint.removed), (4, 4));
    // The run's own entries continue the chain after the checkpoint.
    assert_eq!(
        actions(&store),
        [
            (5, "auditlog_ingekort".to_owned()),
            (6, "bewaartermijnen_uitgevoerd".to_owned())
        ]
    );
    let check = store.verify_audit().unwrap();
    assert_eq!((check.entries, check.first_broken), (2, None));
    assert_eq!(check.checkpoint, Some(checkpoint));
    store
        .audit(&event("2027-06-02T00:00:00Z", "bekijken", "a:4"))
        .unwrap();
    assert!(store.verify_audit().unwrap().first_broken.is_none());

    // Everything due, the log empties entirely; the next entry still follows on.
    let done = store
        .run_retention(at("2040-01-01T00:00:00Z"), "opdrachtregel")
        .unwrap();
    assert_eq!(done.audit.unwrap().count, 3);
    assert_eq!(actions(&store).first().unwrap().0, 8);
    assert!(store.verify_audit().unwrap().first_broken.is_none());
}

#[test]
fn the_database_keeps_the_audit_log_append_only_outside_a_retention_run() {
    let store = store_with_user("jan");
    store
        .audit(&event("2026-02-01T00:00:00Z", "bekijken", "a:1"))
        .unwrap();
    let conn = store.lock();
    let err = conn
        .execute("DELETE FROM audit_log WHERE seq = 1", [])
        .unwrap_err();
    assert!(err.to_string().contains("controlepunt"), "{err}");
    let err = conn
        .execute(
            "INSERT INTO audit_checkpoint (upto_seq, hash, at, removed) VALUES (1, 'verzonnen', 'x', 1)",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("bestaande regel"), "{err}");
}

#[test]
fn a_checkpoint_written_behind_passends_back_breaks_the_chain() {
    let store = store_with_user("jan");
    store
        .audit(&event("2026-02-01T00:00:00Z", "bekijken", "a:1"))
        .unwrap();
    store
        .audit(&event("2026-02-02T00:00:00Z", "bekijken", "a:2"))
        .unwrap();
    store
        .lock()
        .execute_batch(
            "INSERT INTO audit_checkpoint (upto_seq, hash, at, removed)
                 SELECT seq, hash, '2026-03-01T00:00:00Z', 2 FROM audit_log WHERE seq = 2;
             DELETE FROM audit_log WHERE seq <= 2;",
        )
        .unwrap();
    assert_eq!(store.verify_audit().unwrap().first_broken, Some(3));
}

#[test]
fn a_run_refuses_a_broken_chain_and_changes_nothing() {
    let store = store_with_user("jan");
    store
        .set_disabled(
            "jan",
            true,
            event(
                "2026-03-01T10:00:00Z",
                "gebruiker_uitgeschakeld",
                "gebruiker:jan",
            ),
        )
        .unwrap();
    store
        .lock()
        .execute_batch(
            "DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor = 'iemand' WHERE seq = 1;",
        )
        .unwrap();
    let users = store.users().unwrap();
    let entries = store.audit_entries(&AuditFilter::default()).unwrap();
    let err = store
        .run_retention(at("2040-01-01T00:00:00Z"), "opdrachtregel")
        .unwrap_err();
    assert!(
        err.to_string().contains("klopt niet vanaf regel 1"),
        "{err}"
    );
    assert_eq!(store.users().unwrap(), users);
    assert_eq!(
        store.audit_entries(&AuditFilter::default()).unwrap(),
        entries
    );
}
