import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export interface ActiveSession {
  userId: string;
  createdAt: Date;
  lastSeenAt: Date;
}

const hashOf = (id: string) => createHash("sha256").update(id).digest("base64url");

/** Whether a session is still valid: neither idle for too long nor past its absolute lifetime. */
export function isSessionAlive(session: ActiveSession, policy: SessionPolicy, now: Date): boolean {
  const idleLimit = session.lastSeenAt.getTime() + policy.idleMinutes * 60_000;
  const absoluteLimit = session.createdAt.getTime() + policy.absoluteHours * 3_600_000;
  return now.getTime() < idleLimit && now.getTime() < absoluteLimit;
}

/**
 * Server-side sessions: the cookie holds 32 random bytes, the table only their SHA-256. A new id is
 * issued at every sign-in (the previous one is deleted), so a fixated id is worthless.
 */
export class SessionStore {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    private readonly policy: SessionPolicy,
  ) {
    this.table = `"${schema}".staff_session`;
  }

  /** Creates a session and returns the cookie value; `previous` (if any) is revoked. */
  async create(userId: string, previous: string | undefined, now = new Date()): Promise<string> {
    if (previous) await this.revoke(previous);
    const id = randomBytes(32).toString("base64url");
    await this.pool.query(
      `INSERT INTO ${this.table} (id_hash, user_id, created_at, last_seen_at, expires_at)
       VALUES ($1, $2, $3, $3, $3::timestamptz + make_interval(hours => $4))`,
      [hashOf(id), userId, now, this.policy.absoluteHours],
    );
    return id;
  }

  /** The user of a live session, or null; touches the session (at most once a minute). */
  async resolve(id: string, now = new Date()): Promise<string | null> {
    const { rows } = await this.pool.query<{ user_id: string; created_at: Date; last_seen_at: Date }>(
      `SELECT user_id, created_at, last_seen_at FROM ${this.table} WHERE id_hash = $1`,
      [hashOf(id)],
    );
    const row = rows[0];
    if (!row) return null;
    const session = { userId: row.user_id, createdAt: row.created_at, lastSeenAt: row.last_seen_at };
    if (!isSessionAlive(session, this.policy, now)) {
      await this.revoke(id);
      return null;
    }
    if (now.getTime() - row.last_seen_at.getTime() > 60_000)
      await this.pool.query(`UPDATE ${this.table} SET last_seen_at = $2 WHERE id_hash = $1`, [hashOf(id), now]);
    return row.user_id;
  }

  async revoke(id: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE id_hash = $1`, [hashOf(id)]);
  }

  async revokeAllOf(userId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE user_id = $1`, [userId]);
  }

  async purgeExpired(now = new Date()): Promise<void> {
    await this.pool.query(
      `DELETE FROM ${this.table} WHERE expires_at < $1 OR last_seen_at < $1::timestamptz - make_interval(mins => $2)`,
      [now, this.policy.idleMinutes],
    );
  }
}
