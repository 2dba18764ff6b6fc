//! The catalog of bundled sources: where each file comes from, its licence, and the
//! attribution the licence asks for. The web application's sources page and the data
//! README show the same facts.

/// One source file.
#[derive(Clone, Copy, Debug)]
pub struct Source {
    /// Stable key, stored with every record that comes from this file.
    pub key: &'static str,
    /// Path relative to the data directory.
    pub path: &'static str,
    /// Dutch title for people.
    pub title: &'static str,
    /// Who publishes the data.
    pub publisher: &'static str,
    /// What the date of the data is.
    pub date: &'static str,
    /// Licence.
    pub licence: &'static str,
    /// The attribution the licence asks for, if any.
    pub attribution: Option<&'static str>,
    /// Where the copy in this repository was taken from.
    pub provenance: &'static str,
    /// What passend uses it for, in Dutch.
    pub used_for: &'static str,
    /// Whether the import fails without it (override files are optional).
    pub required: bool,
}

/// Key of DUO's address list of basisscholen.
pub const BO_ADDRESSES: &str = "duo-bo-adressen";
/// Key of DUO's pupil history per PO vestiging.
pub const PO_HISTORY: &str = "duo-po-leerlingen-historisch";
/// Key of DUO's address list of VO vestigingen.
pub const VO_ADDRESSES: &str = "duo-vo-adressen";
/// Key of DUO's VO pupils per vestiging, 2019.
pub const VO_PUPILS_2019: &str = "duo-vo-leerlingen-2019";
/// Key of the cluster extract of DUO's (V)SO address list.
pub const SO_CLUSTERS: &str = "duo-so-vso-cluster";
/// Key of the PC4 table of the Regeling regio-indeling.
pub const REGIO_PC4: &str = "regio-indeling-pc4";
/// Key of the legal text of the Regeling regio-indeling.
pub const REGIO_TEXT: &str = "regio-indeling-tekst";
/// Key of DUO's VSV figures per SWV, 2015.
pub const VSV_2015: &str = "duo-vsv-swv-2015";
/// Key of the geocoded school points.
pub const GEO_SCHOOLS: &str = "geo-scholen-2024";
/// Key of GeoNames PC4 points.
pub const GEONAMES_PC4: &str = "geonames-pc4";
/// Key of CBS population per PC4.
pub const CBS_PC4: &str = "cbs-pc4-2024";
/// Key of the SWV's cluster overrides.
pub const OVERRIDE_CLUSTER: &str = "override-cluster";
/// Key of the SWV's membership overrides.
pub const OVERRIDE_MEMBERSHIP: &str = "override-lidmaatschap";
/// Key of the SWV names file.
pub const OVERRIDE_SWV_NAMES: &str = "override-swv-namen";
/// Key of the support needs with their prevalence (settings).
pub const SETTINGS_NEEDS: &str = "instellingen-behoeften";
/// Key of the coverage thresholds and detour factor (settings).
pub const SETTINGS_COVERAGE: &str = "instellingen-dekking";
/// Key of the retention terms (settings).
pub const SETTINGS_RETENTION: &str = "instellingen-bewaartermijnen";

/// Publisher of the settings files.
const SETTINGS_PUBLISHER: &str = "passend; aanpasbaar door het samenwerkingsverband";

const DUO_CC0: &str = "CC0 1.0 (DUO open onderwijsdata)";

