import type { Dimension } from "./report-params.ts";
import { MEASURES, type SlaReportRow } from "./sla-report.query.ts";

/** One flat record per report row: the CSV columns of `guichet report sla` and of the dashboard tables. */
function flattenSlaRow(row: SlaReportRow, groupBy: readonly Dimension[]): Record<string, string | number | null> {
  const flat: Record<string, string | number | null> = {};
  for (const d of groupBy) flat[d] = row.group[d] ?? null;
  flat.period = row.period;
  flat.volume = row.volume;
  flat.open = row.open;
  for (const m of MEASURES) {
    const f = row.measures[m.name];
    flat[`${m.name}_median_hours`] = f.medianHours;
    flat[`${m.name}_p90_hours`] = f.p90Hours;
    flat[`${m.name}_within`] = f.within;
    flat[`${m.name}_missed`] = f.missed;
    flat[`${m.name}_pending`] = f.pending;
    flat[`${m.name}_share_within`] = f.shareWithin;
  }
  flat.transfers_per_request = row.transfersPerRequest;
  flat.sent_to_triage_share = row.sentToTriageShare;
  flat.acknowledgements_missing = row.acknowledgementsMissing;
  flat.acknowledgements_late = row.acknowledgementsLate;
  flat.acknowledgements_failed = row.acknowledgementsFailed;
  return flat;
}

function cell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function slaRowsToCsv(rows: readonly SlaReportRow[], groupBy: readonly Dimension[]): string {
  const flat = rows.map((r) => flattenSlaRow(r, groupBy));
  const header = Object.keys(flattenSlaRow(emptyRow(), groupBy));
  return `${[header.join(","), ...flat.map((f) => header.map((h) => cell(f[h] ?? null)).join(","))].join("\n")}\n`;
}

function emptyRow(): SlaReportRow {
  const none = { medianHours: null, p90Hours: null, within: 0, missed: 0, pending: 0, shareWithin: null };
  return {
    group: {},
    period: null,
    volume: 0,
    open: 0,
    measures: { registration: none, acknowledgement: none, firstResponse: none, resolution: none, decision: none },
    transfersPerRequest: 0,
    sentToTriageShare: 0,
    acknowledgementsMissing: 0,
    acknowledgementsLate: 0,
    acknowledgementsFailed: 0,
  };
}
