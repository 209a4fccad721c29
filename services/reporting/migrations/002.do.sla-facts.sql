-- SLA facts per request: every deadline and measured delay is computed once, when the event that
-- establishes it is projected, so reports are plain aggregates over indexed columns.
-- Still no personal data: the e-mail and the tracking token are kept only as keyed/plain hashes so
-- the citizen follow-up page can match on them.
ALTER TABLE request_fact
  ADD COLUMN calendar_id text,
  ADD COLUMN experiment text,
  ADD COLUMN email_match_hash text,
  ADD COLUMN tracking_token_hash text,
  ADD COLUMN status text NOT NULL DEFAULT 'new',
  ADD COLUMN outcome text,
  ADD COLUMN transfer_count integer NOT NULL DEFAULT 0,
  ADD COLUMN triage boolean NOT NULL DEFAULT false,
  ADD COLUMN first_response_at timestamptz(3),
  ADD COLUMN closed_at timestamptz(3),
  ADD COLUMN acknowledgement_target_days integer,
  ADD COLUMN first_response_target_days integer,
  ADD COLUMN resolution_target_days integer,
  ADD COLUMN decision_delay text,
  ADD COLUMN registration_due_at timestamptz(3),
  ADD COLUMN acknowledgement_due_at timestamptz(3),
  ADD COLUMN first_response_due_at timestamptz(3),
  ADD COLUMN resolution_due_at timestamptz(3),
  ADD COLUMN decision_due_at timestamptz(3),
  -- Business hours on the handling service's calendar (resolution: waiting-citizen pauses excluded).
  ADD COLUMN registration_hours double precision,
  ADD COLUMN acknowledgement_hours double precision,
  ADD COLUMN first_response_hours double precision,
  ADD COLUMN resolution_hours double precision,
  ADD COLUMN paused_hours double precision NOT NULL DEFAULT 0;

CREATE INDEX request_fact_tracking_idx ON request_fact (tracking_token_hash) WHERE tracking_token_hash IS NOT NULL;
-- Reports filter on the receipt period first, then group: covering the grouping columns keeps the
-- 4-week report an index range scan.
CREATE INDEX request_fact_service_received_idx ON request_fact (service_id, received_at);
CREATE INDEX request_fact_open_idx ON request_fact (received_at) WHERE closed_at IS NULL;

-- Time spent waiting for the citizen: stops the resolution clock.
CREATE TABLE request_pause (
  request_id uuid NOT NULL,
  started_at timestamptz(3) NOT NULL,
  ended_at timestamptz(3),
  PRIMARY KEY (request_id, started_at)
);

-- One row per phone call (no caller number ever reaches reporting).
CREATE TABLE call_fact (
  call_id text PRIMARY KEY,
  source text NOT NULL,
  site_id text,
  queue text,
  offered_at timestamptz(3) NOT NULL,
  answered_at timestamptz(3),
  ended_at timestamptz(3),
  outcome text NOT NULL,
  wait_seconds integer NOT NULL,
  talk_seconds integer NOT NULL,
  request_id uuid
);
CREATE INDEX call_fact_offered_idx ON call_fact (offered_at);

-- At most one alert per request, measure and level.
CREATE TABLE sla_alert_raised (
  request_id uuid NOT NULL,
  measure text NOT NULL,
  level text NOT NULL,
  deadline timestamptz(3) NOT NULL,
  raised_at timestamptz(3) NOT NULL,
  PRIMARY KEY (request_id, measure, level)
);
