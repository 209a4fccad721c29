import { type Envelope, isEvent } from "@guichet/contracts";
import type { SqlExecutor } from "@guichet/db";

/** Whether the event is one of the appointments capability's (projected into appointment_fact). */
export function isAppointmentEvent(event: Envelope): boolean {
  return (
    isEvent(event, "appointmentBooked") ||
    isEvent(event, "appointmentRescheduled") ||
    isEvent(event, "appointmentCancelled") ||
    isEvent(event, "appointmentAttendanceRecorded")
  );
}

/**
 * One row per appointment. Events of one appointment may arrive out of order on replay: the booking
 * upserts the slot, a move replaces it, a cancellation or attendance sets the outcome; a status is
 * never set back to "booked" once cancelled or recorded.
 */
export async function projectAppointment(tx: SqlExecutor, schema: string, event: Envelope): Promise<void> {
  const table = `"${schema}".appointment_fact`;
  if (isEvent(event, "appointmentAttendanceRecorded")) {
    const d = event.data;
    await tx.$executeRawUnsafe(
      `INSERT INTO ${table} (appointment_id, site_id, offer_id, kind, channel, starts_at, booked_at, extended, status)
       VALUES ($1::uuid, $2, $3, $4, 'web', $5, $5, $6, $7)
       ON CONFLICT (appointment_id) DO UPDATE SET status = EXCLUDED.status`,
      d.appointmentId,
      d.siteId,
      d.offerId,
      d.kind,
      d.startsAt,
      d.extended,
      d.outcome,
    );
    return;
  }
  if (
    !isEvent(event, "appointmentBooked") &&
    !isEvent(event, "appointmentRescheduled") &&
    !isEvent(event, "appointmentCancelled")
  )
    return;
  const a = event.data.appointment;
  const bookedAt = isEvent(event, "appointmentBooked") ? event.data.bookedAt : event.occurredAt;
  const status = isEvent(event, "appointmentCancelled") ? "cancelled" : "booked";
  const cancelledAt = isEvent(event, "appointmentCancelled") ? event.data.cancelledAt : null;
  const moved = isEvent(event, "appointmentRescheduled") ? 1 : 0;
  await tx.$executeRawUnsafe(
    `INSERT INTO ${table}
       (appointment_id, site_id, offer_id, kind, service_id, channel, starts_at, booked_at, extended, status, reschedules, cancelled_at)
     VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT (appointment_id) DO UPDATE SET
       starts_at = EXCLUDED.starts_at, extended = EXCLUDED.extended, channel = EXCLUDED.channel,
       service_id = EXCLUDED.service_id,
       booked_at = LEAST(${table}.booked_at, EXCLUDED.booked_at),
       reschedules = ${table}.reschedules + EXCLUDED.reschedules,
       status = CASE WHEN EXCLUDED.status = 'cancelled' THEN 'cancelled' ELSE ${table}.status END,
       cancelled_at = COALESCE(EXCLUDED.cancelled_at, ${table}.cancelled_at)`,
    a.appointmentId,
    a.siteId,
    a.offerId,
    a.kind,
    a.serviceId,
    a.channel,
    a.startsAt,
    bookedAt,
    a.extended,
    status,
    moved,
    cancelledAt,
  );
}
