-- Schema version 9: histories imported from Open Terms Archive.
--
-- A version may come from an Open Terms Archive versions repository or
-- dataset (source 'ota'; the CHECK on versions.source is widened by the
-- step in migrations.go, which SQLite cannot do in SQL). Each record an
-- import handled is kept here, as captures keep the Wayback Machine's, so
-- that an import run again reads only what it has not yet.
CREATE TABLE imports (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    source      TEXT    NOT NULL,
    ref         TEXT    NOT NULL,
    recorded_at TEXT    NOT NULL,
    version_id  INTEGER REFERENCES versions (id),
    imported_at TEXT    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (document_id, source, ref)
) STRICT, WITHOUT ROWID;
