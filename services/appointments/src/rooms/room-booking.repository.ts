import type { SqlExecutor } from "@guichet/db";
import type { RoomUse } from "../directory/offer-directory.ts";

export type RoomBookingStatus = "requested" | "approved" | "rejected" | "cancelled";

export interface RoomBookingRow {
  id: string;
  roomId: string;
  siteId: string;
  startsAt: Date;
  endsAt: Date;
  purpose: RoomUse;
  organisation: string | null;
  attendees: number;
  description: string;
  status: RoomBookingStatus;
  requesterName: string;
  requesterEmail: string | null;
  requesterPhone: string | null;
  decisionNote: string | null;
  requestedAt: Date;
  decidedAt: Date | null;
}

const COLUMNS = `id, room_id AS "roomId", site_id AS "siteId", lower(during) AS "startsAt", upper(during) AS "endsAt",
  purpose, organisation, attendees, description, status, requester_name AS "requesterName",
  requester_email AS "requesterEmail", requester_phone AS "requesterPhone", decision_note AS "decisionNote",
  requested_at AS "requestedAt", decided_at AS "decidedAt"`;

/** Thin queries on appointments.room_booking. */
export const roomBookingRepository = {
  async insert(
    tx: SqlExecutor,
    row: Omit<RoomBookingRow, "status" | "decisionNote" | "requestedAt" | "decidedAt"> & { tokenHash: string },
  ): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO appointments.room_booking
         (id, room_id, site_id, during, purpose, organisation, attendees, description, requester_name,
          requester_email, requester_phone, token_hash)
       VALUES ($1::uuid, $2, $3, tstzrange($4::timestamptz, $5::timestamptz), $6, $7, $8, $9, $10, $11, $12, $13)`,
      row.id,
      row.roomId,
      row.siteId,
      row.startsAt,
      row.endsAt,
      row.purpose,
      row.organisation,
      row.attendees,
      row.description,
      row.requesterName,
      row.requesterEmail,
      row.requesterPhone,
      row.tokenHash,
    );
  },

  async byId(tx: SqlExecutor, id: string, lock = false): Promise<RoomBookingRow | null> {
    const rows = await tx.$queryRawUnsafe<RoomBookingRow[]>(
      `SELECT ${COLUMNS} FROM appointments.room_booking WHERE id = $1::uuid${lock ? " FOR UPDATE" : ""}`,
      id,
    );
    return rows[0] ?? null;
  },

  async byTokenHash(tx: SqlExecutor, hash: string): Promise<RoomBookingRow | null> {
    const rows = await tx.$queryRawUnsafe<RoomBookingRow[]>(
      `SELECT ${COLUMNS} FROM appointments.room_booking WHERE token_hash = $1`,
      hash,
    );
    return rows[0] ?? null;
  },

  /** Approved bookings of the rooms on [from, to): the public availability view. */
  async approved(tx: SqlExecutor, from: Date, to: Date): Promise<RoomBookingRow[]> {
    return tx.$queryRawUnsafe<RoomBookingRow[]>(
      `SELECT ${COLUMNS} FROM appointments.room_booking
        WHERE status = 'approved' AND during && tstzrange($1::timestamptz, $2::timestamptz) ORDER BY lower(during)`,
      from,
      to,
    );
  },

  async pending(tx: SqlExecutor): Promise<RoomBookingRow[]> {
    return tx.$queryRawUnsafe<RoomBookingRow[]>(
      `SELECT ${COLUMNS} FROM appointments.room_booking WHERE status = 'requested' ORDER BY lower(during)`,
    );
  },

  async decide(
    tx: SqlExecutor,
    id: string,
    decision: { status: RoomBookingStatus; staffId: string | null; note: string | null; at: Date },
  ): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE appointments.room_booking SET status = $2, decided_by = $3, decision_note = $4, decided_at = $5
        WHERE id = $1::uuid`,
      id,
      decision.status,
      decision.staffId,
      decision.note,
      decision.at,
    );
  },
};
