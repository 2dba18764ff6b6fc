//! The whole bundled data set: each reader's output checked against the facts the data
//! README states about the files, then the assembled register against the same facts.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::OnceLock;

use passend_core::cluster::{ClusterBasis, ClusterSet};
use passend_core::composition::{Rule, check};
use passend_core::ids::{Brin, Pc4, VestigingCode};
use passend_core::membership::required_sectors;
use passend_core::pupils::{Peildatum, PupilCount, PupilTotal};
use passend_core::school::{SchoolKind, Status};
use passend_core::swv::{Sector, SwvCode};
use passend_import::read::{cbs, cluster, geo, po, swv, vo};
use passend_import::{Bundle, read_dir, sources};

use crate::support::{
    bundled_bytes, data_dir, findings_about, path_of, register_of, run, vestiging,
};

/// The bundled data, imported once for all tests.
pub(crate) fn bundle() -> &'static Bundle {
    static BUNDLE: OnceLock<Bundle> = OnceLock::new();
    BUNDLE.get_or_init(|| read_dir(&data_dir(), &mut |_| {}).expect("the bundled data imports"))
}

fn tally<K: Ord>(items: impl IntoIterator<Item = K>) -> BTreeMap<K, usize> {
    let mut out = BTreeMap::new();
    for k in items {
        *out.entry(k).or_insert(0) += 1;
    }
    out
}

fn code(s: &str) -> VestigingCode {
    VestigingCode::parse(s).expect("a valid code in the test")
}

fn has_c1_control(s: &str) -> bool {
    s.chars().any(|c| ('\u{80}'..='\u{9f}').contains(&c))
}

// ---------------------------------------------------------------------------------------
// The files, as the readers return them.

#[test]
fn bundled_files_are_the_documented_copies() {
    let expected: [(&str, u64, &str); 10] = [
        (sources::BO_ADDRESSES, 1_857_646, "357d63db22d42558"),
        (sources::PO_HISTORY, 1_685_133, "e1b4048ec2c74b86"),
        (sources::VO_ADDRESSES, 565_972, "5541de329cec42e6"),
        (sources::VO_PUPILS_2019, 3_518_426, "ef0dd45f73f7248a"),
        (sources::SO_CLUSTERS, 63_213, "932cc1983efebd7f"),
        (sources::REGIO_PC4, 120_869, "9ab9c5c2cf4d7da3"),
        (sources::VSV_2015, 34_827, "0947e5bb90fef656"),
        (sources::GEO_SCHOOLS, 4_976_736, "9b93d643c6dfa1a8"),
        (sources::GEONAMES_PC4, 474_136, "1256551f6d228374"),
        (sources::CBS_PC4, 803_880, "3f749d73ccd557d2"),
    ];
    let files: HashMap<&str, _> = bundle().files.iter().map(|f| (f.key, f)).collect();
    for (key, size, sha_prefix) in expected {
        let file = files.get(key).unwrap_or_else(|| panic!("{key} was read"));
        assert_eq!(file.path, path_of(key));
        assert_eq!(file.size, size, "{key}");
        assert!(
            file.sha256.starts_with(sha_prefix),
            "{key}: {}",
            file.sha256
        );
    }
    // The legal text is not read; the three override files and the three settings are.
    assert!(!files.contains_key(sources::REGIO_TEXT));
    assert!(files.contains_key(sources::SETTINGS_RETENTION));
    assert_eq!(files.len(), 16);
}

