import type { SqlExecutor } from "@guichet/db";
import type pg from "pg";
import { TIME_ZONE } from "../reports/report-sql.ts";

/** Measures whose delays are kept per day; decision has counts only (no hours). */
export const ROLLUP_MEASURES = [
  { name: "registration", column: "registration", at: "registration_sent_at", due: "registration_due_at" },
  { name: "acknowledgement", column: "acknowledgement", at: "acknowledged_at", due: "acknowledgement_due_at" },
  { name: "firstResponse", column: "first_response", at: "first_response_at", due: "first_response_due_at" },
  { name: "resolution", column: "resolution", at: "closed_at", due: "resolution_due_at" },
  { name: "decision", column: "decision", at: "closed_at", due: "decision_due_at" },
] as const;

const LOCAL_DAY = `(received_at AT TIME ZONE '${TIME_ZONE}')::date`;

/** Marks the (service, day) of a request for refresh: called before and after each projected event. */
export async function markRollupDirty(tx: SqlExecutor, schema: string, requestId: string): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "${schema}".sla_rollup_dirty (service_key, day)
     SELECT COALESCE(service_id, ''), ${LOCAL_DAY} FROM "${schema}".request_fact
      WHERE request_id = $1 AND received_at IS NOT NULL
     ON CONFLICT DO NOTHING`,
    requestId,
  );
}

/** Delays in whole seconds (the projection measures to the second), packed as int32. */
function pack(values: number[] | null): Buffer {
  const array = Int32Array.from(values ?? [], (hours) => Math.round(hours * 3600));
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/**
 * Recomputes the dirty (service, day) pairs from request_fact, in batches; returns how many.
 * Concurrent refreshers skip each other's pairs (FOR UPDATE SKIP LOCKED).
 */
export async function refreshRollup(pool: pg.Pool, schema: string, batch = 200): Promise<number> {
  let refreshed = 0;
  for (;;) {
    const client = await pool.connect();
    let count = 0;
    try {
      await client.query("BEGIN");
      const dirty = await client.query<{ service_key: string; day: string }>(
        `DELETE FROM "${schema}".sla_rollup_dirty WHERE ctid IN (
           SELECT ctid FROM "${schema}".sla_rollup_dirty LIMIT ${batch} FOR UPDATE SKIP LOCKED)
         RETURNING service_key, to_char(day, 'YYYY-MM-DD') AS day`,
      );
      count = dirty.rows.length;
      if (count > 0) {
        const keys = dirty.rows.map((r) => r.service_key);
        const days = dirty.rows.map((r) => r.day);
        await client.query(
          `DELETE FROM "${schema}".sla_service_day d USING unnest($1::text[], $2::date[]) AS p(service_key, day)
            WHERE d.service_key = p.service_key AND d.day = p.day`,
          [keys, days],
        );
        const rows = await client.query(
          `SELECT p.service_key, p.day, count(*) AS volume,
             count(*) FILTER (WHERE closed_at IS NULL) AS open,
             COALESCE(sum(transfer_count), 0) AS transfers,
             count(*) FILTER (WHERE triage) AS sent_to_triage,
             count(*) FILTER (WHERE acknowledged_at > acknowledgement_due_at) AS acknowledgements_late,
             count(*) FILTER (WHERE acknowledged_at IS NULL AND acknowledgement_failed_at IS NOT NULL) AS acknowledgements_failed,
             ${ROLLUP_MEASURES.map(
               (m) => `count(*) FILTER (WHERE ${m.at} <= ${m.due}) AS ${m.column}_within,
                       count(*) FILTER (WHERE ${m.at} > ${m.due}) AS ${m.column}_late`,
             ).join(",\n")},
             ${ROLLUP_MEASURES.filter((m) => m.name !== "decision")
               .map(
                 (m) =>
                   `array_agg(${m.column}_hours) FILTER (WHERE ${m.column}_hours IS NOT NULL) AS ${m.column}_hours`,
               )
               .join(",\n")}
           FROM unnest($1::text[], $2::date[]) AS p(service_key, day)
           JOIN "${schema}".request_fact f
             ON COALESCE(f.service_id, '') = p.service_key
            AND f.received_at >= p.day::timestamp AT TIME ZONE '${TIME_ZONE}'
            AND f.received_at < (p.day + 1)::timestamp AT TIME ZONE '${TIME_ZONE}'
           GROUP BY p.service_key, p.day`,
          [keys, days],
        );
        for (const r of rows.rows) {
          await client.query(
            `INSERT INTO "${schema}".sla_service_day VALUES (${Array.from({ length: 22 }, (_, i) => `$${i + 1}`).join(", ")})`,
            [
              r.service_key,
              r.day,
              r.volume,
              r.open,
              r.transfers,
              r.sent_to_triage,
              r.acknowledgements_late,
              r.acknowledgements_failed,
              r.registration_within,
              r.registration_late,
              r.acknowledgement_within,
              r.acknowledgement_late,
              r.first_response_within,
              r.first_response_late,
              r.resolution_within,
              r.resolution_late,
              r.decision_within,
              r.decision_late,
              pack(r.registration_hours),
              pack(r.acknowledgement_hours),
              pack(r.first_response_hours),
              pack(r.resolution_hours),
            ],
          );
        }
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    refreshed += count;
    if (count < batch) return refreshed;
  }
}
