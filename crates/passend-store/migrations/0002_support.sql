-- Support needs and coverage settings (replaced by every import, like the register
-- tables), and the history of school support profiles and SWV basisondersteuning
-- (kept forever: a new version is added, an old one is never changed).
-- Migrations are append-only: never edit a migration that has been released.

-- instellingen/behoeften.csv, in file order.
CREATE TABLE support_need (
    position          INTEGER PRIMARY KEY,
    code              TEXT    NOT NULL UNIQUE,
    label             TEXT    NOT NULL,
    domain            TEXT    NOT NULL,
    domain_label      TEXT    NOT NULL,
    prevalence_po     REAL    NOT NULL CHECK (prevalence_po BETWEEN 0 AND 1),
    prevalence_vo     REAL    NOT NULL CHECK (prevalence_vo BETWEEN 0 AND 1),
    share_extra       REAL    NOT NULL CHECK (share_extra BETWEEN 0 AND 1),
    share_specialist  REAL    NOT NULL CHECK (share_specialist BETWEEN 0 AND 1),
    source            TEXT    NOT NULL
) STRICT;

-- instellingen/dekking.csv: every key, with the file's value or the default.
CREATE TABLE coverage_setting (
    key     TEXT PRIMARY KEY,
    value   REAL NOT NULL,
    source  TEXT NOT NULL
) STRICT;

-- One version of a vestiging's schoolondersteuningsprofiel. `vestiging` has no foreign
-- key to `vestiging (code)` on purpose: an import deletes vestigingen no source lists
-- any more, and a profile is history that must survive that (and must not make the
-- import fail). The id is the order in which versions were recorded: of two versions
-- with the same valid_from, the later one holds.
CREATE TABLE profile_version (
    id             INTEGER PRIMARY KEY,
    vestiging      TEXT    NOT NULL,
    valid_from     TEXT    NOT NULL,
    source         TEXT    NOT NULL CHECK (source IN ('synthetic', 'import', 'editor')),
    source_detail  TEXT    NOT NULL
) STRICT;

CREATE INDEX profile_version_by_vestiging ON profile_version (vestiging, valid_from);

-- What a version offers: at most one level per need. `need` has no foreign key to
-- `support_need` either: the taxonomy is replaced by each import, the history is not.
CREATE TABLE profile_offer (
    version  INTEGER NOT NULL REFERENCES profile_version (id),
    need     TEXT    NOT NULL,
    level    TEXT    NOT NULL CHECK (level IN ('basis', 'extra', 'specialistisch')),
    places   INTEGER CHECK (places >= 0),
    PRIMARY KEY (version, need)
) STRICT, WITHOUT ROWID;

CREATE TABLE profile_condition (
    version    INTEGER NOT NULL REFERENCES profile_version (id),
    condition  TEXT    NOT NULL,
    PRIMARY KEY (version, condition)
) STRICT, WITHOUT ROWID;

-- One version of the basisondersteuning an SWV agreed for all its schools.
CREATE TABLE swv_basis_version (
    id             INTEGER PRIMARY KEY,
    swv            TEXT    NOT NULL,
    valid_from     TEXT    NOT NULL,
    source         TEXT    NOT NULL CHECK (source IN ('synthetic', 'import', 'editor')),
    source_detail  TEXT    NOT NULL
) STRICT;

CREATE INDEX swv_basis_version_by_swv ON swv_basis_version (swv, valid_from);

CREATE TABLE swv_basis_need (
    version  INTEGER NOT NULL REFERENCES swv_basis_version (id),
    need     TEXT    NOT NULL,
    PRIMARY KEY (version, need)
) STRICT, WITHOUT ROWID;
