//! The store's story: migrate, import, load back, import again, fail safely.

use super::*;
use passend_core::testkit;

const FIXTURE: &str = "
pc4 9401 Assen PO2201 VO2201
pc4 9402 Assen PO2201 VO2201
school 00AA00 bao 9401AA name=\"De Linde\" pupils=2024:380,2025:<5
school 00AB00 so-vso 9401AB cluster=3/4 offer=\"SO ZMLK + VSO ZMOK\" pupils=2025:120
school 00AC00 vo 9402AC structure=VBO/MAVO/PRO pupils=2023:700
school 00AD00 sbo - gemeente=Assen nolocation status=closed
";

fn batch<'a>(
    register: &'a Register,
    vestigingen: &'a [Vestiging],
    pc4s: &'a [Pc4Area],
    findings: &'a [Finding],
    names: &'a BTreeMap<SwvCode, String>,
) -> ImportBatch<'a> {
    ImportBatch {
        fingerprint: "abc",
        data_dir: "data",
        finished_at: "2026-11-28T08:00:00Z".parse().unwrap(),
        files: &[],
        vestigingen,
        memberships: register.memberships(),
        pc4s,
        findings,
        swv_names: names,
    }
}

#[test]
fn a_new_database_gets_every_migration() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    assert!(store.is_empty().unwrap());
    assert_eq!(store.last_import().unwrap(), None);
}

#[test]
fn a_database_from_a_newer_passend_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    drop(Store::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::NewerSchema { found: 99, .. }),
        "{err}"
    );
}

#[test]
fn an_import_loads_back_as_it_was_written_and_again_changes_nothing() {
    let register = testkit::register(FIXTURE);
    let findings = vec![Finding {
        rule: Rule::DataDuplicate,
        severity: Severity::Info,
        swv: SwvCode::parse("PO2201").ok(),
        vestiging: VestigingCode::parse("00AA00").ok(),
        message: "dubbel".into(),
    }];
    let names = BTreeMap::from([(
        SwvCode::parse("PO2201").unwrap(),
        "Passend Drenthe".to_owned(),
    )]);
    let store = Store::open_in_memory().unwrap();
    let b = batch(
        &register,
        register.vestigingen(),
        register.pc4s(),
        &findings,
        &names,
    );
    let first = store.save_import(&b).unwrap();
    assert_eq!((first.added, first.changed, first.removed), (4, 0, 0));

    let loaded = store.load_register().unwrap();
    assert_eq!(loaded.vestigingen(), register.vestigingen());
    assert_eq!(loaded.pc4s(), register.pc4s());
    let mut a: Vec<_> = loaded.memberships().to_vec();
    let mut b_m: Vec<_> = register.memberships().to_vec();
    a.sort_by_key(|m| (m.vestiging, m.sector));
    b_m.sort_by_key(|m| (m.vestiging, m.sector));
    assert_eq!(a, b_m);
    assert_eq!(
        loaded.swv_name(SwvCode::parse("PO2201").unwrap()),
        Some("Passend Drenthe")
    );
    assert_eq!(store.data_findings().unwrap(), findings);

    let again = store.save_import(&b).unwrap();
    assert_eq!((again.added, again.changed, again.removed), (0, 0, 0));
    assert_eq!(store.last_import().unwrap().unwrap().id, again.run_id);
}

#[test]
fn changed_and_vanished_vestigingen_are_counted() {
    let register = testkit::register(FIXTURE);
    let store = Store::open_in_memory().unwrap();
    let names = BTreeMap::new();
    store
        .save_import(&batch(
            &register,
            register.vestigingen(),
            register.pc4s(),
            &[],
            &names,
        ))
        .unwrap();
    let mut changed: Vec<Vestiging> = register.vestigingen()[..3].to_vec();
    changed[0].name = "De Linde (nieuw)".into();
    let outcome = store.save_import(&batch(&register, &changed, register.pc4s(), &[], &names));
    // The membership of the vanished vestiging 00AD00 would dangle: the import fails whole.
    assert!(outcome.is_err());
    assert_eq!(
        store.load_register().unwrap().vestigingen(),
        register.vestigingen(),
        "store unchanged"
    );

    let memberships: Vec<Membership> = register
        .memberships()
        .iter()
        .filter(|m| m.vestiging.to_string() != "00AD00")
        .cloned()
        .collect();
    let mut b = batch(&register, &changed, register.pc4s(), &[], &names);
    b.memberships = &memberships;
    let outcome = store.save_import(&b).unwrap();
    assert_eq!((outcome.added, outcome.changed, outcome.removed), (0, 1, 1));
}

