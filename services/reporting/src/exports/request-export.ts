import { Readable, Transform, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import ExcelJS from "exceljs";
import type pg from "pg";
import QueryStream from "pg-query-stream";
import type { ReportQuery, ServiceScope } from "../reports/report-params.ts";
import { factFilter, SqlBuilder } from "../reports/report-sql.ts";

/** One row per request: facts, deadlines and delays. No personal data is stored, so none is exported. */
const EXPORT_COLUMNS = [
  "reference",
  "received_at",
  "channel",
  "site_id",
  "service_id",
  "subject_id",
  "experiment",
  "routing_method",
  "triage",
  "transfer_count",
  "status",
  "outcome",
  "registration_sent_at",
  "registration_due_at",
  "acknowledged_at",
  "acknowledgement_due_at",
  "acknowledgement_hours",
  "first_response_at",
  "first_response_due_at",
  "first_response_hours",
  "closed_at",
  "resolution_due_at",
  "resolution_hours",
  "paused_hours",
  "decision_due_at",
] as const;

function exportSql(query: ReportQuery, scope: ServiceScope, schema: string) {
  const sql = new SqlBuilder();
  const where = factFilter(sql, query, scope);
  return {
    text: `SELECT ${EXPORT_COLUMNS.join(", ")} FROM "${schema}".request_fact WHERE ${where} ORDER BY received_at, request_id`,
    values: sql.values,
  };
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Streams rows from a server-side cursor (pg-query-stream, 1,000 rows a fetch): memory stays flat
 * whatever the period, and a slow client slows the cursor down (back-pressure) instead of filling
 * a buffer.
 */
async function withRowStream(
  pool: pg.Pool,
  sql: { text: string; values: unknown[] },
  work: (rows: Readable) => Promise<void>,
): Promise<void> {
  const client = await pool.connect();
  try {
    const rows = client.query(new QueryStream(sql.text, sql.values, { batchSize: 1000 }));
    await work(rows);
  } finally {
    client.release();
  }
}

export async function streamCsv(
  pool: pg.Pool,
  schema: string,
  query: ReportQuery,
  scope: ServiceScope,
  out: Writable,
): Promise<void> {
  await withRowStream(pool, exportSql(query, scope, schema), async (rows) => {
    const toLine = new Transform({
      writableObjectMode: true,
      transform(row: Record<string, unknown>, _encoding, done) {
        done(null, `${EXPORT_COLUMNS.map((c) => cell(row[c])).join(",")}\n`);
      },
    });
    await pipeline(Readable.from([`${EXPORT_COLUMNS.join(",")}\n`]), out, { end: false });
    await pipeline(rows, toLine, out);
  });
}

export async function streamXlsx(
  pool: pg.Pool,
  schema: string,
  query: ReportQuery,
  scope: ServiceScope,
  out: Writable,
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet("demandes");
  sheet.addRow([...EXPORT_COLUMNS]).commit();
  await withRowStream(pool, exportSql(query, scope, schema), async (rows) => {
    for await (const row of rows as AsyncIterable<Record<string, unknown>>) {
      sheet.addRow(EXPORT_COLUMNS.map((c) => row[c] ?? null)).commit();
    }
  });
  sheet.commit();
  await workbook.commit();
}
