-- One row per request: the facts reports are computed from. No personal data: reporting measures
-- delays, it does not need to know who asked.
CREATE TABLE request_fact (
  request_id uuid PRIMARY KEY,
  reference text,
  channel text,
  site_id text,
  service_id text,
  subject_id text,
  routing_method text,
  received_at timestamptz(3),
  routed_at timestamptz(3),
  sent_to_triage_at timestamptz(3),
  registration_sent_at timestamptz(3),
  acknowledged_at timestamptz(3),
  acknowledgement_failed_at timestamptz(3),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX request_fact_reference_idx ON request_fact (reference);
CREATE INDEX request_fact_received_idx ON request_fact (received_at);

-- Every event seen, in the order of the stream: the timeline of a request, and what a rebuild replays.
CREATE TABLE timeline_event (
  event_id text PRIMARY KEY,
  request_id uuid NOT NULL,
  type text NOT NULL,
  version integer NOT NULL,
  occurred_at timestamptz(3) NOT NULL,
  stream_seq bigint NOT NULL,
  summary jsonb NOT NULL
);
CREATE INDEX timeline_event_request_idx ON timeline_event (request_id, occurred_at);
