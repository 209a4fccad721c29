-- Requests as received: the legal record of what arrived, when, by which channel.
CREATE TABLE request (
  id uuid PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  channel text NOT NULL CHECK (channel IN ('web', 'email', 'phone', 'counter', 'postal')),
  site_id text,
  received_at timestamptz(3) NOT NULL,
  citizen jsonb NOT NULL,
  subject_id text,
  title text,
  body text NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  idempotency_key text UNIQUE,
  -- sha256 of the submitted payload: the same key with another payload is refused (409).
  idempotency_hash text,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX request_received_at_idx ON request (received_at);
