-- Schema version 9, as store/migrations/0009_imports.sql for SQLite: the
-- source 'ota' and the records imports handled.
ALTER TABLE versions DROP CONSTRAINT versions_source_check;
ALTER TABLE versions ADD CONSTRAINT versions_source_check CHECK (source IN ('live', 'wayback', 'ota'));

CREATE TABLE imports (
    document_id bigint NOT NULL REFERENCES documents (id),
    source      text COLLATE "C" NOT NULL,
    ref         text COLLATE "C" NOT NULL,
    recorded_at text COLLATE "C" NOT NULL,
    version_id  bigint REFERENCES versions (id),
    imported_at text COLLATE "C" NOT NULL,
    note        text COLLATE "C" NOT NULL DEFAULT '',
    PRIMARY KEY (document_id, source, ref)
);
