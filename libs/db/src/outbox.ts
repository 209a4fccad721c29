import type { Envelope } from "@guichet/contracts";
import { qualified } from "./schema-name.ts";
import type { SqlExecutor } from "./sql-executor.ts";
import { withTraceContext } from "./trace-context.ts";

const COLUMNS_PER_ROW = 4;

/**
 * Transactional outbox: events are enqueued in the same transaction as the state change they
 * describe, so what a service writes and what it publishes cannot diverge.
 */
export class Outbox {
  private readonly table: string;

  constructor(schema: string) {
    this.table = qualified(schema, "outbox");
  }

  /** The qualified table, for a caller that writes its row inside a larger statement. */
  get tableName(): string {
    return this.table;
  }

  /** An envelope's column values (event_id, type, version, envelope json), trace context filled in. */
  rowOf(envelope: Envelope): [string, string, number, string] {
    const stamped = withTraceContext(envelope);
    return [stamped.id, stamped.type, stamped.version, JSON.stringify(stamped)];
  }

  async enqueue(tx: SqlExecutor, ...envelopes: Envelope[]): Promise<void> {
    if (envelopes.length === 0) return;
    const values: unknown[] = [];
    const rows = envelopes.map((envelope, index) => {
      values.push(...this.rowOf(envelope));
      const base = index * COLUMNS_PER_ROW;
      return `($${base + 1}, $${base + 2}, $${base + 3}::integer, $${base + 4}::jsonb)`;
    });
    // One statement for the whole call: one round trip, and seq follows the argument order.
    await tx.$executeRawUnsafe(
      `INSERT INTO ${this.table} (event_id, type, version, envelope) VALUES ${rows.join(", ")}`,
      ...values,
    );
  }
}
