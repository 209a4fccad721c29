import { fileURLToPath } from "node:url";
import { createPool, migrate } from "@guichet/db";
import { createTestDatabase } from "@guichet/testing/servers";
import type pg from "pg";

export const SCHEMA = "reporting";

/**
 * A throw-away database with reporting's schema migrated, on GUICHET_TEST_DATABASE_URL's server (or
 * the local one), for the benchmarks; `close` ends the pool and drops the database.
 */
export async function openScratchReporting(
  applicationName: string,
): Promise<{ pool: pg.Pool; close: () => Promise<void> }> {
  const database = await createTestDatabase(
    process.env.GUICHET_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
  );
  const pool = createPool(database.url, { applicationName });
  const close = async () => {
    await pool.end();
    await database.drop();
  };
  try {
    await migrate({
      connectionString: database.url,
      schema: SCHEMA,
      migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)),
      logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    });
  } catch (error) {
    await close();
    throw error;
  }
  return { pool, close };
}
