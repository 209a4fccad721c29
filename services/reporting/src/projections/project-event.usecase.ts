import { type Envelope, isEvent } from "@guichet/contracts";
import { GroupCommit, type Inbox, type SqlExecutor } from "@guichet/db";
import type pg from "pg";
import type { SlaCatalogue } from "../catalogue/sla-catalogue.ts";
import { ROLLUP_KEY } from "../rollup/service-day.rollup.ts";
import { projectSurveyInvitation } from "../satisfaction/survey-projection.ts";
import { isAppointmentEvent, projectAppointment } from "./appointment-projection.ts";
import { projectCall } from "./call-projection.ts";
import { refreshSlaFigures, SLA_FACT_COLUMNS, type SlaFactRow } from "./sla-refresh.ts";
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

interface FactColumns {
  names: string[];
  values: Record<string, unknown>;
  updates: string[];
}

/** The request's fact row after the event, and its pauses (JSON: ISO instants). */
type ProjectedRow = SlaFactRow & { pauses: { start: string; end: string | null }[] };

/**
 * Projects one event into request_fact, request_pause, timeline_event and call_fact, then
 * recomputes the request's deadlines and delays. SQL through pg rather than Prisma: the projection
 * is a dynamic upsert, and reports are aggregates Prisma's query API cannot express.
 *
 * Hot path (about five events per request): a request's event is one statement (claim, timeline,
 * fact, pause, roll-up marks; see projectStatement), then the deadlines' UPDATE only when the
 * figures changed. The events the consumer hands over while a transaction runs (its lanes: other
 * requests) are projected together in the next one (GroupCommit): one BEGIN/COMMIT, one fsync,
 * for the batch; each event's delivery is acked after that commit.
 */
export class ProjectEventUseCase {
  private readonly group: GroupCommit;

  constructor(
    pool: pg.Pool,
    private readonly inbox: Inbox,
    private readonly options: ProjectionOptions,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.group = new GroupCommit(pool);
  }

  async execute(event: Envelope, streamSeq: number): Promise<void> {
    await this.group.run((tx) => this.apply(tx, event, streamSeq));
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
    const columns = factColumns(facts);
    const [projected] = await tx.$queryRawUnsafe<ProjectedRow[]>(
      this.projectStatement(columns),
      this.options.consumer ?? "reporting",
      event.id,
      requestId,
      event.type,
      event.version,
      event.occurredAt,
      streamSeq,
      JSON.stringify(facts.summary),
      JSON.stringify(columns.values),
      facts.pause?.end ?? null,
      facts.pause?.start ?? null,
    );
    if (!projected) return; // already claimed: a redelivery writes nothing
    const { pauses, ...fact } = projected;
    const intervals = pauses.map((p) => ({ start: new Date(p.start), end: p.end === null ? null : new Date(p.end) }));
    await refreshSlaFigures(tx, schema, this.options.catalogue, requestId, fact, intervals, this.clock());
  }

  /**
   * The inbox claim, the timeline row, the fact upsert, the pause, and the roll-up marks of the
   * (service, day) before the event (a transfer moves the request) and after it, in ONE statement:
   * each write selects from the claim, so a redelivered event writes nothing. Sub-statements all
   * see the snapshot from before the statement, so the "before" mark reads request_fact, the
   * "after" mark and the returned row read the upsert's RETURNING, and the pauses are the stored
   * ones with the ended and started one substituted.
   */
  private projectStatement({ names, updates }: FactColumns): string {
    const s = `"${this.options.schema}"`;
    return `WITH claim AS (
       INSERT INTO ${this.inbox.tableName} (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING event_id
     ), timeline AS (
       INSERT INTO ${s}.timeline_event (event_id, request_id, type, version, occurred_at, stream_seq, summary)
       SELECT $2::text, $3::uuid, $4::text, $5::integer, $6::timestamptz, $7::bigint, $8::jsonb FROM claim
       ON CONFLICT (event_id) DO NOTHING
     ), fact AS (
       INSERT INTO ${s}.request_fact (request_id${names.map((n) => `, ${n}`).join("")})
       SELECT $3::uuid${names.map((n) => `, v.${n}`).join("")}
         FROM claim, json_populate_record(NULL::${s}.request_fact, $9::json) v
       ON CONFLICT (request_id) DO UPDATE SET ${[...updates, "updated_at = now()"].join(", ")}
       RETURNING ${SLA_FACT_COLUMNS}
     ), ended AS (
       UPDATE ${s}.request_pause SET ended_at = $10::timestamptz
        WHERE request_id = $3::uuid AND ended_at IS NULL AND started_at <= $10::timestamptz AND EXISTS (SELECT 1 FROM claim)
       RETURNING started_at, ended_at
     ), started AS (
       INSERT INTO ${s}.request_pause (request_id, started_at)
       SELECT $3::uuid, $11::timestamptz FROM claim WHERE $11::timestamptz IS NOT NULL
       ON CONFLICT DO NOTHING RETURNING started_at, ended_at
     ), dirty AS (
       INSERT INTO ${s}.sla_rollup_dirty (service_key, day)
       SELECT ${ROLLUP_KEY} FROM ${s}.request_fact
        WHERE request_id = $3::uuid AND received_at IS NOT NULL AND EXISTS (SELECT 1 FROM claim)
       UNION
       SELECT ${ROLLUP_KEY} FROM fact WHERE received_at IS NOT NULL
       ON CONFLICT DO NOTHING
     )
     SELECT fact.*, (
       SELECT COALESCE(json_agg(json_build_object('start', p.started_at, 'end', p.ended_at) ORDER BY p.started_at), '[]')
         FROM (SELECT started_at, ended_at FROM ${s}.request_pause kept
                WHERE request_id = $3::uuid AND NOT EXISTS (SELECT 1 FROM ended WHERE ended.started_at = kept.started_at)
               UNION ALL SELECT started_at, ended_at FROM ended
               UNION ALL SELECT started_at, ended_at FROM started) p
     ) AS pauses
     FROM fact`;
  }
}

/** The fact columns an event sets, each with its merge rule, and their values by column. */
function factColumns(facts: FactUpdate): FactColumns {
  const merges: [Record<string, unknown> | undefined, (name: string) => string][] = [
    [facts.first, (n) => `${n} = COALESCE(request_fact.${n}, EXCLUDED.${n})`],
    [facts.last, (n) => `${n} = EXCLUDED.${n}`],
    [facts.min, (n) => `${n} = LEAST(request_fact.${n}, EXCLUDED.${n})`],
    [facts.max, (n) => `${n} = GREATEST(request_fact.${n}, EXCLUDED.${n})`],
  ];
  const names: string[] = [];
  const values: Record<string, unknown> = {};
  const updates: string[] = [];
  for (const [columns, merge] of merges) {
    for (const [name, value] of Object.entries(columns ?? {})) {
      if (!COLUMN.test(name) || names.includes(name)) continue;
      names.push(name);
      values[name] = value;
      updates.push(merge(name));
    }
  }
  return { names, values, updates };
}
