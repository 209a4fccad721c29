import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "../src/index.ts";

async function scalar(url: string, sql: string): Promise<unknown> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Object.values((await client.query(sql)).rows[0] ?? {})[0];
  } finally {
    await client.end();
  }
}

describe("startEmbeddedPostgres", () => {
  it("starts a temporary cluster with fsync off and removes it on stop", { timeout: 120_000 }, async () => {
    const server = await startEmbeddedPostgres();
    try {
      expect(await scalar(server.url, "SELECT current_setting('fsync')")).toBe("off");
      expect(await scalar(server.url, "SELECT current_setting('server_encoding')")).toBe("UTF8");
    } finally {
      await server.stop();
    }
    expect(existsSync(server.dataDir)).toBe(false);
  });

  it("keeps data in a persistent data directory across restarts", { timeout: 120_000 }, async () => {
    const root = await mkdtemp(path.join(tmpdir(), "guichet-pg-test-"));
    const dataDir = path.join(root, "pgdata");
    try {
      const first = await startEmbeddedPostgres({ dataDir, durable: false });
      await scalar(first.url, "CREATE TABLE kept (id int)");
      await scalar(first.url, "INSERT INTO kept VALUES (42)");
      await first.stop();

      const second = await startEmbeddedPostgres({ dataDir, port: first.port, durable: false });
      try {
        expect(await scalar(second.url, "SELECT id FROM kept")).toBe(42);
      } finally {
        await second.stop();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
