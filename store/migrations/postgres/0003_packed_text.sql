-- Schema version 3, as store/migrations/0003_packed_text.sql for SQLite.
ALTER TABLE versions ADD COLUMN text_z bytea;
