import type { SqlExecutor } from "@guichet/db";
import type pg from "pg";

/** Reads outside a transaction (slot search, public pages): each query on any pooled connection. */
export function poolExecutor(pool: pg.Pool): SqlExecutor {
  return {
    async $executeRawUnsafe(query, ...values) {
      return (await pool.query(query, values)).rowCount ?? 0;
    },
    async $queryRawUnsafe<T>(query: string, ...values: unknown[]) {
      return (await pool.query(query, values)).rows as T;
    },
  };
}
