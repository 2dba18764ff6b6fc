//! The authorization matrix: every kind of user against every resource and action.

use expect_test::expect;

use super::*;

fn swv(code: &str) -> SwvCode {
    SwvCode::parse(code).unwrap()
}

fn v(code: &str) -> VestigingCode {
    VestigingCode::parse(code).unwrap()
}

fn b(n: &str) -> BoardNumber {
    BoardNumber::parse(n).unwrap()
}

fn user(id: i64, grants: &[(Role, &str, Limit)]) -> Principal {
    Principal {
        user: Some(UserId(id)),
        grants: grants
            .iter()
            .map(|&(role, s, limit)| Grant::new(role, swv(s), limit).unwrap())
            .collect(),
    }
}

/// The people of the matrix: every role in PO2201, and the near misses.
fn people() -> Vec<(&'static str, Principal)> {
    vec![
        ("anoniem", Principal::anonymous()),
        ("zonder rol", user(1, &[])),
        (
            "beheerder",
            user(2, &[(Role::SwvAdmin, "PO2201", Limit::None)]),
        ),
        (
            "beheerder ander swv",
            user(3, &[(Role::SwvAdmin, "PO2301", Limit::None)]),
        ),
        (
            "medewerker",
            user(4, &[(Role::SwvStaff, "PO2201", Limit::None)]),
        ),
        (
            "deskundige toegewezen",
            user(5, &[(Role::Expert, "PO2201", Limit::None)]),
        ),
        (
            "deskundige niet toegewezen",
            user(6, &[(Role::Expert, "PO2201", Limit::None)]),
        ),
        (
            "school eigen",
            user(
                7,
                &[(Role::School, "PO2201", Limit::Vestiging(v("00AA00")))],
            ),
        ),
        (
            "school andere",
            user(
                8,
                &[(Role::School, "PO2201", Limit::Vestiging(v("00AB00")))],
            ),
        ),
        (
            "bestuur eigen",
            user(9, &[(Role::Board, "PO2201", Limit::Board(b("41000")))]),
        ),
        (
            "bestuur ander",
            user(10, &[(Role::Board, "PO2201", Limit::Board(b("42000")))]),
        ),
        ("lezer", user(11, &[(Role::Reader, "PO2201", Limit::None)])),
        (
            "ouder eigen kind",
            user(12, &[(Role::Parent, "PO2201", Limit::Child(ChildId(1)))]),
        ),
        (
            "ouder ander kind",
            user(13, &[(Role::Parent, "PO2201", Limit::Child(ChildId(2)))]),
        ),
        (
            "twee swv's",
            user(
                14,
                &[
                    (Role::Reader, "PO2201", Limit::None),
                    (Role::SwvStaff, "PO2301", Limit::None),
                ],
            ),
        ),
    ]
}

fn resources() -> Vec<(&'static str, Resource)> {
    let po2201 = swv("PO2201");
    vec![
        ("openbaar", Resource::Public),
        (
            "profiel 00AA00",
            Resource::Profile {
                vestiging: v("00AA00"),
                board: Some(b("41000")),
                swvs: vec![po2201],
            },
        ),
        ("instellingen", Resource::SwvSettings(po2201)),
        (
            "dossier kind 1",
            Resource::Person {
                swv: po2201,
                vestiging: Some(v("00AA00")),
                board: Some(b("41000")),
                child: Some(ChildId(1)),
                experts: vec![UserId(5)],
            },
        ),
        ("gebruikers", Resource::Users(po2201)),
        ("auditlog", Resource::AuditLog(po2201)),
        ("plaatsing", Resource::Placement(po2201)),
    ]
}

fn symbol(d: Decision) -> &'static str {
    match d {
        Decision::Allow => "ja",
        Decision::LoginRequired => "login",
        Decision::Forbidden => "verboden",
        Decision::NotFound => "onbekend",
    }
}

