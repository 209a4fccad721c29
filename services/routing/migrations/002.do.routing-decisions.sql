-- Every automatic routing decision, as it was taken: method, confidence, the catalogue and model
-- versions that decided, and the readable explanation. Never updated: re-routing lives elsewhere.
CREATE TABLE routing_decision (
  request_id uuid PRIMARY KEY,
  method text NOT NULL CHECK (method IN ('direct', 'rule', 'model', 'triage')),
  service_id text NOT NULL,
  subject_id text,
  confidence double precision NOT NULL,
  explanation text NOT NULL,
  evidence jsonb NOT NULL DEFAULT '[]',
  catalog_version integer NOT NULL REFERENCES catalog_version (version),
  model_version integer,
  -- Normalised content words (folded, stemmed, stop words removed) the learned model trains on;
  -- the raw message is not kept here.
  training_terms text NOT NULL DEFAULT '',
  decided_at timestamptz(3) NOT NULL
);
CREATE INDEX routing_decision_decided_idx ON routing_decision (decided_at);

-- The learned routing model, one row per training; the newest is the active one.
CREATE TABLE routing_model (
  version integer PRIMARY KEY,
  model text NOT NULL,
  source text NOT NULL,
  examples integer NOT NULL,
  catalog_version integer NOT NULL REFERENCES catalog_version (version),
  created_by text NOT NULL,
  trained_at timestamptz(3) NOT NULL DEFAULT now()
);
