-- Schema version 10: the home page lists the latest changes across all
-- documents, newest first, a page at a time. Versions are walked in
-- capture order across documents, and each one's change is found by the
-- version it leads to.
CREATE INDEX versions_by_capture ON versions (captured_at, id);
CREATE INDEX changes_by_to_version ON changes (to_version, from_version);
