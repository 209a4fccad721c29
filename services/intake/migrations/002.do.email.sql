-- E-mail channel: evidence, attachments, follow-ups and the Message-ID ledger that de-duplicates
-- re-deliveries (SMTP retries, IMAP re-polls, re-running `guichet intake eml`).

-- Original artefacts kept as evidence, content-addressed: the same bytes are stored once.
CREATE TABLE evidence (
  id uuid PRIMARY KEY,
  media_type text NOT NULL,
  sha256 text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size integer NOT NULL CHECK (size >= 0),
  content bytea NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Something a citizen added to an existing request after it was received (a reply to our mail).
CREATE TABLE follow_up (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES request (id),
  channel text NOT NULL CHECK (channel IN ('web', 'email', 'phone', 'counter', 'postal')),
  received_at timestamptz(3) NOT NULL,
  title text,
  body text NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
  evidence_id uuid REFERENCES evidence (id),
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX follow_up_request_idx ON follow_up (request_id);

-- Files accepted with a request or a follow-up (the attachment policy ran before). Bytes live in
-- the database so that a backup of the schema is a backup of the whole record.
CREATE TABLE attachment (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES request (id),
  follow_up_id uuid REFERENCES follow_up (id),
  filename text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL CHECK (size >= 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  inline boolean NOT NULL DEFAULT false,
  content bytea NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX attachment_request_idx ON attachment (request_id);

-- One row per mail that had an effect, written in the transaction of that effect: the primary key
-- is what makes a second delivery of the same Message-ID a duplicate, even when two arrive at once.
CREATE TABLE inbound_email (
  message_id text PRIMARY KEY,
  outcome text NOT NULL CHECK (outcome IN ('created', 'follow-up', 'bounce')),
  request_id uuid REFERENCES request (id),
  follow_up_id uuid REFERENCES follow_up (id),
  evidence_id uuid REFERENCES evidence (id),
  received_at timestamptz(3) NOT NULL,
  -- Bounces only: the Message-ID of ours that bounced and the RFC 3463 status (no address).
  bounced_message_id text,
  bounce_status text,
  bounce_permanent boolean,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX inbound_email_request_idx ON inbound_email (request_id);

-- Where the IMAP poller stopped, per mailbox: it resumes after `last_uid` unless UIDVALIDITY changed.
CREATE TABLE imap_cursor (
  mailbox text PRIMARY KEY,
  uid_validity bigint NOT NULL,
  last_uid bigint NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
