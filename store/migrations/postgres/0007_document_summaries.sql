-- Schema version 7, as store/migrations/0007_document_summaries.sql for SQLite.
-- Schema version 7: each document carries what lists show of it (its last
-- fetch, its latest version, the version before and the summary of the
-- change between them), so that listing ten thousand documents reads one
-- table, not four. Kept up to date with every fetch, version and change.
ALTER TABLE documents ADD COLUMN last_fetch_at text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN last_fetch_outcome text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN last_fetch_status integer NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN last_fetch_error text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN latest_hash text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN latest_source text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN latest_fetched_at text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN latest_captured_at text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN latest_url text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN latest_technical boolean NOT NULL DEFAULT false;
ALTER TABLE documents ADD COLUMN latest_flap_of bigint REFERENCES versions (id);
ALTER TABLE documents ADD COLUMN previous_version_id bigint REFERENCES versions (id);
ALTER TABLE documents ADD COLUMN last_change text COLLATE "C" NOT NULL DEFAULT '';

UPDATE documents SET
    last_fetch_at = coalesce((SELECT started_at FROM fetches f WHERE f.id = documents.last_fetch_id), ''),
    last_fetch_outcome = coalesce((SELECT outcome FROM fetches f WHERE f.id = documents.last_fetch_id), ''),
    last_fetch_status = coalesce((SELECT status FROM fetches f WHERE f.id = documents.last_fetch_id), 0),
    last_fetch_error = coalesce((SELECT error FROM fetches f WHERE f.id = documents.last_fetch_id), ''),
    latest_hash = coalesce((SELECT hash FROM versions v WHERE v.id = documents.latest_version_id), ''),
    latest_source = coalesce((SELECT source FROM versions v WHERE v.id = documents.latest_version_id), ''),
    latest_fetched_at = coalesce((SELECT fetched_at FROM versions v WHERE v.id = documents.latest_version_id), ''),
    latest_captured_at = coalesce((SELECT captured_at FROM versions v WHERE v.id = documents.latest_version_id), ''),
    latest_url = coalesce((SELECT url FROM versions v WHERE v.id = documents.latest_version_id), ''),
    latest_technical = coalesce((SELECT technical FROM versions v WHERE v.id = documents.latest_version_id), false),
    latest_flap_of = (SELECT flap_of FROM versions v WHERE v.id = documents.latest_version_id);
UPDATE documents SET previous_version_id = (
    SELECT x.id FROM versions x JOIN versions v ON v.id = documents.latest_version_id
    WHERE x.document_id = documents.id
      AND (x.captured_at < v.captured_at OR (x.captured_at = v.captured_at AND x.id < v.id))
    ORDER BY x.captured_at DESC, x.id DESC LIMIT 1);
UPDATE documents SET last_change = coalesce((SELECT summary FROM changes c
    WHERE c.from_version = documents.previous_version_id AND c.to_version = documents.latest_version_id), '');
