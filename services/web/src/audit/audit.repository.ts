import type { AuditRecordedV1 } from "@guichet/contracts";
import type { SqlExecutor } from "@guichet/db";
import type pg from "pg";

export type AuditEntry = AuditRecordedV1;

export interface AuditQuery {
  staffId?: string;
  reference?: string;
  from?: Date;
  to?: Date;
  page: number;
  pageSize: number;
}

export interface AuditRow extends AuditEntry {
  id: string;
}

interface DbRow {
  id: string;
  at: Date;
  staff_id: string;
  action: AuditEntry["action"];
  resource: string;
  request_id: string | null;
  reference: string | null;
  detail: string;
  service: AuditEntry["service"];
}

/** The audit trail table (web schema). */
export class AuditRepository {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `"${schema}".audit_event`;
  }

  private insertSql(): string {
    return `INSERT INTO ${this.table} (event_id, at, staff_id, action, resource, request_id, reference, detail, service)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (event_id) DO NOTHING`;
  }

  private values(entry: AuditEntry, eventId: string | null): unknown[] {
    return [
      eventId,
      entry.at,
      entry.staffId,
      entry.action,
      entry.resource,
      entry.requestId,
      entry.reference,
      entry.detail,
      entry.service,
    ];
  }

  /** An entry the gateway records itself (sign-ins, administration). */
  async record(entry: AuditEntry): Promise<void> {
    await this.pool.query(this.insertSql(), this.values(entry, null));
  }

  /** An entry from another service's audit.recorded event, inside the consumer's transaction. */
  async recordEvent(tx: SqlExecutor, eventId: string, entry: AuditEntry): Promise<void> {
    await tx.$executeRawUnsafe(this.insertSql(), ...this.values(entry, eventId));
  }

  /** Deletes entries older than the retention period; returns how many. */
  async purgeOlderThan(days: number, now = new Date()): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM ${this.table} WHERE at < $1::timestamptz - make_interval(days => $2)`,
      [now, days],
    );
    return result.rowCount ?? 0;
  }

  async search(query: AuditQuery): Promise<{ entries: AuditRow[]; total: number }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      values.push(value);
      where.push(clause.replace("?", `$${values.length}`));
    };
    if (query.staffId) add("staff_id = ?", query.staffId);
    if (query.reference) add("reference = ?", query.reference);
    if (query.from) add("at >= ?", query.from);
    if (query.to) add("at < ?", query.to);
    const filter = where.length ? `WHERE ${where.join(" AND ")}` : "";
    const [page, count] = await Promise.all([
      this.pool.query<DbRow>(
        `SELECT id::text, at, staff_id, action, resource, request_id, reference, detail, service FROM ${this.table}
         ${filter} ORDER BY at DESC, id DESC LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
        values,
      ),
      this.pool.query<{ total: string }>(`SELECT count(*)::text AS total FROM ${this.table} ${filter}`, values),
    ]);
    return {
      total: Number(count.rows[0]?.total ?? 0),
      entries: page.rows.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        staffId: row.staff_id,
        action: row.action,
        resource: row.resource,
        requestId: row.request_id,
        reference: row.reference,
        detail: row.detail,
        service: row.service,
      })),
    };
  }
}
