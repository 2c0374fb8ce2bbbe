-- Schema version 2, as store/migrations/0002_version_flags.sql for SQLite.
ALTER TABLE versions ADD COLUMN technical boolean NOT NULL DEFAULT false;
ALTER TABLE versions ADD COLUMN flap_of bigint REFERENCES versions (id);
ALTER TABLE fetches ADD COLUMN text_hash text COLLATE "C" NOT NULL DEFAULT '';
CREATE INDEX versions_by_hash ON versions (document_id, hash);
