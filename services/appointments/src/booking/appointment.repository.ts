import type { SqlExecutor } from "@guichet/db";
import type { BusyInterval } from "../slots/slot-search.ts";

export type AppointmentStatus = "booked" | "cancelled" | "attended" | "no-show";
export type BookingChannel = "web" | "phone" | "counter";
export type PreferredChannel = "email" | "sms" | "letter";

export interface AppointmentRow {
  id: string;
  offerId: string;
  kind: "service" | "permanence" | "partner";
  siteId: string;
  serviceId: string | null;
  resourceId: string;
  startsAt: Date;
  endsAt: Date;
  extended: boolean;
  status: AppointmentStatus;
  channel: BookingChannel;
  bookedBy: string | null;
  citizenName: string;
  citizenEmail: string | null;
  citizenPhone: string | null;
  citizenAddress: string | null;
  preferredChannel: PreferredChannel;
  requestReference: string | null;
  note: string | null;
  bookedAt: Date;
  reschedules: number;
}

export type NewAppointment = Omit<AppointmentRow, "status" | "bookedAt" | "reschedules"> & { tokenHash: string };

const COLUMNS = `id, offer_id AS "offerId", kind, site_id AS "siteId", service_id AS "serviceId",
  resource_id AS "resourceId", lower(during) AS "startsAt", upper(during) AS "endsAt", extended, status, channel,
  booked_by AS "bookedBy", citizen_name AS "citizenName", citizen_email AS "citizenEmail",
  citizen_phone AS "citizenPhone", citizen_address AS "citizenAddress", preferred_channel AS "preferredChannel",
  request_reference AS "requestReference", note, booked_at AS "bookedAt", reschedules`;

/** PostgreSQL's SQLSTATE for an exclusion-constraint violation (a double booking refused). */
export const EXCLUSION_VIOLATION = "23P01";

