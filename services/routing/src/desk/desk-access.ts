import { AppError } from "@guichet/runtime";
import { canAccessService, type StaffIdentity } from "@guichet/web";

/**
 * Who may do what on the desk (docs/desk.md). Reception reads across services and may transfer;
 * agents work the requests of their own services; managers read theirs; admins do everything.
 */
export function canRead(staff: StaffIdentity, serviceId: string | null): boolean {
  if (staff.roles.includes("admin") || staff.roles.includes("reception")) return true;
  if (serviceId === null) return false;
  return (staff.roles.includes("agent") || staff.roles.includes("manager")) && canAccessService(staff, serviceId);
}

export function canWork(staff: StaffIdentity, serviceId: string | null): boolean {
  if (staff.roles.includes("admin")) return true;
  return serviceId !== null && staff.roles.includes("agent") && staff.serviceIds.includes(serviceId);
}

export function canTransfer(staff: StaffIdentity, serviceId: string | null): boolean {
  return canWork(staff, serviceId) || staff.roles.includes("reception");
}

const denied = () => new AppError("forbidden", "Cette demande relève d’un service auquel vous n’avez pas accès.");

export function requireRead(staff: StaffIdentity, serviceId: string | null): void {
  if (!canRead(staff, serviceId)) throw denied();
}

export function requireWork(staff: StaffIdentity, serviceId: string | null): void {
  if (!canWork(staff, serviceId)) throw denied();
}

export function requireTransfer(staff: StaffIdentity, serviceId: string | null): void {
  if (!canTransfer(staff, serviceId)) throw denied();
}

/**
 * The services whose queue the person asks to see: one service (checked), or by default every
 * service they may read ("all" for reception, admins and general managers).
 */
export function queueScope(staff: StaffIdentity, serviceId: string | null): readonly string[] | "all" {
  if (serviceId !== null) {
    requireRead(staff, serviceId);
    return [serviceId];
  }
  if (staff.roles.includes("admin") || staff.roles.includes("reception") || staff.allServices) return "all";
  if (staff.serviceIds.length === 0 || !(staff.roles.includes("agent") || staff.roles.includes("manager")))
    throw denied();
  return staff.serviceIds;
}
