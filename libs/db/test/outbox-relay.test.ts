import type { Envelope } from "@guichet/contracts";
import { test, waitFor } from "@guichet/testing";
import { describe, expect } from "vitest";
import { Outbox, OutboxRelay, withPgTransaction } from "../src/index.ts";
import { events, migratedSchema, silentLogger } from "./db-test-helpers.ts";

/** In-memory publisher: the broker itself is tested in libs/messaging (and once in jetstream-relay.test.ts). */
function recordingPublisher(published: string[] = []) {
  return {
    published,
    async publish(envelope: Envelope) {
      published.push(envelope.id);
    },
  };
}

describe("OutboxRelay", () => {
  test("publishes in enqueue order, woken by NOTIFY rather than polling", async ({ database, namespace }) => {
    const pool = await migratedSchema(database.url, namespace);
    const publisher = recordingPublisher();
    // A one-minute poll: only the LISTEN/NOTIFY wake-up can deliver within the test.
    const relay = new OutboxRelay({ pool, schema: namespace, publisher, pollIntervalMs: 60_000, batchSize: 4 });
    try {
      relay.start();
      const outbox = new Outbox(namespace);
      const batches = [events(3), events(5), events(2)];
      for (const batch of batches) await withPgTransaction(pool, (tx) => outbox.enqueue(tx, ...batch));
      const expected = batches.flat().map((e) => e.id);

      await waitFor(async () => publisher.published.length === expected.length, { what: "10 publications" });
      expect(publisher.published).toEqual(expected);
      // Rows are marked when the batch commits, just after the last publish returns.
      await waitFor(async () => (await relay.pending()) === 0, { what: "rows marked published" });
    } finally {
      await relay.stop();
      await pool.end();
    }
  });

  test("keeps rows while the publisher fails, logs once, then resumes without loss or reorder", async ({
    database,
    namespace,
  }) => {
    const pool = await migratedSchema(database.url, namespace);
    const published: string[] = [];
    let down = false;
    let failures = 0;
    const publisher = {
      async publish(envelope: Envelope) {
        if (down) {
          failures += 1;
          throw new Error("CONNECTION_REFUSED");
        }
        published.push(envelope.id);
      },
    };
    const logger = silentLogger();
    const relay = new OutboxRelay({ pool, schema: namespace, publisher, batchSize: 7, pollIntervalMs: 50, logger });
    const outbox = new Outbox(namespace);
    try {
      relay.start();
      const before = events(10);
      await withPgTransaction(pool, (tx) => outbox.enqueue(tx, ...before));
      await waitFor(async () => published.length === 10, { what: "events before the outage" });

      down = true;
      const during = events(25);
      for (const envelope of during) await withPgTransaction(pool, (tx) => outbox.enqueue(tx, envelope));
      await waitFor(async () => failures >= 4, { what: "several failed attempts" });
      expect(await relay.pending()).toBe(25);

      down = false;
      await waitFor(async () => published.length === 35, { timeoutMs: 15_000, what: "recovery" });
      expect(published).toEqual([...before, ...during].map((e) => e.id));
      await waitFor(async () => (await relay.pending()) === 0, { what: "rows marked published" });

      const warnings = logger.entries.filter((entry) => entry.level === "warn");
      expect(warnings).toHaveLength(1);
      expect(JSON.stringify(warnings)).not.toContain("index");
      expect(logger.entries.some((entry) => entry.msg === "outbox relay publishing again")).toBe(true);
    } finally {
      await relay.stop();
      await pool.end();
    }
  });

  test("two relays never publish the same row twice, and each producer's order holds", async ({
    database,
    namespace,
  }) => {
    const pool = await migratedSchema(database.url, namespace);
    const published: string[] = [];
    const relays = [1, 2].map(
      () =>
        new OutboxRelay({
          pool,
          schema: namespace,
          publisher: recordingPublisher(published),
          batchSize: 5,
          pollIntervalMs: 10,
        }),
    );
    const outbox = new Outbox(namespace);
    try {
      for (const relay of relays) relay.start();
      // Four concurrent producers; each one's events must come out in the order it committed them.
      const producers = await Promise.all(
        [0, 1, 2, 3].map(async () => {
          const sent: string[] = [];
          for (let i = 0; i < 25; i++) {
            const batch = events(2);
            await withPgTransaction(pool, (tx) => outbox.enqueue(tx, ...batch));
            sent.push(...batch.map((e) => e.id));
          }
          return sent;
        }),
      );

      await waitFor(async () => published.length >= 200 && (await relays[0]?.pending()) === 0, {
        timeoutMs: 20_000,
        what: "200 publications",
      });
      expect(published).toHaveLength(200);
      expect(new Set(published).size).toBe(200);
      for (const sent of producers) {
        const sentSet = new Set(sent);
        expect(published.filter((id) => sentSet.has(id))).toEqual(sent);
      }
    } finally {
      await Promise.all(relays.map((relay) => relay.stop()));
      await pool.end();
    }
  });

  test("flush publishes everything pending and stops at the first failure", async ({ database, namespace }) => {
    const pool = await migratedSchema(database.url, namespace);
    const published: string[] = [];
    let failAt = 7;
    const publisher = {
      async publish(envelope: Envelope) {
        if (published.length === failAt) throw new Error("NATS down");
        published.push(envelope.id);
      },
    };
    const relay = new OutboxRelay({ pool, schema: namespace, publisher, batchSize: 3, logger: silentLogger() });
    try {
      await withPgTransaction(pool, (tx) => new Outbox(namespace).enqueue(tx, ...events(10)));
      expect(await relay.flush()).toBe(7);
      expect(await relay.pending()).toBe(3);
      failAt = -1;
      expect(await relay.flush()).toBe(3);
      expect(await relay.pending()).toBe(0);
    } finally {
      await pool.end();
    }
  });

  test("deletes published rows after the retention period", async ({ database, namespace }) => {
    const pool = await migratedSchema(database.url, namespace);
    const relay = new OutboxRelay({ pool, schema: namespace, publisher: recordingPublisher(), retentionMs: 0 });
    try {
      await withPgTransaction(pool, (tx) => new Outbox(namespace).enqueue(tx, ...events(3)));
      await relay.flush();
      relay.start();
      await waitFor(
        async () => (await pool.query(`SELECT count(*)::int AS n FROM "${namespace}".outbox`)).rows[0].n === 0,
        { what: "published rows purged" },
      );
    } finally {
      await relay.stop();
      await pool.end();
    }
  });
});
