import { validateInput } from "@guichet/runtime";
import type pg from "pg";
import { z } from "zod";
import type { ServiceScope } from "../reports/report-params.ts";
import { SqlBuilder, TIME_ZONE } from "../reports/report-sql.ts";

/** Below this many answers a group's score is not shown: a handful of answers could point at a person. */
export const MIN_ANSWERS_SHOWN = 5;

export const SATISFACTION_GROUPS = ["service", "site", "channel", "experiment"] as const;
export type SatisfactionGroup = (typeof SATISFACTION_GROUPS)[number];
const GROUP_COLUMN: Record<SatisfactionGroup, string> = {
  service: "r.service_id",
  site: "r.site_id",
  // The channel the answer came by (a link by e-mail or SMS, the counter, the phone).
  channel: "COALESCE(a.channel, i.channel)",
  experiment: "r.experiment",
};

export const satisfactionQuerySchema = z
  .object({
    from: z.iso.date("date attendue AAAA-MM-JJ"),
    to: z.iso.date("date attendue AAAA-MM-JJ"),
    groupBy: z.enum(SATISFACTION_GROUPS).default("service"),
  })
  .refine((q) => q.from <= q.to, { path: ["to"], message: "la date de fin précède la date de début" });
export type SatisfactionQuery = z.infer<typeof satisfactionQuerySchema>;

export function parseSatisfactionQuery(raw: unknown): SatisfactionQuery {
  return validateInput(satisfactionQuerySchema, raw, "query");
}

/** Counts and averages only: no comment, no request, nothing that names anyone. */
export interface SatisfactionRow {
  group: string | null;
  /** Survey links sent (e-mail, SMS). */
  invited: number;
  /** Answers to those links. */
  answeredOnline: number;
  /** Answers recorded by agents at the counter or on the phone. */
  recordedByAgents: number;
  /** answeredOnline / invited. */
  responseRate: number | null;
  answers: number;
  /** Mean score 1–5, and the share of 4 and 5; null below MIN_ANSWERS_SHOWN answers. */
  averageScore: number | null;
  satisfiedShare: number | null;
}

/**
 * Satisfaction over the surveys sent or answered from `from` to `to` (local days), grouped by the
 * request's service, site or experiment tag, or by the answer's channel.
 */
export async function satisfactionRows(
  pool: pg.Pool,
  schema: string,
  query: { from: string; to: string; groupBy: SatisfactionGroup | null },
  scope: ServiceScope,
): Promise<SatisfactionRow[]> {
  const sql = new SqlBuilder();
  const at = "COALESCE(i.invited_at, a.answered_at)";
  const where = [
    "(i.request_id IS NOT NULL OR a.request_id IS NOT NULL)",
    `${at} >= (${sql.param(query.from)}::date)::timestamp AT TIME ZONE '${TIME_ZONE}'`,
    `${at} < (${sql.param(query.to)}::date + 1)::timestamp AT TIME ZONE '${TIME_ZONE}'`,
  ];
  if (scope !== null) where.push(`COALESCE(r.service_id, i.service_id) = ANY(${sql.param([...scope])}::text[])`);
  const key = query.groupBy ? GROUP_COLUMN[query.groupBy] : "NULL::text";
  const { rows } = await pool.query(
    `SELECT ${key} AS grp,
            count(i.request_id)::int AS invited,
            count(a.request_id) FILTER (WHERE NOT a.recorded_by_staff)::int AS answered_online,
            count(a.request_id) FILTER (WHERE a.recorded_by_staff)::int AS recorded_by_agents,
            count(a.request_id) FILTER (WHERE i.request_id IS NOT NULL AND NOT a.recorded_by_staff)::int AS invited_answered,
            count(a.request_id)::int AS answers,
            avg(a.score)::float8 AS average,
            count(*) FILTER (WHERE a.score >= 4)::int AS satisfied
       FROM (SELECT request_id FROM "${schema}".survey_invitation UNION SELECT request_id FROM "${schema}".survey_answer) s
       LEFT JOIN "${schema}".survey_invitation i ON i.request_id = s.request_id
       LEFT JOIN "${schema}".survey_answer a ON a.request_id = s.request_id
       LEFT JOIN "${schema}".request_fact r ON r.request_id = s.request_id
      WHERE ${where.join(" AND ")}
      GROUP BY 1 ORDER BY 1 NULLS LAST`,
    sql.values,
  );
  return rows.map((row) => {
    const answers = Number(row.answers);
    const shown = answers >= MIN_ANSWERS_SHOWN;
    const invited = Number(row.invited);
    return {
      group: row.grp ?? null,
      invited,
      answeredOnline: Number(row.answered_online),
      recordedByAgents: Number(row.recorded_by_agents),
      responseRate: invited > 0 ? Number(row.invited_answered) / invited : null,
      answers,
      averageScore: shown ? Number(row.average) : null,
      satisfiedShare: shown ? Number(row.satisfied) / answers : null,
    };
  });
}
