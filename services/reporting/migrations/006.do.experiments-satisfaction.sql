-- Organisational experiments, satisfaction surveys and volunteer user groups (docs/adr/0007).

-- An experiment as a manager defined it: reporting's own data (not a projection: a rebuild keeps it).
-- Treatment = requests received from starts_on to ends_on in its scope (empty array = any);
-- comparison = the same scope during a before-period, or other sites during the same period.
CREATE TABLE experiment (
  id text PRIMARY KEY,
  name text NOT NULL,
  hypothesis text NOT NULL,
  change_made text NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  site_ids text[] NOT NULL DEFAULT '{}',
  channels text[] NOT NULL DEFAULT '{}',
  subject_ids text[] NOT NULL DEFAULT '{}',
  service_ids text[] NOT NULL DEFAULT '{}',
  comparison_kind text NOT NULL CHECK (comparison_kind IN ('before', 'group')),
  comparison_starts_on date,
  comparison_ends_on date,
  comparison_site_ids text[] NOT NULL DEFAULT '{}',
  defined_by text NOT NULL,
  defined_at timestamptz(3) NOT NULL,
  CHECK (comparison_kind <> 'before' OR (comparison_starts_on IS NOT NULL AND comparison_ends_on >= comparison_starts_on)),
  CHECK (comparison_kind <> 'group' OR cardinality(comparison_site_ids) > 0)
);

-- Projection of survey.invited: the private link's token only as its SHA-256.
CREATE TABLE survey_invitation (
  request_id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  channel text NOT NULL,
  service_id text NOT NULL,
  invited_at timestamptz(3) NOT NULL
);

-- The answers (source data, kept by a rebuild). The primary key is what enforces one answer per
-- request, whoever records it (the citizen's link, or an agent at the counter or on the phone).
CREATE TABLE survey_answer (
  request_id uuid PRIMARY KEY,
  score smallint NOT NULL CHECK (score BETWEEN 1 AND 5),
  comment text CHECK (length(comment) <= 2000),
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'counter', 'phone')),
  recorded_by_staff boolean NOT NULL,
  answered_at timestamptz(3) NOT NULL
);
CREATE INDEX survey_answer_answered_idx ON survey_answer (answered_at);

-- Citizens who volunteer to give feedback on experiments. Only what is needed to invite them
-- (an e-mail address, given by them for this purpose), the consent instant and its withdrawal.
CREATE TABLE volunteer (
  id uuid PRIMARY KEY,
  -- Erased ('') when consent is withdrawn; the consent and withdrawal instants are kept as proof.
  email text NOT NULL,
  consent_text text NOT NULL,
  consented_at timestamptz(3) NOT NULL,
  withdrawn_at timestamptz(3),
  -- SHA-256 of the private link the volunteer withdraws with.
  withdraw_token_hash text NOT NULL UNIQUE
);
CREATE UNIQUE INDEX volunteer_active_email_idx ON volunteer (lower(email)) WHERE withdrawn_at IS NULL;

-- A volunteer invited to give feedback on an experiment: one invitation (and one answer) per
-- volunteer and experiment; the private link's token only as its SHA-256.
CREATE TABLE volunteer_feedback (
  token_hash text PRIMARY KEY,
  volunteer_id uuid NOT NULL REFERENCES volunteer (id),
  experiment_id text NOT NULL REFERENCES experiment (id),
  invited_at timestamptz(3) NOT NULL,
  score smallint CHECK (score BETWEEN 1 AND 5),
  comment text CHECK (length(comment) <= 2000),
  answered_at timestamptz(3),
  UNIQUE (volunteer_id, experiment_id)
);
