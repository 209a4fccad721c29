import type pg from "pg";
import { rollupAnswers, rollupBacklog, rollupSlaRows } from "../rollup/service-day.report.ts";
import { refreshRollup } from "../rollup/service-day.rollup.ts";
import { satisfactionRows } from "../satisfaction/satisfaction.query.ts";
import { type AppointmentReportRow, appointmentReportSql, toAppointmentRow } from "./appointment-report.sql.ts";
import { type PhoneReportRow, phoneReportSql, toPhoneRow } from "./phone-report.sql.ts";
import type { Dimension, ReportQuery, ServiceScope } from "./report-params.ts";
import { dimensionColumns, factFilter, periodExpression, roundHours, SqlBuilder, TIME_ZONE } from "./report-sql.ts";
import { type ServicesPublicsPlusIndicators, servicesPublicsPlusSql } from "./services-publics-plus.sql.ts";

/** The delays measured per request; each has a deadline column and the instant that meets it. */
export const MEASURES = [
  { name: "registration", at: "registration_sent_at", due: "registration_due_at", hours: "registration_hours" },
  { name: "acknowledgement", at: "acknowledged_at", due: "acknowledgement_due_at", hours: "acknowledgement_hours" },
  { name: "firstResponse", at: "first_response_at", due: "first_response_due_at", hours: "first_response_hours" },
  { name: "resolution", at: "closed_at", due: "resolution_due_at", hours: "resolution_hours" },
  { name: "decision", at: "closed_at", due: "decision_due_at", hours: null },
] as const;
export type MeasureName = (typeof MEASURES)[number]["name"];

export interface MeasureFigures {
  /** Business hours on the service's calendar (registration: real hours); null without any measured case. */
  medianHours: number | null;
  p90Hours: number | null;
  within: number;
  /** Met late, or still open past the deadline. */
  missed: number;
  /** Still open, deadline not reached. */
  pending: number;
  /** within / (within + missed); null when nothing is decided yet. */
  shareWithin: number | null;
}

export interface SlaReportRow {
  group: Partial<Record<Dimension, string | null>>;
  period: string | null;
  volume: number;
  open: number;
  measures: Record<MeasureName, MeasureFigures>;
  transfersPerRequest: number;
  sentToTriageShare: number;
  acknowledgementsMissing: number;
  acknowledgementsLate: number;
  acknowledgementsFailed: number;
}

/** Flat column names, shared by the JSON rows, the CSV and XLSX exports and the CLI. */
function slaReportSql(query: ReportQuery, scope: ServiceScope, asOf: Date): { text: string; values: unknown[] } {
  const sql = new SqlBuilder();
  const where = factFilter(sql, query, scope);
  const now = sql.param(asOf);
  const dims = dimensionColumns(query.groupBy);
  const period = periodExpression(query.period);
  const keys = [...dims.map((d) => `${d.column} AS "${d.name}"`), ...(period ? [`${period} AS period`] : [])];
  const measures = MEASURES.flatMap((m) => [
    // One sort per measure for both percentiles.
    m.hours
      ? `percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${m.hours}) AS "${m.name}_percentiles"`
      : `NULL::float8[] AS "${m.name}_percentiles"`,
    `count(*) FILTER (WHERE ${m.at} <= ${m.due}) AS "${m.name}_within"`,
    `count(*) FILTER (WHERE ${m.at} > ${m.due} OR (${m.at} IS NULL AND ${m.due} < ${now})) AS "${m.name}_missed"`,
    `count(*) FILTER (WHERE ${m.at} IS NULL AND ${m.due} >= ${now}) AS "${m.name}_pending"`,
  ]);
  const groupCount = keys.length;
  const text = `SELECT ${[
    ...keys,
    "count(*) AS volume",
    "count(*) FILTER (WHERE closed_at IS NULL) AS open",
    ...measures,
    "avg(transfer_count)::float8 AS transfers_per_request",
    "avg(triage::int)::float8 AS sent_to_triage_share",
    `count(*) FILTER (WHERE acknowledged_at IS NULL AND acknowledgement_due_at < ${now}) AS acknowledgements_missing`,
    "count(*) FILTER (WHERE acknowledged_at > acknowledgement_due_at) AS acknowledgements_late",
    "count(*) FILTER (WHERE acknowledged_at IS NULL AND acknowledgement_failed_at IS NOT NULL) AS acknowledgements_failed",
  ].join(",\n ")}
  FROM request_fact WHERE ${where}
  ${groupCount > 0 ? `GROUP BY ${keys.map((_, i) => i + 1).join(", ")} ORDER BY ${keys.map((_, i) => i + 1).join(", ")}` : ""}`;
  return { text, values: sql.values };
}

