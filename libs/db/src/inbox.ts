import { qualified } from "./schema-name.ts";
import type { SqlExecutor } from "./sql-executor.ts";

/**
 * Processed-event table. A consumer claims an event inside the transaction that applies it: the
 * claim commits or rolls back with the state change, so a redelivered event is applied once.
 */
export class Inbox {
  private readonly table: string;

  constructor(schema: string) {
    this.table = qualified(schema, "processed_event");
  }

  /** The qualified table, for a caller that claims inside a larger statement. */
  get tableName(): string {
    return this.table;
  }

  /** True the first time (consumer, eventId) is claimed, false afterwards. */
  async claim(tx: SqlExecutor, consumer: string, eventId: string): Promise<boolean> {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO ${this.table} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      consumer,
      eventId,
    );
    return inserted === 1;
  }
}
