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
    try {
      await client.query("ROLLBACK");
    } catch (rollbackError) {
      // The connection is in an unknown state: destroy it rather than return it to the pool.
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    }
    throw error;
  } finally {
    client.release(broken);
  }
}