/// Every source, in the order the import reads them.
pub const SOURCES: &[Source] = &[
    Source {
        key: BO_ADDRESSES,
        path: "open/po/02.-alle-schoolvestigingen-basisonderwijs.csv",
        title: "Alle schoolvestigingen basisonderwijs",
        publisher: "DUO",
        date: "stand voorjaar/zomer 2026 (geschat; niet in het bestand vermeld)",
        licence: DUO_CC0,
        attribution: None,
        provenance: "sessyll/Dutch_Primary_Education_Lakehouse_Pipeline@bb794a72",
        used_for: "Namen, adressen, besturen en denominaties van basisscholen",
        required: true,
    },
    Source {
        key: PO_HISTORY,
        path: "open/po/06.-historisch-overzicht-aantal-leerlingen-per-schoolvestiging.csv",
        title: "Historisch overzicht aantal leerlingen per schoolvestiging (PO, SBO, SO, VSO)",
        publisher: "DUO",
        date: "tellingen 1 oktober 1996 tot en met 1 oktober 2025",
        licence: DUO_CC0,
        attribution: None,
        provenance: "sessyll/Dutch_Primary_Education_Lakehouse_Pipeline@bb794a72",
        used_for: "Soort vestiging en leerlingaantallen per jaar van BAO, SBO, SO, VSO en SO/VSO",
        required: true,
    },
    Source {
        key: VO_ADDRESSES,
        path: "open/vo/alle-vestigingen-vo.csv",
        title: "Alle vestigingen VO",
        publisher: "DUO",
        date: "stand december 2020",
        licence: DUO_CC0,
        attribution: None,
        provenance: "ginberg/cito@5b448c65",
        used_for: "Adressen, besturen en onderwijsstructuur van VO-vestigingen",
        required: true,
    },
    Source {
        key: VO_PUPILS_2019,
        path: "open/vo/leerlingen-vo-per-vestiging-naar-onderwijstype-2019.csv",
        title: "Leerlingen vo per vestiging naar onderwijstype 2019",
        publisher: "DUO",
        date: "telling 1 oktober 2019",
        licence: DUO_CC0,
        attribution: None,
        provenance: "ginberg/cito@5b448c65",
        used_for: "Leerlingaantallen van VO-vestigingen in 2019",
        required: true,
    },
    Source {
        key: SO_CLUSTERS,
        path: "open/cluster/duo-09-vestigingen-so-vso_cluster-extract.csv",
        title: "Alle vestigingen SBO, SO en VSO: uittreksel met cluster en onderwijsaanbod",
        publisher: "DUO",
        date: "stand eind 2025 of 2026 (geschat)",
        licence: DUO_CC0,
        attribution: None,
        provenance: "overgenomen uit blackassasinrl-ctrl/hahebo-leadtool@daad5c8c (10 van 34 kolommen, alleen SO, VSO en (V)SO)",
        used_for: "Cluster (1 tot en met 4) en onderwijsaanbod van elke (V)SO-vestiging",
        required: true,
    },
    Source {
        key: REGIO_PC4,
        path: "open/swv/regio-indeling-swv-pc4_2015-04-23.csv",
        title: "Regeling regio-indeling samenwerkingsverbanden passend onderwijs PO en VO: bijlage per postcodegebied",
        publisher: "Ministerie van OCW (BWBR0032324)",
        date: "versie 23 april 2015",
        licence: "Wet- en regelgeving, niet auteursrechtelijk beschermd (Auteurswet art. 11)",
        attribution: None,
        provenance: "statengeneraal/laws-markdown@1917ba62, tabel mechanisch omgezet naar CSV",
        used_for: "Het PO- en VO-samenwerkingsverband van elk postcodegebied (PC4)",
        required: true,
    },
    Source {
        key: REGIO_TEXT,
        path: "open/swv/BWBR0032324_regeling-regio-indeling-swv_2015-04-23.md",
        title: "Regeling regio-indeling samenwerkingsverbanden passend onderwijs PO en VO (wettekst)",
        publisher: "Ministerie van OCW (BWBR0032324)",
        date: "versie 23 april 2015",
        licence: "Wet- en regelgeving, niet auteursrechtelijk beschermd (Auteurswet art. 11)",
        attribution: None,
        provenance: "statengeneraal/laws-markdown@1917ba62",
        used_for: "Bron van de postcodetabel; wordt niet ingelezen",
        required: false,
    },
    Source {
        key: VSV_2015,
        path: "open/swv/vsv-per-swv-2015.csv",
        title: "Voortijdig schoolverlaten per samenwerkingsverband VO, 2015",
        publisher: "DUO",
        date: "2015",
        licence: DUO_CC0,
        attribution: None,
        provenance: "ginberg/cito@5b448c65",
        used_for: "DUO's eigen indeling van VO-vestigingen in samenwerkingsverbanden (ter controle, en de leden van VO0001)",
        required: true,
    },
    Source {
        key: GEO_SCHOOLS,
        path: "open/geo/scholen20241122.geo.json",
        title: "Scholen in Nederland, gegeocodeerd op BAG-adrespunt",
        publisher: "edugis-repo/data-nl-scholen, op basis van DUO en BAG",
        date: "DUO-adressen en BAG van 22 november 2024; leerlingen 1 oktober 2023",
        licence: "DUO en BAG: CC0; bewerking zonder licentiebestand",
        attribution: None,
        provenance: "edugis-repo/data-nl-scholen@8d94df27",
        used_for: "Coördinaten van alle vestigingen; soort en leerlingaantal (2023) van VO-vestigingen",
        required: true,
    },
    Source {
        key: GEONAMES_PC4,
        path: "open/geo/geonames-nl-postcode4-places.json",
        title: "Postcodegebieden (PC4) met plaatsnaam en coördinaten",
        publisher: "GeoNames",
        date: "circa 2018",
        licence: "CC BY 4.0",
        attribution: Some("GeoNames, www.geonames.org"),
        provenance: "adriaanvermeire/zipcodes@55fb8ddd",
        used_for: "Het midden van elk postcodegebied, voor de kaarten en als benadering van een ontbrekend adrespunt",
        required: true,
    },
    Source {
        key: CBS_PC4,
        path: "open/cbs/pc4_2024_v1.xlsx",
        title: "Inwoner-, huishouden- en woninggegevens per numeriek deel van de postcode",
        publisher: "CBS",
        date: "peildatum 1 januari 2024 (definitief, versie 1, 14 mei 2025)",
        licence: "CC BY 4.0",
        attribution: Some("Bron: CBS"),
        provenance: "zhaidewei/alleschools@b4dab87f",
        used_for: "Inwoners en kinderen per postcodegebied en per samenwerkingsverband",
        required: true,
    },
    Source {
        key: OVERRIDE_CLUSTER,
        path: "overrides/cluster.csv",
        title: "Clusterindeling vastgesteld door het samenwerkingsverband",
        publisher: "het samenwerkingsverband zelf",
        date: "zoals bijgehouden",
        licence: "eigen gegevens",
        attribution: None,
        provenance: "door het samenwerkingsverband bewerkt",
        used_for: "Gaat voor de clusterindeling uit de open data",
        required: false,
    },
    Source {
        key: OVERRIDE_MEMBERSHIP,
        path: "overrides/lidmaatschap.csv",
        title: "Lidmaatschap vastgesteld door het samenwerkingsverband",
        publisher: "het samenwerkingsverband zelf",
        date: "zoals bijgehouden",
        licence: "eigen gegevens",
        attribution: None,
        provenance: "door het samenwerkingsverband bewerkt",
        used_for: "Gaat voor de indeling naar postcode of denominatie (landelijke samenwerkingsverbanden, lid 5-deelname)",
        required: false,
    },
    Source {
        key: OVERRIDE_SWV_NAMES,
        path: "overrides/swv-namen.csv",
        title: "Namen van samenwerkingsverbanden",
        publisher: "het samenwerkingsverband zelf",
        date: "zoals bijgehouden",
        licence: "eigen gegevens",
        attribution: None,
        provenance: "door het samenwerkingsverband bewerkt; de open data bevatten geen namen",
        used_for: "De naam naast de code van een samenwerkingsverband",
        required: false,
    },
    Source {
        key: SETTINGS_NEEDS,
        path: "instellingen/behoeften.csv",
        title: "Ondersteuningsbehoeften met prevalentie en aandelen per niveau",
        publisher: SETTINGS_PUBLISHER,
        date: "standaardwaarden van november 2026, zoals bijgehouden",
        licence: "EUPL-1.2 (meegeleverd met passend); aanpassingen zijn eigen gegevens van het samenwerkingsverband",
        attribution: None,
        provenance: "opgesteld voor passend; de bron van elk getal staat in de kolom BRON",
        used_for: "De lijst van ondersteuningsbehoeften en de verwachte vraag per postcodegebied en niveau",
        required: true,
    },
    Source {
        key: SETTINGS_COVERAGE,
        path: "instellingen/dekking.csv",
        title: "Drempelafstanden per ondersteuningsniveau en omrijfactor",
        publisher: SETTINGS_PUBLISHER,
        date: "standaardwaarden van november 2026, zoals bijgehouden",
        licence: "EUPL-1.2 (meegeleverd met passend); aanpassingen zijn eigen gegevens van het samenwerkingsverband",
        attribution: None,
        provenance: "opgesteld voor passend; de bron van elke waarde staat in de kolom BRON",
        used_for: "Welke afstand tot een school nog dichtbij genoeg is, per niveau",
        required: true,
    },
    Source {
        key: SETTINGS_RETENTION,
        path: "instellingen/bewaartermijnen.csv",
        title: "Bewaartermijnen voor gegevens over personen",
        publisher: SETTINGS_PUBLISHER,
        date: "standaardwaarden van november 2026, zoals bijgehouden",
        licence: "EUPL-1.2 (meegeleverd met passend); aanpassingen zijn eigen gegevens van het samenwerkingsverband",
        attribution: None,
        provenance: "opgesteld voor passend; de wettelijke bron of het besluit van elke termijn staat in de kolom BRON",
        used_for: "Hoe lang sessies, uitgeschakelde accounts en regels in het auditlog bewaard blijven (passend retention run)",
        required: true,
    },
];

/// The source with a key.
pub fn source(key: &str) -> Option<&'static Source> {
    SOURCES.iter().find(|s| s.key == key)
}
