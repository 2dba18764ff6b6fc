-- Retention (bewaartermijnen): every record about a person carries the moment from which
-- it must be gone (`delete_after`), stamped when it is written from the terms of
-- `instellingen/bewaartermijnen.csv` (stored here with every import, like the other
-- settings). `passend retention run` deletes or anonymises what is due.
--
-- Each record also keeps the moment its clock started (a session's end, the day an
-- account was disabled, the moment of an audit entry). When an import brings changed
-- terms, every stamp is worked out again from that moment, so a shortened or lengthened
-- term applies to what is already stored. Records written before this migration have no
-- stamp until then; for them a retention run counts from the start of their clock.

CREATE TABLE retention_setting (
    category TEXT PRIMARY KEY,
    period   TEXT NOT NULL,
    source   TEXT NOT NULL
) STRICT;

ALTER TABLE app_user ADD COLUMN disabled_at TEXT;
ALTER TABLE app_user ADD COLUMN delete_after TEXT;
ALTER TABLE app_user ADD COLUMN anonymised_at TEXT;
-- An account disabled before passend recorded when: its term starts with this upgrade.
UPDATE app_user SET disabled_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE disabled = 1;

ALTER TABLE user_session ADD COLUMN delete_after TEXT;

-- Not part of an entry's hash: it says when the entry may go, not what happened. It is
-- the one column of an entry that may change.
ALTER TABLE audit_log ADD COLUMN delete_after TEXT;

DROP TRIGGER audit_log_no_update;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
WHEN NEW.seq IS NOT OLD.seq OR NEW.at IS NOT OLD.at OR NEW.actor IS NOT OLD.actor
    OR NEW.action IS NOT OLD.action OR NEW.record IS NOT OLD.record
    OR NEW.purpose IS NOT OLD.purpose OR NEW.swv IS NOT OLD.swv
    OR NEW.detail IS NOT OLD.detail OR NEW.prev_hash IS NOT OLD.prev_hash
    OR NEW.hash IS NOT OLD.hash
BEGIN
    SELECT RAISE(ABORT, 'het auditlog kan alleen worden aangevuld');
END;

-- The audit log can only lose its oldest entries, and only after a checkpoint has kept
-- the hash of the last entry removed: the chain then starts from that hash, so the
-- entries that remain still verify and a gap in the middle is still found. Checkpoints
-- themselves cannot be changed or removed, and one can only be written with the hash
-- the entry it names really has.
CREATE TABLE audit_checkpoint (
    upto_seq INTEGER PRIMARY KEY,
    hash     TEXT    NOT NULL,
    at       TEXT    NOT NULL,
    removed  INTEGER NOT NULL
) STRICT;

CREATE TRIGGER audit_checkpoint_matches BEFORE INSERT ON audit_checkpoint
WHEN NEW.hash IS NOT (SELECT hash FROM audit_log WHERE seq = NEW.upto_seq)
BEGIN
    SELECT RAISE(ABORT, 'een controlepunt moet de hash van een bestaande regel bewaren');
END;

CREATE TRIGGER audit_checkpoint_no_update BEFORE UPDATE ON audit_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'een controlepunt van het auditlog kan niet worden gewijzigd');
END;

CREATE TRIGGER audit_checkpoint_no_delete BEFORE DELETE ON audit_checkpoint
BEGIN
    SELECT RAISE(ABORT, 'een controlepunt van het auditlog kan niet worden verwijderd');
END;

DROP TRIGGER audit_log_no_delete;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN NOT EXISTS (SELECT 1 FROM audit_checkpoint WHERE upto_seq >= OLD.seq)
BEGIN
    SELECT RAISE(ABORT, 'het auditlog kan alleen worden aangevuld, en de oudste regels alleen na een controlepunt worden verwijderd');
END;
