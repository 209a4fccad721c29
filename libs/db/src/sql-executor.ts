import pg from "pg";

/**
 * Minimal view of a transaction that both a Prisma interactive transaction client
 * (`tx.$executeRawUnsafe`, `tx.$queryRawUnsafe`) and our pg adapter satisfy, so the outbox and the
 * inbox work the same whichever client a service uses.
 */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export function pgExecutor(client: pg.PoolClient | pg.Client): SqlExecutor {
  return {
    async $executeRawUnsafe(query, ...values) {
      const result = await client.query(query, values);
      return result.rowCount ?? 0;
    },
    async $queryRawUnsafe<T>(query: string, ...values: unknown[]) {
      const result = await client.query(query, values);
      // Same shape as Prisma's $queryRawUnsafe: the array of rows.
      return result.rows as T;
    },
  };
}

/** Runs `work` inside BEGIN/COMMIT on one pooled connection; rolls back and rethrows on error. */
export async function withPgTransaction<T>(pool: pg.Pool, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(pgExecutor(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    broken = await rollBack(client);
    throw error;
  } finally {
    client.release(broken);
  }
}

/**
 * Rolls back after a failure. Returns the error to release the client with when even that failed:
 * the connection is then in an unknown state and must be destroyed, not returned to the pool.
 */
export async function rollBack(client: pg.PoolClient): Promise<Error | undefined> {
  try {
    await client.query("ROLLBACK");
    return undefined;
  } catch (rollbackError) {
    return rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
  }
}
