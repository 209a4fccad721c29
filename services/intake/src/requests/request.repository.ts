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
  ) {}

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
