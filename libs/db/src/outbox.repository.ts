import type { Envelope } from "@guichet/contracts";
import pg from "pg";
import { qualified } from "./schema-name.ts";

export interface OutboxRow {
  seq: string;
  envelope: Envelope;
}

/** The relay's queries on `<schema>.outbox`; no decisions here. */
export class OutboxRepository {
  private readonly table: string;
  private readonly relayLockKey: string;

  constructor(schema: string) {
    this.table = qualified(schema, "outbox");
    this.relayLockKey = `guichet:outbox-relay:${schema}`;
  }

  /**
   * Held for the batch transaction. One relay publishes at a time, which keeps the publication order
   * equal to seq order across instances; the others stand by and take over at once if it dies.
   */
  async tryLockRelay(client: pg.PoolClient): Promise<boolean> {
    const result = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0)) AS locked",
      [this.relayLockKey],
    );
    return result.rows[0]?.locked === true;
  }

  /** SKIP LOCKED keeps instances from ever claiming the same row, even without the relay lock. */
  async claimBatch(client: pg.PoolClient, limit: number): Promise<OutboxRow[]> {
    const result = await client.query<OutboxRow>(
      `SELECT seq, envelope FROM ${this.table}
        WHERE published_at IS NULL
        ORDER BY seq
        LIMIT $1
        FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return result.rows;
  }

  async markPublished(client: pg.PoolClient, seqs: string[]): Promise<void> {
    if (seqs.length === 0) return;
    await client.query(`UPDATE ${this.table} SET published_at = now() WHERE seq = ANY($1::bigint[])`, [seqs]);
  }

  async countPending(pool: pg.Pool): Promise<number> {
    const result = await pool.query<{ pending: number }>(
      `SELECT count(*)::integer AS pending FROM ${this.table} WHERE published_at IS NULL`,
    );
    return result.rows[0]?.pending ?? 0;
  }

  /** Deletes at most `limit` rows published before the cut-off; returns how many went. */
  async purgePublished(pool: pg.Pool, olderThanMs: number, limit: number): Promise<number> {
    const result = await pool.query(
      `DELETE FROM ${this.table} WHERE seq IN (
         SELECT seq FROM ${this.table}
          WHERE published_at IS NOT NULL AND published_at < now() - $1 * interval '1 millisecond'
          LIMIT $2
          FOR UPDATE SKIP LOCKED)`,
      [olderThanMs, limit],
    );
    return result.rowCount ?? 0;
  }
}
