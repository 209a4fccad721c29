import { AppError } from "@guichet/runtime";
import { roleSchema } from "@guichet/web";
import { z } from "zod";
import type { AuditRepository } from "../audit/audit.repository.ts";
import { hashPassword, passwordProblem } from "../auth/password.ts";
import type { SessionStore } from "../auth/session.store.ts";
import type { StaffUser, UserRepository } from "./user.repository.ts";

const serviceIdSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,60}$/, "identifiant de service invalide");

const newUserSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._@-]{1,60}$/, "lettres minuscules, chiffres, . _ @ - (2 à 61 caractères)"),
  name: z.string().trim().min(1, "nom obligatoire").max(200),
  roles: z.array(roleSchema).min(1, "au moins un rôle"),
  serviceIds: z.array(serviceIdSchema).default([]),
  allServices: z.boolean().default(false),
  password: z.string().optional(),
});
export type NewUserInput = z.input<typeof newUserSchema>;

const accessChangeSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  roles: z.array(roleSchema).min(1, "au moins un rôle"),
  serviceIds: z.array(serviceIdSchema).default([]),
  allServices: z.boolean().default(false),
  disabled: z.boolean().optional(),
});
export type AccessChange = z.input<typeof accessChangeSchema>;

function problemsOf(error: z.ZodError) {
  return error.issues.map((issue) => ({ field: issue.path.join(".") || "formulaire", message: issue.message }));
}

/** Public view of an account (never the password hash). */
export function userView(user: StaffUser, now = new Date()) {
  return {
    id: user.id,
    name: user.name,
    roles: user.roles,
    serviceIds: user.serviceIds,
    allServices: user.allServices,
    disabled: user.disabled,
    source: user.oidcSubject ? "oidc" : "local",
    locked: !!user.lockedUntil && user.lockedUntil > now,
  };
}

/** Account administration (admin page, /api/users, CLI); every change is audited. */
export class ManageUsersUseCase {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionStore,
    private readonly audit: AuditRepository,
  ) {}

  async create(input: NewUserInput, actorId: string): Promise<StaffUser> {
    const parsed = newUserSchema.safeParse(input);
    if (!parsed.success) throw new AppError("validation", "Compte invalide.", problemsOf(parsed.error));
    const user = parsed.data;
    if (user.password !== undefined) {
      const problem = passwordProblem(user.password);
      if (problem) throw new AppError("validation", problem, [{ field: "password", message: problem }]);
    }
    const inserted = await this.users.insert({
      id: user.id,
      name: user.name,
      passwordHash: user.password ? await hashPassword(user.password) : null,
      roles: user.roles,
      serviceIds: user.serviceIds,
      allServices: user.allServices || user.roles.includes("reception"),
    });
    if (!inserted)
      throw new AppError("conflict", "Cet identifiant est déjà utilisé.", [{ field: "id", message: "déjà utilisé" }]);
    await this.record(actorId, `created account ${user.id} (${user.roles.join(", ")})`);
    return (await this.users.find(user.id)) as StaffUser;
  }

  async changeAccess(id: string, input: AccessChange, actorId: string): Promise<StaffUser> {
    const parsed = accessChangeSchema.safeParse(input);
    if (!parsed.success) throw new AppError("validation", "Modification invalide.", problemsOf(parsed.error));
    const change = parsed.data;
    const updated = await this.users.updateAccess(id, {
      ...change,
      allServices: change.allServices || change.roles.includes("reception"),
    });
    if (!updated) throw new AppError("not-found", "Compte introuvable.");
    // Roles are read at every request, but a disabled account must lose its sessions at once.
    if (change.disabled) await this.sessions.revokeAllOf(id);
    await this.record(
      actorId,
      `changed access of ${id}: roles ${change.roles.join(", ")}; services ${change.allServices ? "all" : change.serviceIds.join(", ") || "none"}${change.disabled === undefined ? "" : change.disabled ? "; disabled" : "; enabled"}`,
    );
    return (await this.users.find(id)) as StaffUser;
  }

  async unlock(id: string, actorId: string): Promise<void> {
    if (!(await this.users.find(id))) throw new AppError("not-found", "Compte introuvable.");
    await this.users.clearFailures(id);
    await this.record(actorId, `unlocked account ${id}`);
  }

  async setPassword(id: string, password: string, actorId: string): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw new AppError("validation", problem, [{ field: "password", message: problem }]);
    if (!(await this.users.setPassword(id, await hashPassword(password))))
      throw new AppError("not-found", "Compte introuvable.");
    await this.sessions.revokeAllOf(id);
    await this.record(actorId, `set password of ${id}`);
  }

  private record(actorId: string, detail: string) {
    return this.audit.record({
      staffId: actorId,
      action: "admin",
      resource: "user",
      requestId: null,
      reference: null,
      detail,
      service: "web",
      at: new Date().toISOString(),
    });
  }
}
