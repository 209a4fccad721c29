import { test } from "@guichet/testing";
import { context, propagation, TraceFlags, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { W3CTraceContextPropagator } from "@opentelemetry/core";
import { afterEach, describe, expect } from "vitest";
import { Inbox, Outbox, prismaAdapter, withPgTransaction } from "../src/index.ts";
import { events, migratedSchema } from "./db-test-helpers.ts";

describe("outbox and inbox", () => {
  afterEach(() => {
    context.disable();
    propagation.disable();
  });

  test("a rolled-back transaction leaves no outbox row; a committed one keeps the order", async ({
    database,
    namespace,
  }) => {
    const pool = await migratedSchema(database.url, namespace);
    try {
      const outbox = new Outbox(namespace);
      await expect(
        withPgTransaction(pool, async (tx) => {
          await outbox.enqueue(tx, ...events(2));
          throw new Error("state change failed");
        }),
      ).rejects.toThrow("state change failed");
      expect((await pool.query(`SELECT count(*)::int AS n FROM "${namespace}".outbox`)).rows[0].n).toBe(0);

      const committed = events(3);
      await withPgTransaction(pool, (tx) => outbox.enqueue(tx, ...committed));
      const stored = await pool.query(`SELECT event_id, type, version FROM "${namespace}".outbox ORDER BY seq`);
      expect(stored.rows.map((row) => row.event_id)).toEqual(committed.map((e) => e.id));
      expect(stored.rows[0]).toMatchObject({ type: "request.received", version: 1 });
    } finally {
      await pool.end();
    }
  });

  test("inbox claims once, and a rollback un-claims", async ({ database, namespace }) => {
    const pool = await migratedSchema(database.url, namespace);
    try {
      const inbox = new Inbox(namespace);
      await expect(
        withPgTransaction(pool, async (tx) => {
          expect(await inbox.claim(tx, "routing", "evt-1")).toBe(true);
          throw new Error("handler failed");
        }),
      ).rejects.toThrow("handler failed");

      expect(await withPgTransaction(pool, (tx) => inbox.claim(tx, "routing", "evt-1"))).toBe(true);
      expect(await withPgTransaction(pool, (tx) => inbox.claim(tx, "routing", "evt-1"))).toBe(false);
      // Another consumer of the same event keeps its own claim.
      expect(await withPgTransaction(pool, (tx) => inbox.claim(tx, "reporting", "evt-1"))).toBe(true);
    } finally {
      await pool.end();
    }
  });

  test("stamps the active span's W3C trace context, never overriding an explicit one", async ({
    database,
    namespace,
  }) => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    const pool = await migratedSchema(database.url, namespace);
    try {
      const spanContext = {
        traceId: "0af7651916cd43dd8448eb211c80319c",
        spanId: "b7ad6b7169203331",
        traceFlags: TraceFlags.SAMPLED,
      };
      const [plain, explicit] = events(2);
      if (!plain || !explicit) throw new Error("missing events");
      explicit.traceparent = "00-11111111111111111111111111111111-2222222222222222-01";
      const outbox = new Outbox(namespace);
      await context.with(trace.setSpanContext(context.active(), spanContext), () =>
        withPgTransaction(pool, (tx) => outbox.enqueue(tx, plain, explicit)),
      );
      const stored = await pool.query(`SELECT envelope FROM "${namespace}".outbox ORDER BY seq`);
      expect(stored.rows.map((row) => row.envelope.traceparent)).toEqual([
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        explicit.traceparent,
      ]);
      // The caller's object is not mutated.
      expect(plain.traceparent).toBeUndefined();
    } finally {
      await pool.end();
    }
  });

  test("prismaAdapter targets the service schema", async ({ database, namespace }) => {
    expect(() => prismaAdapter(database.url, "Bad-Name")).toThrow(/Invalid schema name/);
    const adapter = await prismaAdapter(database.url, namespace).connect();
    try {
      expect(adapter.getConnectionInfo().schemaName).toBe(namespace);
    } finally {
      await adapter.dispose();
    }
  });
});
