-- Every catalogue version ever active, with who imported it: the "who handles what" map is audited.
CREATE TABLE catalog_version (
  version integer PRIMARY KEY,
  content text NOT NULL,
  source text NOT NULL,
  created_by text NOT NULL,
  comment text,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Where each request is, and why: the explainable routing decision.
CREATE TABLE assignment (
  request_id uuid PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  channel text NOT NULL,
  site_id text,
  service_id text NOT NULL,
  subject_id text,
  queue text NOT NULL CHECK (queue IN ('service', 'triage')),
  method text NOT NULL,
  confidence double precision NOT NULL,
  explanation text NOT NULL,
  catalog_version integer NOT NULL REFERENCES catalog_version (version),
  transfers integer NOT NULL DEFAULT 0,
  received_at timestamptz(3) NOT NULL,
  decided_at timestamptz(3) NOT NULL,
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX assignment_queue_idx ON assignment (service_id, queue);
