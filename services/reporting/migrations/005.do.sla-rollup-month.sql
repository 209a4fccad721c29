-- Month level of the rollup, for the long reports (a full year reads 12 rows per service instead of
-- 365). Same exact counts as sla_service_day; the delays are kept as histograms (bytea, entries
-- sorted by bucket: uint32 bucket, uint32 count, float64 sum of the seconds, little-endian) in
-- buckets of one business minute below 256 minutes, then 128 buckets per doubling (width at most
-- 1/128 of the value), so a year's percentiles are read from summed histograms instead of a million
-- delays. Recomputed from the month's sla_service_day rows whenever one of its days is refreshed.
CREATE TABLE sla_service_month (LIKE sla_service_day);
ALTER TABLE sla_service_month RENAME COLUMN day TO month;
ALTER TABLE sla_service_month ADD PRIMARY KEY (month, service_key);

-- sla_service_day delays are now packed by PostgreSQL itself (int4send: big-endian int32 seconds):
-- rebuild the rollup from request_fact on the next refresh.
TRUNCATE sla_service_day;
INSERT INTO sla_rollup_dirty (service_key, day)
  SELECT DISTINCT COALESCE(service_id, ''), (received_at AT TIME ZONE 'Europe/Paris')::date
    FROM request_fact WHERE received_at IS NOT NULL
  ON CONFLICT DO NOTHING;

-- The unmet requests judged at report time (missed / pending): an index-only scan instead of one
-- heap page per open request (they are spread over the whole table).
DROP INDEX request_fact_unmet_idx;
CREATE INDEX request_fact_unmet_idx ON request_fact (received_at)
  INCLUDE (service_id, registration_sent_at, registration_due_at, acknowledged_at, acknowledgement_due_at,
           first_response_at, first_response_due_at, closed_at, resolution_due_at, decision_due_at)
  WHERE closed_at IS NULL OR acknowledged_at IS NULL OR first_response_at IS NULL
     OR (registration_sent_at IS NULL AND registration_due_at IS NOT NULL);
