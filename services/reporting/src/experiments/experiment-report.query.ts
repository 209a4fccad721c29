import type pg from "pg";
import { SqlBuilder, TIME_ZONE } from "../reports/report-sql.ts";
import { type Arm, type ArmFigures, daysOf, type SampleFigures } from "./experiment.types.ts";

/**
 * The figures of one arm, as aggregates over the projections (request_fact, call_fact,
 * survey_answer): each is one scan of the arm's receipt period through the received_at index.
 * SQL through pg, as every report (ADR 0007).
 */
export class ExperimentReportQuery {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  async arm(arm: Arm, asOf: Date): Promise<ArmFigures> {
    const s = this.schema;
    const requests = scope(arm, "r");
    const asOfParam = requests.sql.param(asOf.toISOString());
    const sample = (column: string) =>
      `count(${column})::int AS ${column}_n, avg(${column})::float8 AS ${column}_mean,
       var_samp(${column})::float8 AS ${column}_var,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY ${column})::float8 AS ${column}_median`;
    const [main, channels, calls, surveys, appointments] = await Promise.all([
      this.pool.query(
        `SELECT count(*)::int AS requests,
                count(*) FILTER (WHERE closed_at IS NOT NULL)::int AS closed,
                count(*) FILTER (WHERE closed_at IS NOT NULL AND transfer_count = 0 AND NOT triage
                                   AND paused_hours = 0)::int AS first_contact,
                count(*) FILTER (WHERE transfer_count > 0)::int AS transferred,
                count(*) FILTER (WHERE first_response_at <= first_response_due_at)::int AS answer_within,
                count(*) FILTER (WHERE first_response_at > first_response_due_at
                                    OR (first_response_at IS NULL AND first_response_due_at < ${asOfParam}::timestamptz))::int
                  AS answer_missed,
                ${sample("acknowledgement_hours")}, ${sample("first_response_hours")}, ${sample("resolution_hours")}
           FROM "${s}".request_fact r WHERE ${requests.where}`,
        requests.sql.values,
      ),
      (() => {
        const q = scope(arm, "r");
        return this.pool.query<{ channel: string; n: number }>(
          `SELECT channel, count(*)::int AS n FROM "${s}".request_fact r WHERE ${q.where} GROUP BY channel`,
          q.sql.values,
        );
      })(),
      arm.channels.length === 0 || arm.channels.includes("phone") ? this.calls(arm) : Promise.resolve(null),
      (() => {
        const q = scope(arm, "r");
        return this.pool.query(
          `SELECT count(i.request_id)::int AS invited, count(a.request_id)::int AS answered,
                  count(a.score)::int AS score_n, avg(a.score)::float8 AS score_mean,
                  var_samp(a.score)::float8 AS score_var,
                  percentile_cont(0.5) WITHIN GROUP (ORDER BY a.score)::float8 AS score_median
             FROM "${s}".request_fact r
             LEFT JOIN "${s}".survey_invitation i ON i.request_id = r.request_id
             LEFT JOIN "${s}".survey_answer a ON a.request_id = r.request_id
            WHERE ${q.where} AND (i.request_id IS NOT NULL OR a.request_id IS NOT NULL)`,
          q.sql.values,
        );
      })(),
      this.appointments(arm),
    ]);
    const row = main.rows[0] as Record<string, unknown>;
    const survey = surveys.rows[0] as Record<string, unknown>;
    return {
      days: daysOf(arm),
      requests: Number(row.requests),
      byChannel: Object.fromEntries(channels.rows.map((c) => [c.channel ?? "", c.n])),
      closed: Number(row.closed),
      firstContact: Number(row.first_contact),
      transferred: Number(row.transferred),
      answerWithin: Number(row.answer_within),
      answerMissed: Number(row.answer_missed),
      acknowledgementHours: sampleOf(row, "acknowledgement_hours"),
      firstResponseHours: sampleOf(row, "first_response_hours"),
      resolutionHours: sampleOf(row, "resolution_hours"),
      calls,
      appointments,
      surveys: {
        // Requests answered at the counter or on the phone were never invited: they count as invited.
        invited: Number(survey.invited) + Math.max(0, Number(survey.answered) - Number(survey.invited)),
        answered: Number(survey.answered),
        score: sampleOf(survey, "score"),
      },
    };
  }

  private async calls(arm: Arm): Promise<{ offered: number; answered: number }> {
    const sql = new SqlBuilder();
    const where = [...period(sql, arm, "offered_at")];
    if (arm.siteIds.length > 0) where.push(`site_id = ANY(${sql.param(arm.siteIds)}::text[])`);
    const result = await this.pool.query<{ offered: number; answered: number }>(
      `SELECT count(*)::int AS offered, count(*) FILTER (WHERE outcome = 'answered')::int AS answered
         FROM "${this.schema}".call_fact WHERE ${where.join(" AND ")}`,
      sql.values,
    );
    return result.rows[0] ?? { offered: 0, answered: 0 };
  }

  /**
   * Appointments (services/appointments) as reporting projects them in `appointment_fact`: those
   * not cancelled, and among them the no-shows. « pas de données » where the table is absent.
   */
  private async appointments(arm: Arm): Promise<{ booked: number; noShows: number } | null> {
    const exists = await this.pool.query<{ t: string | null }>("SELECT to_regclass($1)::text AS t", [
      `"${this.schema}".appointment_fact`,
    ]);
    if (!exists.rows[0]?.t) return null;
    const sql = new SqlBuilder();
    const where = [...period(sql, arm, "starts_at")];
    if (arm.siteIds.length > 0) where.push(`site_id = ANY(${sql.param(arm.siteIds)}::text[])`);
    if (arm.serviceIds.length > 0) where.push(`service_id = ANY(${sql.param(arm.serviceIds)}::text[])`);
    const result = await this.pool.query<{ booked: number; no_shows: number }>(
      `SELECT count(*) FILTER (WHERE status <> 'cancelled')::int AS booked,
              count(*) FILTER (WHERE status = 'no-show')::int AS no_shows
         FROM "${this.schema}".appointment_fact WHERE ${where.join(" AND ")}`,
      sql.values,
    );
    const r = result.rows[0];
    return r ? { booked: r.booked, noShows: r.no_shows } : null;
  }
}

function period(sql: SqlBuilder, arm: Arm, column: string): string[] {
  return [
    `${column} >= (${sql.param(arm.from)}::date)::timestamp AT TIME ZONE '${TIME_ZONE}'`,
    `${column} < (${sql.param(arm.to)}::date + 1)::timestamp AT TIME ZONE '${TIME_ZONE}'`,
  ];
}

/** The requests of an arm: received in its period, in its scope (an empty list means any). */
function scope(arm: Arm, alias: string): { sql: SqlBuilder; where: string } {
  const sql = new SqlBuilder();
  const where = period(sql, arm, `${alias}.received_at`);
  const list = (column: string, values: readonly string[]) => {
    if (values.length > 0) where.push(`${alias}.${column} = ANY(${sql.param(values)}::text[])`);
  };
  list("site_id", arm.siteIds);
  list("channel", arm.channels);
  list("subject_id", arm.subjectIds);
  list("service_id", arm.serviceIds);
  return { sql, where: where.join(" AND ") };
}

function sampleOf(row: Record<string, unknown>, column: string): SampleFigures {
  const value = (key: string) => (row[key] === null || row[key] === undefined ? null : Number(row[key]));
  return {
    n: Number(row[`${column}_n`] ?? 0),
    mean: value(`${column}_mean`),
    variance: value(`${column}_var`),
    median: value(`${column}_median`),
  };
}
