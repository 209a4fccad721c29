-- Rollup of request_fact per handling service and local day of receipt (Europe/Paris), for the
-- reports grouped by service and period. Counts are exact; the measured delays of the day are kept
-- as packed int32 seconds (bytea), so percentiles stay exact (delays are measured to the second) without
-- re-reading and sorting a year of request_fact rows. Refreshed from request_fact for the
-- (service, day) pairs the projection marks dirty, before each report that uses it.
CREATE TABLE sla_service_day (
  service_key text NOT NULL, -- service_id, '' while a request has no service yet
  day date NOT NULL,
  volume integer NOT NULL,
  open integer NOT NULL,
  transfers integer NOT NULL,
  sent_to_triage integer NOT NULL,
  acknowledgements_late integer NOT NULL,
  acknowledgements_failed integer NOT NULL,
  registration_within integer NOT NULL,
  registration_late integer NOT NULL,
  acknowledgement_within integer NOT NULL,
  acknowledgement_late integer NOT NULL,
  first_response_within integer NOT NULL,
  first_response_late integer NOT NULL,
  resolution_within integer NOT NULL,
  resolution_late integer NOT NULL,
  decision_within integer NOT NULL,
  decision_late integer NOT NULL,
  registration_hours bytea NOT NULL,
  acknowledgement_hours bytea NOT NULL,
  first_response_hours bytea NOT NULL,
  resolution_hours bytea NOT NULL,
  PRIMARY KEY (day, service_key)
);

CREATE TABLE sla_rollup_dirty (
  service_key text NOT NULL,
  day date NOT NULL,
  PRIMARY KEY (service_key, day)
);

-- Requests with a measure still unmet: what "missed" and "pending" are judged on at report time.
CREATE INDEX request_fact_unmet_idx ON request_fact (received_at)
  WHERE closed_at IS NULL OR acknowledged_at IS NULL OR first_response_at IS NULL
     OR (registration_sent_at IS NULL AND registration_due_at IS NOT NULL);

-- The rollup refresh reads one (service, day) at a time, '' standing for "no service yet".
CREATE INDEX request_fact_service_key_received_idx ON request_fact ((COALESCE(service_id, '')), received_at);
