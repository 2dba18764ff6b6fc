//! Test support: the bundled data directory, a small but complete data directory built
//! from inline fixtures, and a minimal xlsx writer for CBS fixtures.

use std::collections::BTreeMap;
use std::path::PathBuf;

use passend_core::composition::Finding;
use passend_core::register::{Register, Vestiging};
use passend_import::issues::{Issues, RowIssue};
use passend_import::{Bundle, ImportError, read_dir, sources};

/// The bundled data directory of the repository.
pub(crate) fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data")
}

/// The path of a source, relative to the data directory.
pub(crate) fn path_of(key: &str) -> &'static str {
    sources::source(key)
        .unwrap_or_else(|| panic!("no source {key}"))
        .path
}

/// The bytes of a bundled source file.
pub(crate) fn bundled_bytes(key: &str) -> Vec<u8> {
    let path = data_dir().join(path_of(key));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs a reader on bytes with a fresh issue collector, returning its output and issues.
pub(crate) fn run<T>(
    reader: impl FnOnce(&mut Issues) -> Result<T, ImportError>,
) -> Result<(T, Vec<RowIssue>), ImportError> {
    let mut issues = Issues::default();
    let out = reader(&mut issues)?;
    Ok((out, issues.into_vec()))
}

/// A register built from an import, as the store would load it.
pub(crate) fn register_of(bundle: &Bundle) -> Register {
    let a = &bundle.assembled;
    Register::new(a.vestigingen.clone(), a.memberships.clone(), a.pc4s.clone())
}

/// One vestiging of an import by code.
pub(crate) fn vestiging<'a>(bundle: &'a Bundle, code: &str) -> &'a Vestiging {
    bundle
        .assembled
        .vestigingen
        .iter()
        .find(|v| v.code.to_string() == code)
        .unwrap_or_else(|| panic!("{code} is not in the import"))
}

/// The findings of an import about one vestiging.
pub(crate) fn findings_about<'a>(bundle: &'a Bundle, code: &str) -> Vec<&'a Finding> {
    bundle
        .assembled
        .findings
        .iter()
        .filter(|f| f.vestiging.is_some_and(|v| v.to_string() == code))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Inline fixtures: each file as the source publishes it, with only the columns passend
// reads (the readers allow extra columns after them, and the bundled files have them).

/// The header of DUO's BO address list (the first 14 of its 31 columns).
pub(crate) const BO_HEADER: &str = "PROVINCIE;BEVOEGD GEZAG NUMMER;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;STRAATNAAM;HUISNUMMER-TOEVOEGING;POSTCODE;PLAATSNAAM;GEMEENTENUMMER;GEMEENTENAAM;DENOMINATIE;TELEFOONNUMMER;INTERNETADRES";
/// The header of DUO's PO pupil history, with two years.
pub(crate) const HISTORY_HEADER: &str = "INSTELLINGSCODE;VESTIGINGSCODE;NAAM_VESTIGING;SOORT_VESTIGING;DENOMINATIE_VESTIGING;BEVOEGD_GEZAG_NUMMER;GEMEENTECODE_VESTIGING;GEMEENTENAAM_VESTIGING;LEERLINGEN_2024;LEERLINGEN_2025";
/// The header of DUO's VO address list (the columns passend reads).
pub(crate) const VO_HEADER: &str = "PROVINCIE;BEVOEGD GEZAG NUMMER;BRIN NUMMER;VESTIGINGSNUMMER;VESTIGINGSNAAM;STRAATNAAM;HUISNUMMER-TOEVOEGING;POSTCODE;PLAATSNAAM;GEMEENTENUMMER;GEMEENTENAAM;DENOMINATIE;TELEFOONNUMMER;INTERNETADRES;ONDERWIJSSTRUCTUUR";
/// The header of DUO's VO pupil file of 2019.
pub(crate) const VO_PUPILS_HEADER: &str = "BRIN NUMMER;VESTIGINGSNUMMER;INSTELLINGSNAAM VESTIGING;PLAATSNAAM VESTIGING;PROVINCIE VESTIGING;ONDERWIJSTYPE VO EN LEER- OF VERBLIJFSJAAR;VMBO SECTOR;AFDELING;ELEMENTCODE;OPLEIDINGSNAAM;LEER- OF VERBLIJFSJAAR 1 - MAN;LEER- OF VERBLIJFSJAAR 1 - VROUW;LEER- OF VERBLIJFSJAAR 2 - MAN;LEER- OF VERBLIJFSJAAR 2 - VROUW;LEER- OF VERBLIJFSJAAR 3 - MAN;LEER- OF VERBLIJFSJAAR 3 - VROUW;LEER- OF VERBLIJFSJAAR 4 - MAN;LEER- OF VERBLIJFSJAAR 4 - VROUW;LEER- OF VERBLIJFSJAAR 5 - MAN;LEER- OF VERBLIJFSJAAR 5 - VROUW;LEER- OF VERBLIJFSJAAR 6 - MAN;LEER- OF VERBLIJFSJAAR 6 - VROUW";
/// The header of the (V)SO cluster extract.
pub(crate) const CLUSTER_HEADER: &str = "SOORT PRIMAIR ONDERWIJS;BEVOEGD GEZAG NUMMER;INSTELLINGSCODE;VESTIGINGSCODE;VESTIGINGSNAAM;POSTCODE;PLAATSNAAM;GEMEENTENUMMER;CLUSTER;ONDERWIJS";
/// The header of the regio-indeling PC4 table.
pub(crate) const REGIO_HEADER: &str = "PC4;GEMEENTE;PO_SWV;VO_SWV";
/// The header of the VSV file.
pub(crate) const VSV_HEADER: &str = "SAMENWERKINGSVERBAND_NUMMER;brin_nummer;vestigings_nummer;aantal_leerlingen;vsv_totaal;vsv_vmbo;vsv_mbo;vsv_overig";

