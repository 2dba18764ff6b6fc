//! Tests of membership derivation.

use super::*;
use crate::register::Register;
use crate::testkit;

fn memberships(register: &Register, code: &str) -> Vec<String> {
    let code = VestigingCode::parse(code).unwrap();
    let mut out: Vec<String> = register
        .memberships_of(code)
        .map(|m| format!("{} {} ({})", m.sector, m.swv, m.basis.code()))
        .collect();
    out.sort();
    out
}

const AREA: &str = "
pc4 9401 Assen PO2201 VO2201
pc4 9402 Assen PO2201 VO2201
pc4 3197 Rotterdam - -
pc4 8000 Zwolle PO2301 VO2301
";

#[test]
fn a_so_vso_school_belongs_to_the_po_and_the_vo_swv_of_its_area() {
    let register = testkit::register(&format!(
        "{AREA}
school 00AA00 so-vso 9401AA cluster=3 offer=\"SO ZMLK + VSO ZMLK\"
school 00AB00 so-vso 9401AB cluster=4 offer=\"VSO ZMOK\"
school 00AC00 bao 9402AC
school 00AD00 vo 9402AD
"
    ));
    assert_eq!(
        memberships(&register, "00AA00"),
        ["PO PO2201 (pc4)", "VO VO2201 (pc4)"]
    );
    // A (V)SO vestiging that only teaches VSO belongs only to the VO SWV.
    assert_eq!(memberships(&register, "00AB00"), ["VO VO2201 (pc4)"]);
    assert_eq!(memberships(&register, "00AC00"), ["PO PO2201 (pc4)"]);
    assert_eq!(memberships(&register, "00AD00"), ["VO VO2201 (pc4)"]);
}

#[test]
fn cluster_one_and_two_schools_belong_to_no_swv() {
    let register = testkit::register(&format!(
        "{AREA}
school 25GP00 so-vso 9401AA cluster=1 offer=\"SO VGK + VSO VGK\"
school 17GW00 so 9401AA cluster=2 offer=\"SO DOVN\"
"
    ));
    assert!(memberships(&register, "25GP00").is_empty());
    assert!(memberships(&register, "17GW00").is_empty());
}

#[test]
fn unknown_pc4s_and_pc4s_without_code_are_reported_not_dropped() {
    let (vestigingen, pc4s) = testkit::parse(&format!(
        "{AREA}
school 00AA00 bao 5352AA
school 00AB00 bao 3197AB
school 00AC00 bao - gemeente=Zwolle
school 00AD00 bao - gemeente=Nergenshuizen
"
    ));
    let derivation = derive(&vestigingen, &pc4s, &[]);
    let unassigned: Vec<String> = derivation
        .unassigned
        .iter()
        .map(|(v, s, why)| format!("{v} {s} {why:?}"))
        .collect();
    assert_eq!(
        unassigned,
        [
            "00AA00 PO UnknownPc4(Pc4(5352))",
            "00AB00 PO NoSwvForPc4(Pc4(3197), \"\")",
            "00AD00 PO NoPostcode",
        ]
    );
    // Without a postcode, a municipality wholly in one SWV places the vestiging.
    let m = &derivation.memberships;
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].swv.to_string(), "PO2301");
    assert_eq!(m[0].basis, MembershipBasis::Gemeente("Zwolle".into()));
}

#[test]
fn reformatorische_schools_go_to_the_landelijk_swv_and_overrides_win() {
    let (vestigingen, pc4s) = testkit::parse(&format!(
        "{AREA}
school 00AA00 bao 9401AA denominatie=Reformatorisch
school 00AB00 vo 9401AB denominatie=Reformatorisch
school 00AC00 bao 9401AC denominatie=Reformatorisch
school 00AD00 bao 9401AD
"
    ));
    let code = |c| VestigingCode::parse(c).unwrap();
    let claims = vec![
        MembershipClaim {
            vestiging: code("00AC00"),
            sector: Sector::Po,
            swv: SwvCode::parse("PO2201").ok(),
            basis: MembershipBasis::Override("besluit 2026".into()),
        },
        MembershipClaim {
            vestiging: code("00AD00"),
            sector: Sector::Po,
            swv: None,
            basis: MembershipBasis::Override("geen lid".into()),
        },
    ];
    let derivation = derive(&vestigingen, &pc4s, &claims);
    let register = Register::new(vestigingen, derivation.memberships, pc4s);
    assert_eq!(memberships(&register, "00AA00"), ["PO PO0001 (landelijk)"]);
    assert_eq!(memberships(&register, "00AB00"), ["VO VO0001 (landelijk)"]);
    assert_eq!(memberships(&register, "00AC00"), ["PO PO2201 (override)"]);
    assert!(memberships(&register, "00AD00").is_empty());
}

#[test]
fn municipality_names_fold_across_spellings() {
    assert_eq!(
        fold_gemeente("Súdwest-Fryslân"),
        fold_gemeente("SÚDWEST-FRYSLÂN")
    );
    assert_eq!(fold_gemeente("'s-Gravenhage"), "SGRAVENHAGE");
    assert_eq!(fold_gemeente("Bergen (L.)"), "BERGENL");
}
