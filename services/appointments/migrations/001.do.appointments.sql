-- Appointments, office-hours bookings and annex room requests. PostgreSQL decides double bookings:
-- an exclusion constraint per resource (one desk, one elected official, one room) over the booked
-- time range, so two concurrent bookings of one slot cannot both commit, whichever instance runs them.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE appointment (
  id                uuid PRIMARY KEY,
  offer_id          text NOT NULL,
  kind              text NOT NULL CHECK (kind IN ('service', 'permanence', 'partner')),
  site_id           text NOT NULL,
  service_id        text,
  -- One desk of the offer (offer_id#n): what the exclusion constraint keeps free of overlaps.
  resource_id       text NOT NULL,
  during            tstzrange NOT NULL CHECK (NOT isempty(during)),
  extended          boolean NOT NULL DEFAULT false,
  status            text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'attended', 'no-show')),
  channel           text NOT NULL CHECK (channel IN ('web', 'phone', 'counter')),
  booked_by         text,
  citizen_name      text NOT NULL,
  citizen_email     text,
  citizen_phone     text,
  citizen_address   text,
  preferred_channel text NOT NULL CHECK (preferred_channel IN ('email', 'sms', 'letter')),
  request_reference text,
  note              text,
  -- SHA-256 of the citizen's private link token; the token itself is never stored.
  token_hash        text NOT NULL UNIQUE,
  reminded_at       timestamptz(3),
  booked_at         timestamptz(3) NOT NULL DEFAULT now(),
  updated_at        timestamptz(3) NOT NULL DEFAULT now(),
  cancelled_at      timestamptz(3),
  cancelled_by      text CHECK (cancelled_by IN ('citizen', 'agent')),
  reschedules       integer NOT NULL DEFAULT 0,
  CONSTRAINT appointment_no_double_booking
    EXCLUDE USING gist (resource_id WITH =, during WITH &&) WHERE (status <> 'cancelled')
);

CREATE INDEX appointment_site_time ON appointment USING gist (site_id, during) WHERE status <> 'cancelled';
CREATE INDEX appointment_to_remind ON appointment (lower(during)) WHERE status = 'booked' AND reminded_at IS NULL;
CREATE INDEX appointment_reference ON appointment (request_reference) WHERE request_reference IS NOT NULL;

CREATE TABLE room_booking (
  id              uuid PRIMARY KEY,
  room_id         text NOT NULL,
  site_id         text NOT NULL,
  during          tstzrange NOT NULL CHECK (NOT isempty(during)),
  purpose         text NOT NULL CHECK (purpose IN ('famille', 'mariage', 'association')),
  organisation    text,
  attendees       integer NOT NULL CHECK (attendees > 0),
  description     text NOT NULL,
  status          text NOT NULL DEFAULT 'requested'
                  CHECK (status IN ('requested', 'approved', 'rejected', 'cancelled')),
  requester_name  text NOT NULL,
  requester_email text,
  requester_phone text,
  token_hash      text NOT NULL UNIQUE,
  decided_by      text,
  decision_note   text,
  requested_at    timestamptz(3) NOT NULL DEFAULT now(),
  decided_at      timestamptz(3),
  -- Requests may overlap (the service chooses); two approved bookings of one room never do.
  CONSTRAINT room_no_double_booking
    EXCLUDE USING gist (room_id WITH =, during WITH &&) WHERE (status = 'approved')
);

CREATE INDEX room_booking_pending ON room_booking (requested_at) WHERE status = 'requested';
