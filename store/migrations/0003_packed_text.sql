-- Schema version 3: version texts stored compressed.
--
-- A version's text is compressed with the raw page it was extracted from
-- as the deflate dictionary (the page holds the text), which takes it from
-- about 24 KB to 3-4 KB for a typical policy. `text` stays for rows written
-- before this step and is '' for packed rows.
ALTER TABLE versions ADD COLUMN text_z BLOB;
