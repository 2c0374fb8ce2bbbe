-- Schema version 5: what lists read instead of histories, and raw pages
-- stored as deltas.
--
-- A document keeps its number of versions and its latest version, and a
-- change its summary (the report's "summary" object), so that listing ten
-- thousand documents reads neither versions nor reports.
ALTER TABLE documents ADD COLUMN version_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN latest_version_id INTEGER REFERENCES versions (id);
UPDATE documents SET
    version_count = (SELECT count(*) FROM versions v WHERE v.document_id = documents.id),
    latest_version_id = (SELECT id FROM versions v WHERE v.document_id = documents.id
                         ORDER BY captured_at DESC, id DESC LIMIT 1);

ALTER TABLE changes ADD COLUMN summary TEXT NOT NULL DEFAULT '';
UPDATE changes SET summary = coalesce(json_extract(report, '$.summary'), '') WHERE json_valid(report);

-- A raw page may be stored as a zstd frame whose dictionary is an earlier
-- page of the document (base_id): a page that changed in a few places
-- then costs a few hundred bytes. depth counts the pages to decode first;
-- a page is stored whole (gzip, as before) when it would exceed the cap.
ALTER TABLE snapshots ADD COLUMN base_id INTEGER REFERENCES snapshots (id);
ALTER TABLE snapshots ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
