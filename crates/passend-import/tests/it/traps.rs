//! One test per trap that the data README lists, on small fixtures fed to the readers or
//! to a complete miniature data directory; then the file-level errors, and determinism.

use passend_core::cluster::{ClusterBasis, ClusterSet, Confidence};
use passend_core::composition::{Rule, Severity, check};
use passend_core::ids::{GemeenteCode, Pc4, VestigingCode};
use passend_core::pupils::{Peildatum, PupilCount};
use passend_core::register::LocationBasis;
use passend_core::school::{SchoolKind, Status, VoStructure};
use passend_core::swv::{Sector, SwvCode};
use passend_import::read::{cbs, cluster, geo, po, swv, vo};
use passend_import::{ImportErrorKind, read_dir, sources};

use crate::bundled::bundle;
use crate::support::{
    BO_HEADER, CLUSTER_HEADER, Cell, HISTORY_HEADER, MiniData, REGIO_HEADER, VO_HEADER,
    VO_PUPILS_HEADER, bundled_bytes, cbs_xlsx, cp1252, data_dir, findings_about, geo_collection,
    geo_feature, path_of, register_of, run, table, vestiging, with_bom,
};

fn code(s: &str) -> VestigingCode {
    VestigingCode::parse(s).expect("a valid code in the test")
}

fn swv_code(s: &str) -> SwvCode {
    SwvCode::parse(s).expect("a valid SWV code in the test")
}

/// The error of a result, without printing a whole file's rows when there is none.
fn expect_err<T>(result: Result<T, passend_import::ImportError>) -> passend_import::ImportError {
    match result {
        Ok(_) => panic!("expected an error, but the file was read"),
        Err(e) => e,
    }
}

fn oct1(year: i16) -> Peildatum {
    Peildatum::october_first(year)
}

// ---------------------------------------------------------------------------------------
// Encodings and separators.

