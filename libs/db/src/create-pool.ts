import pg from "pg";
import { type DbLogger, defaultLogger, errorMessage } from "./db-logger.ts";

export interface CreatePoolOptions {
  max?: number;
  /** Shows in pg_stat_activity, which is how DBAs tell services apart. */
  applicationName?: string;
  logger?: DbLogger;
}

export function createPool(connectionString: string, options: CreatePoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    application_name: options.applicationName,
  });
  const logger = options.logger ?? defaultLogger;
  // An idle client losing its connection (PostgreSQL restart) emits 'error' on the pool; without a
  // listener Node would crash the process. The pool already discards the client.
  pool.on("error", (error) => logger.warn({ err: errorMessage(error) }, "idle PostgreSQL client error"));
  // A checked-out client has no pool listener: when its connection is cut (pg_terminate_backend, a
  // failover) it emits 'error' too, which would crash the process. Its query in flight rejects
  // and is handled by the caller, and the pool drops the broken client on release.
  pool.on("connect", (client) => client.on("error", () => {}));
  return pool;
}