/** Thin queries on appointments.appointment; decisions live in the use cases. */
export const appointmentRepository = {
  /** Inserts unless the desk is taken over that range (exclusion constraint): null then. */
  async insertIfFree(tx: SqlExecutor, row: NewAppointment): Promise<string | null> {
    const inserted = await tx.$queryRawUnsafe<{ id: string }[]>(
      `INSERT INTO appointments.appointment
         (id, offer_id, kind, site_id, service_id, resource_id, during, extended, channel, booked_by, citizen_name,
          citizen_email, citizen_phone, citizen_address, preferred_channel, request_reference, note, token_hash)
       VALUES ($1::uuid, $2, $3, $4, $5, $6, tstzrange($7::timestamptz, $8::timestamptz), $9, $10, $11, $12, $13, $14,
               $15, $16, $17, $18, $19)
       ON CONFLICT DO NOTHING
       RETURNING id`,
      row.id,
      row.offerId,
      row.kind,
      row.siteId,
      row.serviceId,
      row.resourceId,
      row.startsAt,
      row.endsAt,
      row.extended,
      row.channel,
      row.bookedBy,
      row.citizenName,
      row.citizenEmail,
      row.citizenPhone,
      row.citizenAddress,
      row.preferredChannel,
      row.requestReference,
      row.note,
      row.tokenHash,
    );
    return inserted[0]?.id ?? null;
  },

  async byTokenHash(tx: SqlExecutor, tokenHash: string, lock = false): Promise<AppointmentRow | null> {
    const rows = await tx.$queryRawUnsafe<AppointmentRow[]>(
      `SELECT ${COLUMNS} FROM appointments.appointment WHERE token_hash = $1${lock ? " FOR UPDATE" : ""}`,
      tokenHash,
    );
    return rows[0] ?? null;
  },

  async byId(tx: SqlExecutor, id: string, lock = false): Promise<AppointmentRow | null> {
    const rows = await tx.$queryRawUnsafe<AppointmentRow[]>(
      `SELECT ${COLUMNS} FROM appointments.appointment WHERE id = $1::uuid${lock ? " FOR UPDATE" : ""}`,
      id,
    );
    return rows[0] ?? null;
  },

  /** Appointments of a site on [from, to), for the agents' day view. */
  async ofSite(tx: SqlExecutor, siteId: string, from: Date, to: Date): Promise<AppointmentRow[]> {
    return tx.$queryRawUnsafe<AppointmentRow[]>(
      `SELECT ${COLUMNS} FROM appointments.appointment
        WHERE site_id = $1 AND during && tstzrange($2::timestamptz, $3::timestamptz) AND status <> 'cancelled'
        ORDER BY lower(during), offer_id`,
      siteId,
      from,
      to,
    );
  },

  /** Desks held on [from, to) by the given offers, sorted by start (what slot search subtracts). */
  async busy(tx: SqlExecutor, offerIds: readonly string[], from: Date, to: Date): Promise<Map<string, BusyInterval[]>> {
    const rows = await tx.$queryRawUnsafe<(BusyInterval & { offerId: string })[]>(
      `SELECT offer_id AS "offerId", resource_id AS "resourceId", lower(during) AS start, upper(during) AS "end"
         FROM appointments.appointment
        WHERE offer_id = ANY($1::text[]) AND during && tstzrange($2::timestamptz, $3::timestamptz) AND status <> 'cancelled'
        ORDER BY lower(during)`,
      offerIds,
      from,
      to,
    );
    const byOffer = new Map<string, BusyInterval[]>();
    for (const { offerId, ...interval } of rows) {
      const list = byOffer.get(offerId) ?? [];
      list.push(interval);
      byOffer.set(offerId, list);
    }
    return byOffer;
  },

  /** Moves the appointment to another desk and range; false when that desk is taken (exclusion). */
  async moveIfFree(
    tx: SqlExecutor,
    id: string,
    move: { resourceId: string; startsAt: Date; endsAt: Date; extended: boolean },
  ): Promise<boolean> {
    await tx.$executeRawUnsafe("SAVEPOINT move_appointment");
    try {
      await tx.$executeRawUnsafe(
        `UPDATE appointments.appointment
            SET resource_id = $2, during = tstzrange($3::timestamptz, $4::timestamptz), extended = $5,
                reschedules = reschedules + 1, reminded_at = NULL, updated_at = now()
          WHERE id = $1::uuid`,
        id,
        move.resourceId,
        move.startsAt,
        move.endsAt,
        move.extended,
      );
      await tx.$executeRawUnsafe("RELEASE SAVEPOINT move_appointment");
      return true;
    } catch (error) {
      if ((error as { code?: string }).code !== EXCLUSION_VIOLATION) throw error;
      await tx.$executeRawUnsafe("ROLLBACK TO SAVEPOINT move_appointment");
      return false;
    }
  },

  async setStatus(
    tx: SqlExecutor,
    id: string,
    status: AppointmentStatus,
    cancelledBy: "citizen" | "agent" | null = null,
  ): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE appointments.appointment
          SET status = $2, updated_at = now(),
              cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() ELSE cancelled_at END,
              cancelled_by = COALESCE($3, cancelled_by)
        WHERE id = $1::uuid`,
      id,
      status,
      cancelledBy,
    );
  },

  /** Booked appointments starting within `until`, not yet reminded; claimed by this transaction. */
  async claimDueReminders(tx: SqlExecutor, now: Date, until: Date, limit: number): Promise<AppointmentRow[]> {
    const rows = await tx.$queryRawUnsafe<AppointmentRow[]>(
      `SELECT ${COLUMNS} FROM appointments.appointment
        WHERE status = 'booked' AND reminded_at IS NULL
          AND lower(during) > $1::timestamptz AND lower(during) <= $2::timestamptz
        ORDER BY lower(during) LIMIT $3 FOR UPDATE SKIP LOCKED`,
      now,
      until,
      limit,
    );
    if (rows.length > 0)
      await tx.$executeRawUnsafe(
        "UPDATE appointments.appointment SET reminded_at = $2 WHERE id = ANY($1::uuid[])",
        rows.map((row) => row.id),
        now,
      );
    return rows;
  },
};
