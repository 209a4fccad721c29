import type pg from "pg";
import { pgExecutor, rollBack, type SqlExecutor, withPgTransaction } from "./sql-executor.ts";

type Work<T> = (tx: SqlExecutor) => Promise<T>;

interface Pending {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /** Most units in one transaction (default 64). */
  maxBatch?: number;
}

/**
 * Group commit for a consumer's handlers: the units of work submitted while a transaction is
 * running go together into the next one, on one connection, one after the other; each caller's
 * promise settles only after its transaction's COMMIT (so a consumer still acks after commit).
 * At low load a unit runs alone as soon as it arrives; under load one BEGIN/COMMIT (one fsync)
 * serves many, instead of one per event.
 *
 * A unit that fails rolls back the whole batch; every unit of that batch then runs again alone,
 * in its own transaction, so only the failing one fails (the others' work was rolled back, so
 * running it again is safe). When the COMMIT itself fails the outcome is unknown and every unit of
 * the batch is rejected, as `withPgTransaction` would: the callers' events are redelivered and
 * their inbox claims make that safe.
 *
 * Units of one batch must not depend on each other's order (the consumer runs one request's
 * events one after another, so two events of one request are never in the same batch), and there
 * is one batch at a time per GroupCommit: two of its own transactions never wait on each other.
 */
export class GroupCommit {
  private readonly queue: Pending[] = [];
  private draining = false;
  private readonly maxBatch: number;

  constructor(
    private readonly pool: pg.Pool,
    options: GroupCommitOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 64;
  }

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.draining) return;
      this.draining = true;
      // Units submitted in the same turn of the event loop (a pull's messages) share the first batch.
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) await this.commitTogether(this.queue.splice(0, this.maxBatch));
    } finally {
      this.draining = false;
    }
  }

  private async commitTogether(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return runAlone(this.pool, batch[0] as Pending);
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      for (const unit of batch) unit.reject(error);
      return;
    }
    let broken: Error | undefined;
    let committing = false;
    try {
      await client.query("BEGIN");
      const tx = pgExecutor(client);
      const results: unknown[] = [];
      for (const unit of batch) results.push(await unit.work(tx));
      committing = true;
      await client.query("COMMIT");
      for (const [i, unit] of batch.entries()) unit.resolve(results[i]);
      return;
    } catch (error) {
      broken = await rollBack(client);
      if (committing) {
        for (const unit of batch) unit.reject(error);
        return;
      }
    } finally {
      client.release(broken);
    }
    await Promise.all(batch.map((unit) => runAlone(this.pool, unit)));
  }
}

async function runAlone(pool: pg.Pool, unit: Pending): Promise<void> {
  try {
    unit.resolve(await withPgTransaction(pool, unit.work));
  } catch (error) {
    unit.reject(error);
  }
}
