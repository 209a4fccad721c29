import { formatWithOffset } from "@guichet/calendar";
import type pg from "pg";
import type { ReportQuery, ServiceScope } from "../reports/report-params.ts";
import { factFilter, periodExpression, roundHours, SqlBuilder } from "../reports/report-sql.ts";
import type { BacklogRow, MeasureFigures, MeasureName, SlaReportRow } from "../reports/sla-report.query.ts";
import { DelayHistogram } from "./delay-histogram.ts";
import { DELAY_COLUMNS, ROLLUP_MEASURES, unpackDelays } from "./service-day.rollup.ts";

/** The rollup answers reports grouped by service (or not at all) and period, filtered by service only. */
export function rollupAnswers(query: ReportQuery): boolean {
  return (
    query.groupBy.every((d) => d === "service") &&
    query.subject.length === 0 &&
    query.site.length === 0 &&
    query.channel.length === 0 &&
    query.experiment.length === 0
  );
}

const UNMET = `(closed_at IS NULL OR acknowledged_at IS NULL OR first_response_at IS NULL
  OR (registration_sent_at IS NULL AND registration_due_at IS NOT NULL))`;

/** First day of the period containing a local day, as date_trunc does in SQL. */
export function periodOf(day: string, period: ReportQuery["period"]): string | null {
  if (!period) return null;
  if (period === "day") return day;
  if (period === "month") return `${day.slice(0, 7)}-01`;
  if (period === "year") return `${day.slice(0, 4)}-01-01`;
  const date = new Date(`${day}T00:00:00Z`);
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000);
  return monday.toISOString().slice(0, 10);
}

/**
 * percentile_cont as PostgreSQL computes it, from unsorted delays in seconds: the two order
 * statistics around the position are found by selection (linear time) rather than a full sort.
 * Reorders `values` in place.
 */
export function percentileCont(values: Int32Array, p: number): number | null {
  if (values.length === 0) return null;
  const position = p * (values.length - 1);
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = select(values, lower);
  const high = upper === lower ? low : select(values, upper);
  return (low + (high - low) * (position - lower)) / 3600;
}

/** The k-th smallest value (0-based), by iterative quickselect with a median-of-three pivot. */
export function select(values: Int32Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (right > left) {
    const middle = (left + right) >> 1;
    const a = values[left] ?? 0;
    const b = values[middle] ?? 0;
    const c = values[right] ?? 0;
    const pivot = Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] ?? 0) < pivot) i += 1;
      while ((values[j] ?? 0) > pivot) j -= 1;
      if (i <= j) {
        const swap = values[i] ?? 0;
        values[i] = values[j] ?? 0;
        values[j] = swap;
        i += 1;
        j -= 1;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return values[k] ?? 0;
  }
  return values[k] ?? 0;
}

interface Group {
  service: string | null;
  period: string | null;
  counts: Record<string, number>;
  /** Exact path: every delay of the group (day level only). */
  hours: Record<string, Int32Array[]>;
  /** Month level used: summed histograms (the day-level delays of partial months binned in). */
  histograms: Record<string, DelayHistogram>;
}

