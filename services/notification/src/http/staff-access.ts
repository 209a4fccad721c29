import { type ServiceInfrastructure } from "@guichet/runtime";
import { type RequestLike, requireStaff, type StaffIdentity } from "@guichet/web";

/**
 * Who may call notification's APIs. The web gateway authenticates staff and signs their identity
 * (@guichet/web); every endpoint calls one of these first.
 */
export function requireAnyStaff(request: RequestLike, infrastructure: ServiceInfrastructure): StaffIdentity {
  return requireStaff(request, infrastructure.options.identitySecret);
}

/** Counter staff print receipts; the mail room (reception) takes print batches. */
export function requireFrontOffice(request: RequestLike, infrastructure: ServiceInfrastructure): StaffIdentity {
  return requireStaff(request, infrastructure.options.identitySecret, ["reception", "agent", "manager", "admin"]);
}

export function requireMailRoom(request: RequestLike, infrastructure: ServiceInfrastructure): StaffIdentity {
  return requireStaff(request, infrastructure.options.identitySecret, ["reception", "manager", "admin"]);
}

/** The admin-role guard of the template APIs (the town's wording is the administration's word). */
export function requireTemplateAdmin(request: RequestLike, infrastructure: ServiceInfrastructure): StaffIdentity {
  return requireStaff(request, infrastructure.options.identitySecret, ["admin"]);
}
