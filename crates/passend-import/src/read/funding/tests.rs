//! The rates files as shipped, and what a broken file or scenario gets told.

use super::*;

fn bundled() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/bekostiging");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap())
        .filter(|e| e.file_name().to_string_lossy().starts_with("bedragen-"))
        .map(|e| {
            (
                e.file_name().to_string_lossy().into_owned(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn scenario(text: &str) -> Result<Scenario, String> {
    read_budget_scenario("scenario.toml", text.as_bytes(), Format::Toml).map_err(|e| e.to_string())
}

#[test]
fn the_shipped_amounts_are_those_of_the_reference_with_their_status() {
    let rates = read_rates("data/bekostiging", &bundled()).unwrap();
    let get = |y: i16, k: RateKey| rates.years[&y].rates[&k].clone();
    assert_eq!(
        get(2023, RateKey::ZwarePo).amount,
        Money::parse("477.27").unwrap()
    );
    assert_eq!(
        get(2023, RateKey::ZwareVo).amount,
        Money::parse("781.39").unwrap()
    );
    assert_eq!(
        get(2024, RateKey::Sbo).amount,
        Money::parse("6634.52").unwrap()
    );
    assert_eq!(
        get(2024, RateKey::So(Category::Hoog)).amount,
        Money::parse("31419.53").unwrap()
    );
    assert_eq!(get(2024, RateKey::Sbo).status, RateStatus::Reported);
    assert_eq!(
        get(2015, RateKey::SboOverdracht).status,
        RateStatus::Official
    );
    assert!(!rates.years[&2024].rates.contains_key(&RateKey::LichtePo));
    assert!(rates.years[&2015].period.contains("2015/2016"));
    for year in rates.years.values() {
        for rate in year.rates.values() {
            assert!(!rate.source.is_empty() && rate.url.is_some());
        }
    }
}

#[test]
fn a_broken_rates_file_names_file_and_field() {
    let bad = |text: &str| {
        read_rates(
            "data/bekostiging",
            &[("bedragen-2025.toml".to_owned(), text.as_bytes().to_vec())],
        )
        .unwrap_err()
        .to_string()
    };
    let e = bad(
        "jaar = 2025\n[[bedrag]]\ncode = \"lichte\"\nbedrag = \"1\"\nstatus = \"officieel\"\nbron = \"x\"\n",
    );
    assert!(
        e.starts_with(
            "data/bekostiging/bedragen-2025.toml, kolom bedrag[1].code: onbekend bedrag 'lichte'"
        ),
        "{e}"
    );
    let e = bad("jaar = 2024\n");
    assert!(e.contains("noemt jaar 2024"), "{e}");
    let e = bad(
        "jaar = 2025\n[[bedrag]]\ncode = \"sbo\"\nbedrag = \"-5\"\nstatus = \"officieel\"\nbron = \"x\"\n",
    );
    assert!(e.contains("niet negatief"), "{e}");
    let e = bad(
        "jaar = 2025\n[[bedrag]]\ncode = \"sbo\"\nbedrag = \"5.123\"\nstatus = \"officieel\"\nbron = \"x\"\n",
    );
    assert!(e.contains("meer dan twee decimalen"), "{e}");
    let e = bad(
        "jaar = 2025\n[[bedrag]]\ncode = \"sbo\"\nbedrag = \"5\"\nstatus = \"zeker\"\nbron = \"x\"\n",
    );
    assert!(e.contains("onbekende status 'zeker'"), "{e}");
    let e =
        bad("jaar = 2025\n[[bedrag]]\ncode = \"sbo\"\nbedrag = \"5\"\nstatus = \"officieel\"\n");
    assert!(e.contains("de bron ontbreekt"), "{e}");
    let e = bad("jaar = 2025\n[[bedrag\n");
    assert!(e.contains("regel 2") && e.contains("ongeldige TOML"), "{e}");
}

#[test]
fn a_full_scenario_reads_in_toml_and_json_alike() {
    let toml = r#"
naam = "SO-deelname +0,3 punt"
swv = "PO2101"
indexatie = 2.5
bedragen_procent = "1.5"

[deelname]
so_procentpunt_per_jaar = 0.3

[reserve]
eigen_vermogen = "1500000.00"
resultaat_per_jaar = "-100000"

[verdeling]
scholen_procent = 52
vaste_voet = "5000"
grondslag = "gewogen_leerlingen"
gewichten = { sbo = 2 }

[[verdeling.potje]]
naam = "Arrangementen"
bedrag = "250000"

[[verdeling.potje]]
naam = "Ambulante begeleiding"
procent = 5

[jaren.2025]
sbo_tlv = 1600
so_tlv = { laag = 300, midden = 20, hoog = 10 }

[bedragen.2025]
lichte_po = "200.00"
zware_po = { bedrag = "517.14", status = "aanname", bron = "eigen aanname", toelichting = "2023 zonder korting + 5,3735 %" }
"#;
    let s = scenario(toml).unwrap();
    assert_eq!(s.name, "SO-deelname +0,3 punt");
    assert_eq!(s.participation.so_points_per_year, "0.3".parse().unwrap());
    assert_eq!(s.years[&2025].so_tlv, [Some(300), Some(20), Some(10)]);
    assert_eq!(s.rates.len(), 2);
    assert_eq!(s.rates[0].2.status, RateStatus::Assumed);
    assert!(s.rates[0].2.source.contains("SO-deelname +0,3 punt"));
    let model = s.allocation.as_ref().unwrap();
    assert_eq!(model.pots.len(), 2);
    assert_eq!(model.basis, Basis::WeightedPupils);
    let json = r#"{"naam": "SO-deelname +0,3 punt", "swv": "PO2101", "indexatie": 2.5, "bedragen_procent": "1.5",
      "deelname": {"so_procentpunt_per_jaar": 0.3},
      "reserve": {"eigen_vermogen": "1500000.00", "resultaat_per_jaar": "-100000"},
      "verdeling": {"scholen_procent": 52, "vaste_voet": "5000", "grondslag": "gewogen_leerlingen", "gewichten": {"sbo": 2},
        "potje": [{"naam": "Arrangementen", "bedrag": "250000"}, {"naam": "Ambulante begeleiding", "procent": 5}]},
      "jaren": {"2025": {"sbo_tlv": 1600, "so_tlv": {"laag": 300, "midden": 20, "hoog": 10}}},
      "bedragen": {"2025": {"lichte_po": "200.00", "zware_po": {"bedrag": "517.14", "status": "aanname", "bron": "eigen aanname", "toelichting": "2023 zonder korting + 5,3735 %"}}}}"#;
    let from_json = read_budget_scenario("scenario.toml", json.as_bytes(), Format::Json).unwrap();
    assert_eq!(from_json, s);
}

#[test]
fn bad_scenarios_say_what_and_where() {
    let cases = [
        (
            "sector = \"po\"\n[jaren.2025]\nso_tlv = { laag = -3 }",
            "jaren.2025.so_tlv.laag: verwacht een geheel aantal van 0 of meer",
        ),
        (
            "sector = \"po\"\n[jaren.2025]\nso_tlv = { zwaar = 3 }",
            "jaren.2025.so_tlv.zwaar: onbekende categorie 'zwaar'",
        ),
        (
            "[bedragen.2025]\nlichte = \"1\"",
            "bedragen.2025.lichte: onbekend bedrag 'lichte'",
        ),
        (
            "[jaren.twintig]\nbo = 1",
            "jaren.twintig: 'twintig' is geen jaar",
        ),
        ("kleur = \"blauw\"", "kolom kleur: onbekend veld 'kleur'"),
        (
            "swv = \"PO2101\"\nsector = \"vo\"",
            "PO2101 is een samenwerkingsverband voor primair onderwijs",
        ),
        ("indexatie = 250", "250 % valt buiten"),
        (
            "[verdeling]\nvaste_voet = \"veel\"",
            "'veel' is geen bedrag",
        ),
        (
            "[[verdeling.potje]]\nnaam = \"A\"\nbedrag = \"1\"\nprocent = 2",
            "niet allebei",
        ),
        ("naam = ", "ongeldige TOML"),
    ];
    for (text, expected) in cases {
        let err = scenario(text).unwrap_err();
        assert!(err.contains(expected), "{text:?}: {err}");
        assert!(err.starts_with("scenario.toml"), "{err}");
    }
}