/// A database of the previous release (schema 2: register and profiles, no accounts)
/// opens, gains the accounts tables, and keeps its register.
#[test]
fn a_database_of_the_previous_release_migrates_and_keeps_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    {
        let mut conn = Connection::open(&path).unwrap();
        for (i, (_, sql)) in MIGRATIONS.iter().take(2).enumerate() {
            let tx = conn.transaction().unwrap();
            tx.execute_batch(sql).unwrap();
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .unwrap();
            tx.commit().unwrap();
        }
    }
    {
        // Written by the previous release's code path: an import.
        let store_v2 = Store::init_without_migrating(Connection::open(&path).unwrap());
        let register = testkit::register(FIXTURE);
        let names = BTreeMap::new();
        store_v2
            .save_import(&batch(
                &register,
                register.vestigingen(),
                register.pc4s(),
                &[],
                &names,
            ))
            .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    assert_eq!(store.load_register().unwrap().vestigingen().len(), 4);
    assert!(store.users().unwrap().is_empty());
    assert_eq!(store.verify_audit().unwrap().entries, 0);
}

/// A database of the previous release (schema 3: accounts and an audit log without
/// retention stamps) migrates: its chain still verifies, a disabled account's term
/// starts with the upgrade, and unstamped audit entries count from their own moment.
#[test]
fn a_database_with_accounts_from_before_retention_migrates() {
    use crate::accounts::entry_hash;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    {
        let mut conn = Connection::open(&path).unwrap();
        for (i, (_, sql)) in MIGRATIONS.iter().take(3).enumerate() {
            let tx = conn.transaction().unwrap();
            tx.execute_batch(sql).unwrap();
            tx.pragma_update(None, "user_version", (i + 1) as i64)
                .unwrap();
            tx.commit().unwrap();
        }
        // Rows as the schema-3 code wrote them.
        conn.execute_batch(
            "INSERT INTO app_user (id, username, display_name, password_hash, disabled, created_at, password_set_at)
                 VALUES (1, 'oud', 'Oud', '$h', 1, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z');
             INSERT INTO user_session (token_hash, user_id, csrf, created_at, expires_at)
                 VALUES ('t', 1, 'c', '2020-01-01T00:00:00Z', '2020-01-01T08:00:00.5Z');",
        )
        .unwrap();
        let mut prev = "0".repeat(64);
        for (seq, when) in [(1, "2020-01-01T00:00:00Z"), (2, "2024-01-01T00:00:00Z")] {
            let e = AuditEvent {
                at: when.parse().unwrap(),
                actor: "opdrachtregel".into(),
                action: "bekijken".into(),
                record: format!("a:{seq}"),
                purpose: "test".into(),
                swv: None,
                detail: String::new(),
            };
            let hash = entry_hash(&prev, seq, &e);
            conn.execute(
                "INSERT INTO audit_log (seq, at, actor, action, record, purpose, swv, detail, prev_hash, hash)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, '', ?7, ?8)",
                rusqlite::params![seq, when, e.actor, e.action, e.record, e.purpose, prev, hash],
            )
            .unwrap();
            prev = hash;
        }
    }
    let upgraded = jiff::Timestamp::now();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), MIGRATIONS.len() as i64);
    assert!(store.verify_audit().unwrap().first_broken.is_none());
    let user = store.users().unwrap().pop().unwrap();
    let since = user.disabled_at.expect("the upgrade starts the clock");
    assert!(since.as_second() >= upgraded.as_second() - 1, "{since}");

    // Five years after the first entry, only it is due; the session long since.
    let plan = store
        .retention_plan("2025-06-01T00:00:00Z".parse().unwrap())
        .unwrap();
    assert_eq!(plan.sessions, 1);
    assert!(plan.users.is_empty());
    let audit = plan.audit.unwrap();
    assert_eq!((audit.first_seq, audit.last_seq), (1, 1));
    store
        .run_retention("2025-06-01T00:00:00Z".parse().unwrap(), "opdrachtregel")
        .unwrap();
    assert!(store.verify_audit().unwrap().first_broken.is_none());
}
