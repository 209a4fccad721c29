import type { Envelope } from "@guichet/contracts";
import { type Inbox, type SqlExecutor, withPgTransaction } from "@guichet/db";
import type pg from "pg";
import { factsOf, requestIdOf } from "./timeline-summary.ts";

/**
 * Projects one event into request_fact and timeline_event. SQL through pg rather than Prisma: the
 * projection is a dynamic upsert, and reports are aggregates Prisma's query API cannot express.
 */
export class ProjectEventUseCase {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly inbox: Inbox,
  ) {}

  async execute(event: Envelope, streamSeq: number): Promise<void> {
    const facts = factsOf(event);
    const requestId = requestIdOf(event);
    if (!facts || !requestId) return;
    await withPgTransaction(this.pool, async (tx) => {
      if (!(await this.inbox.claim(tx, "reporting", event.id))) return;
      await tx.$executeRawUnsafe(
        `INSERT INTO "${this.schema}".timeline_event (event_id, request_id, type, version, occurred_at, stream_seq, summary)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
        event.id,
        requestId,
        event.type,
        event.version,
        event.occurredAt,
        streamSeq,
        JSON.stringify(facts.summary),
      );
      await this.upsertFacts(tx, requestId, facts.columns);
    });
  }

  private async upsertFacts(tx: SqlExecutor, requestId: string, columns: Record<string, string | number | null>) {
    const names = Object.keys(columns).filter((name) => /^[a-z_]+$/.test(name));
    const values = names.map((name) => columns[name] ?? null);
    const placeholders = names.map((_, i) => `$${i + 2}`);
    // Events may arrive in any order (redeliveries): keep the first non-null value of each column.
    const updates = names.map((name) => `${name} = COALESCE(request_fact.${name}, EXCLUDED.${name})`);
    await tx.$executeRawUnsafe(
      `INSERT INTO "${this.schema}".request_fact (request_id, ${names.join(", ")})
       VALUES ($1, ${placeholders.join(", ")})
       ON CONFLICT (request_id) DO UPDATE SET ${[...updates, "updated_at = now()"].join(", ")}`,
      requestId,
      ...values,
    );
  }
}
