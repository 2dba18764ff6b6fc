//! Tests of the profile readers and writers: both formats, every error with its place,
//! and exports that read back unchanged.

use jiff::civil::date;

use passend_core::register::Register;
use passend_core::support::Need;
use passend_core::testkit;

use super::*;
use crate::export::{profiles_csv, profiles_json};

const FIXTURE: &str = "
pc4 9401 Assen PO2201 VO2201
school 00AA00 bao 9401AA name=\"De Linde\" pupils=2025:400
school 00AB00 sbo 9401AB pupils=2025:100
school 00AC00 so-vso 9401AC cluster=3/4 offer=\"SO ZMLK + VSO ZMOK\" pupils=2025:90
school 00AD00 vo 9401AD structure=HAVO/VWO pupils=2023:700
";

const HEAD: &str = "VESTIGINGSCODE;SWV;BEHOEFTE;NIVEAU;PLAATSEN;VOORZIENINGEN;GELDIG_VANAF\n";

fn taxonomy() -> Taxonomy {
    Taxonomy::new(
        ["dyslexie", "adhd", "ass", "zmlk", "lvb", "gedrag"]
            .iter()
            .map(|c| Need {
                code: NeedCode::parse(c).unwrap(),
                label: (*c).into(),
                domain: "d".into(),
                domain_label: "D".into(),
                prevalence_po: 0.02,
                prevalence_vo: 0.02,
                share_extra: 0.3,
                share_specialist: 0.1,
                source: "test".into(),
            })
            .collect(),
    )
    .unwrap()
}

struct Fixture {
    register: Register,
    taxonomy: Taxonomy,
}

impl Fixture {
    fn new() -> Fixture {
        Fixture {
            register: testkit::register(FIXTURE),
            taxonomy: taxonomy(),
        }
    }

    fn ctx(&self) -> ProfileContext<'_> {
        ProfileContext {
            register: &self.register,
            taxonomy: &self.taxonomy,
            default_date: date(2026, 9, 1),
            source_name: "profielen.csv",
        }
    }

    fn read(&self, file: &str, text: &str) -> Result<ProfileFile, ProfileError> {
        read_profiles(file, text.as_bytes(), &self.ctx())
    }

    /// Every issue of a file that must fail, as printed.
    fn issues(&self, file: &str, text: &str) -> Vec<String> {
        match self.read(file, text) {
            Err(ProfileError::Invalid { issues, .. }) => {
                issues.iter().map(ToString::to_string).collect()
            }
            other => panic!("expected invalid values, got {other:?}"),
        }
    }
}

fn need(s: &str) -> NeedCode {
    NeedCode::parse(s).unwrap()
}

fn code(s: &str) -> VestigingCode {
    VestigingCode::parse(s).unwrap()
}