#[test]
fn windows_1252_apostrophe_is_0x92_not_a_latin_1_control_character() {
    let bytes = cp1252(&table(
        BO_HEADER,
        &[
            "Zuid-Holland;22725;32HX;32HX00;\u{2019}t Palet Holy;Kraanvogellaan;99;3136 JB;VLAARDINGEN;0622;VLAARDINGEN;Rooms-Katholiek;0104749688; ",
        ],
        "\r\n",
    ));
    assert!(
        bytes.contains(&0x92),
        "the fixture holds the windows-1252 byte"
    );
    let (rows, issues) = run(|i| po::read_bo_addresses("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(rows[0].name, "\u{2019}t Palet Holy");
    // ISO-8859-1 would have made 0x92 the C1 control character U+0092.
    assert!(!rows[0].name.contains('\u{92}'));
}

#[test]
fn a_utf8_byte_order_mark_does_not_spoil_the_first_column() {
    let plain = table(
        HISTORY_HEADER,
        &["00AA;00AA00;OBS It Harspit;BO;Openbaar;12345;1900;S\u{da}DWEST-FRYSL\u{c2}N;118;120"],
        "\r\n",
    );
    for bytes in [with_bom(&plain), plain.clone()] {
        let ((rows, years), issues) = run(|i| po::read_po_history("f.csv", &bytes, i)).unwrap();
        assert_eq!(issues, vec![]);
        assert_eq!(years, vec![2024, 2025]);
        assert_eq!(rows[0].code, code("00AA00"));
        assert_eq!(rows[0].gemeente_name.as_deref(), Some("SÚDWEST-FRYSLÂN"));
    }
    // A file DUO published as windows-1252 but that was saved again as UTF-8 with a
    // byte-order mark is read as UTF-8.
    let resaved = with_bom(&table(
        BO_HEADER,
        &[
            "Drenthe;32073;05OC;05OC00;Dalton Kindcentrum \u{2019}t Kompas;Ceresstraat;6;9514 CA;GASSELTERNIJVEEN;1680;AA EN HUNZE;Protestants-Christelijk;0599512734; ",
        ],
        "\r\n",
    ));
    let (rows, _) = run(|i| po::read_bo_addresses("f.csv", &resaved, i)).unwrap();
    assert_eq!(rows[0].name, "Dalton Kindcentrum \u{2019}t Kompas");
}

#[test]
fn fields_are_separated_by_semicolons_and_commas_stay_inside_fields() {
    let commas = b"PC4,GEMEENTE,PO_SWV,VO_SWV\n9401,Assen,PO2201,VO2201\n";
    let err = run(|i| swv::read_regio("open/swv/r.csv", commas, i)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "open/swv/r.csv, regel 1, kolom 1: de kopregel klopt niet: verwacht 'PC4', gevonden 'PC4,GEMEENTE,PO_SWV,VO_SWV'"
    );
    let bytes = table(
        CLUSTER_HEADER,
        &[
            "(V)SO;40000;04GJ;04GJ00;De Boerderij, zoeg en behandelcentrum;1608 EV;WIJDENES;1598;3;SO ZMLK + VSO ZMLK",
        ],
        "\n",
    );
    let (rows, issues) = run(|i| cluster::read_clusters("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(rows[0].name, "De Boerderij, zoeg en behandelcentrum");
}

// ---------------------------------------------------------------------------------------
// Values.

#[test]
fn suppressed_counts_are_kept_apart_and_count_as_pupils() {
    let bytes = with_bom(&table(
        HISTORY_HEADER,
        &[
            "03AD;03AD00;SBO Klein;SBO;Openbaar;1;106;ASSEN;<5;<5",
            "03AE;03AE00;SBO Dicht;SBO;Openbaar;1;106;ASSEN;<5;0",
            "03AF;03AF00;SBO Groot;SBO;Openbaar;1;106;ASSEN;40;45",
        ],
        "\r\n",
    ));
    let ((rows, _), issues) = run(|i| po::read_po_history("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(
        rows[0].counts,
        vec![
            (oct1(2024), PupilCount::Suppressed),
            (oct1(2025), PupilCount::Suppressed)
        ]
    );
    assert_eq!(rows[0].latest, Some(PupilCount::Suppressed));
    assert_eq!(rows[1].counts, vec![(oct1(2024), PupilCount::Suppressed)]);
    assert_eq!(rows[1].latest, Some(PupilCount::Exact(0)));

    let mut data = MiniData::new();
    data.set(sources::PO_HISTORY, bytes);
    let bundle = data.import().unwrap();
    let klein = vestiging(&bundle, "03AD00");
    assert_eq!(
        klein.status,
        Status::Open,
        "<5 pupils is a school with pupils"
    );
    assert_eq!(klein.count_at(oct1(2025)), Some(PupilCount::Suppressed));
    let dicht = vestiging(&bundle, "03AE00");
    assert_eq!(dicht.status, Status::Closed);
    assert_eq!(dicht.count_at(oct1(2025)), None);
    assert_eq!(
        vestiging(&bundle, "03AF00").count_at(oct1(2025)),
        Some(PupilCount::Exact(45))
    );
}

#[test]
fn space_padded_empty_fields_are_empty() {
    let padded = " ".repeat(80);
    let row = format!(
        "DRENTHE;10053;18BR;18BR00;School voor Praktijkonderwijs Assen  ;Zwartwatersweg;202;9406 NN;ASSEN;0106;ASSEN;Openbaar;{padded};{padded};PRO"
    );
    let bytes = cp1252(&table(VO_HEADER, &[row.as_str()], "\n"));
    let (rows, issues) = run(|i| vo::read_vo_addresses("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(rows[0].website, None);
    assert_eq!(rows[0].name, "School voor Praktijkonderwijs Assen");
    assert_eq!(rows[0].structure, VoStructure::parse("PRO"));

    let bytes = cp1252(&table(
        BO_HEADER,
        &["Drenthe;12345;00AA;00AA00;OBS De Linde; ; ;9401 AA;ASSEN;0106;ASSEN; ; ; "],
        "\r\n",
    ));
    let (rows, issues) = run(|i| po::read_bo_addresses("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    let row = &rows[0];
    assert_eq!(
        (&row.website, &row.denominatie, &row.address.street),
        (&None, &None, &None)
    );
}

#[test]
fn brin_has_four_characters_and_vestigingscode_six() {
    let bytes = cp1252(&table(
        BO_HEADER,
        &[
            "Drenthe;12345;00AA;00AA00;OBS De Linde;Kerkstraat;1;9401 AA;ASSEN;0106;ASSEN;Openbaar; ; ",
            "Drenthe;12345;00AB;00AA01;Verkeerde BRIN;Kerkstraat;2;9401 AA;ASSEN;0106;ASSEN;Openbaar; ; ",
            "Drenthe;12345;00AA;00AA;Alleen BRIN;Kerkstraat;3;9401 AA;ASSEN;0106;ASSEN;Openbaar; ; ",
            "Drenthe;12345;00aa;00aa02;Kleine letters;Kerkstraat;4;9401 AA;ASSEN;0106;ASSEN;Openbaar; ; ",
        ],
        "\r\n",
    ));
    let (rows, issues) = run(|i| po::read_bo_addresses("open/po/bo.csv", &bytes, i)).unwrap();
    let codes: Vec<VestigingCode> = rows.iter().map(|r| r.code).collect();
    assert_eq!(codes, vec![code("00AA00"), code("00AA02")]);
    assert_eq!(codes[0].brin().as_str(), "00AA");
    assert_eq!(codes[1].to_string(), "00AA02");
    let messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "open/po/bo.csv, regel 3, kolom INSTELLINGSCODE: instellingscode '00AB' hoort niet bij vestigingscode 00AA01; regel overgeslagen",
            "open/po/bo.csv, regel 4, kolom VESTIGINGSCODE: ongeldige vestigingscode '00AA': verwacht BRIN plus twee cijfers, zoals 00AO01; regel overgeslagen",
        ]
    );
    assert!(issues.iter().all(|i| i.rule == Rule::DataInvalidValue));
}

#[test]
fn vo_pupil_file_splits_the_code_into_brin_and_two_digits() {
    let year = |brin: &str, nr: &str, kind: &str, n: u32| {
        format!("{brin};{nr};College;ASSEN;Drenthe;{kind};;;;opleiding;{n};{n};0;0;0;0;0;0;0;0;0;0")
    };
    let rows = [
        year("01AB", "00", "Brugjaar 1-2", 100),
        year("01AB", "00", "VWO lj 4-6", 20),
        year("01AB", "01", "Praktijkonderwijs alle vj", 15),
        year("01AB", "01AB02", "HAVO lj 4-5", 30),
    ];
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    let bytes = cp1252(&table(VO_PUPILS_HEADER, &rows, "\n"));
    let (pupils, issues) = run(|i| vo::read_vo_pupils("f.csv", &bytes, i)).unwrap();
    let keys: Vec<String> = pupils.keys().map(ToString::to_string).collect();
    assert_eq!(keys, vec!["01AB00", "01AB01"]);
    assert_eq!(pupils[&code("01AB00")].total, 240);
    assert_eq!(
        pupils[&code("01AB00")].structure,
        VoStructure::parse("VWO/BRUGJAAR").unwrap()
    );
    assert_eq!(pupils[&code("01AB01")].total, 30);
    assert_eq!(issues.len(), 1, "{issues:?}");
    assert_eq!(
        issues[0].message,
        "f.csv, regel 5, kolom VESTIGINGSNUMMER: ongeldige vestigingscode '01AB01AB02': verwacht BRIN plus twee cijfers, zoals 00AO01; regel overgeslagen"
    );

    // The VO address list's VESTIGINGSNUMMER holds all six characters.
    let bytes = cp1252(&table(
        VO_HEADER,
        &[
            "DRENTHE;22222;01AB;01AB00;Dr. Nassau College;Stationsstraat;2;9401 AB;ASSEN;0106;ASSEN;Openbaar; ; ;VBO/MAVO/HAVO/VWO",
            "DRENTHE;22222;01AB;01;Dr. Nassau College;Stationsstraat;2;9401 AB;ASSEN;0106;ASSEN;Openbaar; ; ;VBO/MAVO/HAVO/VWO",
        ],
        "\n",
    ));
    let (rows, issues) = run(|i| vo::read_vo_addresses("f.csv", &bytes, i)).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].code, code("01AB00"));
    assert_eq!(issues.len(), 1);

    // Assembled, the two-digit number joins the six-character code: 100+110+90+95.
    let bundle = MiniData::new().import().unwrap();
    assert_eq!(
        vestiging(&bundle, "01AB00").count_at(oct1(2019)),
        Some(PupilCount::Exact(395))
    );
}

#[test]
fn gemeentecodes_with_and_without_zero_padding_are_the_same_gemeente() {
    assert_eq!(GemeenteCode::parse("106"), GemeenteCode::parse("0106"));
    assert_eq!(GemeenteCode::parse("106").unwrap().to_string(), "0106");

    // The cluster extract pads (0109); the history file does not (109). A vestiging that
    // only the extract lists gets its gemeente's name from the history file.
    let mut data = MiniData::new();
    data.set(
        sources::SO_CLUSTERS,
        table(
            CLUSTER_HEADER,
            &[
                "(V)SO;33333;02AC;02AC00;De Atlas;9402 AC;ASSEN;0106;3;SO ZMLK + VSO ZMLK",
                "SO;44444;04AD;04AD00;De Hoeksteen;9402 AD;COEVORDEN;0109;4;SO ZMOK",
            ],
            "\n",
        ),
    )
    .set(
        sources::PO_HISTORY,
        with_bom(&table(
            HISTORY_HEADER,
            &[
                "00AA;00AA00;OBS De Linde;BO;Openbaar;12345;106;ASSEN;118;120",
                "05AE;05AE00;Oude school;BO;Openbaar;12345;109;COEVORDEN;10;0",
            ],
            "\r\n",
        )),
    );
    let bundle = data.import().unwrap();
    let hoeksteen = vestiging(&bundle, "04AD00");
    let gemeente = hoeksteen.gemeente.as_ref().expect("a gemeente");
    assert_eq!(gemeente.code, GemeenteCode::parse("109").ok());
    assert_eq!(gemeente.name, "COEVORDEN");
    let oude = vestiging(&bundle, "05AE00");
    assert_eq!(oude.gemeente.as_ref().unwrap().code, gemeente.code);
}

#[test]
fn cbs_cells_of_minus_99997_are_suppressed_not_numbers() {
    use Cell::{N, S};
    let bytes = cbs_xlsx(&[
        vec![
            N(1041.0),
            N(-99997.0),
            N(-99997.0),
            N(-99997.0),
            N(-99997.0),
            N(-99997.0),
        ],
        vec![N(1046.0), N(125.0), N(100.0), N(30.0), N(-99997.0), N(65.0)],
        vec![
            N(1047.0),
            N(200.0),
            N(100.0),
            N(100.0),
            S("geheim"),
            N(30.0),
        ],
        vec![S("Bron: CBS")],
    ]);
    let (rows, issues) = run(|i| cbs::read_cbs("open/cbs/c.xlsx", &bytes, i)).unwrap();
    let pc4 = |n| Pc4::new(n).unwrap();
    assert_eq!(rows.len(), 3);
    let suppressed = rows[&pc4(1041)];
    assert_eq!(
        (
            suppressed.inhabitants,
            suppressed.under_15,
            suppressed.age_15_to_25
        ),
        (None, None, None)
    );
    let partly = rows[&pc4(1046)];
    assert_eq!(
        (partly.inhabitants, partly.under_15, partly.age_15_to_25),
        (Some(125), None, Some(65))
    );
    let messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        messages,
        vec!["open/cbs/c.xlsx, rij 12, kolom E: geen getal: 'geheim'"]
    );

    // The bundled file: 1041 is wholly suppressed, 1046 only for the under-15s.
    let (real, _) = run(|i| cbs::read_cbs("c.xlsx", &bundled_bytes(sources::CBS_PC4), i)).unwrap();
    assert_eq!(real[&pc4(1041)].inhabitants, None);
    assert_eq!(real[&pc4(1046)].inhabitants, Some(125));
    assert_eq!(real[&pc4(1046)].under_15, None);
    assert_eq!(real[&pc4(1011)].inhabitants, Some(10010));
}

#[test]
fn double_escaped_quotes_in_names_are_repaired() {
    let bytes = with_bom(&table(
        HISTORY_HEADER,
        &[
            "00AR;00AR00;\"BS \"\"\"\"De Maasparel\"\"\"\"\";BO;Rooms-Katholiek;41797;1641;MAASGOUW;131;129",
            "00AS;00AS00;\"Basisschool \"\"Kla4\"\"\";BO;Openbaar;1;1641;MAASGOUW;10;12",
        ],
        "\r\n",
    ));
    let ((rows, _), issues) = run(|i| po::read_po_history("f.csv", &bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(rows[0].name, "BS \"De Maasparel\"");
    assert_eq!(rows[1].name, "Basisschool \"Kla4\"");
}

#[test]
fn europoort_instead_of_a_code_leaves_the_pc4_without_swv() {
    let bytes = table(
        REGIO_HEADER,
        &[
            "3196;Rotterdam;PO2801;VO2801",
            "3197;Rotterdam;Europoort;Europoort",
            "3198;Rotterdam;VO2801;VO2801",
        ],
        "\n",
    );
    let (rows, issues) = run(|i| swv::read_regio("r.csv", &bytes, i)).unwrap();
    assert_eq!(rows[1].po, Err("Europoort".to_owned()));
    assert_eq!(rows[1].vo, Err("Europoort".to_owned()));
    assert_eq!(rows[0].po, Ok(swv_code("PO2801")));
    let messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
    assert_eq!(
        messages,
        vec!["r.csv, regel 4, kolom PO_SWV: VO2801 is geen PO-samenwerkingsverband"],
        "Europoort is a note, not an unreadable value"
    );

    let mut data = MiniData::new();
    data.set(
        sources::BO_ADDRESSES,
        cp1252(&table(
            BO_HEADER,
            &[
                "Drenthe;12345;00AA;00AA00;OBS De Linde;Kerkstraat;1;9401 AA;ASSEN;0106;ASSEN;Openbaar; ; ",
                "Zuid-Holland;1;06AF;06AF00;Havenschool;Havenweg;1;3197 KK;ROTTERDAM;0599;ROTTERDAM;Openbaar; ; ",
            ],
            "\r\n",
        )),
    );
    let bundle = data.import().unwrap();
    let area = bundle
        .assembled
        .pc4s
        .iter()
        .find(|a| a.pc4.get() == 3197)
        .expect("3197 is an area");
    assert!(area.in_regeling);
    assert_eq!((area.po_swv, area.vo_swv), (None, None));
    assert_eq!(area.note.as_deref(), Some("Europoort"));
    assert!(
        !bundle
            .assembled
            .memberships
            .iter()
            .any(|m| m.vestiging == code("06AF00"))
    );
    let findings = check(&register_of(&bundle), None);
    let about: Vec<_> = findings
        .iter()
        .filter(|f| f.vestiging == Some(code("06AF00")) && f.rule != Rule::DataMissingCoordinates)
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert_eq!(about[0].rule, Rule::VestigingWithoutSwv);
    assert_eq!(about[0].severity, Severity::Error);
    assert!(
        about[0].message.contains("'Europoort'"),
        "{}",
        about[0].message
    );
}

#[test]
fn a_vestigingscode_twice_in_the_geo_file_gives_one_vestiging_at_its_postcode() {
    let geo_bytes = geo_collection(&[
        geo_feature("00AA00", "basisschool", "9402ZZ", 6.60, 53.01),
        geo_feature("00AA00", "basisschool", "9401AA", 6.56, 52.99),
        geo_feature("01AB00", "VBO/MAVO/HAVO/VWO", "9401AB", 6.57, 52.995),
    ]);
    let (points, issues) = run(|i| geo::read_geo_schools("g.json", &geo_bytes, i)).unwrap();
    assert_eq!(issues, vec![]);
    assert_eq!(
        points.iter().map(|p| (p.index, p.code)).collect::<Vec<_>>(),
        vec![
            (1, code("00AA00")),
            (2, code("00AA00")),
            (3, code("01AB00"))
        ]
    );

    let mut data = MiniData::new();
    data.set(sources::GEO_SCHOOLS, geo_bytes);
    let bundle = data.import().unwrap();
    assert_eq!(
        bundle
            .assembled
            .vestigingen
            .iter()
            .filter(|v| v.code == code("00AA00"))
            .count(),
        1
    );
    let linde = vestiging(&bundle, "00AA00");
    let location = linde.location.expect("a location");
    assert_eq!(location.basis, LocationBasis::AddressPoint);
    assert_eq!(
        (location.point.lat, location.point.lon),
        (52.99, 6.56),
        "the point at the postcode of the BO list, not the first one"
    );
    let duplicates: Vec<_> = findings_about(&bundle, "00AA00")
        .into_iter()
        .filter(|f| f.rule == Rule::DataDuplicate)
        .collect();
    assert_eq!(duplicates.len(), 1);
    assert_eq!(
        duplicates[0].message,
        "open/geo/scholen20241122.geo.json, object 2: 00AA00 staat 2 keer in de adreslijst van 2024 (2 verschillende adrespunten); het punt bij de postcode telt."
    );
}

#[test]
fn the_cluster_is_per_vestiging_not_per_brin() {
    let mut data = MiniData::new();
    data.set(
        sources::SO_CLUSTERS,
        table(
            CLUSTER_HEADER,
            &[
                "(V)SO;42687;01TQ;01TQ00;De Klimop;9401 TA;ASSEN;0106;3;SO ZMLK + VSO ZMLK",
                "(V)SO;42687;01TQ;01TQ03;Elan College;9401 TB;ASSEN;0106;4;SO ZMOK + VSO ZMOK",
                "(V)SO;50000;05YX;05YX00;Parkschool;9402 YA;ASSEN;0106;4;SO ZMOK + VSO ZMOK",
                "(V)SO;60000;25GP;25GP00;Visio;9402 GA;ASSEN;0106;1;SO VGK + VSO VGK",
            ],
            "\n",
        ),
    )
    .set(
        sources::GEO_SCHOOLS,
        geo_collection(&[
            geo_feature("00AA00", "basisschool", "9401AA", 6.56, 52.99),
            geo_feature("01TQ09", "(V)SO", "9401TC", 6.56, 52.99),
            geo_feature("05YX03", "(V)SO", "9402YB", 6.56, 52.99),
        ]),
    );
    let bundle = data.import().unwrap();
    let cluster_of = |c: &str| {
        vestiging(&bundle, c)
            .cluster
            .clone()
            .unwrap_or_else(|| panic!("{c} has a cluster"))
    };
    let set = |s: &str| ClusterSet::parse(s).unwrap();

    let klimop = cluster_of("01TQ00");
    assert_eq!(
        (klimop.clusters, klimop.basis),
        (set("3"), ClusterBasis::DuoVestiging)
    );
    let elan = cluster_of("01TQ03");
    assert_eq!(
        (elan.clusters, elan.basis),
        (set("4"), ClusterBasis::DuoVestiging)
    );
    // Not listed by DUO, and its BRIN has both: unknown, but certainly in an SWV.
    let other = cluster_of("01TQ09");
    assert_eq!(other.clusters, ClusterSet::EMPTY);
    assert_eq!(other.possible, set("3/4"));
    assert_eq!(other.basis, ClusterBasis::DuoBrin);
    assert!(other.swv_member());
    // Not listed by DUO, and its BRIN has one value.
    let park = cluster_of("05YX03");
    assert_eq!(
        (park.clusters, park.basis, park.confidence),
        (set("4"), ClusterBasis::DuoBrin, Confidence::Medium)
    );
    // Cluster 1 belongs to no SWV.
    assert!(!cluster_of("25GP00").swv_member());
    assert!(
        !bundle
            .assembled
            .memberships
            .iter()
            .any(|m| m.vestiging == code("25GP00"))
    );
    for c in ["01TQ00", "01TQ03", "01TQ09", "05YX03"] {
        let sectors: Vec<Sector> = bundle
            .assembled
            .memberships
            .iter()
            .filter(|m| m.vestiging == code(c))
            .map(|m| m.sector)
            .collect();
        assert_eq!(sectors, vec![Sector::Po, Sector::Vo], "{c}");
    }
}

#[test]
fn a_pc4_missing_from_the_regio_table_leaves_the_vestiging_unplaced_and_reported() {
    let mut data = MiniData::new();
    data.set(
        sources::BO_ADDRESSES,
        cp1252(&table(
            BO_HEADER,
            &[
                "Drenthe;12345;00AA;00AA00;OBS De Linde;Kerkstraat;1;9401 AA;ASSEN;0106;ASSEN;Openbaar; ; ",
                "Noord-Brabant;1;06VO;06VO00;Bs De Vier Heemskinderen;Dorpsstraat;1;5352 LJ;DEURNE;1719;DEURNE;Rooms-Katholiek; ; ",
            ],
            "\r\n",
        )),
    );
    let bundle = data.import().unwrap();
    let new = vestiging(&bundle, "06VO00");
    assert_eq!((new.kind, new.status), (SchoolKind::Bao, Status::Open));
    assert!(
        !bundle
            .assembled
            .memberships
            .iter()
            .any(|m| m.vestiging == new.code)
    );
    assert!(
        bundle
            .assembled
            .memberships
            .iter()
            .any(|m| m.vestiging == code("00AA00") && m.swv == swv_code("PO2201"))
    );
    let findings = check(&register_of(&bundle), None);
    let about: Vec<_> = findings
        .iter()
        .filter(|f| f.vestiging == Some(new.code) && f.rule != Rule::DataMissingCoordinates)
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert_eq!(
        (about[0].rule, about[0].severity),
        (Rule::DataUnknownPc4, Severity::Error)
    );
    assert_eq!(
        about[0].message,
        "06VO00 Bs De Vier Heemskinderen: postcodegebied 5352 staat niet in de Regeling regio-indeling (stand 2015); deze vestiging is aan geen PO-samenwerkingsverband gekoppeld."
    );
}

// ---------------------------------------------------------------------------------------
// Files that cannot be read at all: an error naming the file relative to the data
// directory, with line and column where the format has them.

#[test]
fn the_miniature_data_directory_imports_cleanly() {
    // The baseline of the error tests below: without a broken file there is no error.
    let bundle = MiniData::new().import().unwrap();
    assert_eq!(bundle.assembled.vestigingen.len(), 3);
    assert_eq!(bundle.assembled.findings, vec![]);
    assert_eq!(
        path_of(sources::BO_ADDRESSES),
        "open/po/02.-alle-schoolvestigingen-basisonderwijs.csv"
    );
}

#[test]
fn a_wrong_header_names_file_line_and_column() {
    let mut data = MiniData::new();
    data.set(
        sources::BO_ADDRESSES,
        cp1252(&table(
            &BO_HEADER.replace(";VESTIGINGSCODE;", ";VESTIGINGS_CODE;"),
            &["Drenthe;12345;00AA;00AA00;OBS De Linde;Kerkstraat;1;9401 AA;ASSEN;0106;ASSEN;Openbaar; ; "],
            "\r\n",
        )),
    );
    let err = data.import().unwrap_err();
    assert_eq!(
        err.to_string(),
        "open/po/02.-alle-schoolvestigingen-basisonderwijs.csv, regel 1, kolom 4: de kopregel klopt niet: verwacht 'VESTIGINGSCODE', gevonden 'VESTIGINGS_CODE'"
    );
    assert!(matches!(err.kind, ImportErrorKind::Header { .. }));

    // A missing year column in the history file.
    let mut data = MiniData::new();
    data.set(
        sources::PO_HISTORY,
        with_bom(&table(
            &HISTORY_HEADER.replace("LEERLINGEN_2024", "LEERLINGEN_2023"),
            &["00AA;00AA00;OBS De Linde;BO;Openbaar;12345;106;ASSEN;118;120"],
            "\r\n",
        )),
    );
    assert_eq!(
        data.import().unwrap_err().to_string(),
        "open/po/06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv, regel 1, kolom 10: de kopregel klopt niet: verwacht 'LEERLINGEN_2024', gevonden 'LEERLINGEN_2025'"
    );
}

#[test]
fn a_utf8_file_saved_as_windows_1252_names_the_first_wrong_character() {
    // The bundled history file, saved without its byte-order mark in windows-1252:
    // its first non-ASCII character is the Ú of SÚDWEST-FRYSLÂN on line 48, column 59.
    let original = bundled_bytes(sources::PO_HISTORY);
    let text = std::str::from_utf8(original.strip_prefix(b"\xEF\xBB\xBF").unwrap()).unwrap();
    let mut data = MiniData::new();
    data.set(sources::PO_HISTORY, cp1252(text.as_bytes()));
    let err = data.import().unwrap_err();
    assert_eq!(
        err.to_string(),
        "open/po/06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv, regel 48, kolom 59: verkeerde tekenset: ongeldige UTF-8; is het bestand in windows-1252 (ANSI) opgeslagen?"
    );

    // The same for the cluster extract, on a fixture.
    let mut data = MiniData::new();
    data.set(
        sources::SO_CLUSTERS,
        cp1252(&table(
            CLUSTER_HEADER,
            &[
                "(V)SO;33333;02AC;02AC00;De Atlas;9402 AC;ASSEN;0106;3;SO ZMLK + VSO ZMLK",
                "(V)SO;60000;25GR;25GR00;Bartiméus;3701 AA;ZEIST;0355;1;SO VGK",
            ],
            "\n",
        )),
    );
    assert_eq!(
        data.import().unwrap_err().to_string(),
        "open/cluster/duo-09-vestigingen-so-vso_cluster-extract.csv, regel 3, kolom 31: verkeerde tekenset: ongeldige UTF-8; is het bestand in windows-1252 (ANSI) opgeslagen?"
    );
}

/// The bundled history file cut `keep` bytes into line `line` (1-based).
fn history_cut_in_line(line: usize, keep: usize) -> Vec<u8> {
    let bytes = bundled_bytes(sources::PO_HISTORY);
    let start = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(line - 2)
        .map(|(i, _)| i + 1)
        .expect("the file has the line");
    bytes[..start + keep].to_vec()
}

#[test]
fn a_csv_file_cut_off_in_the_middle_of_a_row_is_an_error_at_that_row() {
    let file = path_of(sources::PO_HISTORY);
    // Line 5001 is `12FB;12FB00;De Wissel;...;317` with 38 fields; cut it after 1, 2 and 20
    // fields.
    let full_line = {
        let bytes = history_cut_in_line(5002, 0);
        let text = String::from_utf8(bytes).unwrap();
        text.lines().last().unwrap().to_owned()
    };
    let field_ends: Vec<usize> = full_line
        .char_indices()
        .filter(|(_, c)| *c == ';')
        .map(|(i, _)| i)
        .collect();
    assert_eq!(field_ends.len(), 37);
    for (fields, keep) in [
        ("1 veld", 3),
        ("2 velden", field_ends[1]),
        ("20 velden", field_ends[19]),
    ] {
        let cut = history_cut_in_line(5001, keep);
        let err = expect_err(run(|i| po::read_po_history(file, &cut, i)));
        assert_eq!(
            err.to_string(),
            format!(
                "{file}, regel 5001: {fields} in plaats van 38; is het bestand beschadigd of afgebroken?"
            )
        );
    }
    // Cut in the last field: every field is there, but the number is not.
    let last_field = field_ends[36] + 1;
    assert!(full_line.len() > last_field + 1, "{full_line}");
    for keep in [last_field, last_field + 1] {
        let cut = history_cut_in_line(5001, keep);
        let err = expect_err(run(|i| po::read_po_history(file, &cut, i)));
        assert_eq!(
            err.to_string(),
            format!(
                "{file}, regel 5001: de laatste regel houdt halverwege op; is het bestand afgebroken?"
            ),
            "cut {keep} bytes into the line"
        );
    }
    // Through the whole import, named relative to the data directory.
    let mut data = MiniData::new();
    data.set(
        sources::PO_HISTORY,
        history_cut_in_line(5001, field_ends[19]),
    );
    assert_eq!(
        data.import().unwrap_err().to_string(),
        format!(
            "{file}, regel 5001: 20 velden in plaats van 38; is het bestand beschadigd of afgebroken?"
        )
    );
}

#[test]
fn a_cut_off_geojson_file_is_an_error_at_its_end() {
    let original = bundled_bytes(sources::GEO_SCHOOLS);
    let cut = &original[..original.len() * 3 / 5];
    let lines = cut.iter().filter(|b| **b == b'\n').count() + 1;
    let column = cut.len() - cut.iter().rposition(|b| *b == b'\n').unwrap() - 1;
    let mut data = MiniData::new();
    data.set(sources::GEO_SCHOOLS, cut.to_vec());
    let err = data.import().unwrap_err();
    assert_eq!(err.line, Some(lines as u64));
    assert_eq!(err.column, Some(column.to_string()));
    assert_eq!(
        err.to_string(),
        format!(
            "open/geo/scholen20241122.geo.json, regel {lines}, kolom {column}: het bestand houdt midden in de JSON op; is het afgebroken?"
        )
    );

    // Not JSON at all, and JSON of the wrong shape.
    let mut data = MiniData::new();
    data.set(
        sources::GEONAMES_PC4,
        b"[{\"zipcode\":\"9401\",]\n".to_vec(),
    );
    let err = data.import().unwrap_err();
    assert_eq!((err.line, err.column.as_deref()), (Some(1), Some("20")));
    assert!(
        err.to_string().starts_with(
            "open/geo/geonames-nl-postcode4-places.json, regel 1, kolom 20: ongeldige JSON: hier klopt de opbouw niet"
        ),
        "{err}"
    );
}

#[test]
fn a_cut_off_or_garbage_xlsx_is_an_error_naming_the_file() {
    let original = bundled_bytes(sources::CBS_PC4);
    for broken in [
        original[..original.len() / 2].to_vec(),
        original[original.len() / 2..].to_vec(),
        b"Postcode-4;Totaal\n1011;10010\n".to_vec(),
        Vec::new(),
    ] {
        let mut data = MiniData::new();
        data.set(sources::CBS_PC4, broken);
        let err = data.import().unwrap_err();
        assert!(
            err.to_string().starts_with(
                "open/cbs/pc4_2024_v1.xlsx: geen leesbaar xlsx-bestand; is het beschadigd of afgebroken?"
            ),
            "{err}"
        );
    }
    // A readable workbook with another table.
    let mut data = MiniData::new();
    data.set(
        sources::CBS_PC4,
        crate::support::xlsx("Blad1", &[vec![Cell::S("Gemeente"), Cell::S("Inwoners")]]),
    );
    assert_eq!(
        data.import().unwrap_err().to_string(),
        "open/cbs/pc4_2024_v1.xlsx, regel 1, kolom A: de kopregel klopt niet: verwacht 'Postcode-4', gevonden ''"
    );
}

#[test]
fn a_missing_required_file_is_an_error_and_a_missing_override_is_not() {
    let mut data = MiniData::new();
    data.remove(sources::BO_ADDRESSES);
    let err = data.import().unwrap_err();
    assert_eq!(
        err.to_string(),
        "open/po/02.-alle-schoolvestigingen-basisonderwijs.csv: het bestand ontbreekt"
    );

    // The miniature directory has no override files at all; with them it is the same.
    let without = MiniData::new().import().unwrap();
    let mut data = MiniData::new();
    data.set(
        sources::OVERRIDE_CLUSTER,
        b"VESTIGINGSCODE;CLUSTER;TOELICHTING\n".to_vec(),
    )
    .set(
        sources::OVERRIDE_MEMBERSHIP,
        b"VESTIGINGSCODE;SECTOR;SWV;TOELICHTING\n".to_vec(),
    )
    .set(sources::OVERRIDE_SWV_NAMES, b"SWV;NAAM\n".to_vec());
    let with = data.import().unwrap();
    assert_eq!(with.assembled.vestigingen, without.assembled.vestigingen);
    assert_eq!(with.assembled.memberships, without.assembled.memberships);
    assert_ne!(with.fingerprint, without.fingerprint);
}

#[test]
fn the_settings_are_part_of_every_import_and_a_bad_value_stops_it() {
    let bundle = MiniData::new().import().unwrap();
    assert_eq!(bundle.assembled.taxonomy.needs().len(), 15);
    assert_eq!(bundle.assembled.coverage.threshold_km, [6.0, 10.0, 20.0]);
    assert_eq!(
        bundle.assembled.retention,
        passend_core::retention::RetentionPolicy::default()
    );

    let mut data = MiniData::new();
    data.remove(sources::SETTINGS_RETENTION);
    assert_eq!(
        data.import().unwrap_err().to_string(),
        "instellingen/bewaartermijnen.csv: het bestand ontbreekt"
    );

    let mut data = MiniData::new();
    data.remove(sources::SETTINGS_COVERAGE);
    assert_eq!(
        data.import().unwrap_err().to_string(),
        "instellingen/dekking.csv: het bestand ontbreekt"
    );
    let mut data = MiniData::new();
    data.set(
        sources::SETTINGS_NEEDS,
        "CODE;NAAM;DOMEIN;DOMEINNAAM;PREVALENTIE_PO;PREVALENTIE_VO;AANDEEL_EXTRA;AANDEEL_SPECIALISTISCH;BRON\n\
         adhd;ADHD;gedrag;Gedrag;3,6;3,6;30;5;\n\
         ass;Autisme;gedrag;Gedrag;2,1;2,1;40\n"
            .as_bytes()
            .to_vec(),
    );
    let err = data.import().unwrap_err();
    assert_eq!(
        err.to_string(),
        "instellingen/behoeften.csv, regel 3: 7 velden in plaats van 9; is het bestand beschadigd of afgebroken?"
    );
    let mut data = MiniData::new();
    data.set(
        sources::SETTINGS_COVERAGE,
        b"SLEUTEL;WAARDE;BRON\nomrijfactor;1,3;\nomrijfactor;1,4;\n".to_vec(),
    );
    let err = data.import().unwrap_err();
    assert_eq!(
        (err.file.as_str(), err.line, err.column.as_deref()),
        ("instellingen/dekking.csv", Some(3), Some("SLEUTEL"))
    );
}

// ---------------------------------------------------------------------------------------

#[test]
fn importing_the_bundled_data_twice_gives_the_same_result() {
    let first = bundle();
    let second = read_dir(&data_dir(), &mut |_| {}).expect("the bundled data imports");
    assert_eq!(second.fingerprint, first.fingerprint);
    assert_eq!(second.files, first.files);
    let (a, b) = (&first.assembled, &second.assembled);
    assert_eq!(a.vestigingen.len(), b.vestigingen.len());
    assert!(a.vestigingen == b.vestigingen, "vestigingen differ");
    assert!(a.memberships == b.memberships, "memberships differ");
    assert!(a.pc4s == b.pc4s, "PC4 areas differ");
    assert!(a.findings == b.findings, "findings differ");
    assert_eq!(a.swv_names, b.swv_names);
}
