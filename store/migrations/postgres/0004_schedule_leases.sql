-- Schema version 4, as store/migrations/0004_schedule_leases.sql for SQLite.
ALTER TABLE documents ADD COLUMN due_at text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN lease_owner text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN lease_until text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN last_attempt_at text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN last_fetch_id bigint REFERENCES fetches (id);
CREATE INDEX documents_due ON documents (due_at);

UPDATE documents SET
    last_fetch_id = (SELECT max(id) FROM fetches f WHERE f.document_id = documents.id),
    last_attempt_at = coalesce((SELECT started_at FROM fetches f WHERE f.document_id = documents.id
                                ORDER BY id DESC LIMIT 1), '');

ALTER TABLE fetches ADD COLUMN crawler text COLLATE "C" NOT NULL DEFAULT '';

ALTER TABLE deliveries ADD COLUMN claimed_by text COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN claimed_until text COLLATE "C" NOT NULL DEFAULT '';
