//! `passend find` and `passend place`, black box on the real data with the demo
//! profiles: the finder for one child, generating an instance, both algorithms, the
//! same output for the same input, and wrong input.

use serde_json::Value;

use crate::support::{json, keys, passend, shared};

fn run(args: &[&str]) -> crate::support::Run {
    passend(&shared().db, args)
}

#[test]
fn the_finder_lists_schools_that_can_nearest_first_and_says_why_others_cannot() {
    let text = run(&[
        "find",
        "--swv",
        "PO2101",
        "--need",
        "zmlk:specialistisch",
        "--pc4",
        "8911",
        "--nabij",
        "3",
    ]);
    assert_eq!(text.code, 0, "{text:?}");
    assert!(
        text.stdout
            .starts_with("Scholen van PO 21.01 voor een kind met zmlk (specialistisch (met TLV)):"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("synthetische demogegevens"));
    assert!(
        text.stdout
            .contains("In de buurt, maar niet passend (3 van de ")
    );

    let answer = run(&[
        "find",
        "--swv",
        "PO 21.01",
        "--need",
        "zmlk:specialistisch",
        "--need",
        "adhd:basis",
        "--pc4",
        "8911AB",
        "--format",
        "json",
    ]);
    assert_eq!(answer.code, 0, "{answer:?}");
    let v = json(&answer);
    assert_eq!(
        keys(&v),
        [
            "fits",
            "nearby_unfit",
            "needs",
            "swv",
            "synthetic_profiles",
            "unfit_total"
        ]
        .into()
    );
    let fits = v["fits"].as_array().unwrap();
    assert!(!fits.is_empty());
    let distances: Vec<i64> = fits
        .iter()
        .map(|f| f["distance_m"].as_i64().unwrap())
        .collect();
    assert!(distances.windows(2).all(|w| w[0] <= w[1]), "nearest first");
    assert!(fits.iter().all(|f| f["reason"].is_null()));
    let unfit = v["nearby_unfit"].as_array().unwrap();
    assert_eq!(unfit.len(), 10);
    assert!(
        unfit
            .iter()
            .all(|f| f["reason"].as_str().is_some_and(|r| !r.is_empty()))
    );

    for (args, message) in [
        (
            vec!["--need", "dyslexie:extra"],
            "geef het woonadres met --pc4",
        ),
        (vec!["--pc4", "8911"], "geef ten minste één --need"),
        (
            vec!["--need", "lezen:extra", "--pc4", "8911"],
            "onbekende ondersteuningsbehoefte 'lezen'",
        ),
        (
            vec!["--need", "dyslexie:veel", "--pc4", "8911"],
            "onbekend niveau 'veel'",
        ),
        (
            vec!["--need", "dyslexie", "--pc4", "8911"],
            "schrijf behoefte:niveau",
        ),
        (vec!["--need", "dyslexie:extra", "--pc4", "0000"], "--pc4"),
    ] {
        let mut all = vec!["find", "--swv", "PO2101"];
        all.extend(args);
        let r = run(&all);
        assert_eq!(r.code, 1, "{all:?}: {r:?}");
        assert!(r.stderr.contains(message), "{all:?}: {}", r.stderr);
        assert_eq!(r.stdout, "");
    }
}

#[test]
fn an_instance_is_generated_placed_both_ways_and_the_same_again() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("po2101.json");
    let file_arg = file.to_str().unwrap();
    let made = run(&[
        "place",
        "generate",
        "--swv",
        "PO2101",
        "--pupils",
        "300",
        "--seed",
        "11",
        "--uitvoer",
        file_arg,
    ]);
    assert_eq!(made.code, 0, "{made:?}");
    assert!(made.stderr.contains("300 leerlingen en "), "{made:?}");
    let instance: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(instance["synthetic"], true);
    assert_eq!(instance["seed"], 11);
    assert_eq!(instance["pupils"].as_array().unwrap().len(), 300);
    assert!(
        instance["description"]
            .as_str()
            .unwrap()
            .contains("Geen echte kinderen")
    );
    let again = run(&[
        "place", "generate", "--swv", "PO2101", "--pupils", "300", "--seed", "11",
    ]);
    assert_eq!(
        again.stdout.trim_end().as_bytes(),
        std::fs::read(&file).unwrap().as_slice()
    );

    for algorithm in ["da-stb", "min-cost"] {
        let placed = run(&[
            "place",
            "--algorithm",
            algorithm,
            "--format",
            "json",
            file_arg,
        ]);
        assert_eq!(placed.code, 0, "{placed:?}");
        let v = json(&placed);
        assert_eq!(v["algorithm"], algorithm);
        assert_eq!(v["seed"], 11, "the seed comes from the file");
        assert_eq!(v["input_sha256"].as_str().unwrap().len(), 64);
        let assignments = v["assignments"].as_array().unwrap();
        assert_eq!(assignments.len(), 300);
        let placed_count = assignments
            .iter()
            .filter(|a| !a["school"].is_null())
            .count();
        assert_eq!(v["totals"]["placed"].as_u64(), Some(placed_count as u64));
        assert!(placed_count > 250, "{algorithm}: {placed_count}");
        for a in assignments {
            assert!(a["reason"].as_str().is_some_and(|r| !r.is_empty()), "{a}");
            assert_eq!(a["school"].is_null(), a["distance_m"].is_null());
        }
        // The same input and seed give the same output.
        let twice = run(&[
            "place",
            "--algorithm",
            algorithm,
            "--format",
            "json",
            file_arg,
        ]);
        assert_eq!(twice.stdout, placed.stdout);
    }
    let other_seed = run(&["place", "--seed", "12", "--format", "json", file_arg]);
    assert_eq!(json(&other_seed)["seed"], 12);

    let text = run(&["place", file_arg]);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .contains("Algoritme da-stb, zaad 11, invoer sha256 "),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("Eerste keus: "));
}

