import type { Role } from "@guichet/web";

export interface ClaimsMapping {
  rolesClaim: string;
  servicesClaim: string;
  roleMap: ReadonlyMap<string, Role>;
}

export interface DirectoryAccess {
  subject: string;
  name: string;
  roles: Role[];
  serviceIds: string[];
  allServices: boolean;
}

function listOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  if (typeof value === "string") return value.split(/[\s,]+/).filter(Boolean);
  return [];
}

/**
 * Roles and services from the directory's ID token claims. Unknown group values are ignored; `*` in
 * the services claim, or the reception role, gives access across services.
 */
export function accessFromClaims(claims: Record<string, unknown>, mapping: ClaimsMapping): DirectoryAccess {
  const roles = [
    ...new Set(listOf(claims[mapping.rolesClaim]).flatMap((value) => mapping.roleMap.get(value) ?? [])),
  ].sort();
  const services = listOf(claims[mapping.servicesClaim]);
  const subject = String(claims.sub ?? "");
  const name = [claims.name, claims.preferred_username, subject].find((v) => typeof v === "string" && v) as string;
  return {
    subject,
    name: name.slice(0, 200),
    roles,
    serviceIds: services.filter((s) => s !== "*").sort(),
    allServices: services.includes("*") || roles.includes("reception"),
  };
}
