-- Events a consumer of schema "{{schema}}" has already handled. The row is inserted in the same
-- transaction as the state change, which is what makes redelivered events harmless.
CREATE TABLE "{{schema}}".processed_event (
  consumer     text NOT NULL,
  event_id     text NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);
