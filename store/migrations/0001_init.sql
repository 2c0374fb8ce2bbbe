-- Schema version 1. Times are UTC text in a fixed-width RFC 3339 layout
-- (sortable); "" means none. Nothing is ever deleted: history is the point.

-- Marks the file as a tracker database ("trkr"), so that Open never mistakes
-- another program's SQLite file for one.
PRAGMA application_id = 1953655666;

CREATE TABLE vendors (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    vendor_id       TEXT    NOT NULL REFERENCES vendors (id),
    type            TEXT    NOT NULL,
    url             TEXT    NOT NULL,
    fail_count      INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL DEFAULT '',
    UNIQUE (vendor_id, type)
) STRICT;

-- Raw bodies, gzip-compressed, one row per sha256 of the uncompressed body.
CREATE TABLE snapshots (
    id           INTEGER PRIMARY KEY,
    hash         TEXT    NOT NULL UNIQUE,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    body         BLOB    NOT NULL
) STRICT;

CREATE TABLE versions (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents (id),
    snapshot_id   INTEGER NOT NULL REFERENCES snapshots (id),
    hash          TEXT    NOT NULL,
    text          TEXT    NOT NULL,
    source        TEXT    NOT NULL CHECK (source IN ('live', 'wayback')),
    fetched_at    TEXT    NOT NULL,
    captured_at   TEXT    NOT NULL,
    url           TEXT    NOT NULL,
    etag          TEXT    NOT NULL DEFAULT '',
    last_modified TEXT    NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX versions_timeline ON versions (document_id, captured_at, id);

CREATE TABLE fetches (
    id            INTEGER PRIMARY KEY,
    document_id   INTEGER NOT NULL REFERENCES documents (id),
    started_at    TEXT    NOT NULL,
    duration_ns   INTEGER NOT NULL,
    url           TEXT    NOT NULL,
    final_url     TEXT    NOT NULL DEFAULT '',
    status        INTEGER NOT NULL DEFAULT 0,
    outcome       TEXT    NOT NULL,
    error         TEXT    NOT NULL DEFAULT '',
    etag          TEXT    NOT NULL DEFAULT '',
    last_modified TEXT    NOT NULL DEFAULT '',
    version_id    INTEGER REFERENCES versions (id)
) STRICT;

CREATE INDEX fetches_by_document ON fetches (document_id, id);

CREATE TABLE changes (
    id           INTEGER PRIMARY KEY,
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    from_version INTEGER NOT NULL REFERENCES versions (id),
    to_version   INTEGER NOT NULL REFERENCES versions (id),
    max_severity TEXT    NOT NULL,
    material     INTEGER NOT NULL,
    added        INTEGER NOT NULL,
    removed      INTEGER NOT NULL,
    modified     INTEGER NOT NULL,
    moved        INTEGER NOT NULL,
    report       TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    UNIQUE (from_version, to_version)
) STRICT;

CREATE INDEX changes_by_document ON changes (document_id);

-- The alert outbox: one row per alert and channel target.
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    alert_id        TEXT    NOT NULL,
    document_id     INTEGER REFERENCES documents (id),
    channel         TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    delivered_at    TEXT    NOT NULL DEFAULT '',
    last_error      TEXT    NOT NULL DEFAULT '',
    UNIQUE (alert_id, channel, target)
) STRICT;

CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

-- Wayback captures already handled, so that a backfill resumes.
CREATE TABLE captures (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    timestamp   TEXT    NOT NULL,
    digest      TEXT    NOT NULL,
    original    TEXT    NOT NULL,
    status      TEXT    NOT NULL DEFAULT '',
    version_id  INTEGER REFERENCES versions (id),
    fetched_at  TEXT    NOT NULL,
    error       TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (document_id, timestamp, digest)
) STRICT, WITHOUT ROWID;
