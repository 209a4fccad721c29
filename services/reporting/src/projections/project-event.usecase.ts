import { type Envelope, isEvent } from "@guichet/contracts";
import { type Inbox, type SqlExecutor, withPgTransaction } from "@guichet/db";
import type pg from "pg";
import type { SlaCatalogue } from "../catalogue/sla-catalogue.ts";
import { markRollupDirty } from "../rollup/service-day.rollup.ts";
import { projectSurveyInvitation } from "../satisfaction/survey-projection.ts";
import { isAppointmentEvent, projectAppointment } from "./appointment-projection.ts";
import { projectCall } from "./call-projection.ts";
import { refreshSlaFigures } from "./sla-refresh.ts";
import { type FactUpdate, factsOf, requestIdOf } from "./timeline-summary.ts";

export interface ProjectionOptions {
  schema: string;
  catalogue: SlaCatalogue;
  /** Key of the e-mail match hash (see emailMatchHash). */
  matchKey: string;
  /** Inbox consumer name: "reporting" live, the same during a rebuild (the inbox is truncated too). */
  consumer?: string;
}

const COLUMN = /^[a-z_]+$/;

/**
 * Projects one event into request_fact, request_pause, timeline_event and call_fact, then
 * recomputes the request's deadlines and delays. SQL through pg rather than Prisma: the projection
 * is a dynamic upsert, and reports are aggregates Prisma's query API cannot express.
 */
export class ProjectEventUseCase {
  constructor(
    private readonly pool: pg.Pool,
    private readonly inbox: Inbox,
    private readonly options: ProjectionOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async execute(event: Envelope, streamSeq: number): Promise<void> {
    await withPgTransaction(this.pool, (tx) => this.apply(tx, event, streamSeq));
  }

  /** Inside the caller's transaction (the rebuild batches many events per transaction). */
  async apply(tx: SqlExecutor, event: Envelope, streamSeq: number): Promise<void> {
    const schema = this.options.schema;
    if (isEvent(event, "callRecorded")) {
      if (!(await this.inbox.claim(tx, this.options.consumer ?? "reporting", event.id))) return;
      await projectCall(tx, schema, event.data);
      return;
    }
    if (isEvent(event, "surveyInvited")) {
      if (!(await this.inbox.claim(tx, this.options.consumer ?? "reporting", event.id))) return;
      await projectSurveyInvitation(tx, schema, event.data);
      return;
    }
    if (isAppointmentEvent(event)) {
      if (!(await this.inbox.claim(tx, this.options.consumer ?? "reporting", event.id))) return;
      await projectAppointment(tx, schema, event);
      return;
    }
    const facts = factsOf(event, this.options.matchKey);
    const requestId = requestIdOf(event);
    if (!facts || !requestId) return;
    if (!(await this.inbox.claim(tx, this.options.consumer ?? "reporting", event.id))) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO "${schema}".timeline_event (event_id, request_id, type, version, occurred_at, stream_seq, summary)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      event.id,
      requestId,
      event.type,
      event.version,
      event.occurredAt,
      streamSeq,
      JSON.stringify(facts.summary),
    );
    // The (service, day) before the event (a transfer moves the request) and after it.
    await markRollupDirty(tx, schema, requestId);
    await this.upsertFacts(tx, requestId, facts);
    await this.applyPause(tx, requestId, facts.pause);
    await refreshSlaFigures(tx, schema, this.options.catalogue, requestId, this.clock());
    await markRollupDirty(tx, schema, requestId);
  }

  private async upsertFacts(tx: SqlExecutor, requestId: string, facts: FactUpdate) {
    const merges: [Record<string, unknown> | undefined, (name: string) => string][] = [
      [facts.first, (n) => `${n} = COALESCE(request_fact.${n}, EXCLUDED.${n})`],
      [facts.last, (n) => `${n} = EXCLUDED.${n}`],
      [facts.min, (n) => `${n} = LEAST(request_fact.${n}, EXCLUDED.${n})`],
      [facts.max, (n) => `${n} = GREATEST(request_fact.${n}, EXCLUDED.${n})`],
    ];
    const names: string[] = [];
    const values: unknown[] = [];
    const updates: string[] = [];
    for (const [columns, merge] of merges) {
      for (const [name, value] of Object.entries(columns ?? {})) {
        if (!COLUMN.test(name) || names.includes(name)) continue;
        names.push(name);
        values.push(value);
        updates.push(merge(name));
      }
    }
    const placeholders = names.map((_, i) => `$${i + 2}`);
    await tx.$executeRawUnsafe(
      `INSERT INTO "${this.options.schema}".request_fact (request_id${names.map((n) => `, ${n}`).join("")})
       VALUES ($1${placeholders.map((p) => `, ${p}`).join("")})
       ON CONFLICT (request_id) DO UPDATE SET ${[...updates, "updated_at = now()"].join(", ")}`,
      requestId,
      ...values,
    );
  }

  private async applyPause(tx: SqlExecutor, requestId: string, pause: FactUpdate["pause"]) {
    const table = `"${this.options.schema}".request_pause`;
    if (pause?.end) {
      await tx.$executeRawUnsafe(
        `UPDATE ${table} SET ended_at = $2 WHERE request_id = $1 AND ended_at IS NULL AND started_at <= $2`,
        requestId,
        pause.end,
      );
    }
    if (pause?.start) {
      await tx.$executeRawUnsafe(
        `INSERT INTO ${table} (request_id, started_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        requestId,
        pause.start,
      );
    }
  }
}