#[test]
fn the_authorization_matrix() {
    let resources = resources();
    let mut out = String::new();
    out.push_str(&format!("{:<27}", ""));
    for (name, _) in &resources {
        out.push_str(&format!("| {name:<21}"));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    for (who, principal) in people() {
        out.push_str(&format!("{who:<27}"));
        for (_, resource) in &resources {
            let view = symbol(decide(&principal, Action::View, resource));
            let change = symbol(decide(&principal, Action::Change, resource));
            out.push_str(&format!("| {:<21}", format!("{view}/{change}")));
        }
        out.truncate(out.trim_end().len());
        out.push('\n');
    }
    // Read as "zien/wijzigen".
    expect![[r#"
                                   | openbaar             | profiel 00AA00       | instellingen         | dossier kind 1       | gebruikers           | auditlog             | plaatsing
        anoniem                    | ja/login             | ja/login             | login/login          | login/login          | login/login          | login/login          | login/login
        zonder rol                 | ja/verboden          | ja/verboden          | verboden/verboden    | onbekend/onbekend    | verboden/verboden    | verboden/verboden    | verboden/verboden
        beheerder                  | ja/verboden          | ja/ja                | ja/ja                | ja/ja                | ja/ja                | ja/ja                | ja/ja
        beheerder ander swv        | ja/verboden          | ja/verboden          | verboden/verboden    | onbekend/onbekend    | verboden/verboden    | verboden/verboden    | verboden/verboden
        medewerker                 | ja/verboden          | ja/ja                | ja/ja                | ja/ja                | verboden/verboden    | verboden/verboden    | ja/ja
        deskundige toegewezen      | ja/verboden          | ja/verboden          | ja/verboden          | ja/ja                | verboden/verboden    | verboden/verboden    | verboden/verboden
        deskundige niet toegewezen | ja/verboden          | ja/verboden          | ja/verboden          | onbekend/onbekend    | verboden/verboden    | verboden/verboden    | verboden/verboden
        school eigen               | ja/verboden          | ja/ja                | ja/verboden          | ja/ja                | verboden/verboden    | verboden/verboden    | verboden/verboden
        school andere              | ja/verboden          | ja/verboden          | ja/verboden          | onbekend/onbekend    | verboden/verboden    | verboden/verboden    | verboden/verboden
        bestuur eigen              | ja/verboden          | ja/ja                | ja/verboden          | ja/ja                | verboden/verboden    | verboden/verboden    | verboden/verboden
        bestuur ander              | ja/verboden          | ja/verboden          | ja/verboden          | onbekend/onbekend    | verboden/verboden    | verboden/verboden    | verboden/verboden
        lezer                      | ja/verboden          | ja/verboden          | ja/verboden          | onbekend/onbekend    | verboden/verboden    | verboden/verboden    | verboden/verboden
        ouder eigen kind           | ja/verboden          | ja/verboden          | verboden/verboden    | ja/verboden          | verboden/verboden    | verboden/verboden    | verboden/verboden
        ouder ander kind           | ja/verboden          | ja/verboden          | verboden/verboden    | onbekend/onbekend    | verboden/verboden    | verboden/verboden    | verboden/verboden
        twee swv's                 | ja/verboden          | ja/verboden          | ja/verboden          | onbekend/onbekend    | verboden/verboden    | verboden/verboden    | verboden/verboden
    "#]].assert_eq(&out);
}

#[test]
fn grants_fit_their_role() {
    let s = swv("PO2201");
    assert!(Grant::new(Role::School, s, Limit::None).is_err());
    assert!(Grant::new(Role::Board, s, Limit::Vestiging(v("00AA00"))).is_err());
    assert!(Grant::new(Role::SwvAdmin, s, Limit::Board(b("41000"))).is_err());
    assert!(Grant::new(Role::Parent, s, Limit::Child(ChildId(3))).is_ok());
    for role in Role::ALL {
        assert_eq!(Role::parse(role.code()), Some(role));
    }
    assert_eq!(Role::parse("koning"), None);
}

#[test]
fn a_record_of_another_swv_does_not_exist_even_for_its_neighbours_administrator() {
    let admin_elsewhere = user(3, &[(Role::SwvAdmin, "PO2301", Limit::None)]);
    let record = Resource::Person {
        swv: swv("PO2201"),
        vestiging: None,
        board: None,
        child: None,
        experts: vec![],
    };
    assert_eq!(
        decide(&admin_elsewhere, Action::View, &record),
        Decision::NotFound
    );
    assert_eq!(
        decide(&admin_elsewhere, Action::Change, &record),
        Decision::NotFound
    );
}
