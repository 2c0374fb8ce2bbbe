-- Schema version 6: outbox rows keyed by the configured endpoint, not by
-- its URL or recipients.
--
-- One webhook URL listed twice (two entries while a secret is rotated) gave
-- two rows with the same (alert_id, channel, target), and the UNIQUE
-- constraint failed the whole transaction: the version was not stored. A
-- row now names the endpoint it is for (its configured name, or its place
-- in the configuration such as "webhooks[1]"), and `target` only records
-- where it went last, so a fixed URL is used by retries. SQLite cannot
-- change a table's constraints: the table is rebuilt.
CREATE TABLE deliveries_v6 (
    id              INTEGER PRIMARY KEY,
    alert_id        TEXT    NOT NULL,
    document_id     INTEGER REFERENCES documents (id),
    endpoint        TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    target          TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    created_at      TEXT    NOT NULL,
    queued_at       TEXT    NOT NULL,
    delivered_at    TEXT    NOT NULL DEFAULT '',
    last_error      TEXT    NOT NULL DEFAULT '',
    claimed_by      TEXT    NOT NULL DEFAULT '',
    claimed_until   TEXT    NOT NULL DEFAULT '',
    UNIQUE (alert_id, endpoint)
) STRICT;

-- Rows written before this step were keyed by URL: they keep it, as
-- "url:<URL>", which the sender resolves against the configured webhooks.
INSERT INTO deliveries_v6 (id, alert_id, document_id, endpoint, channel, target, payload, status,
    attempts, next_attempt_at, created_at, queued_at, delivered_at, last_error, claimed_by, claimed_until)
SELECT id, alert_id, document_id,
       CASE channel WHEN 'webhook' THEN 'url:' || target ELSE channel END,
       channel, target, payload, status, attempts, next_attempt_at, created_at, created_at,
       delivered_at, last_error, claimed_by, claimed_until
FROM deliveries;

DROP TABLE deliveries;
ALTER TABLE deliveries_v6 RENAME TO deliveries;
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint, status, next_attempt_at);

-- Endpoints switched off by their receiver (a webhook answering 410 Gone),
-- with the target that said so: a new URL in the configuration, or
-- `tracker alerts retry`, switches the endpoint on again.
CREATE TABLE disabled_endpoints (
    endpoint    TEXT PRIMARY KEY,
    target      TEXT NOT NULL,
    disabled_at TEXT NOT NULL,
    reason      TEXT NOT NULL
) STRICT;
