import { createPool } from "@guichet/db";
import { REPORTING_SCHEMA } from "../reporting.schema.ts";
import { parseReportQuery } from "./report-params.ts";
import { slaRowsToCsv } from "./sla-report.flat.ts";
import { SlaReportQuery } from "./sla-report.query.ts";

/** `guichet report sla`: the operator reads every service. Returns the text to print. */
export async function slaReportText(databaseUrl: string, raw: Record<string, unknown>, format: "csv" | "json") {
  const query = parseReportQuery(raw);
  const pool = createPool(databaseUrl, { applicationName: "guichet-report-cli" });
  try {
    const report = await new SlaReportQuery(pool, REPORTING_SCHEMA).sla(query, null);
    return format === "csv" ? slaRowsToCsv(report.rows, query.groupBy) : `${JSON.stringify(report, null, 2)}\n`;
  } finally {
    await pool.end();
  }
}
