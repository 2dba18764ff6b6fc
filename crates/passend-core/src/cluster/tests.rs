//! Tests of cluster parsing and classification.

use super::*;

#[test]
fn duo_cluster_column_parses() {
    assert_eq!(ClusterSet::parse("3").unwrap().to_string(), "3");
    assert_eq!(ClusterSet::parse("3/4").unwrap().to_string(), "3/4");
    assert_eq!(ClusterSet::parse("4, 3").unwrap().to_string(), "3/4");
    assert_eq!(ClusterSet::parse("3 en 4").unwrap().to_string(), "3/4");
    assert_eq!(ClusterSet::parse(""), None);
    assert_eq!(ClusterSet::parse("5"), None);
    assert!(ClusterSet::parse("1/2").unwrap().only_outside_swv());
    assert!(!ClusterSet::parse("3/4").unwrap().only_outside_swv());
    assert!(!ClusterSet::parse("2/3").unwrap().only_outside_swv());
}

#[test]
fn onderwijs_column_gives_clusters_per_part() {
    // 16QX01 in the DUO extract: ZMLK in SO and VSO, and residential ZMOK in VSO.
    let offer = SpecialOffer::parse("SO ZMLK + VSO ZMLK + RP-VSO ZMOK").unwrap();
    assert_eq!(offer.so.to_string(), "3");
    assert_eq!(offer.vso.to_string(), "3/4");
    assert!(offer.residential);
    let offer = SpecialOffer::parse("SO LZ/P + VSO LZ/P + RP-SO LZ/P + RP-VSO LZ/P").unwrap();
    assert_eq!(offer.clusters().to_string(), "4");
    let offer = SpecialOffer::parse("SO DOVN,SH,ESM + VSO MGA").unwrap();
    assert_eq!(offer.clusters().to_string(), "2");
    assert!(!offer.residential);
    let err = SpecialOffer::parse("SO ZMLK + MBO ZMLK").unwrap_err();
    assert_eq!(err.part, "MBO ZMLK");
    assert!(SpecialOffer::parse("SO XYZ").is_err());
}

#[track_caller]
fn check(
    evidence: ClusterEvidence<'_>,
    clusters: &str,
    basis: ClusterBasis,
    confidence: Confidence,
) {
    let got = classify(&evidence);
    assert_eq!(got.clusters.to_string(), clusters, "{got:?}");
    assert_eq!(got.basis, basis, "{got:?}");
    assert_eq!(got.confidence, confidence, "{got:?}");
}

#[test]
fn override_wins_over_duo() {
    let three = ClusterSet::only(Cluster::Three);
    let four = ClusterSet::only(Cluster::Four);
    let evidence = ClusterEvidence {
        override_row: Some((four, "besluit bestuur 2026")),
        duo_vestiging: Some((three, "SO ZMLK")),
        ..Default::default()
    };
    check(evidence, "4", ClusterBasis::Override, Confidence::High);
}

#[test]
fn duo_vestiging_value_wins_over_brin_and_name() {
    let evidence = ClusterEvidence {
        duo_vestiging: Some((ClusterSet::only(Cluster::Three), "SO ZMLK")),
        duo_brin: vec![ClusterSet::only(Cluster::Four)],
        name: "School voor Speciaal Basisonderwijs De Rank",
        ..Default::default()
    };
    check(evidence, "3", ClusterBasis::DuoVestiging, Confidence::High);
}

#[test]
fn a_brin_with_one_value_gives_medium_confidence() {
    let evidence = ClusterEvidence {
        duo_brin: vec![ClusterSet::only(Cluster::Four)],
        name: "De Ambelt",
        ..Default::default()
    };
    check(evidence, "4", ClusterBasis::DuoBrin, Confidence::Medium);
}

#[test]
fn a_brin_with_several_values_leaves_the_cluster_unknown_but_membership_clear() {
    // Attendiz 00KM36: BRIN values 3/4 and 4.
    let evidence = ClusterEvidence {
        duo_brin: vec![
            ClusterSet::parse("3/4").unwrap(),
            ClusterSet::only(Cluster::Four),
        ],
        name: "Attendiz",
        ..Default::default()
    };
    let got = classify(&evidence);
    assert!(!got.is_known());
    assert_eq!(got.possible.to_string(), "3/4");
    assert!(got.swv_member());
    assert_eq!(
        got.evidence,
        "de andere vestigingen van dit BRIN verschillen bij DUO: cluster 3/4 en 4"
    );
}

#[test]
fn names_point_to_clusters_when_nothing_else_does() {
    let name = |name| ClusterEvidence {
        name,
        ..Default::default()
    };
    check(
        name("Koninklijke Visio Onderwijs"),
        "1",
        ClusterBasis::Name,
        Confidence::Low,
    );
    check(
        name("Bartiméus Onderwijs"),
        "1",
        ClusterBasis::Name,
        Confidence::Low,
    );
    check(
        name("Kentalis Talent College"),
        "2",
        ClusterBasis::Name,
        Confidence::Low,
    );
    check(
        name("Auris College"),
        "2",
        ClusterBasis::Name,
        Confidence::Low,
    );
    check(
        name("Mytylschool  Kiem"),
        "3",
        ClusterBasis::Name,
        Confidence::Low,
    );
    check(
        name("SO ZMLK De Wingerd"),
        "3",
        ClusterBasis::Name,
        Confidence::Low,
    );
    check(
        name("VSO-ZMOK De Bolster"),
        "4",
        ClusterBasis::Name,
        Confidence::Low,
    );
    check(
        name("De Vlinder Speciaal Onderwijs cluster 4"),
        "4",
        ClusterBasis::Name,
        Confidence::Low,
    );
    check(
        name("De Regenboog"),
        "",
        ClusterBasis::Unknown,
        Confidence::Low,
    );
    // "lg" inside a longer word is no evidence.
    check(
        name("Algemene school"),
        "",
        ClusterBasis::Unknown,
        Confidence::Low,
    );
}

#[test]
fn clusters_one_and_two_are_not_swv_members() {
    let visio = classify(&ClusterEvidence {
        duo_vestiging: Some((ClusterSet::only(Cluster::One), "SO VGK")),
        ..Default::default()
    });
    assert!(!visio.swv_member());
    let unknown = classify(&ClusterEvidence {
        name: "De Regenboog",
        ..Default::default()
    });
    assert!(
        unknown.swv_member(),
        "membership is presumed when the cluster is unknown"
    );
}
