-- Transactional outbox of the service owning schema "{{schema}}". Rows are written in the same
-- transaction as the state change and relayed to JetStream by OutboxRelay (libs/db).
CREATE TABLE "{{schema}}".outbox (
  seq          bigserial PRIMARY KEY,
  event_id     text NOT NULL UNIQUE,
  type         text NOT NULL,
  version      integer NOT NULL,
  envelope     jsonb NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz NULL
);

-- The relay only ever scans unpublished rows in seq order; this index stays tiny in steady state.
CREATE INDEX outbox_unpublished_idx ON "{{schema}}".outbox (seq) WHERE published_at IS NULL;

-- Retention deletes published rows by age.
CREATE INDEX outbox_published_at_idx ON "{{schema}}".outbox (published_at) WHERE published_at IS NOT NULL;

-- Wake relays as soon as a transaction that enqueued events commits (NOTIFY is transactional and
-- de-duplicated per transaction, so one statement-level notification per insert is enough).
CREATE FUNCTION "{{schema}}".outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('{{schema}}_outbox', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER outbox_notify
  AFTER INSERT ON "{{schema}}".outbox
  FOR EACH STATEMENT EXECUTE FUNCTION "{{schema}}".outbox_notify();
