-- Schema version 8, as store/migrations/0008_version_settings.sql for SQLite.
ALTER TABLE versions ADD COLUMN settings text COLLATE "C" NOT NULL DEFAULT '';
