-- Staff accounts: local (password_hash set) or linked to the town's directory (oidc_subject set).
CREATE TABLE staff_user (
  id text PRIMARY KEY,
  name text NOT NULL,
  password_hash text,
  oidc_subject text UNIQUE,
  roles text[] NOT NULL DEFAULT '{}',
  service_ids text[] NOT NULL DEFAULT '{}',
  all_services boolean NOT NULL DEFAULT false,
  disabled boolean NOT NULL DEFAULT false,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz(3),
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  updated_at timestamptz(3) NOT NULL DEFAULT now()
);

-- Server-side sessions. Only a SHA-256 of the cookie's random id is stored: a copy of this table
-- does not let anyone sign in.
CREATE TABLE staff_session (
  id_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES staff_user (id) ON DELETE CASCADE,
  created_at timestamptz(3) NOT NULL DEFAULT now(),
  last_seen_at timestamptz(3) NOT NULL DEFAULT now(),
  expires_at timestamptz(3) NOT NULL
);
CREATE INDEX staff_session_user_idx ON staff_session (user_id);
CREATE INDEX staff_session_expires_idx ON staff_session (expires_at);

-- OpenID Connect logins in progress (state → PKCE verifier and nonce), for ten minutes.
CREATE TABLE oidc_login (
  state text PRIMARY KEY,
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  return_to text NOT NULL,
  created_at timestamptz(3) NOT NULL DEFAULT now()
);

-- The audit trail: who viewed or changed which request's personal data, sign-ins and admin
-- actions. Kept here, apart from application logs, and readable by administrators only.
CREATE TABLE audit_event (
  id bigserial PRIMARY KEY,
  event_id text UNIQUE,
  at timestamptz(3) NOT NULL,
  staff_id text NOT NULL,
  action text NOT NULL,
  resource text NOT NULL,
  request_id uuid,
  reference text,
  detail text NOT NULL,
  service text NOT NULL,
  recorded_at timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX audit_event_at_idx ON audit_event (at DESC, id DESC);
CREATE INDEX audit_event_staff_idx ON audit_event (staff_id, at DESC);
CREATE INDEX audit_event_reference_idx ON audit_event (reference, at DESC);
