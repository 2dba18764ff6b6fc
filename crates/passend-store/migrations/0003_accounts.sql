-- Accounts, roles, sessions and the audit log.
--
-- A user holds roles (grants) in one or more SWVs; a school, board or parent role is
-- limited to one vestiging, board or child. Passwords are stored only as argon2id PHC
-- strings. Sessions store a hash of their token, never the token.
--
-- The audit log is append-only: triggers refuse every UPDATE and DELETE, and every
-- entry carries the SHA-256 of the previous entry's hash and its own fields, so that
-- any change to a stored entry breaks the chain (`passend audit verify`).

CREATE TABLE app_user (
    id              INTEGER PRIMARY KEY,
    username        TEXT    NOT NULL UNIQUE,
    display_name    TEXT    NOT NULL,
    password_hash   TEXT    NOT NULL,
    disabled        INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at      TEXT    NOT NULL,
    password_set_at TEXT    NOT NULL
) STRICT;

CREATE TABLE user_grant (
    user_id   INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    role      TEXT    NOT NULL,
    swv       TEXT    NOT NULL,
    vestiging TEXT,
    board     INTEGER,
    child     INTEGER,
    UNIQUE (user_id, role, swv, vestiging, board, child)
) STRICT;

CREATE TABLE user_session (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL
) STRICT;

CREATE TABLE audit_log (
    seq       INTEGER PRIMARY KEY,
    at        TEXT    NOT NULL,
    actor     TEXT    NOT NULL,
    action    TEXT    NOT NULL,
    record    TEXT    NOT NULL,
    purpose   TEXT    NOT NULL,
    swv       TEXT,
    detail    TEXT    NOT NULL,
    prev_hash TEXT    NOT NULL,
    hash      TEXT    NOT NULL
) STRICT;

CREATE INDEX audit_log_record ON audit_log (record);
CREATE INDEX audit_log_actor ON audit_log (actor);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'het auditlog kan alleen worden aangevuld');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'het auditlog kan alleen worden aangevuld');
END;