/// A `;` table: header and rows joined with `eol`, ending with `eol` as DUO's files do.
pub(crate) fn table(header: &str, rows: &[&str], eol: &str) -> Vec<u8> {
    let mut text = String::from(header);
    text.push_str(eol);
    for row in rows {
        text.push_str(row);
        text.push_str(eol);
    }
    text.into_bytes()
}

/// Text as windows-1252 bytes (DUO's "ANSI" files).
pub(crate) fn cp1252(text: &[u8]) -> Vec<u8> {
    let text = std::str::from_utf8(text).expect("fixtures are written as UTF-8");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable, "fixture text fits windows-1252");
    bytes.into_owned()
}

/// A UTF-8 byte-order mark followed by `bytes`.
pub(crate) fn with_bom(bytes: &[u8]) -> Vec<u8> {
    [b"\xEF\xBB\xBF".as_slice(), bytes].concat()
}

/// One school point of the geocoded file.
pub(crate) fn geo_feature(code: &str, kind: &str, postcode: &str, lon: f64, lat: f64) -> String {
    format!(
        r#"{{"type":"Feature","properties":{{"naam":"School {code}","type":"{kind}","denominatie":"Openbaar","internetadres":" ","straat":"Schoolstraat","huisnummer":1,"huisletter":null,"huisnummertoevoeging":null,"postcode":"{postcode}","plaats":"ASSEN","gemeente":"ASSEN","provincie":"Drenthe","brin_nummer":"{brin}","vestigingscode":"{code}","onderwijsgebied":"Drenthe","leerlingen":100}},"geometry":{{"type":"Point","coordinates":[{lon},{lat}]}}}}"#,
        brin = &code[..4]
    )
}

/// The geocoded file with these features.
pub(crate) fn geo_collection(features: &[String]) -> Vec<u8> {
    format!(
        r#"{{"type":"FeatureCollection","name":"scholen","crs":{{"type":"name","properties":{{"name":"urn:ogc:def:crs:OGC:1.3:CRS84"}}}},"features":[
{}
]}}
"#,
        features.join(",\n")
    )
    .into_bytes()
}

