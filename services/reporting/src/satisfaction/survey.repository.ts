import { createHash } from "node:crypto";
import type { SqlExecutor } from "@guichet/db";
import type pg from "pg";

export interface SurveyTarget {
  requestId: string;
  reference: string | null;
  serviceId: string | null;
  channel: string | null;
  answered: boolean;
}

/** Survey invitations and answers (thin: queries only). */
export class SurveyRepository {
  constructor(
    readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  /** The request a private survey link was sent for (matched on the token's SHA-256). */
  async byToken(token: string): Promise<SurveyTarget | null> {
    const hash = createHash("sha256").update(token).digest("hex");
    return this.one(
      `SELECT i.request_id, r.reference, i.service_id, i.channel, a.request_id IS NOT NULL AS answered
         FROM "${this.schema}".survey_invitation i
         LEFT JOIN "${this.schema}".request_fact r ON r.request_id = i.request_id
         LEFT JOIN "${this.schema}".survey_answer a ON a.request_id = i.request_id
        WHERE i.token_hash = $1`,
      hash,
    );
  }

  /** A request by its reference, for an agent recording the answer given at the counter or on the phone. */
  byReference(reference: string): Promise<SurveyTarget | null> {
    return this.one(
      `SELECT r.request_id, r.reference, r.service_id, r.channel, a.request_id IS NOT NULL AS answered
         FROM "${this.schema}".request_fact r
         LEFT JOIN "${this.schema}".survey_answer a ON a.request_id = r.request_id
        WHERE r.reference = $1`,
      reference,
    );
  }

  /** False when the request already has an answer: the primary key keeps one per request. */
  async insertAnswer(
    tx: SqlExecutor,
    answer: { requestId: string; score: number; comment: string | null; channel: string; byStaff: boolean; at: Date },
  ): Promise<boolean> {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO "${this.schema}".survey_answer (request_id, score, comment, channel, recorded_by_staff, answered_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (request_id) DO NOTHING`,
      answer.requestId,
      answer.score,
      answer.comment,
      answer.channel,
      answer.byStaff,
      answer.at,
    );
    return inserted > 0;
  }

  private async one(text: string, value: string): Promise<SurveyTarget | null> {
    const { rows } = await this.pool.query(text, [value]);
    const row = rows[0];
    if (!row) return null;
    return {
      requestId: row.request_id,
      reference: row.reference ?? null,
      serviceId: row.service_id ?? null,
      channel: row.channel ?? null,
      answered: row.answered === true,
    };
  }
}
