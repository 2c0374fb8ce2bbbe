-- Schema version 6, as store/migrations/0006_delivery_endpoints.sql for
-- SQLite: outbox rows keyed by the configured endpoint, not by its URL or
-- recipients (one URL listed twice no longer conflicts), a queue time for
-- a fresh retry budget, and endpoints their receiver switched off.
ALTER TABLE deliveries ADD COLUMN endpoint text COLLATE "C";
ALTER TABLE deliveries ADD COLUMN queued_at text COLLATE "C";
UPDATE deliveries SET
    endpoint = CASE channel WHEN 'webhook' THEN 'url:' || target ELSE channel END,
    queued_at = created_at;
ALTER TABLE deliveries ALTER COLUMN endpoint SET NOT NULL;
ALTER TABLE deliveries ALTER COLUMN queued_at SET NOT NULL;
ALTER TABLE deliveries DROP CONSTRAINT deliveries_alert_id_channel_target_key;
ALTER TABLE deliveries ADD CONSTRAINT deliveries_alert_id_endpoint_key UNIQUE (alert_id, endpoint);
CREATE INDEX deliveries_by_endpoint ON deliveries (endpoint, status, next_attempt_at);

CREATE TABLE disabled_endpoints (
    endpoint    text COLLATE "C" PRIMARY KEY,
    target      text COLLATE "C" NOT NULL,
    disabled_at text COLLATE "C" NOT NULL,
    reason      text COLLATE "C" NOT NULL
);
