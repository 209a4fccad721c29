import type { SqlExecutor } from "@guichet/db";
import type { CtiEvent } from "./cti-event.schema.ts";

/** The CTI events of the service schema, one per (call id, event type). */
export class CtiEventRepository {
  constructor(private readonly schema: string) {}

  /** False when this (call id, event type) was already received: the sender retried. */
  async insert(tx: SqlExecutor, event: CtiEvent): Promise<boolean> {
    const rows = await tx.$queryRawUnsafe<unknown[]>(
      `INSERT INTO "${this.schema}".cti_event (call_id, event_type, occurred_at, payload)
       VALUES ($1, $2, $3::timestamptz, $4::jsonb)
       ON CONFLICT (call_id, event_type) DO NOTHING RETURNING call_id`,
      event.callId,
      event.event,
      event.occurredAt,
      JSON.stringify(event),
    );
    return rows.length === 1;
  }

  async eventsOf(tx: SqlExecutor, callId: string): Promise<CtiEvent[]> {
    const rows = await tx.$queryRawUnsafe<{ payload: CtiEvent }[]>(
      `SELECT payload FROM "${this.schema}".cti_event WHERE call_id = $1 ORDER BY occurred_at`,
      callId,
    );
    return rows.map((r) => r.payload);
  }
}