#[test]
fn a_broken_instance_is_refused_with_the_place_named_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap();
    let good = r#"{
  "schools": [
    { "id": "00AA00", "capacity": 1, "lat": 52.0, "lon": 5.0, "offers": [] },
    { "id": "00AB00", "capacity": 2, "lat": 52.1, "lon": 5.1, "offers": [] }
  ],
  "pupils": [
    { "id": "L1", "lat": 52.0, "lon": 5.0, "needs": [], "preferences": ["00AA00", "00AB00"] },
    { "id": "L2", "lat": 52.0, "lon": 5.0, "needs": [], "preferences": ["00AB00"] }
  ]
}"#;
    let out = dir.path().join("uitkomst.json");
    for (name, text, message) in [
        (
            "onbekend.json",
            good.replace(r#"["00AB00"]"#, r#"["99ZZ99"]"#),
            "pupils[1].preferences[0]: school 99ZZ99 staat niet in schools",
        ),
        (
            "negatief.json",
            good.replace(r#""capacity": 2"#, r#""capacity": -1"#),
            "schools[1].capacity: -1 is negatief",
        ),
        (
            "dubbel.json",
            good.replace(r#""id": "L2""#, r#""id": "L1""#),
            "pupils[1].id: leerling L1 staat er al in als pupils[0]",
        ),
        (
            "kapot.json",
            good[..good.len() - 20].to_owned(),
            "houdt midden in de JSON op",
        ),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let r = run(&[
            "place",
            "--format",
            "json",
            "--uitvoer",
            out.to_str().unwrap(),
            path.to_str().unwrap(),
        ]);
        assert_eq!(r.code, 1, "{name}: {r:?}");
        assert!(r.stderr.contains(name), "{name}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{name}: {}", r.stderr);
        assert!(!out.exists(), "{name}: nothing is written");
    }
    let good_path = dir.path().join("goed.json");
    std::fs::write(&good_path, good).unwrap();
    let r = run(&[
        "place",
        "--uitvoer",
        out.to_str().unwrap(),
        good_path.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{r:?}");
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .contains("Geplaatst: 2 (100,0 %)")
    );
}
