import type { Role } from "@guichet/web";
import type { ManageUsersUseCase } from "./manage-users.usecase.ts";
import type { UserRepository } from "./user.repository.ts";

/** The fixed password of every demo account (GUICHET_DEMO=true only: `guichet start`). */
export const DEMO_PASSWORD = "demo-guichet-2026";

export const DEMO_ACCOUNTS: readonly {
  id: string;
  name: string;
  roles: Role[];
  serviceIds: string[];
  allServices: boolean;
}[] = [
  { id: "accueil", name: "Agent d’accueil (démo)", roles: ["reception"], serviceIds: [], allServices: true },
  { id: "voirie", name: "Agent de la voirie (démo)", roles: ["agent"], serviceIds: ["voirie"], allServices: false },
  {
    id: "urbanisme",
    name: "Agent de l’urbanisme (démo)",
    roles: ["agent"],
    serviceIds: ["urbanisme"],
    allServices: false,
  },
  {
    id: "responsable",
    name: "Directrice générale des services (démo)",
    roles: ["manager"],
    serviceIds: [],
    allServices: true,
  },
  { id: "admin", name: "Administrateur (démo)", roles: ["admin"], serviceIds: [], allServices: false },
];

/**
 * Creates the demo accounts that do not exist yet (idempotent). Refuses to run unless `demo` is
 * set: fixed passwords must never reach a real installation.
 */
export async function seedDemoUsers(
  users: UserRepository,
  manage: ManageUsersUseCase,
  options: { demo: boolean },
): Promise<string[]> {
  if (!options.demo) throw new Error("demo accounts are only created with GUICHET_DEMO=true");
  const created: string[] = [];
  for (const account of DEMO_ACCOUNTS) {
    if (await users.find(account.id)) continue;
    await manage.create({ ...account, password: DEMO_PASSWORD }, "guichet-demo");
    created.push(account.id);
  }
  return created;
}
