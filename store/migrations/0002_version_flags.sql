-- Schema version 2: what flapping detection and re-extraction need.

-- A version produced by re-extracting a stored snapshot (new extraction
-- rules, not a change on the vendor's side): its change raises no alert.
ALTER TABLE versions ADD COLUMN technical INTEGER NOT NULL DEFAULT 0;

-- A version whose text returns to that of an earlier one (A/B tests, geo
-- variants): the earlier version's id.
ALTER TABLE versions ADD COLUMN flap_of INTEGER REFERENCES versions (id);

-- The extracted text hash seen by a fetch that stored no version, so that a
-- text held as suspect can be recognised when it comes back.
ALTER TABLE fetches ADD COLUMN text_hash TEXT NOT NULL DEFAULT '';

-- Flapping lookup: an earlier version of the document with the same text.
CREATE INDEX versions_by_hash ON versions (document_id, hash);
