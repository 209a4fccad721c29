import { type Role, signIdentity } from "@guichet/web";

/** Same default as @guichet/runtime's GUICHET_IDENTITY_SECRET (development only). */
const DEV_IDENTITY_SECRET = "dev-only-identity-secret-change-me-0000";

/**
 * The signed identity (x-guichet-identity) an operator command sends when it calls a service's staff
 * route directly, as the gateway would for a signed-in agent of every service.
 */
export function operatorIdentity(id: string, roles: readonly Role[]): string {
  return signIdentity(
    { id, name: id, roles: [...roles], serviceIds: [], allServices: true },
    process.env.GUICHET_IDENTITY_SECRET ?? DEV_IDENTITY_SECRET,
  );
}
