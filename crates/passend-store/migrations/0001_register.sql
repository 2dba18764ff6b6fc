-- The register: vestigingen, their pupil counts, PC4 areas, memberships and the
-- findings of the import, plus a log of imports and the files they read.
-- Migrations are append-only: never edit a migration that has been released.

CREATE TABLE import_run (
    id           INTEGER PRIMARY KEY,
    fingerprint  TEXT    NOT NULL,
    data_dir     TEXT    NOT NULL,
    finished_at  TEXT    NOT NULL,
    added        INTEGER NOT NULL,
    changed      INTEGER NOT NULL,
    removed      INTEGER NOT NULL
) STRICT;

CREATE TABLE source_file (
    key     TEXT    PRIMARY KEY,
    path    TEXT    NOT NULL,
    sha256  TEXT    NOT NULL,
    size    INTEGER NOT NULL,
    run_id  INTEGER NOT NULL REFERENCES import_run (id)
) STRICT;

CREATE TABLE vestiging (
    code                TEXT    PRIMARY KEY,
    name                TEXT    NOT NULL,
    kind                TEXT    NOT NULL,
    vo_structure        INTEGER NOT NULL,
    status              TEXT    NOT NULL CHECK (status IN ('open', 'closed')),
    status_basis        TEXT    NOT NULL,
    board               INTEGER,
    denominatie         TEXT,
    street_address      TEXT,
    postcode            TEXT,
    place               TEXT,
    gemeente_code       INTEGER,
    gemeente_name       TEXT,
    province            TEXT,
    lat                 REAL,
    lon                 REAL,
    location_basis      TEXT,
    website             TEXT,
    cluster             INTEGER,
    cluster_possible    INTEGER,
    cluster_basis       TEXT,
    cluster_confidence  TEXT,
    cluster_evidence    TEXT,
    offer_so            INTEGER,
    offer_vso           INTEGER,
    offer_residential   INTEGER,
    sources             TEXT    NOT NULL,
    row_hash            TEXT    NOT NULL
) STRICT;

CREATE TABLE pupil_count (
    vestiging  TEXT    NOT NULL REFERENCES vestiging (code) ON DELETE CASCADE,
    peildatum  TEXT    NOT NULL,
    count      INTEGER NOT NULL CHECK (count >= -1),
    source     TEXT    NOT NULL,
    PRIMARY KEY (vestiging, peildatum)
) STRICT, WITHOUT ROWID;

CREATE TABLE pc4_area (
    pc4           INTEGER PRIMARY KEY,
    in_regeling   INTEGER NOT NULL,
    gemeente      TEXT    NOT NULL,
    po_swv        TEXT,
    vo_swv        TEXT,
    note          TEXT,
    lat           REAL,
    lon           REAL,
    place         TEXT,
    inhabitants   INTEGER,
    under_15      INTEGER,
    age_15_to_25  INTEGER
) STRICT;

-- One SWV per vestiging and sector (WPO art. 18a lid 2; WVO art. 17a lid 2).
CREATE TABLE membership (
    vestiging     TEXT NOT NULL REFERENCES vestiging (code) ON DELETE CASCADE,
    sector        TEXT NOT NULL CHECK (sector IN ('PO', 'VO')),
    swv           TEXT NOT NULL,
    basis         TEXT NOT NULL,
    basis_detail  TEXT NOT NULL,
    PRIMARY KEY (vestiging, sector)
) STRICT;

CREATE INDEX membership_by_swv ON membership (swv);

CREATE TABLE data_finding (
    id         INTEGER PRIMARY KEY,
    rule       TEXT NOT NULL,
    severity   TEXT NOT NULL,
    swv        TEXT,
    vestiging  TEXT,
    message    TEXT NOT NULL
) STRICT;

CREATE TABLE swv_name (
    swv   TEXT PRIMARY KEY,
    name  TEXT NOT NULL
) STRICT;