type Row = Record<string, string | number | null>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const maybe = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toSlaRow(row: Row, groupBy: readonly Dimension[]): SlaReportRow {
  const measures = Object.fromEntries(
    MEASURES.map((m) => {
      const within = num(row[`${m.name}_within`]);
      const missed = num(row[`${m.name}_missed`]);
      return [
        m.name,
        {
          medianHours: roundHours(maybe((row[`${m.name}_percentiles`] as unknown as number[] | null)?.[0])),
          p90Hours: roundHours(maybe((row[`${m.name}_percentiles`] as unknown as number[] | null)?.[1])),
          within,
          missed,
          pending: num(row[`${m.name}_pending`]),
          shareWithin: within + missed > 0 ? within / (within + missed) : null,
        },
      ];
    }),
  ) as Record<MeasureName, MeasureFigures>;
  return {
    group: Object.fromEntries(groupBy.map((d) => [d, (row[d] as string | null) ?? null])),
    period: (row.period as string | undefined) ?? null,
    volume: num(row.volume),
    open: num(row.open),
    measures,
    transfersPerRequest: num(row.transfers_per_request),
    sentToTriageShare: num(row.sent_to_triage_share),
    acknowledgementsMissing: num(row.acknowledgements_missing),
    acknowledgementsLate: num(row.acknowledgements_late),
    acknowledgementsFailed: num(row.acknowledgements_failed),
  };
}

export interface BacklogRow {
  group: Partial<Record<Dimension, string | null>>;
  /** Age of the open requests: calendar days from the local day of receipt to the local day of `asOf`. */
  age: "0-7" | "8-14" | "15-30" | "31-60" | "61+";
  count: number;
}

/** Requests still open (current stock) by age at `asOf`, among those received in the period. */
export function backlogSql(query: ReportQuery, scope: ServiceScope, asOf: Date): { text: string; values: unknown[] } {
  const sql = new SqlBuilder();
  const where = factFilter(sql, query, scope);
  const now = sql.param(asOf);
  const dims = dimensionColumns(query.groupBy);
  // Age in calendar days between the local day of receipt and the local day of asOf.
  const days = `((${now}::timestamptz AT TIME ZONE '${TIME_ZONE}')::date - (received_at AT TIME ZONE '${TIME_ZONE}')::date)`;
  const age = `CASE WHEN ${days} <= 7 THEN '0-7' WHEN ${days} <= 14 THEN '8-14' WHEN ${days} <= 30 THEN '15-30'
    WHEN ${days} <= 60 THEN '31-60' ELSE '61+' END`;
  const keys = [...dims.map((d) => `${d.column} AS "${d.name}"`), `${age} AS age`];
  return {
    text: `SELECT ${keys.join(", ")}, count(*) AS count FROM request_fact
      WHERE ${where} AND ${days} >= 0 AND closed_at IS NULL
      GROUP BY ${keys.map((_, i) => i + 1).join(", ")} ORDER BY ${keys.map((_, i) => i + 1).join(", ")}`,
    values: sql.values,
  };
}

/** Runs the report queries in reporting's schema. */
export class SlaReportQuery {
  constructor(
    readonly pool: pg.Pool,
    readonly schema: string,
  ) {}

