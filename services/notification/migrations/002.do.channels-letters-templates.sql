-- Messages after the acknowledgement (replies, status changes, transfers) and other channels (SMS,
-- postal letter). Receipts keep dedupe_key '' so UNIQUE (request_id, kind, dedupe_key) still means
-- "exactly one acknowledgement of each kind per request"; follow-ups are keyed by what caused them
-- (reply id, status event id, transfer number), fallbacks by the channel they fall back to.
ALTER TABLE message DROP CONSTRAINT message_request_id_kind_key;
ALTER TABLE message ADD COLUMN dedupe_key text NOT NULL DEFAULT '';
ALTER TABLE message ADD CONSTRAINT message_request_kind_dedupe_key UNIQUE (request_id, kind, dedupe_key);

-- awaiting-print: a letter rendered into the print queue; sent once the mail room printed it.
-- bounced: the receiving side reported a permanent failure after we handed the mail over.
ALTER TABLE message DROP CONSTRAINT message_status_check;
ALTER TABLE message ADD CONSTRAINT message_status_check
  CHECK (status IN ('pending', 'awaiting-print', 'sent', 'failed', 'bounced'));
ALTER TABLE message ADD CONSTRAINT message_channel_check CHECK (channel IN ('email', 'sms', 'letter'));

-- What the message states, as data, so a letter can be rendered (and re-rendered) from it.
ALTER TABLE message ADD COLUMN content jsonb;
ALTER TABLE message ADD COLUMN fallback_of uuid REFERENCES message (id);
ALTER TABLE message ADD COLUMN provider_message_id text;
ALTER TABLE message ADD COLUMN bounce_status text;
ALTER TABLE message ADD COLUMN bounced_at timestamptz(3);
CREATE INDEX message_request_idx ON message (request_id, created_at);

-- The service in charge as last routed or transferred (follow-ups name it and its contacts).
ALTER TABLE recipient ADD COLUMN handling jsonb;

-- The mail room's print queue: the exact PDF bytes that are printed are the bytes kept as proof.
CREATE TABLE letter (
  message_id uuid PRIMARY KEY REFERENCES message (id),
  request_id uuid NOT NULL,
  reference text NOT NULL,
  pdf bytea NOT NULL,
  pages integer NOT NULL,
  queued_at timestamptz(3) NOT NULL DEFAULT now(),
  batch_id uuid,
  printed_at timestamptz(3)
);
CREATE INDEX letter_unprinted_idx ON letter (queued_at) WHERE batch_id IS NULL;

CREATE TABLE print_batch (
  id uuid PRIMARY KEY,
  letters integer NOT NULL,
  pages integer NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  created_by text
);

-- The town's wording overrides (one row per locale and template key), edited through /api/templates.
CREATE TABLE template_override (
  locale text NOT NULL CHECK (locale IN ('fr', 'en')),
  key text NOT NULL,
  template text NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_by text,
  PRIMARY KEY (locale, key)
);
