import { endianness } from "node:os";
import type pg from "pg";
import { TIME_ZONE } from "../reports/report-sql.ts";
import { DelayHistogram } from "./delay-histogram.ts";

/** Measures whose delays are kept per day; decision has counts only (no hours). */
export const ROLLUP_MEASURES = [
  { name: "registration", column: "registration", at: "registration_sent_at", due: "registration_due_at" },
  { name: "acknowledgement", column: "acknowledgement", at: "acknowledged_at", due: "acknowledgement_due_at" },
  { name: "firstResponse", column: "first_response", at: "first_response_at", due: "first_response_due_at" },
  { name: "resolution", column: "resolution", at: "closed_at", due: "resolution_due_at" },
  { name: "decision", column: "decision", at: "closed_at", due: "decision_due_at" },
] as const;

const LOCAL_DAY = `(received_at AT TIME ZONE '${TIME_ZONE}')::date`;

/**
 * The (service, day) a request_fact row counts in, as sla_rollup_dirty's columns: the projection
 * marks the pair for refresh before and after each event (a transfer moves the request).
 */
export const ROLLUP_KEY = `COALESCE(service_id, ''), ${LOCAL_DAY}`;

const COUNTS = [
  "volume",
  "open",
  "transfers",
  "sent_to_triage",
  "acknowledgements_late",
  "acknowledgements_failed",
  ...ROLLUP_MEASURES.flatMap((m) => [`${m.column}_within`, `${m.column}_late`]),
] as const;
export const DELAY_COLUMNS = ROLLUP_MEASURES.filter((m) => m.name !== "decision").map((m) => `${m.column}_hours`);

/** sla_service_day delays: int32 seconds packed big-endian by PostgreSQL (int4send). */
export function unpackDelays(buffer: Buffer): Int32Array {
  const copy = new Uint8Array(buffer.length - (buffer.length % 4));
  copy.set(buffer.subarray(0, copy.length));
  if (endianness() === "LE") Buffer.from(copy.buffer).swap32(); // big-endian to the platform's order
  return new Int32Array(copy.buffer);
}

/**
 * Recomputes the dirty (service, day) pairs from request_fact in one set-based statement per
 * batch (the delays packed by PostgreSQL), then the months they belong to from their days (exact
 * counts summed, delays binned into histograms); returns how many pairs. One refresher at a time
 * (transaction advisory lock), so a month is never recomputed from another refresher's
 * uncommitted days; the projection keeps marking pairs dirty meanwhile.
 */