function concat(parts: Int32Array[]): Int32Array {
  const out = new Int32Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * The calendar months wholly inside [from, to] that the month level can answer (not for day or
 * week periods, which do not align with months): null when there is none.
 */
export function wholeMonths(query: ReportQuery): { first: string; last: string } | null {
  if (query.period === "day" || query.period === "week") return null;
  const first = query.from.endsWith("-01")
    ? query.from
    : `${addDays(`${query.from.slice(0, 7)}-01`, 32).slice(0, 7)}-01`;
  const next = addDays(query.to, 1);
  const last = next.endsWith("-01")
    ? `${query.to.slice(0, 7)}-01`
    : `${addDays(`${query.to.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
  return first <= last ? { first, last } : null;
}

const COUNT_COLUMNS = [
  "volume",
  "open",
  "transfers",
  "sent_to_triage",
  "acknowledgements_late",
  "acknowledgements_failed",
];

/** The SLA report rows from the rollup plus the still-unmet requests judged at `asOf`. */
export async function rollupSlaRows(
  client: pg.PoolClient,
  query: ReportQuery,
  scope: ServiceScope,
  asOf: Date,
): Promise<SlaReportRow[]> {
  const byService = query.groupBy.includes("service");
  const groups = new Map<string, Group>();
  const groupOf = (service: string | null, period: string | null) => {
    const key = `${byService ? (service ?? "\u0000") : ""}|${period ?? ""}`;
    let group = groups.get(key);
    if (!group) {
      group = { service: byService ? service : null, period, counts: {}, hours: {}, histograms: {} };
      groups.set(key, group);
    }
    return group;
  };
  const add = (group: Group, name: string, value: unknown) => {
    group.counts[name] = (group.counts[name] ?? 0) + Number(value ?? 0);
  };

  // Whole months from sla_service_month, the days before and after them from sla_service_day.
  const months = wholeMonths(query);
  const columns = [
    "service_key",
    ...COUNT_COLUMNS,
    ...ROLLUP_MEASURES.flatMap((m) => [`${m.column}_within`, `${m.column}_late`]),
    ...DELAY_COLUMNS,
  ].join(", ");
  const sql = new SqlBuilder();
  const filters: string[] = [];
  if (query.service.length > 0) filters.push(`service_key = ANY(${sql.param(query.service)}::text[])`);
  if (scope !== null) filters.push(`service_key = ANY(${sql.param([...scope])}::text[])`);
  const from = sql.param(query.from);
  const to = sql.param(query.to);
  const and = filters.map((f) => ` AND ${f}`).join("");
  let text: string;
  if (months) {
    const first = sql.param(months.first);
    const last = sql.param(months.last);
    text = `SELECT ${columns}, to_char(month, 'YYYY-MM-DD') AS local_day, true AS histogram FROM sla_service_month
              WHERE month >= ${first}::date AND month <= ${last}::date${and}
            UNION ALL
            SELECT ${columns}, to_char(day, 'YYYY-MM-DD'), false FROM sla_service_day
              WHERE ((day >= ${from}::date AND day < ${first}::date)
                 OR (day >= (${last}::date + interval '1 month')::date AND day <= ${to}::date))${and}`;
  } else {
    text = `SELECT ${columns}, to_char(day, 'YYYY-MM-DD') AS local_day, false AS histogram FROM sla_service_day
              WHERE day >= ${from}::date AND day <= ${to}::date${and}`;
  }
  const days = await client.query(text, sql.values);
  for (const row of days.rows) {
    const group = groupOf(row.service_key === "" ? null : row.service_key, periodOf(row.local_day, query.period));
    for (const name of COUNT_COLUMNS) add(group, name, row[name]);
    for (const m of ROLLUP_MEASURES) {
      add(group, `${m.name}_within`, row[`${m.column}_within`]);
      add(group, `${m.name}_missed`, row[`${m.column}_late`]);
      if (m.name === "decision") continue;
      const bytes: Buffer = row[`${m.column}_hours`];
      if (months) {
        const histogram = group.histograms[m.name] ?? new DelayHistogram();
        group.histograms[m.name] = histogram;
        if (row.histogram) histogram.addEncoded(bytes);
        else histogram.addValues(unpackDelays(bytes));
      } else {
        const parts = group.hours[m.name] ?? [];
        parts.push(unpackDelays(bytes));
        group.hours[m.name] = parts;
      }
    }
  }

  const unmetSql = new SqlBuilder();
  const unmetWhere = factFilter(unmetSql, query, scope);
  const now = unmetSql.param(asOf);
  const period = periodExpression(query.period);
  const keys = [...(byService ? ["service_id AS service"] : []), ...(period ? [`${period} AS period`] : [])];
  const unmet = await client.query(
    `SELECT ${[
      ...keys,
      ...ROLLUP_MEASURES.flatMap((m) => [
        `count(*) FILTER (WHERE ${m.at} IS NULL AND ${m.due} < ${now}) AS "${m.name}_missed"`,
        `count(*) FILTER (WHERE ${m.at} IS NULL AND ${m.due} >= ${now}) AS "${m.name}_pending"`,
      ]),
      `count(*) FILTER (WHERE acknowledged_at IS NULL AND acknowledgement_due_at < ${now}) AS acknowledgements_missing`,
    ].join(", ")}
     FROM request_fact WHERE ${unmetWhere} AND ${UNMET}
     ${keys.length ? `GROUP BY ${keys.map((_, i) => i + 1).join(", ")}` : ""}`,
    unmetSql.values,
  );
  for (const row of unmet.rows) {
    const group = groupOf(byService ? (row.service ?? null) : null, row.period ?? null);
    add(group, "acknowledgements_missing", row.acknowledgements_missing);
    for (const m of ROLLUP_MEASURES) {
      add(group, `${m.name}_missed`, row[`${m.name}_missed`]);
      add(group, `${m.name}_pending`, row[`${m.name}_pending`]);
    }
  }
  // Without any grouping, SQL's aggregate always answers one row, even over no request.
  if (!byService && !query.period && groups.size === 0) groupOf(null, null);

  return [...groups.values()]
    .sort((a, b) => compareNullsLast(a.service, b.service) || compareNullsLast(a.period, b.period))
    .map((g) => toRow(g, byService));
}

function compareNullsLast(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

function toRow(group: Group, byService: boolean): SlaReportRow {
  const c = (name: string) => group.counts[name] ?? 0;
  const volume = c("volume");
  const measures = Object.fromEntries(
    ROLLUP_MEASURES.map((m) => {
      const histogram = group.histograms[m.name];
      const values = histogram ? null : concat(group.hours[m.name] ?? []);
      const percentile = (p: number) => (values ? percentileCont(values, p) : (histogram?.percentile(p) ?? null));
      const within = c(`${m.name}_within`);
      const missed = c(`${m.name}_missed`);
      const figures: MeasureFigures = {
        medianHours: roundHours(percentile(0.5)),
        p90Hours: roundHours(percentile(0.9)),
        within,
        missed,
        pending: c(`${m.name}_pending`),
        shareWithin: within + missed > 0 ? within / (within + missed) : null,
      };
      return [m.name, figures];
    }),
  ) as Record<MeasureName, MeasureFigures>;
  return {
    group: byService ? { service: group.service } : {},
    period: group.period,
    volume,
    open: c("open"),
    measures,
    transfersPerRequest: volume > 0 ? c("transfers") / volume : 0,
    sentToTriageShare: volume > 0 ? c("sent_to_triage") / volume : 0,
    acknowledgementsMissing: c("acknowledgements_missing"),
    acknowledgementsLate: c("acknowledgements_late"),
    acknowledgementsFailed: c("acknowledgements_failed"),
  };
}

function ageBucket(days: number): BacklogRow["age"] {
  if (days <= 7) return "0-7";
  if (days <= 14) return "8-14";
  if (days <= 30) return "15-30";
  if (days <= 60) return "31-60";
  return "61+";
}

/** Open requests by age from the rollup's open counts (same buckets and order as backlogSql). */
export async function rollupBacklog(
  client: pg.PoolClient,
  query: ReportQuery,
  scope: ServiceScope,
  asOf: Date,
): Promise<BacklogRow[]> {
  const byService = query.groupBy.includes("service");
  const today = Date.parse(`${formatWithOffset(asOf).slice(0, 10)}T00:00:00Z`);
  const sql = new SqlBuilder();
  const where = [`day >= ${sql.param(query.from)}::date`, `day <= ${sql.param(query.to)}::date`, "open > 0"];
  if (query.service.length > 0) where.push(`service_key = ANY(${sql.param(query.service)}::text[])`);
  if (scope !== null) where.push(`service_key = ANY(${sql.param([...scope])}::text[])`);
  const rows = await client.query<{ service_key: string; local_day: string; open: number }>(
    `SELECT service_key, to_char(day, 'YYYY-MM-DD') AS local_day, open FROM sla_service_day WHERE ${where.join(" AND ")}`,
    sql.values,
  );
  const counts = new Map<string, BacklogRow>();
  for (const row of rows.rows) {
    const days = Math.round((today - Date.parse(`${row.local_day}T00:00:00Z`)) / 86_400_000);
    if (days < 0) continue;
    const service = row.service_key === "" ? null : row.service_key;
    const age = ageBucket(days);
    const key = `${byService ? (service ?? "\u0000") : ""}|${age}`;
    const entry = counts.get(key) ?? { group: byService ? { service } : {}, age, count: 0 };
    entry.count += Number(row.open);
    counts.set(key, entry);
  }
  return [...counts.values()].sort(
    (a, b) =>
      compareNullsLast(a.group.service ?? null, b.group.service ?? null) ||
      (a.age < b.age ? -1 : a.age > b.age ? 1 : 0),
  );
}
