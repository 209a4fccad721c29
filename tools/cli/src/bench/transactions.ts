import { setTimeout as sleep } from "node:timers/promises";
import type pg from "pg";

/**
 * A backend reports its statistics at most once a second while busy and within ten seconds of
 * going idle (PostgreSQL 15's PGSTAT_IDLE_INTERVAL): wait that long for the counts to be whole.
 */
const STATS_SETTLE_MS = 11_000;

/**
 * Transactions (commits + rollbacks) run in a pipeline's own database, from pg_stat_database: one
 * per autocommit statement, one per BEGIN … COMMIT. The bench's own queries on that database
 * (progress polls) are transactions too: they go through `query` here, are counted, and are
 * subtracted.
 */
export class TransactionCounter {
  private own = 0;

  constructor(private readonly pool: pg.Pool) {}

  query<R extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    this.own += 1;
    return this.pool.query<R>(sql, values);
  }

  /** The database's transactions so far, the bench's own excluded, once the statistics are whole. */
  async settled(): Promise<number> {
    await sleep(STATS_SETTLE_MS);
    const result = await this.query<{ n: string }>(
      "SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()",
      [],
    );
    return Number(result.rows[0]?.n ?? Number.NaN) - this.own;
  }
}
