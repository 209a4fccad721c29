import { AppError } from "@guichet/runtime";
import { IDENTITY_HEADER, type Role, type StaffIdentity, verifyIdentity } from "./identity.ts";

/** The part of an HTTP request these helpers read (Express and Node requests both fit). */
export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
}

function header(request: RequestLike, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The signed staff identity of the request, or null for an anonymous (citizen) request. */
export function staffOf(request: RequestLike, secret: string): StaffIdentity | null {
  return verifyIdentity(header(request, IDENTITY_HEADER), secret);
}

/**
 * The staff member making the request, who must hold one of `roles` (any role when empty).
 * 401 without a valid identity, 403 without the role. Call it first in every staff endpoint.
 */
export function requireStaff(request: RequestLike, secret: string, roles: readonly Role[] = []): StaffIdentity {
  const staff = staffOf(request, secret);
  if (!staff) throw new AppError("unauthenticated", "Connexion requise.");
  if (roles.length > 0 && !staff.roles.some((role) => roles.includes(role)))
    throw new AppError("forbidden", "Vous n’avez pas les droits nécessaires pour cette action.");
  return staff;
}

/** Whether the person may see and work the requests of a catalogue service. */
export function canAccessService(staff: StaffIdentity, serviceId: string): boolean {
  return staff.allServices || staff.roles.includes("admin") || staff.serviceIds.includes(serviceId);
}

/** 403 unless `canAccessService`. */
export function requireServiceAccess(staff: StaffIdentity, serviceId: string): void {
  if (!canAccessService(staff, serviceId))
    throw new AppError("forbidden", "Cette demande relève d’un service auquel vous n’avez pas accès.");
}