export async function refreshRollup(pool: pg.Pool, schema: string, batch = 10_000): Promise<number> {
  let refreshed = 0;
  const s = `"${schema}"`;
  for (;;) {
    const pending = await pool.query(`SELECT 1 FROM ${s}.sla_rollup_dirty LIMIT 1`);
    if (pending.rows.length === 0) return refreshed;
    const client = await pool.connect();
    let count = 0;
    try {
      await client.query("BEGIN");
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [`${schema}.sla_rollup`]);
      const dirty = await client.query<{ service_key: string; day: string }>(
        `DELETE FROM ${s}.sla_rollup_dirty WHERE ctid IN (SELECT ctid FROM ${s}.sla_rollup_dirty LIMIT ${batch})
         RETURNING service_key, to_char(day, 'YYYY-MM-DD') AS day`,
      );
      count = dirty.rows.length;
      if (count > 0) {
        const keys = dirty.rows.map((r) => r.service_key);
        const days = dirty.rows.map((r) => r.day);
        await client.query(
          `DELETE FROM ${s}.sla_service_day d USING unnest($1::text[], $2::date[]) AS p(service_key, day)
            WHERE d.service_key = p.service_key AND d.day = p.day`,
          [keys, days],
        );
        await client.query(
          `INSERT INTO ${s}.sla_service_day (service_key, day, ${[...COUNTS, ...DELAY_COLUMNS].join(", ")})
           SELECT p.service_key, p.day, count(*),
             count(*) FILTER (WHERE closed_at IS NULL),
             COALESCE(sum(transfer_count), 0),
             count(*) FILTER (WHERE triage),
             count(*) FILTER (WHERE acknowledged_at > acknowledgement_due_at),
             count(*) FILTER (WHERE acknowledged_at IS NULL AND acknowledgement_failed_at IS NOT NULL),
             ${ROLLUP_MEASURES.map(
               (m) => `count(*) FILTER (WHERE ${m.at} <= ${m.due}), count(*) FILTER (WHERE ${m.at} > ${m.due})`,
             ).join(",\n")},
             ${DELAY_COLUMNS.map(
               (c) => `COALESCE(string_agg(int4send(round(${c} * 3600)::int4), ''::bytea), ''::bytea)`,
             ).join(",\n")}
           FROM unnest($1::text[], $2::date[]) AS p(service_key, day)
           JOIN ${s}.request_fact f
             ON COALESCE(f.service_id, '') = p.service_key
            AND f.received_at >= p.day::timestamp AT TIME ZONE '${TIME_ZONE}'
            AND f.received_at < (p.day + 1)::timestamp AT TIME ZONE '${TIME_ZONE}'
            -- redundant with the range, but lets a large batch hash-join on (service, day) instead
            -- of testing every day of the service against each row
            AND ${LOCAL_DAY.replace("received_at", "f.received_at")} = p.day
           GROUP BY p.service_key, p.day`,
          [keys, days],
        );
        await refreshMonths(client, s, keys, days);
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    refreshed += count;
  }
}

/** Recomputes the (service, month) rows of the refreshed days from their sla_service_day rows. */
async function refreshMonths(client: pg.PoolClient, s: string, keys: string[], days: string[]): Promise<void> {
  const months = new Map<string, [string, string]>();
  keys.forEach((key, i) => {
    const month = `${(days[i] ?? "").slice(0, 7)}-01`;
    months.set(`${key}|${month}`, [key, month]);
  });
  const monthKeys = [...months.values()].map(([key]) => key);
  const monthStarts = [...months.values()].map(([, month]) => month);
  await client.query(
    `DELETE FROM ${s}.sla_service_month m USING unnest($1::text[], $2::date[]) AS p(service_key, month)
      WHERE m.service_key = p.service_key AND m.month = p.month`,
    [monthKeys, monthStarts],
  );
  const rows = await client.query(
    `SELECT d.service_key, to_char(p.month, 'YYYY-MM-DD') AS month, ${[...COUNTS, ...DELAY_COLUMNS].map((c) => `d.${c}`).join(", ")}
       FROM unnest($1::text[], $2::date[]) AS p(service_key, month)
       JOIN ${s}.sla_service_day d
         ON d.service_key = p.service_key AND d.day >= p.month AND d.day < (p.month + interval '1 month')::date`,
    [monthKeys, monthStarts],
  );
  const totals = new Map<string, { key: string; month: string; counts: number[]; delays: DelayHistogram[] }>();
  for (const row of rows.rows) {
    const id = `${row.service_key}|${row.month}`;
    let total = totals.get(id);
    if (!total) {
      total = {
        key: row.service_key,
        month: row.month,
        counts: COUNTS.map(() => 0),
        delays: DELAY_COLUMNS.map(() => new DelayHistogram()),
      };
      totals.set(id, total);
    }
    const t = total;
    COUNTS.forEach((c, i) => {
      t.counts[i] = (t.counts[i] ?? 0) + Number(row[c]);
    });
    DELAY_COLUMNS.forEach((c, i) => {
      t.delays[i]?.addValues(unpackDelays(row[c]));
    });
  }
  for (const t of totals.values()) {
    const values = [t.key, t.month, ...t.counts, ...t.delays.map((h) => h.encode())];
    await client.query(
      `INSERT INTO ${s}.sla_service_month (service_key, month, ${[...COUNTS, ...DELAY_COLUMNS].join(", ")})
       VALUES (${values.map((_, i) => `$${i + 1}`).join(", ")})`,
      values,
    );
  }
}