#[test]
fn dates_take_both_orders_and_nothing_else() {
    assert_eq!(parse_date("2026-08-01"), Ok(date(2026, 8, 1)));
    assert_eq!(parse_date(" 01-08-2026 "), Ok(date(2026, 8, 1)));
    assert_eq!(parse_date("1-8-2026"), Ok(date(2026, 8, 1)));
    for bad in [
        "2026-13-01",
        "31-02-2026",
        "2026/08/01",
        "20260801",
        "26-08-01",
        "2026-0a-01",
    ] {
        assert!(parse_date(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_format_follows_the_extension_then_the_first_character() {
    assert_eq!(ProfileFormat::detect("a.JSON", b""), ProfileFormat::Json);
    assert_eq!(ProfileFormat::detect("a.csv", b"{"), ProfileFormat::Csv);
    assert_eq!(
        ProfileFormat::detect("-", b"\xEF\xBB\xBF \n{\"profielen\":[]}"),
        ProfileFormat::Json
    );
    assert_eq!(
        ProfileFormat::detect("-", HEAD.as_bytes()),
        ProfileFormat::Csv
    );
}

#[test]
fn a_csv_file_gives_offers_facilities_and_the_swv_basis() {
    let f = Fixture::new();
    let text = "\u{feff}VESTIGINGSCODE;SWV;BEHOEFTE;NIVEAU;PLAATSEN;VOORZIENINGEN;GELDIG_VANAF;LAT;LON;NAAM\n\
         00AA00;;dyslexie;extra;6;;2026-08-01;52.01;5.01;De Linde\n\
         00aa00;;ADHD;Extra ondersteuning;;;01-08-2026;;;\n\
         00AA00;;;;;drempelvrij, Lift;2026-08-01;;;\n\
         00AC00;;zmlk;specialistisch;40;time-out-ruimte;;;;\n\
         00AA00;;dyslexie;extra;8;;2027-08-01;;;\n\
         ;PO 22.01;adhd;basis;;;2026-08-01;;;\n\
         ;PO2201;dyslexie;;;;2026-08-01;;;\n\
         ;VO2201;;;;;;;;\n";
    let file = f.read("profielen.csv", text).unwrap();
    let imported = ProfileSource::Imported {
        file: "profielen.csv".into(),
    };
    assert_eq!(
        file.profiles,
        vec![
            SupportProfile {
                vestiging: code("00AA00"),
                valid_from: date(2026, 8, 1),
                offers: vec![
                    Offer {
                        need: need("dyslexie"),
                        level: Level::Extra,
                        places: Some(6)
                    },
                    Offer {
                        need: need("adhd"),
                        level: Level::Extra,
                        places: None
                    },
                ],
                conditions: [Condition::Drempelvrij, Condition::Lift].into(),
                source: imported.clone(),
            },
            SupportProfile {
                vestiging: code("00AC00"),
                valid_from: date(2026, 9, 1),
                offers: vec![Offer {
                    need: need("zmlk"),
                    level: Level::Specialistisch,
                    places: Some(40)
                }],
                conditions: [Condition::TimeOutRuimte].into(),
                source: imported.clone(),
            },
            SupportProfile {
                vestiging: code("00AA00"),
                valid_from: date(2027, 8, 1),
                offers: vec![Offer {
                    need: need("dyslexie"),
                    level: Level::Extra,
                    places: Some(8)
                }],
                conditions: BTreeSet::new(),
                source: imported.clone(),
            },
        ]
    );
    assert_eq!(
        file.basis,
        vec![
            SwvBasis {
                swv: SwvCode::parse("PO2201").unwrap(),
                valid_from: date(2026, 8, 1),
                needs: [need("adhd"), need("dyslexie")].into(),
                source: imported.clone(),
            },
            SwvBasis {
                swv: SwvCode::parse("VO2201").unwrap(),
                valid_from: date(2026, 9, 1),
                needs: BTreeSet::new(),
                source: imported,
            },
        ]
    );
    // A header alone is an empty, valid file.
    assert_eq!(f.read("p.csv", HEAD).unwrap(), ProfileFile::default());
}

#[test]
fn every_wrong_csv_value_is_reported_with_its_line_and_column() {
    let f = Fixture::new();
    let text = format!(
        "{HEAD}\
         00AA00;;dyslexie;extra;6;;2026-08-01\n\
         00AA00;;vliegangst;extra;2;;2026-08-01\n\
         99ZZ99;;adhd;extra;2;;\n\
         00AA00;;adhd;extra;-3;;\n\
         00AA00;;ass;extra;veel;;\n\
         00AA00;;gedrag;hoog;;;\n\
         00AA00;;zmlk;specialistisch;5;;\n\
         00AA00;;lvb;basis;3;;\n\
         00AA00;;;;;drempelvrij,zwembad;\n\
         ;PO9999;adhd;basis;;;\n\
         00AA00;;dyslexie;extra;8;;01-08-2026\n\
         ;PO2201;adhd;extra;;;\n\
         00AA00;;adhd;extra;2;;2026-13-01\n\
         00AA00;PO2201;adhd;extra;2;;\n\
         ;;adhd;extra;2;;\n\
         00AA00;;;extra;2;;\n\
         00AA00;;gedrag;;2;;\n\
         ;PO2201;adhd;;;;2026-08-01\n\
         ;PO2201;adhd;;;;2026-08-01\n\
         ;PO2201;;;4;lift;\n\
         XYZ;;adhd;extra;2;;\n"
    );
    let expected = [
        "p.csv, regel 3, kolom BEHOEFTE: onbekende behoefte 'vliegangst': kies uit dyslexie, adhd, ass, zmlk, lvb, gedrag (instellingen/behoeften.csv)",
        "p.csv, regel 4, kolom VESTIGINGSCODE: vestiging 99ZZ99 bestaat niet in het register",
        "p.csv, regel 5, kolom PLAATSEN: het aantal plaatsen kan niet negatief zijn (-3)",
        "p.csv, regel 6, kolom PLAATSEN: 'veel' is geen aantal plaatsen: gebruik een heel getal vanaf 0",
        "p.csv, regel 7, kolom NIVEAU: onbekend niveau 'hoog': gebruik basis, extra of specialistisch",
        "p.csv, regel 8, kolom NIVEAU: niveau specialistisch kan alleen bij SBO, SO, VSO, SO/VSO of praktijkonderwijs (BAO geeft geen onderwijs met een TLV)",
        "p.csv, regel 9, kolom PLAATSEN: basisondersteuning heeft geen plaatsen: die is er voor alle leerlingen",
        "p.csv, regel 10, kolom VOORZIENINGEN: onbekende voorziening 'zwembad': kies uit drempelvrij, lift, aangepast-toilet, verzorgingsruimte, prikkelarme-ruimte, time-out-ruimte, kleine-groepen, therapie-op-school",
        "p.csv, regel 11, kolom SWV: samenwerkingsverband PO9999 bestaat niet in het register",
        "p.csv, regel 12, kolom BEHOEFTE: behoefte 'dyslexie' staat voor 00AA00 (geldig vanaf 2026-08-01) al op regel 2; geef één niveau per behoefte",
        "p.csv, regel 13, kolom NIVEAU: de basisondersteuning van een samenwerkingsverband heeft altijd niveau basis; extra ondersteuning en specialistisch onderwijs horen bij een vestiging",
        "p.csv, regel 14, kolom GELDIG_VANAF: ongeldige datum '2026-13-01': gebruik JJJJ-MM-DD (2026-08-01) of DD-MM-JJJJ (01-08-2026)",
        "p.csv, regel 15: vul VESTIGINGSCODE of SWV in, niet allebei: een regel gaat over één vestiging of over de basisondersteuning van één samenwerkingsverband",
        "p.csv, regel 16: VESTIGINGSCODE en SWV zijn allebei leeg: vul er één in",
        "p.csv, regel 17, kolom BEHOEFTE: behoefte ontbreekt bij dit niveau of aantal plaatsen",
        "p.csv, regel 18, kolom NIVEAU: niveau ontbreekt: gebruik basis, extra of specialistisch",
        "p.csv, regel 20, kolom BEHOEFTE: behoefte 'adhd' staat voor PO2201 (geldig vanaf 2026-08-01) al op regel 19",
        "p.csv, regel 21, kolom PLAATSEN: basisondersteuning heeft geen plaatsen: die is er voor alle leerlingen",
        "p.csv, regel 21, kolom VOORZIENINGEN: voorzieningen horen bij een vestiging, niet bij een samenwerkingsverband",
        "p.csv, regel 22, kolom VESTIGINGSCODE: ongeldige vestigingscode 'XYZ': verwacht BRIN plus twee cijfers, zoals 00AO01",
    ];
    assert_eq!(f.issues("p.csv", &text), expected);
    let err = f.read("p.csv", &text).unwrap_err();
    assert_eq!(err.to_string(), "p.csv: 20 fouten; er is niets opgeslagen");
}

#[test]
fn a_csv_file_that_cannot_be_read_is_a_file_error() {
    let f = Fixture::new();
    let err = f
        .read("p.csv", "VESTIGING;SWV;BEHOEFTE\n00AA00;;adhd\n")
        .unwrap_err();
    assert!(matches!(err, ProfileError::File(_)), "{err:?}");
    assert_eq!(
        err.to_string(),
        "p.csv, regel 1, kolom 1: de kopregel klopt niet: verwacht 'VESTIGINGSCODE', gevonden 'VESTIGING'"
    );
    let err = f
        .read("p.csv", &format!("{HEAD}00AA00;;adhd;extra\n"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "p.csv, regel 2: 4 velden in plaats van 7; is het bestand beschadigd of afgebroken?"
    );
}

#[test]
fn synthetic_rows_stay_synthetic_and_mixed_ones_become_imported() {
    let f = Fixture::new();
    let text = "VESTIGINGSCODE;SWV;BEHOEFTE;NIVEAU;PLAATSEN;VOORZIENINGEN;GELDIG_VANAF;BRON\n\
                00AA00;;dyslexie;extra;6;;2026-08-01;synthetisch (seed 2026)\n\
                00AA00;;adhd;extra;2;;2026-08-01;Synthetisch (seed 2026)\n\
                00AB00;;adhd;extra;2;;2026-08-01;synthetisch (seed 2026)\n\
                00AB00;;ass;extra;2;;2026-08-01;door de school aangepast\n\
                ;PO2201;adhd;basis;;;2026-08-01;synthetisch (seed 7)\n";
    let file = f.read("p.csv", text).unwrap();
    assert_eq!(
        file.profiles[0].source,
        ProfileSource::Synthetic { seed: 2026 }
    );
    assert_eq!(
        file.profiles[1].source,
        ProfileSource::Imported {
            file: "profielen.csv".into()
        }
    );
    assert_eq!(file.basis[0].source, ProfileSource::Synthetic { seed: 7 });
}

#[test]
fn a_json_file_as_documented_reads() {
    let f = Fixture::new();
    let text = r#"{"profielen":[{"vestiging":"00AA00","geldig_vanaf":"2026-08-01","aanbod":[{"behoefte":"adhd","niveau":"extra","plaatsen":12}],"voorzieningen":["drempelvrij"]},
        {"vestiging":"00AB00","naam":"x","lat":52.1,"lon":5.1,"bron":"synthetisch (seed 3)","aanbod":[{"behoefte":"lvb","niveau":"specialistisch","plaatsen":null}]}],
        "basisondersteuning":[{"swv":"PO2001","geldig_vanaf":"2026-08-01","behoeften":["dyslexie"]}]}"#;
    // PO2001 is not in the fixture: the documented example fails on it alone.
    assert_eq!(
        f.issues("p.json", text),
        [
            "p.json, basisondersteuning[0].swv: samenwerkingsverband PO2001 bestaat niet in het register"
        ]
    );
    let file = f.read("p.json", &text.replace("PO2001", "PO2201")).unwrap();
    assert_eq!(file.profiles.len(), 2);
    assert_eq!(
        file.profiles[0].offers,
        vec![Offer {
            need: need("adhd"),
            level: Level::Extra,
            places: Some(12)
        }]
    );
    assert_eq!(file.profiles[0].conditions, [Condition::Drempelvrij].into());
    assert_eq!(
        file.profiles[1].valid_from,
        date(2026, 9, 1),
        "default date"
    );
    assert_eq!(
        file.profiles[1].source,
        ProfileSource::Synthetic { seed: 3 }
    );
    assert_eq!(file.basis[0].needs, [need("dyslexie")].into());
}

#[test]
fn every_wrong_json_value_is_reported_with_its_path() {
    let f = Fixture::new();
    let text = r#"{
      "profielen": [
        {"vestiging": "00AA00", "geldig_vanaf": "2026-08-01", "aanbod": [
          {"behoefte": "adhd", "niveau": "extra", "plaatsen": 2},
          {"behoefte": "adhd", "niveau": "extra", "plaatsen": 3},
          {"behoefte": "vliegangst", "niveau": "extra"},
          {"behoefte": "ass", "niveau": "veel", "plaatsen": -1},
          {"behoefte": "gedrag", "niveau": "extra", "plaatsen": 1.5},
          {"behoefte": "zmlk", "niveau": "specialistisch", "plaatsen": 4},
          {"behoefte": "lvb", "niveau": "basis", "plaatsen": 4},
          {"niveau": "extra", "plaatsn": 4}
        ], "voorzieningen": ["drempelvrij", "zwembad", 3]},
        {"vestiging": "00AA00", "geldig_vanaf": "2026-08-01"},
        {"vestiging": "99ZZ99"},
        {"geldig_vanaf": "2026-02-30"},
        "00AB00"
      ],
      "basisondersteuning": [
        {"swv": "PO9999", "behoeften": ["adhd"]},
        {"swv": "PO2201", "behoeften": ["adhd", "adhd", "onbekend"], "niveau": "basis"}
      ],
      "versie": 1
    }"#;
    let expected = [
        "p.json, versie: onbekend veld 'versie': verwacht profielen en basisondersteuning",
        "p.json, basisondersteuning[0].swv: samenwerkingsverband PO9999 bestaat niet in het register",
        "p.json, basisondersteuning[1].niveau: onbekend veld 'niveau': gebruik swv, geldig_vanaf, behoeften, bron",
        "p.json, basisondersteuning[1].behoeften[1]: behoefte 'adhd' staat voor PO2201 (geldig vanaf 2026-09-01) al in basisondersteuning[1].behoeften[0]",
        "p.json, basisondersteuning[1].behoeften[2]: onbekende behoefte 'onbekend': kies uit dyslexie, adhd, ass, zmlk, lvb, gedrag (instellingen/behoeften.csv)",
        "p.json, profielen[0].voorzieningen[1]: onbekende voorziening 'zwembad': kies uit drempelvrij, lift, aangepast-toilet, verzorgingsruimte, prikkelarme-ruimte, time-out-ruimte, kleine-groepen, therapie-op-school",
        "p.json, profielen[0].voorzieningen[2]: verwacht de code van een voorziening als tekst",
        "p.json, profielen[0].aanbod[1].behoefte: behoefte 'adhd' staat voor 00AA00 (geldig vanaf 2026-08-01) al in profielen[0].aanbod[0]; geef één niveau per behoefte",
        "p.json, profielen[0].aanbod[2].behoefte: onbekende behoefte 'vliegangst': kies uit dyslexie, adhd, ass, zmlk, lvb, gedrag (instellingen/behoeften.csv)",
        "p.json, profielen[0].aanbod[3].niveau: onbekend niveau 'veel': gebruik basis, extra of specialistisch",
        "p.json, profielen[0].aanbod[3].plaatsen: het aantal plaatsen kan niet negatief zijn (-1)",
        "p.json, profielen[0].aanbod[4].plaatsen: '1.5' is geen aantal plaatsen: gebruik een heel getal vanaf 0",
        "p.json, profielen[0].aanbod[5].niveau: niveau specialistisch kan alleen bij SBO, SO, VSO, SO/VSO of praktijkonderwijs (BAO geeft geen onderwijs met een TLV)",
        "p.json, profielen[0].aanbod[6].plaatsen: basisondersteuning heeft geen plaatsen: die is er voor alle leerlingen",
        "p.json, profielen[0].aanbod[7].plaatsn: onbekend veld 'plaatsn': gebruik behoefte, niveau, plaatsen",
        "p.json, profielen[0].aanbod[7].behoefte: behoefte ontbreekt",
        "p.json, profielen[1].vestiging: er is al een profiel van 00AA00 geldig vanaf 2026-08-01, in profielen[0]",
        "p.json, profielen[2].vestiging: vestiging 99ZZ99 bestaat niet in het register",
        "p.json, profielen[3].geldig_vanaf: ongeldige datum '2026-02-30': gebruik JJJJ-MM-DD (2026-08-01) of DD-MM-JJJJ (01-08-2026)",
        "p.json, profielen[3].vestiging: vestiging ontbreekt",
        "p.json, profielen[4]: verwacht een object tussen { en }",
    ];
    assert_eq!(f.issues("p.json", text), expected);
}

#[test]
fn a_json_file_that_cannot_be_read_is_a_file_error_with_line_and_column() {
    let f = Fixture::new();
    let err = f
        .read(
            "p.json",
            "{\"profielen\": [\n  {\"vestiging\": \"00AA00\",,}\n]}",
        )
        .unwrap_err();
    assert!(matches!(err, ProfileError::File(_)), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("p.json, regel 2, kolom 26: ongeldige JSON: hier klopt de opbouw niet"),
        "{err}"
    );
    let err = f.read("p.json", "[]").unwrap_err();
    assert_eq!(
        err.to_string(),
        "p.json: verwacht een JSON-object met de velden profielen en basisondersteuning"
    );
}

fn sample(f: &Fixture) -> ProfileFile {
    let text = "VESTIGINGSCODE;SWV;BEHOEFTE;NIVEAU;PLAATSEN;VOORZIENINGEN;GELDIG_VANAF;BRON\n\
                00AA00;;dyslexie;extra;6;;2026-08-01;\n\
                00AA00;;adhd;extra;;drempelvrij,lift;2026-08-01;\n\
                00AB00;;;;;;2026-08-01;synthetisch (seed 2026)\n\
                00AC00;;zmlk;specialistisch;40;;2026-08-01;synthetisch (seed 2026)\n\
                ;PO2201;adhd;basis;;;2026-08-01;synthetisch (seed 2026)\n\
                ;VO2201;;;;;2026-08-01;\n";
    f.read("p.csv", text).unwrap()
}

#[test]
fn exports_read_back_unchanged_in_both_formats() {
    let f = Fixture::new();
    let file = sample(&f);
    let profiles: Vec<&SupportProfile> = file.profiles.iter().collect();
    let basis: Vec<&SwvBasis> = file.basis.iter().collect();
    let csv = profiles_csv(&f.register, &profiles, &basis);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "VESTIGINGSCODE;SWV;BEHOEFTE;NIVEAU;PLAATSEN;VOORZIENINGEN;GELDIG_VANAF;LAT;LON;BRON;NAAM"
    );
    assert_eq!(
        lines[1],
        ";PO2201;adhd;basis;;;2026-08-01;;;synthetisch (seed 2026);"
    );
    assert!(
        lines.contains(
            &"00AA00;;adhd;extra;;;2026-08-01;52.01000;5.01000;ingelezen uit profielen.csv;De Linde"
        ),
        "{csv}"
    );
    assert!(
        lines.contains(&"00AA00;;;;;drempelvrij,lift;2026-08-01;52.01000;5.01000;ingelezen uit profielen.csv;De Linde"),
        "{csv}"
    );
    let json = profiles_json(&f.register, &profiles, &basis);
    assert!(
        json.contains("\"bron\": \"synthetisch (seed 2026)\""),
        "{json}"
    );
    assert!(json.contains("\"lat\": 52.01"), "{json}");

    let sorted = |mut p: ProfileFile| {
        for profile in &mut p.profiles {
            profile.offers.sort_by(|a, b| a.need.cmp(&b.need));
        }
        p.profiles.sort_by_key(|p| p.vestiging);
        p.basis.sort_by_key(|b| b.swv);
        p
    };
    for (name, text) in [("terug.csv", csv), ("terug.json", json)] {
        let ctx = ProfileContext {
            source_name: "profielen.csv",
            ..f.ctx()
        };
        let back = read_profiles(name, text.as_bytes(), &ctx).unwrap();
        assert_eq!(sorted(back), sorted(file.clone()), "{name}");
    }
}
