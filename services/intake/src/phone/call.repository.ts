import type { SqlExecutor } from "@guichet/db";
import type { PhoneCall } from "./phone-call.ts";

/** A call with where it came from in an import file. */
export interface CallRow {
  call: PhoneCall;
  importId: string | null;
  line: number | null;
}

export interface ImportLineError {
  line: number;
  column: string | null;
  message: string;
}

export interface ImportCounts {
  rows: number;
  imported: number;
  duplicates: number;
  ignored: number;
  callbacks: number;
}

/** Thin SQL over the phone tables of the service schema; decisions live in the use cases. */
export class CallRepository {
  constructor(private readonly schema: string) {}

  private table(name: string): string {
    return `"${this.schema}".${name}`;
  }

  /**
   * Inserts the calls not seen before, in one statement; returns the keys actually inserted. The
   * rows travel as one JSON document: far cheaper to bind than eighteen arrays.
   */
  async insertNew(tx: SqlExecutor, rows: readonly CallRow[]): Promise<Set<string>> {
    if (rows.length === 0) return new Set();
    const inserted = await tx.$queryRawUnsafe<{ call_key: string }[]>(
      `INSERT INTO ${this.table("call")} (call_key, source, source_call_id, site_id, queue, caller, caller_status, callee,
         offered_at, answered_at, ended_at, outcome, wait_seconds, talk_seconds, agent_id, disposition, import_id, import_line)
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(call_key text, source text, source_call_id text, site_id text,
         queue text, caller text, caller_status text, callee text, offered_at timestamptz, answered_at timestamptz,
         ended_at timestamptz, outcome text, wait_seconds integer, talk_seconds integer, agent_id text, disposition text,
         import_id uuid, import_line integer)
       -- In key order: two batches written at once lock the keys they share in the same order.
       ORDER BY call_key
       ON CONFLICT (call_key) DO NOTHING
       RETURNING call_key`,
      JSON.stringify(
        rows.map(({ call, importId, line }) => ({
          call_key: call.key,
          source: call.source,
          source_call_id: call.sourceCallId,
          site_id: call.siteId,
          queue: call.queue,
          caller: call.caller,
          caller_status: call.callerStatus,
          callee: call.callee,
          offered_at: call.offeredAt,
          answered_at: call.answeredAt,
          ended_at: call.endedAt,
          outcome: call.outcome,
          wait_seconds: call.waitSeconds,
          talk_seconds: call.talkSeconds,
          agent_id: call.agentId,
          disposition: call.disposition,
          import_id: importId,
          import_line: line,
        })),
      ),
    );
    return new Set(inserted.map((r) => r.call_key));
  }

  /**
   * Of these (caller, local day) pairs, those that already have their callback. Takes a transaction
   * lock on each pair first (in a fixed order), so two imports, or a webhook and an import, cannot
   * both create one.
   */
  async lockCallbacks(tx: SqlExecutor, pairs: readonly { caller: string; localDay: string }[]): Promise<Set<string>> {
    if (pairs.length === 0) return new Set();
    const keys = pairs.map((p) => `${p.caller}|${p.localDay}`);
    await tx.$queryRawUnsafe(
      "SELECT count(pg_advisory_xact_lock(hashtextextended('guichet:callback:' || k, 0))) FROM (SELECT k FROM unnest($1::text[]) AS k ORDER BY k) AS locks",
      keys,
    );
    const rows = await tx.$queryRawUnsafe<{ k: string }[]>(
      `SELECT c.caller || '|' || to_char(c.local_day, 'YYYY-MM-DD') AS k
         FROM ${this.table("call_callback")} AS c
         JOIN unnest($1::text[], $2::date[]) AS p(caller, local_day) USING (caller, local_day)`,
      pairs.map((p) => p.caller),
      pairs.map((p) => p.localDay),
    );
    return new Set(rows.map((r) => r.k));
  }

  async recordCallbacks(
    tx: SqlExecutor,
    callbacks: readonly { caller: string; localDay: string; requestId: string; callKey: string }[],
  ): Promise<void> {
    if (callbacks.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO ${this.table("call_callback")} (caller, local_day, request_id, call_key)
       SELECT * FROM unnest($1::text[], $2::date[], $3::uuid[], $4::text[])`,
      callbacks.map((c) => c.caller),
      callbacks.map((c) => c.localDay),
      callbacks.map((c) => c.requestId),
      callbacks.map((c) => c.callKey),
    );
  }

  async linkRequests(tx: SqlExecutor, links: readonly { callKey: string; requestId: string }[]): Promise<void> {
    if (links.length === 0) return;
    await tx.$executeRawUnsafe(
      `UPDATE ${this.table("call")} AS c SET request_id = l.request_id
         FROM unnest($1::text[], $2::uuid[]) AS l(call_key, request_id) WHERE c.call_key = l.call_key`,
      links.map((l) => l.callKey),
      links.map((l) => l.requestId),
    );
  }

  /** A call by the id its source gave it (the CTI call id an agent's screen shows). */
  async findBySourceCallId(tx: SqlExecutor, sourceCallId: string) {
    const rows = await tx.$queryRawUnsafe<
      { call_key: string; site_id: string | null; offered_at: Date; request_id: string | null; queue: string | null }[]
    >(
      `SELECT call_key, site_id, offered_at, request_id::text AS request_id, queue FROM ${this.table("call")}
        WHERE source_call_id = $1 ORDER BY offered_at DESC LIMIT 1 FOR UPDATE`,
      sourceCallId,
    );
    return rows[0] ?? null;
  }

  async startImport(
    tx: SqlExecutor,
    importId: string,
    source: string,
    siteId: string | null,
    fileName: string | null,
  ): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO ${this.table("call_import")} (id, source, site_id, file_name) VALUES ($1::uuid, $2, $3, $4)`,
      importId,
      source,
      siteId,
      fileName,
    );
  }

  async finishImport(tx: SqlExecutor, importId: string, counts: ImportCounts, errors: readonly ImportLineError[]) {
    await tx.$executeRawUnsafe(
      `UPDATE ${this.table("call_import")} SET finished_at = now(), rows = $2, imported = $3, duplicates = $4,
         ignored = $5, callbacks = $6, errors = $7::jsonb WHERE id = $1::uuid`,
      importId,
      counts.rows,
      counts.imported,
      counts.duplicates,
      counts.ignored,
      counts.callbacks,
      JSON.stringify(errors),
    );
  }
}
