import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { type Envelope, makeEnvelope } from "@guichet/contracts";
import type pg from "pg";
import { createPool, type DbLogger, migrate } from "../src/index.ts";

/** A directory of service migrations written for one test. */
export async function migrationsDir(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "guichet-migrations-"));
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}

/** A migrated service schema and a pool on it; the caller ends the pool. */
export async function migratedSchema(url: string, schema: string): Promise<pg.Pool> {
  await migrate({ connectionString: url, schema, migrationsDir: await migrationsDir(), logger: silentLogger() });
  // Silent: dropping the test database races with the pool's last connections closing.
  return createPool(url, { max: 5, applicationName: "db-test", logger: silentLogger() });
}

export function events(count: number, type = "request.received"): Envelope[] {
  return Array.from({ length: count }, (_, index) => makeEnvelope(type, 1, { index }));
}

export interface RecordingLogger extends DbLogger {
  entries: { level: string; obj: object; msg?: string }[];
}

export function silentLogger(): RecordingLogger {
  const entries: RecordingLogger["entries"] = [];
  return {
    entries,
    info: (obj, msg) => entries.push({ level: "info", obj, msg }),
    warn: (obj, msg) => entries.push({ level: "warn", obj, msg }),
    error: (obj, msg) => entries.push({ level: "error", obj, msg }),
  };
}