#[test]
fn po_history_file_has_the_documented_vestigingen_and_totals() {
    let bytes = bundled_bytes(sources::PO_HISTORY);
    let ((rows, years), issues) = run(|i| po::read_po_history("f.csv", &bytes, i)).unwrap();
    assert_eq!(years, (1996..=2025).collect::<Vec<i16>>());
    assert_eq!(rows.len(), 9_737);
    assert_eq!(
        rows.iter().map(|r| r.code).collect::<BTreeSet<_>>().len(),
        9_737
    );
    let by_kind = tally(rows.iter().map(|r| r.kind.map(SchoolKind::short)));
    let expected_kinds = BTreeMap::from([
        (Some("BAO"), 7_971),
        (Some("VSO"), 567),
        (Some("SBO"), 497),
        (Some("SO/VSO"), 355),
        (Some("SO"), 347),
    ]);
    assert_eq!(by_kind, expected_kinds);

    let oct_2025 = Peildatum::october_first(2025);
    let mut by_kind_2025: BTreeMap<&str, PupilTotal> = BTreeMap::new();
    for row in &rows {
        if let Some((_, count)) = row.counts.iter().find(|(p, _)| *p == oct_2025) {
            by_kind_2025
                .entry(row.kind.unwrap().short())
                .or_default()
                .add(*count);
        }
    }
    let exact: BTreeMap<&str, u64> = by_kind_2025.iter().map(|(k, t)| (*k, t.exact)).collect();
    assert_eq!(
        exact,
        BTreeMap::from([
            ("BAO", 1_356_911),
            ("SO/VSO", 44_620),
            ("SBO", 31_612),
            ("VSO", 15_733),
            ("SO", 15_291)
        ])
    );
    assert_eq!(exact.values().sum::<u64>(), 1_464_167);

    let suppressed_cells = rows
        .iter()
        .flat_map(|r| &r.counts)
        .filter(|(_, c)| *c == PupilCount::Suppressed)
        .count();
    assert_eq!(suppressed_cells, 762);
    let with_pupils_2025 = rows
        .iter()
        .filter(|r| r.latest.is_some_and(PupilCount::is_positive))
        .count();
    assert_eq!(with_pupils_2025, 6_954);

    // The three double-escaped names are repaired.
    assert!(rows.iter().all(|r| !r.name.contains("\"\"")));
    let maasparel = rows.iter().find(|r| r.code == code("00AR00")).unwrap();
    assert_eq!(maasparel.name, "BS \"De Maasparel\"");

    // The only unreadable values: board number 0 of five placeholder rows "onbekend".
    let messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(messages.len(), 5, "{messages:#?}");
    for (issue, line) in issues.iter().zip(9_734..) {
        assert_eq!(
            issue.message,
            format!(
                "f.csv, regel {line}, kolom BEVOEGD_GEZAG_NUMMER: ongeldig bevoegd-gezagnummer '0': verwacht een getal groter dan 0"
            )
        );
        let row = rows
            .iter()
            .find(|r| Some(r.code) == issue.vestiging)
            .unwrap();
        assert_eq!(row.name, "onbekend");
    }
}

