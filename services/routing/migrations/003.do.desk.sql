-- The service desk: one case per request, projected from the events (request.received, routed,
-- sent-to-triage, follow-up-received) and worked by the agents of the service in charge.
-- The request content and the citizen contact are copied here so the desk never reads intake.
CREATE TABLE desk_case (
  request_id uuid PRIMARY KEY,
  reference text NOT NULL,
  -- Content of request.received; null while only a later event has arrived (order-safe).
  channel text,
  site_id text,
  title text,
  body text,
  citizen jsonb,
  received_at timestamptz(3),
  -- pending: not routed yet; triage: central reception; service: a service's desk.
  queue text NOT NULL DEFAULT 'pending' CHECK (queue IN ('pending', 'triage', 'service')),
  service_id text,
  subject_id text,
  status text NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'in-progress', 'waiting-citizen', 'answered', 'closed')),
  assignee_id text,
  assignee_name text,
  transfer_count integer NOT NULL DEFAULT 0,
  -- Follow-ups received since the last agent action (reply or status change).
  unread_follow_ups integer NOT NULL DEFAULT 0,
  outcome text,
  -- When the case entered its current queue: a routing fact older than this is stale (order safety).
  placed_at timestamptz(3),
  status_changed_at timestamptz(3),
  first_replied_at timestamptz(3),
  closed_at timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX desk_case_queue_idx ON desk_case (queue, service_id, status);

-- The case's timeline: routing facts, transfers, status changes, assignments, internal notes,
-- replies to the citizen and the citizen's follow-ups.
CREATE TABLE desk_entry (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES desk_case (request_id),
  kind text NOT NULL
    CHECK (kind IN ('routed', 'triage', 'transfer', 'status', 'assignment', 'note', 'reply', 'follow-up')),
  at timestamptz(3) NOT NULL,
  staff_id text,
  staff_name text,
  body text,
  data jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX desk_entry_request_idx ON desk_entry (request_id, at);
