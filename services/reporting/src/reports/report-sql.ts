import type { Dimension, Period, ReportQuery, ServiceScope } from "./report-params.ts";

export const TIME_ZONE = "Europe/Paris";

const COLUMN_OF: Record<Dimension, string> = {
  service: "service_id",
  subject: "subject_id",
  site: "site_id",
  channel: "channel",
  experiment: "experiment",
};

/** Parameterised WHERE clause shared by every report on request_fact. */
export class SqlBuilder {
  readonly values: unknown[] = [];

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export function periodExpression(period: Period | undefined, column = "received_at"): string | null {
  if (!period) return null;
  return `to_char(date_trunc('${period}', ${column} AT TIME ZONE '${TIME_ZONE}'), 'YYYY-MM-DD')`;
}

export function dimensionColumns(groupBy: readonly Dimension[]): { name: Dimension; column: string }[] {
  return groupBy.map((name) => ({ name, column: COLUMN_OF[name] }));
}

/** Receipt between the two local days (both included), filters, and the caller's services. */
export function factFilter(sql: SqlBuilder, query: ReportQuery, scope: ServiceScope): string {
  const where = [
    `received_at >= (${sql.param(query.from)}::date)::timestamp AT TIME ZONE '${TIME_ZONE}'`,
    `received_at < (${sql.param(query.to)}::date + 1)::timestamp AT TIME ZONE '${TIME_ZONE}'`,
  ];
  for (const name of ["service", "subject", "site", "channel", "experiment"] as const) {
    const values = query[name];
    if (values.length > 0) where.push(`${COLUMN_OF[name]} = ANY(${sql.param(values)}::text[])`);
  }
  if (scope !== null) where.push(`service_id = ANY(${sql.param([...scope])}::text[])`);
  return where.join(" AND ");
}

/** Reported delays to a millionth of an hour: both report paths (rollup and SQL) print the same figure. */
export function roundHours(hours: number | null): number | null {
  return hours === null ? null : Math.round(hours * 1e6) / 1e6;
}
