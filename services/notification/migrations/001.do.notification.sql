-- Who to answer, as known from request.received (notification keeps its own copy: no service reads
-- another's tables).
CREATE TABLE recipient (
  request_id uuid PRIMARY KEY,
  reference text NOT NULL,
  channel text NOT NULL,
  received_at timestamptz(3) NOT NULL,
  contact jsonb NOT NULL,
  request jsonb NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Every message the town sends, with its content and delivery status: the proof of what was sent.
-- UNIQUE (request_id, kind) is what makes "exactly one acknowledgement of each kind" hold across
-- redeliveries, restarts and concurrent instances.
CREATE TABLE message (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES recipient (request_id),
  reference text NOT NULL,
  kind text NOT NULL,
  channel text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
  recipient_address text,
  subject text NOT NULL,
  text_body text NOT NULL,
  html_body text,
  message_id text NOT NULL UNIQUE,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
  last_error text,
  causation_event_id text NOT NULL,
  correlation_id text NOT NULL,
  traceparent text,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  sent_at timestamptz(3),
  UNIQUE (request_id, kind)
);
CREATE INDEX message_due_idx ON message (next_attempt_at) WHERE status = 'pending';
