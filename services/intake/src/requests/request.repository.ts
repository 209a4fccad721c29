import type pg from "pg";
import type { PrismaClient } from "../../generated/prisma/client.ts";

/** Only the tables intake's request use cases may touch. */
export type RequestStore = Pick<PrismaClient, "request" | "$transaction">;

export type RequestTransaction = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

export interface NewRequestRow {
  id: string;
  reference: string;
  channel: string;
  site_id: string | null;
  received_at: Date;
  citizen: object;
  subject_id: string | null;
  title: string | null;
  body: string;
  metadata: Record<string, string>;
}

/** A request written with its event in one statement (see insertWithEvent); the reference is allocated there. */
export interface StandaloneRequestRow extends Omit<NewRequestRow, "reference"> {
  idempotency_key: string | null;
  idempotency_hash: string | null;
  tracking_token_hash: string | null;
}

export interface StoredRequestSummary {
  id: string;
  reference: string;
  receivedAt: Date;
  idempotencyHash: string | null;
}

/** Thin queries; decisions live in the use cases. */
export class RequestRepository {
  constructor(
    private readonly db: RequestStore,
    private readonly schema = "intake",
    /** For insertWithEvent (the web path); channels that never call it leave it out. */
    private readonly pool?: pg.Pool,
  ) {}

  /**
   * The request and its outbox row in ONE statement through pg: the reference is allocated inside
   * it (`referenceSql`) and written into the event's data, so all three commit together in one
   * round trip instead of a Prisma interactive transaction's five. Returns the reference.
   */
  async insertWithEvent(
    row: StandaloneRequestRow,
    referenceSql: string,
    outbox: { table: string; row: readonly [string, string, number, string] },
  ): Promise<string> {
    if (!this.pool) throw new Error("RequestRepository.insertWithEvent needs the pg pool");
    const result = await this.pool.query<{ reference: string }>(
      `WITH request AS (
         INSERT INTO "${this.schema}".request (id, reference, channel, site_id, received_at, citizen, subject_id, title,
           body, metadata, idempotency_key, idempotency_hash, tracking_token_hash)
         VALUES ($1, ${referenceSql}, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         RETURNING reference
       )
       INSERT INTO ${outbox.table} (event_id, type, version, envelope)
       SELECT $13, $14, $15::integer, jsonb_set($16::jsonb, '{data,reference}', to_jsonb(request.reference)) FROM request
       RETURNING envelope #>> '{data,reference}' AS reference`,
      [
        row.id,
        row.channel,
        row.site_id,
        row.received_at,
        JSON.stringify(row.citizen),
        row.subject_id,
        row.title,
        row.body,
        JSON.stringify(row.metadata),
        row.idempotency_key,
        row.idempotency_hash,
        row.tracking_token_hash,
        ...outbox.row,
      ],
    );
    const reference = result.rows[0]?.reference;
    if (!reference) throw new Error("request insert returned no reference");
    return reference;
  }

  /**
   * Many plain requests in one statement (bulk channels: a call-log import's callbacks). Raw SQL:
   * Prisma's createMany costs milliseconds a row, which a 100,000-row import cannot afford.
   */
  async insertMany(tx: RequestTransaction, rows: readonly NewRequestRow[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.$executeRawUnsafe(
      `INSERT INTO "${this.schema}".request (id, reference, channel, site_id, received_at, citizen, subject_id, title, body, metadata)
       SELECT id, reference, channel, site_id, received_at, citizen, subject_id, title, body, metadata
         FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, reference text, channel text, site_id text,
           received_at timestamptz, citizen jsonb, subject_id text, title text, body text, metadata jsonb)`,
      JSON.stringify(rows),
    );
  }

  findByIdempotencyKey(key: string): Promise<StoredRequestSummary | null> {
    return this.db.request.findUnique({
      where: { idempotencyKey: key },
      select: { id: true, reference: true, receivedAt: true, idempotencyHash: true },
    });
  }

  findByReference(reference: string) {
    return this.db.request.findUnique({ where: { reference } });
  }

  transaction<T>(work: (tx: RequestTransaction) => Promise<T>): Promise<T> {
    // Prisma gives up after 2 s waiting for a pooled connection: under a burst (64 submissions at
    // once on a busy machine) that answered 500 to requests that only had to queue a little longer.
    return this.db.$transaction(work, { maxWait: 10_000, timeout: 15_000 });
  }
}
