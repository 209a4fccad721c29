import { createHash, randomBytes, randomUUID } from "node:crypto";
import type pg from "pg";

export const sha256 = (token: string) => createHash("sha256").update(token).digest("hex");
export const newToken = () => randomBytes(24).toString("base64url");

/** Volunteers, their consent, and their feedback on experiments (thin: queries only). */
export class VolunteerRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  /** The withdrawal token, or null when this address already volunteers (one active consent per address). */
  async register(email: string, consentText: string, at: Date): Promise<string | null> {
    const token = newToken();
    const result = await this.pool.query(
      `INSERT INTO "${this.schema}".volunteer (id, email, consent_text, consented_at, withdraw_token_hash)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
      [randomUUID(), email, consentText, at, sha256(token)],
    );
    return result.rowCount === 1 ? token : null;
  }

  /** Consent withdrawn: the address is erased at once; only the two instants remain. */
  async withdraw(token: string, at: Date): Promise<"withdrawn" | "already" | "unknown"> {
    const result = await this.pool.query<{ withdrawn_at: Date | null }>(
      `UPDATE "${this.schema}".volunteer v SET withdrawn_at = COALESCE(v.withdrawn_at, $2), email = ''
        FROM "${this.schema}".volunteer before WHERE before.id = v.id AND v.withdraw_token_hash = $1
        RETURNING before.withdrawn_at`,
      [sha256(token), at],
    );
    const row = result.rows[0];
    if (!row) return "unknown";
    return row.withdrawn_at ? "already" : "withdrawn";
  }

  async isActive(token: string): Promise<boolean | null> {
    const { rows } = await this.pool.query<{ active: boolean }>(
      `SELECT withdrawn_at IS NULL AS active FROM "${this.schema}".volunteer WHERE withdraw_token_hash = $1`,
      [sha256(token)],
    );
    return rows[0]?.active ?? null;
  }

  /** Creates one invitation per active volunteer not yet invited to the experiment; returns their links' tokens. */
  async invite(experimentId: string, at: Date): Promise<{ email: string; token: string }[]> {
    const { rows } = await this.pool.query<{ id: string; email: string }>(
      `SELECT v.id, v.email FROM "${this.schema}".volunteer v
        WHERE v.withdrawn_at IS NULL
          AND NOT EXISTS (SELECT 1 FROM "${this.schema}".volunteer_feedback f
                           WHERE f.volunteer_id = v.id AND f.experiment_id = $1)`,
      [experimentId],
    );
    const invited: { email: string; token: string }[] = [];
    for (const row of rows) {
      const token = newToken();
      const inserted = await this.pool.query(
        `INSERT INTO "${this.schema}".volunteer_feedback (token_hash, volunteer_id, experiment_id, invited_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [sha256(token), row.id, experimentId, at],
      );
      if (inserted.rowCount === 1) invited.push({ email: row.email, token });
    }
    return invited;
  }

  /** The experiment an invitation is for, and whether it was answered; null for an unknown link or a withdrawn volunteer. */
  async invitation(token: string): Promise<{ experimentId: string; answered: boolean } | null> {
    const { rows } = await this.pool.query<{ experiment_id: string; answered: boolean }>(
      `SELECT f.experiment_id, f.answered_at IS NOT NULL AS answered
         FROM "${this.schema}".volunteer_feedback f JOIN "${this.schema}".volunteer v ON v.id = f.volunteer_id
        WHERE f.token_hash = $1 AND v.withdrawn_at IS NULL`,
      [sha256(token)],
    );
    const row = rows[0];
    return row ? { experimentId: row.experiment_id, answered: row.answered } : null;
  }

  /** False when already answered: one answer per volunteer and experiment. */
  async answer(token: string, score: number, comment: string | null, at: Date): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE "${this.schema}".volunteer_feedback SET score = $2, comment = $3, answered_at = $4
        WHERE token_hash = $1 AND answered_at IS NULL`,
      [sha256(token), score, comment, at],
    );
    return result.rowCount === 1;
  }

  async counts(): Promise<{ active: number; withdrawn: number }> {
    const { rows } = await this.pool.query<{ active: number; withdrawn: number }>(
      `SELECT count(*) FILTER (WHERE withdrawn_at IS NULL)::int AS active,
              count(*) FILTER (WHERE withdrawn_at IS NOT NULL)::int AS withdrawn
         FROM "${this.schema}".volunteer`,
    );
    return rows[0] ?? { active: 0, withdrawn: 0 };
  }

  /** Volunteers' feedback on an experiment: counts and the mean score, never who said what. */
  async feedback(experimentId: string): Promise<{ invited: number; answered: number; averageScore: number | null }> {
    const { rows } = await this.pool.query<{ invited: number; answered: number; average: number | null }>(
      `SELECT count(*)::int AS invited, count(answered_at)::int AS answered, avg(score)::float8 AS average
         FROM "${this.schema}".volunteer_feedback WHERE experiment_id = $1`,
      [experimentId],
    );
    const row = rows[0];
    return { invited: row?.invited ?? 0, answered: row?.answered ?? 0, averageScore: row?.average ?? null };
  }
}
