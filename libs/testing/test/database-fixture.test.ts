import pg from "pg";
import { describe, expect, inject } from "vitest";
import { test } from "../src/index.ts";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("database fixture", () => {
  const seen: string[] = [];

  test("gives each test its own empty database", async ({ database, namespace }) => {
    expect(database.name).toMatch(/^guichet_t_[a-z0-9]{10}$/);
    expect(namespace).toMatch(/^t[a-z0-9]{10}$/);
    await query(database.url, "CREATE TABLE only_here (id int)");
    seen.push(database.name);
  });

  test("does not see what another test created, and the previous one is dropped", async ({ database }) => {
    expect(seen).toHaveLength(1);
    expect(database.name).not.toBe(seen[0]);
    const tables = await query(database.url, "SELECT 1 FROM pg_tables WHERE tablename = 'only_here'");
    expect(tables).toHaveLength(0);
    const previous = await query(inject("postgresAdminUrl"), `SELECT 1 FROM pg_database WHERE datname = '${seen[0]}'`);
    expect(previous).toHaveLength(0);
  });

  test("drop succeeds even with connections left open", async ({ database }) => {
    const client = new pg.Client({ connectionString: database.url });
    client.on("error", () => {});
    await client.connect();
    await database.drop();
    const rows = await query(
      inject("postgresAdminUrl"),
      `SELECT 1 FROM pg_database WHERE datname = '${database.name}'`,
    );
    expect(rows).toHaveLength(0);
    await client.end().catch(() => {});
  });
});