/// A cell of a spreadsheet fixture.
#[derive(Clone, Debug)]
pub(crate) enum Cell {
    /// Text.
    S(&'static str),
    /// A number.
    N(f64),
    /// Nothing.
    E,
}

/// The CBS sheet with its title, header and unit rows, and these data rows.
pub(crate) fn cbs_xlsx(data: &[Vec<Cell>]) -> Vec<u8> {
    use Cell::{E, S};
    let mut rows = vec![
        vec![S(
            "Inwoner, huishouden en woninggegevens voor numeriek deel van de postcode, peildatum 1 januari 2024",
        )],
        vec![S("Definitieve gegevens, versie 1")],
        vec![S("Datum: 14 mei 2025")],
        vec![S("Betekenis -99 997 =  '0 - 4 / geheim'")],
        vec![],
        vec![E, S("Inwoners")],
        vec![E, S("Totaal"), S("Geslacht"), E, S("Leeftijdklassen")],
        vec![
            S("Postcode-4"),
            S("Totaal"),
            S("Man"),
            S("Vrouw"),
            S("tot 15 jaar"),
            S("15 tot 25 jaar"),
        ],
        vec![S("Code"), S("x1"), S("x1"), S("x1"), S("x1"), S("x1")],
    ];
    rows.extend(data.iter().cloned());
    xlsx("PC4_2024_v1", &rows)
}

/// A one-sheet xlsx workbook with inline strings, stored without compression.
pub(crate) fn xlsx(sheet: &str, rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut sheet_xml = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in rows.iter().enumerate() {
        sheet_xml.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, cell) in row.iter().enumerate() {
            let reference = format!("{}{}", column_letter(c), r + 1);
            match cell {
                Cell::S(s) => sheet_xml.push_str(&format!(
                    r#"<c r="{reference}" t="inlineStr"><is><t>{}</t></is></c>"#,
                    s.replace('&', "&amp;").replace('<', "&lt;")
                )),
                Cell::N(n) => sheet_xml.push_str(&format!(r#"<c r="{reference}"><v>{n}</v></c>"#)),
                Cell::E => {}
            }
        }
        sheet_xml.push_str("</row>");
    }
    sheet_xml.push_str("</sheetData></worksheet>");
    let rels = "http://schemas.openxmlformats.org/package/2006/relationships";
    let office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    zip_stored(&[
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{rels}"><Relationship Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="{office}"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{rels}"><Relationship Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#
            ),
        ),
        ("xl/worksheets/sheet1.xml", sheet_xml),
    ])
}

fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut out = String::new();
    while n > 0 {
        out.insert(0, char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A zip archive whose entries are stored (method 0).
fn zip_stored(entries: &[(&str, String)]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: usize) {
        out.extend_from_slice(&u16::try_from(v).expect("fits u16").to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, content) in entries {
        let data = content.as_bytes();
        let crc = crc32(data);
        let size = u32::try_from(data.len()).expect("small entry");
        let offset = u32::try_from(out.len()).expect("small archive");
        u32le(&mut out, 0x0403_4b50);
        for v in [20, 0, 0, 0, 0x21] {
            u16le(&mut out, v);
        }
        u32le(&mut out, crc);
        u32le(&mut out, size);
        u32le(&mut out, size);
        u16le(&mut out, name.len());
        u16le(&mut out, 0);
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(data);

        u32le(&mut central, 0x0201_4b50);
        for v in [20, 20, 0, 0, 0, 0x21] {
            u16le(&mut central, v);
        }
        u32le(&mut central, crc);
        u32le(&mut central, size);
        u32le(&mut central, size);
        u16le(&mut central, name.len());
        for v in [0, 0, 0, 0] {
            u16le(&mut central, v);
        }
        u32le(&mut central, 0);
        u32le(&mut central, offset);
        central.extend_from_slice(name.as_bytes());
    }
    let central_offset = u32::try_from(out.len()).expect("small archive");
    let central_size = u32::try_from(central.len()).expect("small archive");
    out.extend_from_slice(&central);
    u32le(&mut out, 0x0605_4b50);
    for v in [0, 0, entries.len(), entries.len()] {
        u16le(&mut out, v);
    }
    u32le(&mut out, central_size);
    u32le(&mut out, central_offset);
    u16le(&mut out, 0);
    out
}

// ---------------------------------------------------------------------------------------
// A complete data directory in miniature.

/// Every source of a data directory as bytes, by path relative to the directory. The
/// default is a small consistent area: SWVs PO2201/VO2201 around Assen, one basisschool,
/// one VO school, one (V)SO school of cluster 3.
pub(crate) struct MiniData {
    files: BTreeMap<&'static str, Vec<u8>>,
}

impl MiniData {
    pub(crate) fn new() -> MiniData {
        let mut files = BTreeMap::new();
        files.insert(
            path_of(sources::BO_ADDRESSES),
            cp1252(&table(
                BO_HEADER,
                &["Drenthe;12345;00AA;00AA00;OBS De Linde;Kerkstraat;1;9401 AA;ASSEN;0106;ASSEN;Openbaar;0592123456;www.delinde.nl"],
                "\r\n",
            )),
        );
        files.insert(
            path_of(sources::PO_HISTORY),
            with_bom(&table(
                HISTORY_HEADER,
                &[
                    "00AA;00AA00;OBS De Linde;BO;Openbaar;12345;106;ASSEN;118;120",
                    "02AC;02AC00;De Atlas;SO/VSO;Openbaar;33333;106;ASSEN;80;85",
                ],
                "\r\n",
            )),
        );
        files.insert(
            path_of(sources::VO_ADDRESSES),
            cp1252(&table(
                VO_HEADER,
                &["DRENTHE;22222;01AB;01AB00;Dr. Nassau College;Stationsstraat;2;9401 AB;ASSEN;0106;ASSEN;Openbaar;0592000000;www.nassau.nl;VBO/MAVO/HAVO/VWO"],
                "\n",
            )),
        );
        files.insert(
            path_of(sources::VO_PUPILS_2019),
            cp1252(&table(
                VO_PUPILS_HEADER,
                &["01AB;00;Dr. Nassau College;ASSEN;Drenthe;Brugjaar 1-2;;;;Brugjaar;100;110;90;95;0;0;0;0;0;0;0;0"],
                "\n",
            )),
        );
        files.insert(
            path_of(sources::SO_CLUSTERS),
            table(
                CLUSTER_HEADER,
                &["(V)SO;33333;02AC;02AC00;De Atlas;9402 AC;ASSEN;0106;3;SO ZMLK + VSO ZMLK"],
                "\n",
            ),
        );
        files.insert(
            path_of(sources::REGIO_PC4),
            table(
                REGIO_HEADER,
                &[
                    "9401;Assen;PO2201;VO2201",
                    "9402;Assen;PO2201;VO2201",
                    "3197;Rotterdam;Europoort;Europoort",
                ],
                "\n",
            ),
        );
        files.insert(
            path_of(sources::VSV_2015),
            table(VSV_HEADER, &["VO2201;01AB;00;1500;5;2;3;0"], "\n"),
        );
        files.insert(
            path_of(sources::GEO_SCHOOLS),
            geo_collection(&[
                geo_feature("00AA00", "basisschool", "9401AA", 6.56, 52.99),
                geo_feature("01AB00", "VBO/MAVO/HAVO/VWO", "9401AB", 6.57, 52.995),
                geo_feature("02AC00", "(V)SO", "9402AC", 6.58, 53.0),
            ]),
        );
        files.insert(
            path_of(sources::GEONAMES_PC4),
            br#"[{"zipcode":"9401","name":"Assen","latitude":"52.99","longitude":"6.56"},{"zipcode":"9402","name":"Assen","latitude":"53.00","longitude":"6.58"}]
"#
            .to_vec(),
        );
        files.insert(
            path_of(sources::CBS_PC4),
            cbs_xlsx(&[
                vec![
                    Cell::N(9401.0),
                    Cell::N(10010.0),
                    Cell::N(5160.0),
                    Cell::N(4850.0),
                    Cell::N(680.0),
                    Cell::N(1330.0),
                ],
                vec![
                    Cell::N(9402.0),
                    Cell::N(9120.0),
                    Cell::N(4905.0),
                    Cell::N(4215.0),
                    Cell::N(335.0),
                    Cell::N(1770.0),
                ],
            ]),
        );
        // The settings, as shipped: part of every import.
        for key in [
            sources::SETTINGS_NEEDS,
            sources::SETTINGS_COVERAGE,
            sources::SETTINGS_RETENTION,
        ] {
            files.insert(path_of(key), bundled_bytes(key));
        }
        MiniData { files }
    }

    /// Replaces (or adds) the file of a source.
    pub(crate) fn set(&mut self, key: &str, bytes: Vec<u8>) -> &mut MiniData {
        self.files.insert(path_of(key), bytes);
        self
    }

    /// Leaves the file of a source out.
    pub(crate) fn remove(&mut self, key: &str) -> &mut MiniData {
        self.files.remove(path_of(key));
        self
    }

    /// Writes the files to a new temporary directory.
    pub(crate) fn write(&self) -> tempfile::TempDir {
        let dir = tempfile::tempdir().expect("a temporary directory");
        for (path, bytes) in &self.files {
            let target = dir.path().join(path);
            std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
            std::fs::write(&target, bytes).expect("write fixture");
        }
        dir
    }

    /// Imports the directory.
    pub(crate) fn import(&self) -> Result<Bundle, ImportError> {
        let dir = self.write();
        read_dir(dir.path(), &mut |_| {})
    }
}
