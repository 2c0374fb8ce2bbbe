-- Schema version 8: the extraction settings each version's text was made
-- with (a hash of select, remove, ignore and the extractor's version), so
-- that a crawl after the settings changed re-extracts the stored page
-- first instead of taking tracker's change for the vendor's. Empty for
-- versions stored before: unknown.
ALTER TABLE versions ADD COLUMN settings TEXT NOT NULL DEFAULT '';
