-- Schema version 4: schedules kept in the database, leases, outbox claims.
--
-- due_at is when the document should be crawled next, computed from its
-- last attempt and its schedule, so that a restart postpones nothing. A
-- process crawling a document holds its lease (owner and expiry) and
-- renews it while it works; a dead process's lease expires and another
-- takes the document over. last_attempt_at and last_fetch_id summarise the
-- fetches, so that listing thousands of documents reads no fetch history.
ALTER TABLE documents ADD COLUMN due_at TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN lease_owner TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN lease_until TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN last_attempt_at TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN last_fetch_id INTEGER REFERENCES fetches (id);
CREATE INDEX documents_due ON documents (due_at);

UPDATE documents SET
    last_fetch_id = (SELECT max(id) FROM fetches f WHERE f.document_id = documents.id),
    last_attempt_at = coalesce((SELECT started_at FROM fetches f WHERE f.document_id = documents.id
                                ORDER BY id DESC LIMIT 1), '');

-- Which process made each attempt.
ALTER TABLE fetches ADD COLUMN crawler TEXT NOT NULL DEFAULT '';

-- An outbox row is claimed by one sender before it is sent, until
-- claimed_until; the claim stays on the row to say who sent it.
ALTER TABLE deliveries ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
ALTER TABLE deliveries ADD COLUMN claimed_until TEXT NOT NULL DEFAULT '';
