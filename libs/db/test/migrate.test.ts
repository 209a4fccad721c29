import { test } from "@guichet/testing";
import pg from "pg";
import { describe, expect } from "vitest";
import { migrate } from "../src/index.ts";
import { migrationsDir, silentLogger } from "./db-test-helpers.ts";

const SERVICE_FILES = {
  "001.do.create-request.sql": "CREATE TABLE request (id text PRIMARY KEY);",
  "002.do.add-channel.sql": "ALTER TABLE request ADD COLUMN channel text;",
};

async function rows<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("migrate", () => {
  test("applies infrastructure then service migrations, and a second run is a no-op", async ({
    database,
    namespace,
  }) => {
    const dir = await migrationsDir(SERVICE_FILES);
    const options = { connectionString: database.url, schema: namespace, migrationsDir: dir, logger: silentLogger() };

    const first = await migrate(options);
    expect(first.applied).toEqual([
      "001.do.outbox.sql",
      "002.do.processed-event.sql",
      "001.do.create-request.sql",
      "002.do.add-channel.sql",
    ]);
    const second = await migrate(options);
    expect(second.applied).toEqual([]);

    const tables = await rows<{ table_name: string }>(
      database.url,
      `SELECT table_name FROM information_schema.tables WHERE table_schema = '${namespace}' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      "guichet_db_version",
      "outbox",
      "processed_event",
      "request",
      "schema_version",
    ]);
  });

  test("serialises concurrent migrators: both succeed and each file runs once", async ({ database, namespace }) => {
    const dir = await migrationsDir(SERVICE_FILES);
    const options = { connectionString: database.url, schema: namespace, migrationsDir: dir, logger: silentLogger() };

    const results = await Promise.all([migrate(options), migrate(options), migrate(options)]);
    const applied = results.flatMap((result) => result.applied);
    expect(applied.sort()).toEqual(
      ["001.do.outbox.sql", "002.do.processed-event.sql", "001.do.create-request.sql", "002.do.add-channel.sql"].sort(),
    );
  });

  test("names the broken file and keeps the migrations before it", async ({ database, namespace }) => {
    const dir = await migrationsDir({
      "001.do.create-request.sql": "CREATE TABLE request (id text PRIMARY KEY);",
      "002.do.broken.sql": "CREATE TABLE half (id int);\nALTER TABLE nowhere ADD COLUMN x int;",
    });
    const options = { connectionString: database.url, schema: namespace, migrationsDir: dir, logger: silentLogger() };

    await expect(migrate(options)).rejects.toThrow(/002\.do\.broken\.sql.*nowhere/);

    const versions = await rows<{ version: string }>(
      database.url,
      `SELECT version FROM "${namespace}".schema_version WHERE version > 0 ORDER BY version`,
    );
    expect(versions.map((v) => Number(v.version))).toEqual([1]);
    // The failing file ran as one implicit transaction: its first statement is rolled back too.
    const half = await rows(
      database.url,
      `SELECT 1 FROM pg_tables WHERE schemaname = '${namespace}' AND tablename = 'half'`,
    );
    expect(half).toHaveLength(0);
  });

  test("rejects schema names that are not plain identifiers", async ({ database }) => {
    const dir = await migrationsDir();
    await expect(
      migrate({ connectionString: database.url, schema: 'x"; DROP TABLE y; --', migrationsDir: dir }),
    ).rejects.toThrow(/Invalid schema name/);
  });
});