  private async withSchema<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      // JIT compilation costs more than it saves on these short aggregates; sorts for the
      // percentiles stay in memory with a larger work_mem.
      await client.query(`SET search_path TO "${this.schema}"; SET jit = off; SET work_mem = '64MB'`);
      return await work(client);
    } finally {
      await client.query("RESET search_path; RESET jit; RESET work_mem").catch(() => undefined);
      client.release();
    }
  }

  async sla(
    query: ReportQuery,
    scope: ServiceScope,
  ): Promise<{ asOf: string; rows: SlaReportRow[]; backlog: BacklogRow[] }> {
    const asOf = query.asOf ? new Date(query.asOf) : new Date();
    const useRollup = rollupAnswers(query);
    if (useRollup) await refreshRollup(this.pool, this.schema);
    return this.withSchema(async (client) => {
      let rows: SlaReportRow[];
      if (useRollup) rows = await rollupSlaRows(client, query, scope, asOf);
      else {
        const sla = slaReportSql(query, scope, asOf);
        rows = (await client.query<Row>(sla.text, sla.values)).rows.map((r) => toSlaRow(r, query.groupBy));
      }
      const backlog = backlogSql(query, scope, asOf);
      const ages = useRollup
        ? await rollupBacklog(client, query, scope, asOf)
        : (await client.query<Row>(backlog.text, backlog.values)).rows.map((r) => ({
            group: Object.fromEntries(query.groupBy.map((d) => [d, (r[d] as string | null) ?? null])),
            age: r.age as BacklogRow["age"],
            count: num(r.count),
          }));
      return { asOf: asOf.toISOString(), rows, backlog: ages };
    });
  }

  /** Calls belong to sites, not services: only managers of every service see them. */
  phone(query: ReportQuery, scope: ServiceScope): Promise<PhoneReportRow[]> {
    if (scope !== null) return Promise.resolve([]);
    return this.withSchema(async (client) => {
      const sql = phoneReportSql(query);
      return (await client.query(sql.text, sql.values)).rows.map(toPhoneRow);
    });
  }

  /** Bookings, cancellations, no-shows, extended-hours use and lead time per site. */
  appointments(query: ReportQuery, scope: ServiceScope): Promise<AppointmentReportRow[]> {
    return this.withSchema(async (client) => {
      const sql = appointmentReportSql(query, scope);
      return (await client.query(sql.text, sql.values)).rows.map(toAppointmentRow);
    });
  }

  servicesPublicsPlus(year: number, scope: ServiceScope, asOf = new Date()): Promise<ServicesPublicsPlusIndicators> {
    return this.withSchema(async (client) => {
      const sql = servicesPublicsPlusSql(year, scope, asOf);
      const [r] = (await client.query<Row>(sql.requests, sql.values)).rows;
      const [c] =
        scope === null ? (await client.query<Row>(sql.calls, sql.callValues)).rows : [{ offered: 0, answered: 0 }];
      const offered = num(c?.offered);
      const answered = num(c?.answered);
      return {
        year,
        requests: num(r?.requests),
        acknowledgedWithinCommitment: { electronic: maybe(r?.ack_electronic), postal: maybe(r?.ack_postal) },
        firstResponseWithinTarget: maybe(r?.first_response),
        resolvedWithinTarget: maybe(r?.resolution),
        phone: { offered, answered, pickUpRate: offered > 0 ? answered / offered : null, target: 0.85 },
        satisfaction: (
          await satisfactionRows(
            this.pool,
            this.schema,
            { from: `${year}-01-01`, to: `${year}-12-31`, groupBy: null },
            scope,
          )
        )[0] ?? {
          group: null,
          invited: 0,
          answeredOnline: 0,
          recordedByAgents: 0,
          responseRate: null,
          answers: 0,
          averageScore: null,
          satisfiedShare: null,
        },
      };
    });
  }
}
