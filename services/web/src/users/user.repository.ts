import type { Role, StaffIdentity } from "@guichet/web";
import type pg from "pg";

export interface StaffUser {
  id: string;
  name: string;
  passwordHash: string | null;
  oidcSubject: string | null;
  roles: Role[];
  serviceIds: string[];
  allServices: boolean;
  disabled: boolean;
  failedAttempts: number;
  lockedUntil: Date | null;
}

interface Row {
  id: string;
  name: string;
  password_hash: string | null;
  oidc_subject: string | null;
  roles: string[];
  service_ids: string[];
  all_services: boolean;
  disabled: boolean;
  failed_attempts: number;
  locked_until: Date | null;
}

const COLUMNS =
  "id, name, password_hash, oidc_subject, roles, service_ids, all_services, disabled, failed_attempts, locked_until";

function toUser(row: Row): StaffUser {
  return {
    id: row.id,
    name: row.name,
    passwordHash: row.password_hash,
    oidcSubject: row.oidc_subject,
    roles: row.roles as Role[],
    serviceIds: row.service_ids,
    allServices: row.all_services,
    disabled: row.disabled,
    failedAttempts: row.failed_attempts,
    lockedUntil: row.locked_until,
  };
}

export function identityOf(user: StaffUser): Omit<StaffIdentity, "exp"> {
  return {
    id: user.id,
    name: user.name,
    roles: user.roles,
    serviceIds: user.serviceIds,
    allServices: user.allServices,
  };
}

export interface NewUser {
  id: string;
  name: string;
  passwordHash: string | null;
  oidcSubject?: string | null;
  roles: Role[];
  serviceIds: string[];
  allServices: boolean;
}

/** Staff accounts in the web schema. Queries only; decisions live in the use cases. */
export class UserRepository {
  private readonly table: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
  ) {
    this.table = `"${schema}".staff_user`;
  }

  async find(id: string): Promise<StaffUser | null> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} WHERE id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async findByOidcSubject(subject: string): Promise<StaffUser | null> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} WHERE oidc_subject = $1`, [
      subject,
    ]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  async list(): Promise<StaffUser[]> {
    const { rows } = await this.pool.query<Row>(`SELECT ${COLUMNS} FROM ${this.table} ORDER BY id`);
    return rows.map(toUser);
  }

  /** False when the id is taken. */
  async insert(user: NewUser): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO ${this.table} (id, name, password_hash, oidc_subject, roles, service_ids, all_services)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [user.id, user.name, user.passwordHash, user.oidcSubject ?? null, user.roles, user.serviceIds, user.allServices],
    );
    return result.rowCount === 1;
  }

  /** Directory accounts: roles and services follow the directory's claims at every sign-in. */
  async upsertOidc(user: NewUser & { oidcSubject: string }): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (id, name, oidc_subject, roles, service_ids, all_services)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (id) DO UPDATE SET name = $2, oidc_subject = $3, roles = $4, service_ids = $5,
         all_services = $6, updated_at = now()`,
      [user.id, user.name, user.oidcSubject, user.roles, user.serviceIds, user.allServices],
    );
  }

  async updateAccess(
    id: string,
    access: { name?: string; roles: Role[]; serviceIds: string[]; allServices: boolean; disabled?: boolean },
  ): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.table} SET name = coalesce($2, name), roles = $3, service_ids = $4, all_services = $5,
         disabled = coalesce($6, disabled), updated_at = now() WHERE id = $1`,
      [id, access.name ?? null, access.roles, access.serviceIds, access.allServices, access.disabled ?? null],
    );
    return result.rowCount === 1;
  }

  async setPassword(id: string, passwordHash: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.table} SET password_hash = $2, failed_attempts = 0, locked_until = NULL, updated_at = now()
       WHERE id = $1`,
      [id, passwordHash],
    );
    return result.rowCount === 1;
  }

  /** Counts a failure; locks the account for `lockMinutes` when it reaches `maxFailures`. */
  async recordFailure(id: string, maxFailures: number, lockMinutes: number, now: Date): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.table} SET
         failed_attempts = CASE WHEN failed_attempts + 1 >= $2 THEN 0 ELSE failed_attempts + 1 END,
         locked_until = CASE WHEN failed_attempts + 1 >= $2 THEN $4::timestamptz + make_interval(mins => $3)
                             ELSE locked_until END
       WHERE id = $1`,
      [id, maxFailures, lockMinutes, now],
    );
  }

  async clearFailures(id: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.table} SET failed_attempts = 0, locked_until = NULL WHERE id = $1`, [id]);
  }
}
