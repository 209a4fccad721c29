import { test } from "@guichet/testing";
import type pg from "pg";
import { describe, expect } from "vitest";
import { GroupCommit, type SqlExecutor } from "../src/index.ts";
import { migratedSchema } from "./db-test-helpers.ts";

/** Inserts `id` into the test table and returns the id of the transaction that did it. */
async function insert(tx: SqlExecutor, table: string, id: number): Promise<string> {
  const [row] = await tx.$queryRawUnsafe<{ txid: string }[]>(
    `INSERT INTO ${table} (id) VALUES ($1) RETURNING txid_current()::text AS txid`,
    id,
  );
  return (row as { txid: string }).txid;
}

async function storedIds(pool: pg.Pool, table: string): Promise<number[]> {
  const result = await pool.query<{ id: number }>(`SELECT id FROM ${table} ORDER BY id`);
  return result.rows.map((row) => row.id);
}

async function withTable(url: string, namespace: string, ddl: string) {
  const pool = await migratedSchema(url, namespace);
  const table = `"${namespace}".unit`;
  await pool.query(`CREATE TABLE ${table} (${ddl})`);
  return { pool, table };
}

describe("GroupCommit", () => {
  test("units submitted together share one transaction, settled after its commit", async ({ database, namespace }) => {
    const { pool, table } = await withTable(database.url, namespace, "id int PRIMARY KEY");
    try {
      const group = new GroupCommit(pool);
      const visibleAtSettle: boolean[] = [];
      const txids = await Promise.all(
        [1, 2, 3, 4].map((id) =>
          group
            .run((tx) => insert(tx, table, id))
            .then(async (txid) => {
              // Seen from another connection as soon as the caller hears of it: committed.
              visibleAtSettle.push((await storedIds(pool, table)).includes(id));
              return txid;
            }),
        ),
      );
      expect(new Set(txids).size).toBe(1);
      expect(visibleAtSettle).toEqual([true, true, true, true]);
    } finally {
      await pool.end();
    }
  });

  test("units arriving while a transaction runs go together into the next one", async ({ database, namespace }) => {
    const { pool, table } = await withTable(database.url, namespace, "id int PRIMARY KEY");
    try {
      const group = new GroupCommit(pool);
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      let started: () => void = () => {};
      const firstStarted = new Promise<void>((resolve) => {
        started = resolve;
      });
      const first = group.run(async (tx) => {
        started();
        await gate;
        return insert(tx, table, 1);
      });
      await firstStarted;
      const later = [2, 3, 4].map((id) => group.run((tx) => insert(tx, table, id)));
      release();
      const [firstTxid, ...laterTxids] = await Promise.all([first, ...later]);
      expect(new Set(laterTxids).size).toBe(1);
      expect(laterTxids[0]).not.toBe(firstTxid);
      expect(await storedIds(pool, table)).toEqual([1, 2, 3, 4]);
    } finally {
      await pool.end();
    }
  });

  test("a failing unit fails alone: the others of its batch run again in their own transactions", async ({
    database,
    namespace,
  }) => {
    const { pool, table } = await withTable(database.url, namespace, "id int PRIMARY KEY CHECK (id > 0)");
    try {
      const group = new GroupCommit(pool);
      const outcomes = await Promise.allSettled([1, -2, 3].map((id) => group.run((tx) => insert(tx, table, id))));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/check constraint/);
      const [first, , third] = outcomes as PromiseFulfilledResult<string>[];
      expect(first?.value).not.toBe(third?.value);
      expect(await storedIds(pool, table)).toEqual([1, 3]);
      // The connection went back to the pool usable.
      expect(await group.run((tx) => insert(tx, table, 4))).toMatch(/^\d+$/);
    } finally {
      await pool.end();
    }
  });

  test("a failed COMMIT rejects every unit of the batch and stores none of them", async ({ database, namespace }) => {
    // A deferred unique constraint is checked at COMMIT: two units inserting the same id pass
    // their statements and fail the commit together.
    const { pool, table } = await withTable(database.url, namespace, "id int UNIQUE DEFERRABLE INITIALLY DEFERRED");
    try {
      const group = new GroupCommit(pool);
      const outcomes = await Promise.allSettled([7, 8, 7].map((id) => group.run((tx) => insert(tx, table, id))));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(["rejected", "rejected", "rejected"]);
      expect(String((outcomes[0] as PromiseRejectedResult).reason)).toMatch(/duplicate key/);
      expect(await storedIds(pool, table)).toEqual([]);
    } finally {
      await pool.end();
    }
  });

  test("never puts more than maxBatch units in one transaction", async ({ database, namespace }) => {
    const { pool, table } = await withTable(database.url, namespace, "id int PRIMARY KEY");
    try {
      const group = new GroupCommit(pool, { maxBatch: 3 });
      const txids = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((id) => group.run((tx) => insert(tx, table, id))));
      const sizes = [...new Set(txids)].map((txid) => txids.filter((t) => t === txid).length);
      expect(sizes).toEqual([3, 3, 1]);
      expect(await storedIds(pool, table)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    } finally {
      await pool.end();
    }
  });
});
