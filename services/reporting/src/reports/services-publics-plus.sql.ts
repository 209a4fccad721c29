import type { SatisfactionRow } from "../satisfaction/satisfaction.query.ts";
import type { ServiceScope } from "./report-params.ts";
import { SqlBuilder, TIME_ZONE } from "./report-sql.ts";

/**
 * The yearly Services Publics+ indicators. Commitments: acknowledge within 1 week (electronic) or
 * 2 weeks (postal), answer within the announced delay, phone pick-up rate (national target 85 %).
 * Satisfaction: the year's surveys (sent or answered in the year), counts and averages only.
 */
export interface ServicesPublicsPlusIndicators {
  year: number;
  requests: number;
  acknowledgedWithinCommitment: { electronic: number | null; postal: number | null };
  firstResponseWithinTarget: number | null;
  resolvedWithinTarget: number | null;
  phone: { offered: number; answered: number; pickUpRate: number | null; target: 0.85 };
  satisfaction: SatisfactionRow;
}

export function servicesPublicsPlusSql(year: number, scope: ServiceScope, asOf: Date) {
  const sql = new SqlBuilder();
  const start = `(make_date(${sql.param(year)}::int, 1, 1))::timestamp AT TIME ZONE '${TIME_ZONE}'`;
  const end = `(make_date(${sql.param(year + 1)}::int, 1, 1))::timestamp AT TIME ZONE '${TIME_ZONE}'`;
  const now = sql.param(asOf);
  const scoped = scope === null ? "" : ` AND service_id = ANY(${sql.param([...scope])}::text[])`;
  const share = (met: string, decided: string) =>
    `(count(*) FILTER (WHERE ${met}))::float8 / NULLIF(count(*) FILTER (WHERE ${decided}), 0)`;
  const ack = (channels: string, days: number) =>
    share(
      `channel IN (${channels}) AND acknowledged_at <= received_at + interval '${days} days'`,
      `channel IN (${channels}) AND (acknowledged_at IS NOT NULL OR received_at + interval '${days} days' < ${now})`,
    );
  const measure = (at: string, due: string) => share(`${at} <= ${due}`, `${at} IS NOT NULL OR ${due} < ${now}`);
  const requests = `SELECT count(*) AS requests,
      ${ack("'web', 'email'", 7)} AS ack_electronic,
      ${ack("'postal'", 14)} AS ack_postal,
      ${measure("first_response_at", "first_response_due_at")} AS first_response,
      ${measure("closed_at", "resolution_due_at")} AS resolution
    FROM request_fact WHERE received_at >= ${start} AND received_at < ${end}${scoped}`;
  const calls = `SELECT count(*) AS offered, count(*) FILTER (WHERE outcome = 'answered') AS answered
    FROM call_fact WHERE offered_at >= ${start} AND offered_at < ${end}`;
  return { requests, calls, values: sql.values, callValues: sql.values.slice(0, 2) };
}
