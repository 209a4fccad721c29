-- Phone channel: calls from switchboard logs and the CTI webhook, their import batches, and the
-- callbacks owed to missed callers.

-- A file import: its per-line report stays available after the HTTP answer or the CLI run.
CREATE TABLE call_import (
  id uuid PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('asterisk-cdr', 'generic-csv')),
  site_id text,
  file_name text,
  started_at timestamptz(3) NOT NULL DEFAULT now(),
  finished_at timestamptz(3),
  rows integer NOT NULL DEFAULT 0,
  imported integer NOT NULL DEFAULT 0,
  duplicates integer NOT NULL DEFAULT 0,
  ignored integer NOT NULL DEFAULT 0,
  callbacks integer NOT NULL DEFAULT 0,
  -- [{ "line": 42, "column": "start", "message": "…" }]; messages never quote a phone number.
  errors jsonb NOT NULL DEFAULT '[]'::jsonb
);

-- One inbound call. call_key = <source>:<site>:<source's call id, or digest of the CSV row>: an
-- import or a webhook delivered twice finds its call already there.
CREATE TABLE call (
  call_key text PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('cti', 'asterisk-cdr', 'generic-csv', 'agent')),
  source_call_id text,
  site_id text,
  queue text,
  -- E.164, kept only to call the citizen back; personal data, never logged nor published.
  caller text,
  caller_status text NOT NULL CHECK (caller_status IN ('identified', 'foreign', 'withheld', 'invalid')),
  callee text,
  offered_at timestamptz(3) NOT NULL,
  answered_at timestamptz(3),
  ended_at timestamptz(3),
  outcome text NOT NULL CHECK (outcome IN ('answered', 'abandoned', 'missed')),
  wait_seconds integer NOT NULL CHECK (wait_seconds >= 0),
  talk_seconds integer NOT NULL CHECK (talk_seconds >= 0),
  agent_id text,
  disposition text,
  -- The request the call became: a callback request, or the agent's note.
  request_id uuid,
  import_id uuid REFERENCES call_import (id),
  import_line integer,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX call_offered_at_idx ON call (offered_at);

-- At most one callback request per caller and local day (Europe/Paris): a citizen who tries five
-- times in a morning wants one call back, not five requests and five acknowledgements.
CREATE TABLE call_callback (
  caller text NOT NULL,
  local_day date NOT NULL,
  request_id uuid NOT NULL,
  call_key text NOT NULL,
  PRIMARY KEY (caller, local_day)
);

-- CTI webhook events, one per (call id, event type): the sender's retries are absorbed here.
-- payload is the event as received (it holds the caller's number: personal data, like call.caller).
CREATE TABLE cti_event (
  call_id text NOT NULL,
  event_type text NOT NULL CHECK (event_type IN ('call.offered', 'call.answered', 'call.ended')),
  occurred_at timestamptz(3) NOT NULL,
  payload jsonb NOT NULL,
  received_at timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (call_id, event_type)
);
