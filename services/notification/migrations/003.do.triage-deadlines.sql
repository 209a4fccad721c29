-- Requests waiting in the triage queue, with the instant their acknowledgement of receipt is due
-- (R112-5 target of the catalogue, in jours ouvrés from the day of receipt). The triage scheduler
-- sends the acknowledgement naming the reception service when the request is still not routed at
-- due_at; request.routed afterwards then sends "désormais traitée par …" instead of a second one.
--   waiting       the scheduler will acknowledge at due_at unless request.routed comes first
--   acknowledged  acknowledged by the scheduler (the routing, later, sends the transfer-style message)
--   routed        routed: request.routed decided (normal acknowledgement, or transfer-style message)
--   not-sent      due, but the policy sends no acknowledgement or nobody can be reached
CREATE TABLE triage_deadline (
  request_id uuid PRIMARY KEY REFERENCES recipient (request_id),
  reference text NOT NULL,
  triage_service_id text NOT NULL,
  catalog_version integer NOT NULL,
  queued_at timestamptz(3) NOT NULL,
  deadline timestamptz(3) NOT NULL,
  due_at timestamptz(3) NOT NULL,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'acknowledged', 'routed', 'not-sent')),
  causation_event_id text NOT NULL,
  correlation_id text NOT NULL,
  traceparent text,
  acknowledged_at timestamptz(3),
  routed_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX triage_deadline_due_idx ON triage_deadline (due_at) WHERE status = 'waiting';
