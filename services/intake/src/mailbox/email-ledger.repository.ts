import type { SqlExecutor } from "@guichet/db";
import type pg from "pg";

export interface InboundEmailRow {
  messageId: string;
  outcome: "created" | "follow-up" | "bounce";
  requestId: string | null;
  followUpId: string | null;
  evidenceId: string;
  receivedAt: Date;
  bounce?: { messageId: string | null; status: string; permanent: boolean };
}

export interface FollowUpRow {
  id: string;
  requestId: string;
  receivedAt: Date;
  title: string | null;
  body: string;
  metadata: Record<string, string>;
  evidenceId: string;
}

/** Thin queries over the e-mail tables of migration 002; decisions live in the callers. */
export class EmailLedgerRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  private table(name: string): string {
    return `"${this.schema}".${name}`;
  }

  async referenceOfRequest(requestId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ reference: string }>(
      `SELECT reference FROM ${this.table("request")} WHERE id = $1`,
      [requestId],
    );
    return rows[0]?.reference ?? null;
  }

  async requestByReference(reference: string): Promise<{ id: string; reference: string } | null> {
    const { rows } = await this.pool.query<{ id: string; reference: string }>(
      `SELECT id, reference FROM ${this.table("request")} WHERE reference = $1`,
      [reference],
    );
    return rows[0] ?? null;
  }

  /** The request a mail we received (a citizen's own earlier message) belongs to. */
  async referenceOfInboundMessage(messageId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ reference: string }>(
      `SELECT r.reference FROM ${this.table("inbound_email")} e JOIN ${this.table("request")} r ON r.id = e.request_id
       WHERE e.message_id = $1 AND e.outcome IN ('created', 'follow-up')`,
      [messageId],
    );
    return rows[0]?.reference ?? null;
  }

  async isKnownMessageId(messageId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`SELECT 1 FROM ${this.table("inbound_email")} WHERE message_id = $1`, [
      messageId,
    ]);
    return (rowCount ?? 0) > 0;
  }

  /**
   * Content-addressed: the same bytes are stored once. A conflict means the same raw message is
   * being committed by another delivery, which `recordInbound` then reports as a duplicate.
   */
  async insertEvidence(
    tx: SqlExecutor,
    evidence: { id: string; content: Buffer; sha256: string; mediaType: string },
  ): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO ${this.table("evidence")} (id, media_type, sha256, size, content) VALUES ($1::uuid, $2, $3, $4::integer, $5::bytea)
       ON CONFLICT (sha256) DO NOTHING`,
      evidence.id,
      evidence.mediaType,
      evidence.sha256,
      evidence.content.length,
      evidence.content,
    );
  }

  /**
   * Records the mail in the transaction of its effect. False when the Message-ID is already there:
   * ON CONFLICT waits for a concurrent delivery of the same mail to commit, so exactly one wins.
   */
  async recordInbound(tx: SqlExecutor, row: InboundEmailRow): Promise<boolean> {
    const inserted = await tx.$queryRawUnsafe<unknown[]>(
      `INSERT INTO ${this.table("inbound_email")}
         (message_id, outcome, request_id, follow_up_id, evidence_id, received_at, bounced_message_id, bounce_status, bounce_permanent)
       VALUES ($1, $2, $3::uuid, $4::uuid, $5::uuid, $6::timestamptz, $7, $8, $9::boolean)
       ON CONFLICT (message_id) DO NOTHING RETURNING message_id`,
      row.messageId,
      row.outcome,
      row.requestId,
      row.followUpId,
      row.evidenceId,
      row.receivedAt,
      row.bounce?.messageId ?? null,
      row.bounce?.status ?? null,
      row.bounce?.permanent ?? null,
    );
    return inserted.length === 1;
  }

  async insertFollowUp(tx: SqlExecutor, row: FollowUpRow): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO ${this.table("follow_up")} (id, request_id, channel, received_at, title, body, metadata, evidence_id)
       VALUES ($1::uuid, $2::uuid, 'email', $3::timestamptz, $4, $5, $6::jsonb, $7::uuid)`,
      row.id,
      row.requestId,
      row.receivedAt,
      row.title,
      row.body,
      JSON.stringify(row.metadata),
      row.evidenceId,
    );
  }
}
