import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import Postgrator from "postgrator";
import { type DbLogger, defaultLogger, errorMessage } from "./db-logger.ts";
import { assertSchemaName } from "./schema-name.ts";

export interface MigrateOptions {
  connectionString: string;
  /** The service's own schema; created when missing. */
  schema: string;
  /** Directory of the service's postgrator files (`001.do.create-request.sql`). */
  migrationsDir: string;
  logger?: DbLogger;
}

const INFRASTRUCTURE_DIR = fileURLToPath(new URL("../migrations/", import.meta.url));

// Two version tables in the service schema: the library's tables evolve with the library, the
// service's with the service, and their version numbers must not collide.
const INFRASTRUCTURE_VERSION_TABLE = "guichet_db_version";
const SERVICE_VERSION_TABLE = "schema_version";

/**
 * Applies the library's infrastructure migrations (outbox, processed_event) then the service's SQL
 * files, offline, with postgrator. Concurrent migrators of the same schema are serialised with a
 * session advisory lock, so instances starting together are safe. Returns the applied file names.
 */
export async function migrate(options: MigrateOptions): Promise<{ applied: string[] }> {
  const schema = assertSchemaName(options.schema);
  const logger = options.logger ?? defaultLogger;
  if (!existsSync(options.migrationsDir)) {
    throw new Error(`Migrations directory not found: ${options.migrationsDir}`);
  }
  const client = new pg.Client({ connectionString: options.connectionString, application_name: `migrate:${schema}` });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock(hashtextextended($1, 0))", [`guichet:migrate:${schema}`]);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const infrastructure = await runPostgrator(client, schema, {
        dir: INFRASTRUCTURE_DIR,
        versionTable: INFRASTRUCTURE_VERSION_TABLE,
        template: (sql) => sql.replaceAll("{{schema}}", schema),
      });
      const service = await runPostgrator(client, schema, {
        dir: options.migrationsDir,
        versionTable: SERVICE_VERSION_TABLE,
        template: (sql) => sql,
      });
      const applied = [...infrastructure, ...service];
      if (applied.length > 0) logger.info({ schema, applied }, "migrations applied");
      return { applied };
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtextextended($1, 0))", [`guichet:migrate:${schema}`]);
    }
  } finally {
    await client.end();
  }
}

interface MigrationSet {
  dir: string;
  versionTable: string;
  /** Applied to each migration's SQL; checksums stay computed on the file as written. */
  template: (sql: string) => string;
}

async function runPostgrator(client: pg.Client, schema: string, set: MigrationSet): Promise<string[]> {
  const postgrator = new Postgrator({
    driver: "pg",
    // postgrator globs this pattern: forward slashes even on Windows.
    migrationPattern: `${set.dir.split(path.sep).join("/").replace(/\/$/, "")}/*.sql`,
    schemaTable: `${schema}.${set.versionTable}`,
    // Unqualified names in service migrations land in the service schema.
    currentSchema: `"${schema}", public`,
    // Checksums must not depend on the checkout's line endings (git autocrlf on Windows).
    newline: "LF",
    // A multi-statement script sent in one simple query runs as one implicit transaction, so a
    // failing file leaves nothing half-applied.
    execQuery: (query) => client.query(query),
    execSqlScript: async (script) => {
      await client.query(set.template(script));
    },
  });
  let current: string | undefined;
  postgrator.on("migration-started", (migration) => {
    current = path.basename(migration.filename);
  });
  try {
    const applied = await postgrator.migrate();
    return applied.map((migration) => path.basename(migration.filename));
  } catch (error) {
    const where = current ? `migration ${current}` : `migrations in ${set.dir}`;
    throw new Error(`Failed to apply ${where} to schema ${schema}: ${errorMessage(error)}`, { cause: error });
  }
}
