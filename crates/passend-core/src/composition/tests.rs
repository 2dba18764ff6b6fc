//! Tests of the composition rules on small fixtures.

use expect_test::{Expect, expect};

use super::*;
use crate::testkit;

#[track_caller]
fn check_findings(fixture: &str, only: Option<&str>, expected: Expect) {
    let register = testkit::register(fixture);
    let only = only.map(|s| SwvCode::parse(s).unwrap());
    let rendered: Vec<String> = check(&register, only)
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {} | {}",
                f.swv.map(|s| s.to_string()).unwrap_or("-".into()),
                f.severity.code(),
                f.rule,
                f.vestiging.map(|v| v.to_string()).unwrap_or("-".into()),
                f.message
            )
        })
        .collect();
    expected.assert_eq(&rendered.join("\n"));
}

const COMPLETE_PO: &str = "
pc4 9401 Assen PO2201 VO2201
school 00AA00 bao 9401AA
school 00AB00 sbo 9401AB
school 00AC00 so 9401AC cluster=3 offer=\"SO ZMLK\"
school 00AD00 so-vso 9401AD cluster=4 offer=\"SO ZMOK + VSO ZMOK\"
school 00AE00 vo 9401AE structure=VBO/MAVO/HAVO/VWO
school 00AF00 vo 9401AF structure=PRO
";

#[test]
fn a_complete_swv_has_no_findings() {
    check_findings(COMPLETE_PO, None, expect![[""]]);
}

#[test]
fn each_missing_kind_and_cluster_is_its_own_finding() {
    check_findings(
        "
pc4 9401 Assen PO2201 VO2201
school 00AA00 bao 9401AA
school 00AC00 so 9401AC cluster=3 offer=\"SO ZMLK\"
school 00AB00 sbo 9401AB status=closed
school 00AE00 vo 9401AE structure=VBO/MAVO
",
        None,
        expect![[r#"
            PO2201 error po_missing_sbo - | PO2201 heeft geen open vestiging voor speciaal basisonderwijs (SBO); een PO-samenwerkingsverband omvat die in zijn gebied (WPO art. 18a lid 2).
            PO2201 error po_missing_so_cluster_4 - | PO2201 heeft geen open vestiging voor speciaal onderwijs (SO) van cluster 4; een PO-samenwerkingsverband omvat die in zijn gebied (WPO art. 18a lid 2).
            VO2201 error vo_missing_havo - | VO2201 heeft geen open vestiging met havo; een VO-samenwerkingsverband omvat die in zijn gebied (WVO 2020 art. 2.47).
            VO2201 error vo_missing_vwo - | VO2201 heeft geen open vestiging met vwo; een VO-samenwerkingsverband omvat die in zijn gebied (WVO 2020 art. 2.47).
            VO2201 error vo_missing_praktijkonderwijs - | VO2201 heeft geen open vestiging met praktijkonderwijs; een VO-samenwerkingsverband omvat die in zijn gebied (WVO 2020 art. 2.47).
            VO2201 error vo_missing_vso - | VO2201 heeft geen open vestiging voor voortgezet speciaal onderwijs (VSO); een VO-samenwerkingsverband omvat die in zijn gebied (WVO 2020 art. 2.47)."#]],
    );
}

#[test]
fn a_vso_only_part_does_not_count_for_the_po_swv() {
    check_findings(
        &format!("{COMPLETE_PO}\nschool 00AG00 so-vso 9401AG cluster=4 offer=\"VSO ZMOK\""),
        None,
        expect![[""]],
    );
    // Without the SO part of 00AD00, cluster 4 is missing in PO but VSO is there for VO.
    check_findings(
        &COMPLETE_PO.replace("SO ZMOK + VSO ZMOK", "VSO ZMOK"),
        Some("PO2201"),
        expect![[
            r#"PO2201 error po_missing_so_cluster_4 - | PO2201 heeft geen open vestiging voor speciaal onderwijs (SO) van cluster 4; een PO-samenwerkingsverband omvat die in zijn gebied (WPO art. 18a lid 2)."#
        ]],
    );
}

#[test]
fn data_findings_name_the_vestiging_and_the_likely_swv() {
    check_findings(
        &format!(
            "{COMPLETE_PO}
school 00BA00 bao 5352AA gemeente=Assen name=\"Nieuwbouwschool\"
school 00BB00 so 9401AB name=\"De Regenboog\"
school 00BC00 bao 9401AC nolocation
"
        ),
        None,
        expect![[r#"
            PO2201 error data_unknown_pc4 00BA00 | 00BA00 Nieuwbouwschool: postcodegebied 5352 staat niet in de Regeling regio-indeling (stand 2015); deze vestiging is aan geen PO-samenwerkingsverband gekoppeld. Vermoedelijk hoort zij bij PO2201 (gemeente Assen).
            PO2201 warning data_unclassified_cluster 00BB00 | 00BB00 De Regenboog: het cluster is onbekend (geen clustergegevens bij DUO en niets in de naam). Lidmaatschap van het samenwerkingsverband is aangenomen. Leg het cluster vast in data/overrides/cluster.csv.
            PO2201 warning data_missing_coordinates 00BC00 | 00BC00 School: geen coördinaten: de vestiging staat niet op de kaart."#]],
    );
}

#[test]
fn a_cluster_two_school_placed_in_an_swv_is_an_error() {
    let fixture =
        format!("{COMPLETE_PO}\nschool 17GW00 so 9401AB cluster=2 offer=\"SO DOVN\" name=Kentalis");
    let claims = vec![crate::membership::MembershipClaim {
        vestiging: VestigingCode::parse("17GW00").unwrap(),
        sector: Sector::Po,
        swv: SwvCode::parse("PO2201").ok(),
        basis: MembershipBasis::Override("per abuis".into()),
    }];
    let register = testkit::register_with_claims(&fixture, &claims);
    let findings = check(&register, None);
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0].rule, Rule::VestigingWrongMembership);
    assert_eq!(
        findings[0].message,
        "17GW00 Kentalis staat in PO2201 maar cluster 2 hoort bij geen samenwerkingsverband."
    );
}

#[test]
fn landelijk_swvs_get_warnings_not_errors_and_inferred_members_are_named() {
    let register = testkit::register(&format!(
        "{COMPLETE_PO}\nschool 00CA00 bao 9401CA denominatie=Reformatorisch"
    ));
    let findings = check(&register, SwvCode::parse("PO0001").ok());
    let summary: Vec<(&str, &str)> = findings
        .iter()
        .map(|f| (f.rule.id(), f.severity.code()))
        .collect();
    assert_eq!(
        summary,
        [
            ("po_missing_sbo", "warning"),
            ("po_missing_so_cluster_3", "warning"),
            ("po_missing_so_cluster_4", "warning"),
            ("landelijk_inferred", "info"),
        ]
    );
}

#[test]
fn rule_ids_are_unique_and_round_trip() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    for rule in Rule::ALL {
        assert_eq!(Rule::from_id(rule.id()), Some(*rule));
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
}
