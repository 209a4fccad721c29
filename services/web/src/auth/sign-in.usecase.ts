import type { AuditRepository } from "../audit/audit.repository.ts";
import type { StaffUser, UserRepository } from "../users/user.repository.ts";
import { burnPasswordCheck, verifyPassword } from "./password.ts";

export interface LockoutPolicy {
  maxFailures: number;
  lockMinutes: number;
}

export type SignInResult = { ok: true; user: StaffUser } | { ok: false };

/**
 * Local account sign-in. Every failure looks the same from outside (message and timing): unknown
 * id, wrong password, locked or disabled account. After `maxFailures` wrong passwords in a row the
 * account is locked for `lockMinutes`, even for the right password.
 */
export class SignInUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditRepository,
    private readonly policy: LockoutPolicy,
  ) {}

  async execute(command: { id: string; password: string; now?: Date }): Promise<SignInResult> {
    const now = command.now ?? new Date();
    const user = await this.users.find(command.id);
    if (!user?.passwordHash || user.disabled) {
      await burnPasswordCheck(command.password);
      // The typed id is not recorded for unknown accounts: it may be a mistyped password.
      await this.failed(user ? user.id : "inconnu", user ? "disabled account" : "unknown account", now);
      return { ok: false };
    }
    const valid = await verifyPassword(command.password, user.passwordHash);
    if (user.lockedUntil && user.lockedUntil > now) {
      await this.failed(user.id, "account locked", now);
      return { ok: false };
    }
    if (!valid) {
      await this.users.recordFailure(user.id, this.policy.maxFailures, this.policy.lockMinutes, now);
      const locking = user.failedAttempts + 1 >= this.policy.maxFailures;
      await this.failed(user.id, locking ? "wrong password, account locked" : "wrong password", now);
      return { ok: false };
    }
    await this.users.clearFailures(user.id);
    await this.audit.record(signInEntry(user.id, "sign-in", "local account", now));
    return { ok: true, user };
  }

  private failed(staffId: string, detail: string, now: Date) {
    return this.audit.record(signInEntry(staffId, "sign-in-failed", detail, now));
  }
}

export function signInEntry(staffId: string, action: "sign-in" | "sign-in-failed", detail: string, now: Date) {
  return {
    staffId,
    action,
    resource: "session",
    requestId: null,
    reference: null,
    detail,
    service: "web" as const,
    at: now.toISOString(),
  };
}