#[test]
fn bo_address_list_has_the_documented_rows() {
    let bytes = bundled_bytes(sources::BO_ADDRESSES);
    let (rows, issues) = run(|i| po::read_bo_addresses("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(rows.len(), 6_122);
    let distinct =
        |f: &dyn Fn(&po::BoRow) -> String| rows.iter().map(f).collect::<BTreeSet<String>>().len();
    assert_eq!(distinct(&|r| r.code.brin().to_string()), 6_011);
    assert_eq!(distinct(&|r| format!("{:?}", r.board)), 749);
    assert_eq!(distinct(&|r| format!("{:?}", r.address.gemeente_code)), 342);
    assert_eq!(distinct(&|r| format!("{:?}", r.address.province)), 12);
    assert!(rows.iter().all(|r| r.address.postcode.is_some()));
    assert_eq!(rows.iter().filter(|r| r.website.is_none()).count(), 638);
    // windows-1252, not ISO-8859-1: no C1 control characters, and 0x92 is ’.
    assert!(rows.iter().all(|r| !has_c1_control(&r.name)));
    let kompas = rows.iter().find(|r| r.code == code("05OC00")).unwrap();
    assert_eq!(kompas.name, "Dalton Kindcentrum \u{2019}t Kompas");
}

#[test]
fn vo_files_have_the_documented_rows_and_totals() {
    let bytes = bundled_bytes(sources::VO_ADDRESSES);
    let (rows, issues) = run(|i| vo::read_vo_addresses("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(rows.len(), 1_619);
    let brins: BTreeSet<Brin> = rows.iter().map(|r| r.code.brin()).collect();
    assert_eq!(brins.len(), 648);
    assert!(rows.iter().all(|r| r.structure.is_some()));
    // Empty websites are padded with spaces to 80 characters.
    assert_eq!(rows.iter().filter(|r| r.website.is_none()).count(), 497);

    let bytes = bundled_bytes(sources::VO_PUPILS_2019);
    let (pupils, issues) = run(|i| vo::read_vo_pupils("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(pupils.len(), 1_450);
    assert_eq!(
        pupils.values().map(|p| u64::from(p.total)).sum::<u64>(),
        956_857
    );
}

#[test]
fn regio_table_has_the_documented_pc4s_and_codes() {
    let bytes = bundled_bytes(sources::REGIO_PC4);
    let (rows, issues) = run(|i| swv::read_regio("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(rows.len(), 4_046);
    assert_eq!(
        rows.iter().map(|r| r.pc4).collect::<BTreeSet<_>>().len(),
        4_046
    );
    let po: BTreeSet<SwvCode> = rows.iter().filter_map(|r| r.po.clone().ok()).collect();
    let vo: BTreeSet<SwvCode> = rows.iter().filter_map(|r| r.vo.clone().ok()).collect();
    assert_eq!(po.len(), 76);
    assert_eq!(vo.len(), 74);
    assert!(
        po.iter()
            .all(|s| s.sector() == Sector::Po && !s.is_landelijk())
    );
    assert!(
        vo.iter()
            .all(|s| s.sector() == Sector::Vo && !s.is_landelijk())
    );
    assert_eq!(
        rows.iter()
            .map(|r| r.gemeente.as_str())
            .collect::<BTreeSet<_>>()
            .len(),
        393
    );
    let without_code: Vec<(u16, String, String)> = rows
        .iter()
        .filter(|r| r.po.is_err() || r.vo.is_err())
        .map(|r| {
            (
                r.pc4.get(),
                r.po.clone().unwrap_err(),
                r.vo.clone().unwrap_err(),
            )
        })
        .collect();
    let europoort = || "Europoort".to_owned();
    assert_eq!(
        without_code,
        vec![
            (3197, europoort(), europoort()),
            (3198, europoort(), europoort()),
            (3199, europoort(), europoort())
        ]
    );
}

#[test]
fn vsv_file_has_the_documented_rows_and_codes() {
    let bytes = bundled_bytes(sources::VSV_2015);
    let (rows, issues) = run(|i| swv::read_vsv("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(rows.len(), 1_270);
    let codes: BTreeSet<SwvCode> = rows.iter().map(|r| r.swv).collect();
    assert_eq!(codes.len(), 75);
    let landelijk: Vec<String> = codes
        .iter()
        .filter(|s| s.is_landelijk())
        .map(ToString::to_string)
        .collect();
    assert_eq!(landelijk, vec!["VO0001"]);
    assert!(codes.iter().all(|s| s.sector() == Sector::Vo));
    assert_eq!(codes.first().unwrap().to_string(), "VO0001");
    assert_eq!(codes.iter().nth(1).unwrap().to_string(), "VO2001");
    assert_eq!(codes.last().unwrap().to_string(), "VO3106");
}

#[test]
fn geo_files_have_the_documented_features_and_pc4s() {
    let bytes = bundled_bytes(sources::GEO_SCHOOLS);
    let (points, issues) = run(|i| geo::read_geo_schools("f.json", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(points.len(), 8_717);
    let per_code = tally(points.iter().map(|p| p.code));
    assert_eq!(per_code.len(), 8_622);
    assert_eq!(per_code.values().filter(|n| **n > 1).count(), 74);
    assert!(points.iter().all(|p| p.point.is_some()));
    assert_eq!(points.iter().filter(|p| p.pupils.is_some()).count(), 8_440);
    let kinds = tally(points.iter().map(|p| p.kind.map(SchoolKind::short)));
    assert_eq!(
        kinds,
        BTreeMap::from([
            (Some("BAO"), 6_182),
            (Some("SBO"), 268),
            (Some("SO"), 111),
            (Some("VSO"), 84),
            (Some("SO/VSO"), 432),
            (Some("PrO"), 149),
            (Some("VO"), 8_717 - 6_182 - 268 - 111 - 84 - 432 - 149),
        ])
    );

    let bytes = bundled_bytes(sources::GEONAMES_PC4);
    let (pc4s, issues) = run(|i| geo::read_geonames("f.json", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(pc4s.len(), 4_064);
    let places: usize = pc4s.values().map(|p| p.places.len()).sum();
    assert!(places <= 4_328 && places > 4_064, "{places}");
}

#[test]
fn cbs_file_has_the_documented_pc4_rows() {
    let bytes = bundled_bytes(sources::CBS_PC4);
    let (rows, issues) = run(|i| cbs::read_cbs("f.xlsx", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(rows.len(), 4_072);
    // Totals and suppressed (-99997) cells as counted with openpyxl.
    let sum = |f: fn(&cbs::CbsPc4) -> Option<u32>| -> (u64, usize) {
        (
            rows.values().filter_map(f).map(u64::from).sum(),
            rows.values().filter(|r| f(r).is_none()).count(),
        )
    };
    assert_eq!(sum(|r| r.inhabitants), (17_942_005, 17));
    assert_eq!(sum(|r| r.under_15), (2_713_875, 97));
    assert_eq!(sum(|r| r.age_15_to_25).1, 96);
}

#[test]
fn cluster_extract_has_the_documented_rows() {
    let bytes = bundled_bytes(sources::SO_CLUSTERS);
    let (rows, issues) = run(|i| cluster::read_clusters("f.csv", &bytes, i)).unwrap();
    // No issue: CLUSTER agrees with the clusters of ONDERWIJS on every row.
    assert_eq!(issues, vec![]);
    assert_eq!(rows.len(), 643);
    assert_eq!(
        rows.iter()
            .map(|r| r.code.brin())
            .collect::<BTreeSet<_>>()
            .len(),
        263
    );
    let clusters = tally(rows.iter().map(|r| r.cluster.unwrap().to_string()));
    assert_eq!(
        clusters,
        BTreeMap::from([
            ("1".to_owned(), 8),
            ("2".to_owned(), 79),
            ("3".to_owned(), 232),
            ("4".to_owned(), 315),
            ("3/4".to_owned(), 9)
        ])
    );
    let kinds = tally(rows.iter().map(|r| r.kind.map(SchoolKind::short)));
    assert_eq!(
        kinds,
        BTreeMap::from([(Some("SO/VSO"), 444), (Some("SO"), 112), (Some("VSO"), 87)])
    );
    // The cluster is per vestiging: ten BRINs have vestigingen of different clusters.
    let mut per_brin: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for r in &rows {
        per_brin
            .entry(r.code.brin().to_string())
            .or_default()
            .insert(r.cluster.unwrap().to_string());
    }
    let mixed: Vec<&str> = per_brin
        .iter()
        .filter(|(_, set)| set.len() > 1)
        .map(|(brin, _)| brin.as_str())
        .collect();
    assert_eq!(
        mixed,
        vec![
            "00KM", "00MU", "00PZ", "01TQ", "02GD", "16QX", "18XY", "19SU", "21GN", "30EF"
        ]
    );
    let of = |c: &str| {
        rows.iter()
            .find(|r| r.code == code(c))
            .unwrap()
            .cluster
            .unwrap()
    };
    assert_eq!(of("01TQ03").to_string(), "4");
    assert_eq!(of("01TQ00").to_string(), "3");
}

// ---------------------------------------------------------------------------------------
// The assembled register.

#[test]
fn assembled_pupil_counts_of_2025_add_up_to_the_history_file() {
    let oct_2025 = Peildatum::october_first(2025);
    let a = &bundle().assembled;
    let total: PupilTotal = a
        .vestigingen
        .iter()
        .filter_map(|v| v.count_at(oct_2025))
        .collect();
    assert_eq!(total.exact, 1_464_167);
    assert_eq!(total.suppressed, 13, "the <5 cells of 2025");
    let counted = a
        .vestigingen
        .iter()
        .filter(|v| v.count_at(oct_2025).is_some())
        .count();
    assert_eq!(counted, 6_954);
    // A vestiging with pupils in 2025 is open.
    assert!(
        a.vestigingen
            .iter()
            .filter(|v| v.count_at(oct_2025).is_some())
            .all(|v| v.status == Status::Open)
    );
    // Every vestiging of the history file is in the register, once.
    assert_eq!(
        a.vestigingen
            .iter()
            .map(|v| v.code)
            .collect::<BTreeSet<_>>()
            .len(),
        a.vestigingen.len()
    );
    let in_history = a
        .vestigingen
        .iter()
        .filter(|v| v.sources.iter().any(|s| s == sources::PO_HISTORY))
        .count();
    assert_eq!(in_history, 9_737);
}

#[test]
fn every_vestiging_of_the_bo_list_is_an_open_basisschool() {
    let bytes = bundled_bytes(sources::BO_ADDRESSES);
    let (rows, _) = run(|i| po::read_bo_addresses("f.csv", &bytes, i)).unwrap();
    let register = register_of(bundle());
    for row in &rows {
        let v = register
            .vestiging(row.code)
            .unwrap_or_else(|| panic!("{} is in the register", row.code));
        assert_eq!(
            (v.kind, v.status, v.name.as_str(), v.postcode),
            (
                SchoolKind::Bao,
                Status::Open,
                row.name.as_str(),
                row.address.postcode
            ),
            "{}",
            row.code
        );
    }
    // Names: no doubled quotes and no windows-1252 bytes read as ISO-8859-1.
    for v in register.vestigingen() {
        assert!(!v.name.contains("\"\""), "{} {}", v.code, v.name);
        assert!(!has_c1_control(&v.name), "{} {}", v.code, v.name);
    }
    assert_eq!(
        vestiging(bundle(), "05OC00").name,
        "Dalton Kindcentrum \u{2019}t Kompas"
    );
}

#[test]
fn sbo_schools_that_the_history_file_calls_so_vso_are_sbo_with_a_finding() {
    let b = bundle();
    for c in ["00EM00", "14VP00", "19QG00", "19RT00", "20QG00"] {
        let v = vestiging(b, c);
        assert_eq!((v.kind, v.status), (SchoolKind::Sbo, Status::Open), "{c}");
        assert_eq!(v.cluster, None, "{c}: SBO has no cluster");
        let conflicts: Vec<_> = findings_about(b, c)
            .into_iter()
            .filter(|f| f.rule == Rule::DataSourceConflict)
            .collect();
        assert_eq!(conflicts.len(), 1, "{c}: {conflicts:?}");
        assert_eq!(
            conflicts[0].message,
            format!(
                "{c}: de leerlingentelling PO noemt dit SO/VSO, maar de (V)SO-adreslijst van DUO kent deze vestiging niet en de adreslijst van 2024 noemt haar SBO; aangehouden: SBO."
            )
        );
        // An SBO school belongs to one PO SWV and no VO SWV.
        let sectors: Vec<Sector> = b
            .assembled
            .memberships
            .iter()
            .filter(|m| m.vestiging == v.code)
            .map(|m| m.sector)
            .collect();
        assert_eq!(sectors, vec![Sector::Po], "{c}");
    }
    // No other vestiging that the history file counts as SO, VSO or SO/VSO in 2025 is
    // missing from DUO's (V)SO list.
    let bytes = bundled_bytes(sources::PO_HISTORY);
    let ((rows, _), _) = run(|i| po::read_po_history("f.csv", &bytes, i)).unwrap();
    let bytes = bundled_bytes(sources::SO_CLUSTERS);
    let (extract, _) = run(|i| cluster::read_clusters("f.csv", &bytes, i)).unwrap();
    let in_extract: BTreeSet<VestigingCode> = extract.iter().map(|r| r.code).collect();
    let not_in_extract: Vec<String> = rows
        .iter()
        .filter(|r| r.kind.is_some_and(SchoolKind::is_special))
        .filter(|r| r.latest.is_some_and(PupilCount::is_positive))
        .filter(|r| !in_extract.contains(&r.code))
        .map(|r| r.code.to_string())
        .collect();
    assert_eq!(
        not_in_extract,
        vec!["00EM00", "14VP00", "19QG00", "19RT00", "20QG00"]
    );
}

#[test]
fn only_the_vestigingen_with_a_pc4_newer_than_the_regeling_are_unplaced() {
    let b = bundle();
    let a = &b.assembled;
    let placed: BTreeSet<(VestigingCode, Sector)> = a
        .memberships
        .iter()
        .map(|m| (m.vestiging, m.sector))
        .collect();
    let unplaced = |sector: Sector| -> Vec<(String, Option<Pc4>)> {
        a.vestigingen
            .iter()
            .filter(|v| v.status == Status::Open)
            .filter(|v| required_sectors(v).contains(&sector))
            .filter(|v| !placed.contains(&(v.code, sector)))
            .map(|v| (v.code.to_string(), v.pc4()))
            .collect()
    };
    let po = unplaced(Sector::Po);
    let codes: Vec<&str> = po.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(
        codes,
        vec!["06VO00", "10JF00", "31KB00", "31LJ00", "31LR00", "32KY00"]
    );
    let pc4s: BTreeSet<u16> = po.iter().map(|(_, p)| p.unwrap().get()).collect();
    assert_eq!(pc4s, BTreeSet::from([1384, 4125, 5156, 5352, 8269]));
    for (c, _) in &po {
        assert_eq!(vestiging(b, c).kind, SchoolKind::Bao, "{c}");
    }
    for pc4 in &pc4s {
        let area = a.pc4s.iter().find(|area| area.pc4.get() == *pc4);
        assert!(area.is_none_or(|area| !area.in_regeling), "{pc4}");
    }
    assert_eq!(unplaced(Sector::Vo), vec![]);
}

/// The derived join table of the data folder, copied into the fixtures.
fn derived_cluster_table() -> Vec<HashMap<String, String>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/so-vso-cluster-per-vestiging.csv"
    );
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_path(path)
        .expect("the fixture exists");
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            header
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

#[test]
fn cluster_classification_agrees_with_the_derived_table_for_every_row() {
    let b = bundle();
    let register = register_of(b);
    let table = derived_cluster_table();
    assert_eq!(table.len(), 653);
    let mut bases = BTreeMap::new();
    for row in &table {
        let c = code(&row["VESTIGINGSCODE"]);
        let v = register
            .vestiging(c)
            .unwrap_or_else(|| panic!("{c} is in the register"));
        assert!(v.kind.is_special(), "{c}: {:?}", v.kind);
        let cluster = v
            .cluster
            .as_ref()
            .unwrap_or_else(|| panic!("{c} has a cluster"));
        let basis = row["CLUSTER_BASIS"].as_str();
        *bases.entry(basis.to_owned()).or_insert(0) += 1;
        match basis {
            "vestiging" => {
                assert_eq!(cluster.basis, ClusterBasis::DuoVestiging, "{c}");
                assert_eq!(cluster.clusters.to_string(), row["CLUSTER"], "{c}");
            }
            "brin" => {
                assert_eq!(cluster.basis, ClusterBasis::DuoBrin, "{c}");
                assert_eq!(cluster.clusters.to_string(), row["CLUSTER"], "{c}");
            }
            "brin-ambiguous" => {
                assert_eq!(row["CLUSTER"], "");
                assert_eq!(cluster.basis, ClusterBasis::DuoBrin, "{c}");
                assert!(!cluster.is_known(), "{c}");
                let possible = row["CLUSTERS_OF_BRIN_DUO09"]
                    .split('|')
                    .map(|s| ClusterSet::parse(s).unwrap())
                    .fold(ClusterSet::EMPTY, ClusterSet::union);
                assert_eq!(cluster.possible, possible, "{c}");
            }
            other => panic!("unknown CLUSTER_BASIS {other}"),
        }
        let expected_member = match row["SWV_MEMBER_EXPECTED"].as_str() {
            "yes" => true,
            "no" => false,
            other => panic!("unknown SWV_MEMBER_EXPECTED {other}"),
        };
        assert_eq!(cluster.swv_member(), expected_member, "{c}");
        if !expected_member {
            assert_eq!(register.memberships_of(c).count(), 0, "{c}");
        }
    }
    assert_eq!(
        bases,
        BTreeMap::from([
            ("brin".to_owned(), 7),
            ("brin-ambiguous".to_owned(), 3),
            ("vestiging".to_owned(), 643)
        ])
    );
    // The README names the ten that DUO does not list.
    let of = |c: &str| {
        register
            .vestiging(code(c))
            .unwrap()
            .cluster
            .clone()
            .unwrap()
    };
    for (c, cluster) in [
        ("00SH02", "4"),
        ("00SH03", "4"),
        ("01GF01", "4"),
        ("02SP01", "4"),
        ("05YX03", "4"),
        ("04GJ02", "3"),
        ("17LV02", "3"),
    ] {
        assert_eq!(
            (of(c).basis, of(c).clusters.to_string()),
            (ClusterBasis::DuoBrin, cluster.to_owned()),
            "{c}"
        );
    }
    for c in ["00KM36", "00KM40", "00KM43"] {
        assert!(!of(c).is_known() && of(c).swv_member(), "{c}");
    }
}

#[test]
fn cluster_1_and_2_schools_belong_to_no_swv() {
    let register = register_of(bundle());
    let outside: Vec<_> = register
        .vestigingen()
        .iter()
        .filter(|v| v.cluster.as_ref().is_some_and(|c| !c.swv_member()))
        .collect();
    // Closed ones too (classified by their BRIN): no membership, open or closed.
    for v in &outside {
        assert!(required_sectors(v).is_empty(), "{}", v.code);
        assert_eq!(register.memberships_of(v.code).count(), 0, "{}", v.code);
    }
    // The open ones are the extract's 8 of cluster 1 and 79 of cluster 2.
    let open: Vec<_> = outside
        .iter()
        .filter(|v| v.status == Status::Open)
        .collect();
    assert_eq!(open.len(), 8 + 79);
    assert!(
        open.iter()
            .all(|v| v.cluster.as_ref().unwrap().basis == ClusterBasis::DuoVestiging)
    );
    let brins: BTreeSet<String> = open.iter().map(|v| v.code.brin().to_string()).collect();
    let expected: BTreeSet<String> = [
        "25GP", "25HD", "25HE", "25GR", "17GW", "01JO", "20WR", "08ZP",
    ]
    .map(str::to_owned)
    .into();
    assert_eq!(brins, expected);
}

#[test]
fn every_open_vestiging_is_placed_once_per_sector_or_reported() {
    let b = bundle();
    let register = register_of(b);
    let findings = check(&register, None);
    let mut reported = 0;
    for v in register
        .vestigingen()
        .iter()
        .filter(|v| v.status == Status::Open)
    {
        let required = required_sectors(v);
        for sector in Sector::ALL {
            let n = register
                .memberships_of(v.code)
                .filter(|m| m.sector == sector)
                .count();
            if required.contains(&sector) {
                if n == 0 {
                    reported += 1;
                    assert!(
                        findings.iter().any(|f| f.vestiging == Some(v.code)
                            && matches!(f.rule, Rule::DataUnknownPc4 | Rule::VestigingWithoutSwv)
                            && f.message
                                .contains(&format!("{sector}-samenwerkingsverband"))),
                        "{} {sector} is neither placed nor reported",
                        v.code
                    );
                } else {
                    assert_eq!(n, 1, "{} {sector}", v.code);
                }
            } else {
                assert_eq!(n, 0, "{} {sector}: not required, no override", v.code);
            }
        }
    }
    assert_eq!(reported, 6);
    assert!(!findings.iter().any(|f| matches!(
        f.rule,
        Rule::VestigingInSeveralSwvs | Rule::VestigingWrongMembership
    )),);
}

#[test]
fn pc4_areas_join_the_regeling_geonames_and_cbs() {
    let a = &bundle().assembled;
    let regio = {
        let bytes = bundled_bytes(sources::REGIO_PC4);
        run(|i| swv::read_regio("f.csv", &bytes, i)).unwrap().0
    };
    let geonames = {
        let bytes = bundled_bytes(sources::GEONAMES_PC4);
        run(|i| geo::read_geonames("f.json", &bytes, i)).unwrap().0
    };
    let cbs_rows = {
        let bytes = bundled_bytes(sources::CBS_PC4);
        run(|i| cbs::read_cbs("f.xlsx", &bytes, i)).unwrap().0
    };
    let regio_pc4s: BTreeSet<Pc4> = regio.iter().map(|r| r.pc4).collect();
    let all: BTreeSet<Pc4> = regio_pc4s
        .iter()
        .chain(geonames.keys())
        .chain(cbs_rows.keys())
        .copied()
        .collect();
    let areas: Vec<Pc4> = a.pc4s.iter().map(|p| p.pc4).collect();
    assert_eq!(areas, all.iter().copied().collect::<Vec<_>>());
    assert_eq!(a.pc4s.iter().filter(|p| p.in_regeling).count(), 4_046);
    // GeoNames misses 2 PC4s of the regeling.
    assert_eq!(
        regio_pc4s
            .iter()
            .filter(|p| !geonames.contains_key(p))
            .count(),
        2
    );
    let inhabitants: u64 = a
        .pc4s
        .iter()
        .filter_map(|p| p.inhabitants)
        .map(u64::from)
        .sum();
    assert_eq!(inhabitants, 17_942_005);
    let swvs = |sector: Sector| {
        a.pc4s
            .iter()
            .filter_map(|p| p.swv(sector))
            .collect::<BTreeSet<_>>()
            .len()
    };
    assert_eq!((swvs(Sector::Po), swvs(Sector::Vo)), (76, 74));
    let europoort: Vec<u16> = a
        .pc4s
        .iter()
        .filter(|p| p.note.as_deref() == Some("Europoort"))
        .map(|p| p.pc4.get())
        .collect();
    assert_eq!(europoort, vec![3197, 3198, 3199]);
}

#[test]
fn the_register_lists_77_po_and_75_vo_swvs() {
    let register = register_of(bundle());
    let codes = |sector: Sector| -> Vec<SwvCode> {
        register.swvs().filter(|s| s.sector() == sector).collect()
    };
    let po = codes(Sector::Po);
    let vo = codes(Sector::Vo);
    assert_eq!((po.len(), vo.len()), (77, 75));
    assert_eq!(po[0].to_string(), "PO0001");
    assert_eq!(vo[0].to_string(), "VO0001");
    // VO0001's members come from DUO's VSV file, which lists 26: 25 are in the 2024
    // address list, the 26th (00WH01) is in no other source.
    assert_eq!(register.open_members(vo[0]).count(), 25);
}
