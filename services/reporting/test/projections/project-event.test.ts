import type { Envelope } from "@guichet/contracts";
import { Inbox, migrate, type SqlExecutor, withPgTransaction } from "@guichet/db";
import { test } from "@guichet/testing";
import pg from "pg";
import { describe, expect } from "vitest";
import { loadSlaCatalogue } from "../../src/catalogue/sla-catalogue.ts";
import { ProjectEventUseCase } from "../../src/projections/project-event.usecase.ts";
import { REPORTING_SCHEMA } from "../../src/reporting.schema.ts";
import { PROJECTION_SNAPSHOT, projectionHistory } from "../support/projection-history.ts";
import { CATALOG_FILE } from "../support/reporting.harness.ts";

const NOW = new Date("2026-06-30T12:00:00+02:00");

async function setUp(url: string) {
  await migrate({
    connectionString: url,
    schema: REPORTING_SCHEMA,
    migrationsDir: new URL("../../migrations", import.meta.url).pathname,
  });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const project = new ProjectEventUseCase(
    pool,
    new Inbox(REPORTING_SCHEMA),
    { schema: REPORTING_SCHEMA, catalogue: loadSlaCatalogue(CATALOG_FILE), matchKey: "k" },
    () => NOW,
  );
  return { pool, project };
}

async function truncate(pool: pg.Pool) {
  await pool.query(
    `TRUNCATE reporting.request_fact, reporting.timeline_event, reporting.request_pause,
       reporting.sla_rollup_dirty, reporting.processed_event`,
  );
}

/** Stream sequence of each event: a redelivery has its first delivery's. */
function sequenced(history: Envelope[]): [Envelope, number][] {
  const seqs = new Map<string, number>();
  return history.map((event) => {
    const seq = seqs.get(event.id) ?? seqs.size + 1;
    seqs.set(event.id, seq);
    return [event, seq];
  });
}

async function snapshot(pool: pg.Pool) {
  const tables = {} as Record<keyof typeof PROJECTION_SNAPSHOT, unknown[]>;
  for (const [name, sql] of Object.entries(PROJECTION_SNAPSHOT)) {
    tables[name as keyof typeof PROJECTION_SNAPSHOT] = (await pool.query(sql)).rows;
  }
  return tables;
}

describe("projecting a request's events", () => {
  test("event by event, in one rebuild transaction or lanes side by side, the same rows; a redelivery writes nothing", async ({
    database,
  }) => {
    const { pool, project } = await setUp(database.url);
    try {
      const history = sequenced(projectionHistory());
      for (const [event, seq] of history) await project.execute(event, seq);
      const live = await snapshot(pool);
      const distinct = new Set(history.map(([event]) => event.id)).size;
      expect(distinct).toBeLessThan(history.length);
      expect(live.timeline).toHaveLength(distinct);
      expect(live.inbox).toHaveLength(distinct);
      expect(live.facts).toHaveLength(3);
      // The pause ended, then the open one. Marked days: each request's before routing (no
      // service), and both services' of the transferred request.
      expect(live.pauses.map((p) => (p as { row: { ended_at: string | null } }).row.ended_at === null)).toEqual([
        false,
        true,
      ]);
      expect(live.dirty.map((d) => (d as { row: { service_key: string } }).row.service_key)).toEqual([
        "",
        "",
        "",
        "accueil",
        "espaces-verts",
        "etat-civil",
        "voirie",
        "voirie",
      ]);

      await truncate(pool);
      await withPgTransaction(pool, async (tx) => {
        for (const [event, seq] of history) await project.apply(tx, event, seq);
      });
      expect(await snapshot(pool)).toEqual(live);

      // As the consumer runs them: one lane per request, lanes side by side, so events of
      // different requests share transactions (group commit).
      await truncate(pool);
      const lanes = Map.groupBy(history, ([event]) => (event.data as { requestId?: string }).requestId ?? "");
      await Promise.all(
        [...lanes.values()].map(async (lane) => {
          for (const [event, seq] of lane) await project.execute(event, seq);
        }),
      );
      expect(await snapshot(pool)).toEqual(live);
    } finally {
      await pool.end();
    }
  });

  test("one statement per event, and the deadlines' update only when they change", async ({ database }) => {
    const { pool, project } = await setUp(database.url);
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      let statements = 0;
      const counting: SqlExecutor = {
        async $executeRawUnsafe(query, ...values) {
          statements += 1;
          return (await client.query(query, values)).rowCount ?? 0;
        },
        async $queryRawUnsafe<T>(query: string, ...values: unknown[]) {
          statements += 1;
          return (await client.query(query, values)).rows as T;
        },
      };
      const counts: [string, number][] = [];
      for (const [event, seq] of sequenced(projectionHistory())) {
        statements = 0;
        await project.apply(counting, event, seq);
        counts.push([event.type, statements]);
      }
      expect(counts.slice(0, 5)).toEqual([
        ["request.received", 2], // deadlines set
        ["acknowledgement.sent", 2], // registration delay measured
        ["request.routed", 2], // the service's targets and calendar
        ["acknowledgement.sent", 2], // acknowledgement delay measured
        ["request.routed", 1], // redelivered: the claim finds it, nothing written
      ]);
      // B's failed acknowledgement changes no deadline; its redelivered pause writes nothing.
      expect(counts.filter(([type]) => type === "acknowledgement.failed")).toEqual([["acknowledgement.failed", 1]]);
      expect(counts.every(([, n]) => n <= 2)).toBe(true);
    } finally {
      await client.end();
      await pool.end();
    }
  });
});
