import type pg from "pg";

export interface ImapCursor {
  uidValidity: bigint;
  lastUid: number;
}

/** Where the IMAP poller stopped in each mailbox (table imap_cursor, migration 002). */
export class ImapCursorRepository {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  async get(mailbox: string): Promise<ImapCursor | null> {
    const { rows } = await this.pool.query<{ uid_validity: string; last_uid: string }>(
      `SELECT uid_validity, last_uid FROM "${this.schema}".imap_cursor WHERE mailbox = $1`,
      [mailbox],
    );
    const row = rows[0];
    return row ? { uidValidity: BigInt(row.uid_validity), lastUid: Number(row.last_uid) } : null;
  }

  async save(mailbox: string, cursor: ImapCursor): Promise<void> {
    await this.pool.query(
      `INSERT INTO "${this.schema}".imap_cursor (mailbox, uid_validity, last_uid) VALUES ($1, $2, $3)
       ON CONFLICT (mailbox) DO UPDATE SET uid_validity = EXCLUDED.uid_validity, last_uid = EXCLUDED.last_uid, updated_at = now()`,
      [mailbox, cursor.uidValidity.toString(), cursor.lastUid],
    );
  }
}
