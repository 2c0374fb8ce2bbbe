-- Schema version 5, as store/migrations/0005_summaries_deltas.sql for SQLite.
ALTER TABLE documents ADD COLUMN version_count integer NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN latest_version_id bigint REFERENCES versions (id);
UPDATE documents SET
    version_count = (SELECT count(*) FROM versions v WHERE v.document_id = documents.id),
    latest_version_id = (SELECT id FROM versions v WHERE v.document_id = documents.id
                         ORDER BY captured_at DESC, id DESC LIMIT 1);

ALTER TABLE changes ADD COLUMN summary text COLLATE "C" NOT NULL DEFAULT '';
UPDATE changes SET summary = coalesce((report::json -> 'summary')::text, '');

ALTER TABLE snapshots ADD COLUMN base_id bigint REFERENCES snapshots (id);
ALTER TABLE snapshots ADD COLUMN depth integer NOT NULL DEFAULT 0;
