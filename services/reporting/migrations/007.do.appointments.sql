-- Appointments projected from services/appointments' events: bookings, cancellations, attendance and
-- extended-hours use per site. One row per appointment; a move updates its slot and lead time.
CREATE TABLE appointment_fact (
  appointment_id uuid PRIMARY KEY,
  site_id        text NOT NULL,
  offer_id       text NOT NULL,
  kind           text NOT NULL,
  service_id     text,
  channel        text NOT NULL,
  starts_at      timestamptz(3) NOT NULL,
  booked_at      timestamptz(3) NOT NULL,
  extended       boolean NOT NULL,
  status         text NOT NULL DEFAULT 'booked',
  reschedules    integer NOT NULL DEFAULT 0,
  cancelled_at   timestamptz(3)
);
CREATE INDEX appointment_fact_starts ON appointment_fact (starts_at, site_id);
