import type { ReportQuery } from "./report-params.ts";
import { periodExpression, SqlBuilder, TIME_ZONE } from "./report-sql.ts";

export interface PhoneReportRow {
  site: string | null;
  period: string | null;
  offered: number;
  answered: number;
  abandoned: number;
  missed: number;
  /** answered / offered (national target: 85 %). */
  pickUpRate: number | null;
  averageWaitSeconds: number | null;
  p90WaitSeconds: number | null;
}

/** Calls offered in the period, by site when grouped by site, by period when asked. */
export function phoneReportSql(query: ReportQuery): { text: string; values: unknown[] } {
  const sql = new SqlBuilder();
  const where = [
    `offered_at >= (${sql.param(query.from)}::date)::timestamp AT TIME ZONE '${TIME_ZONE}'`,
    `offered_at < (${sql.param(query.to)}::date + 1)::timestamp AT TIME ZONE '${TIME_ZONE}'`,
  ];
  if (query.site.length > 0) where.push(`site_id = ANY(${sql.param(query.site)}::text[])`);
  const period = periodExpression(query.period, "offered_at");
  const keys = [
    ...(query.groupBy.includes("site") ? ["site_id AS site"] : []),
    ...(period ? [`${period} AS period`] : []),
  ];
  const order = keys.map((_, i) => i + 1).join(", ");
  return {
    text: `SELECT ${[
      ...keys,
      "count(*) AS offered",
      "count(*) FILTER (WHERE outcome = 'answered') AS answered",
      "count(*) FILTER (WHERE outcome = 'abandoned') AS abandoned",
      "count(*) FILTER (WHERE outcome = 'missed') AS missed",
      "avg(wait_seconds)::float8 AS average_wait_seconds",
      "percentile_cont(0.9) WITHIN GROUP (ORDER BY wait_seconds) AS p90_wait_seconds",
    ].join(
      ", ",
    )} FROM call_fact WHERE ${where.join(" AND ")}${keys.length ? ` GROUP BY ${order} ORDER BY ${order}` : ""}`,
    values: sql.values,
  };
}

export function toPhoneRow(row: Record<string, unknown>): PhoneReportRow {
  const offered = Number(row.offered ?? 0);
  const answered = Number(row.answered ?? 0);
  return {
    site: (row.site as string | undefined) ?? null,
    period: (row.period as string | undefined) ?? null,
    offered,
    answered,
    abandoned: Number(row.abandoned ?? 0),
    missed: Number(row.missed ?? 0),
    pickUpRate: offered > 0 ? answered / offered : null,
    averageWaitSeconds: row.average_wait_seconds === null ? null : Number(row.average_wait_seconds),
    p90WaitSeconds: row.p90_wait_seconds === null ? null : Number(row.p90_wait_seconds),
  };
}
