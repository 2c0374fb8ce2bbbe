-- Schema version 10, as store/migrations/0010_recent_changes.sql for SQLite.
CREATE INDEX versions_by_capture ON versions (captured_at, id);
CREATE INDEX changes_by_to_version ON changes (to_version, from_version);
