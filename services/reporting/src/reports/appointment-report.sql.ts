import type { ReportQuery, ServiceScope } from "./report-params.ts";
import { SqlBuilder, TIME_ZONE } from "./report-sql.ts";

export interface AppointmentReportRow {
  site: string;
  /** Appointments whose slot is in the period, cancelled ones included. */
  booked: number;
  cancelled: number;
  attended: number;
  noShows: number;
  /** no-shows / (attended + no-shows): only appointments whose attendance was recorded. */
  noShowRate: number | null;
  /** Not cancelled, in the site's extended hours (evenings, Saturdays opened for appointments). */
  extendedHours: number;
  extendedShare: number | null;
  /** Median days between booking and the slot (not cancelled). */
  medianLeadDays: number | null;
  byChannel: { web: number; phone: number; counter: number };
}

/** Appointments per site whose slot falls in [from, to] (local days, Europe/Paris), within the reader's services. */
export function appointmentReportSql(query: ReportQuery, scope: ServiceScope): { text: string; values: unknown[] } {
  const sql = new SqlBuilder();
  const where = [
    `starts_at >= (${sql.param(query.from)}::date)::timestamp AT TIME ZONE '${TIME_ZONE}'`,
    `starts_at < (${sql.param(query.to)}::date + 1)::timestamp AT TIME ZONE '${TIME_ZONE}'`,
  ];
  if (query.site.length > 0) where.push(`site_id = ANY(${sql.param(query.site)}::text[])`);
  // A service's manager sees the appointments with that service (partners count for France Services).
  if (scope !== null) where.push(`service_id = ANY(${sql.param([...scope])}::text[])`);
  return {
    text: `SELECT site_id AS site, count(*) AS booked,
        count(*) FILTER (WHERE status = 'cancelled') AS cancelled,
        count(*) FILTER (WHERE status = 'attended') AS attended,
        count(*) FILTER (WHERE status = 'no-show') AS no_shows,
        count(*) FILTER (WHERE extended AND status <> 'cancelled') AS extended_hours,
        count(*) FILTER (WHERE status <> 'cancelled') AS kept,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM starts_at - booked_at) / 86400)
          FILTER (WHERE status <> 'cancelled') AS median_lead_days,
        count(*) FILTER (WHERE channel = 'web') AS web,
        count(*) FILTER (WHERE channel = 'phone') AS phone,
        count(*) FILTER (WHERE channel = 'counter') AS counter
      FROM appointment_fact WHERE ${where.join(" AND ")} GROUP BY site_id ORDER BY site_id`,
    values: sql.values,
  };
}

export function toAppointmentRow(row: Record<string, unknown>): AppointmentReportRow {
  const n = (key: string) => Number(row[key] ?? 0);
  const recorded = n("attended") + n("no_shows");
  return {
    site: String(row.site),
    booked: n("booked"),
    cancelled: n("cancelled"),
    attended: n("attended"),
    noShows: n("no_shows"),
    noShowRate: recorded > 0 ? n("no_shows") / recorded : null,
    extendedHours: n("extended_hours"),
    extendedShare: n("kept") > 0 ? n("extended_hours") / n("kept") : null,
    medianLeadDays: row.median_lead_days === null ? null : Math.round(Number(row.median_lead_days) * 10) / 10,
    byChannel: { web: n("web"), phone: n("phone"), counter: n("counter") },
  };
}
