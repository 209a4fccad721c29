import { type RequestLike, requireStaff, type StaffIdentity } from "@guichet/web";
import type { ServiceScope } from "./report-params.ts";

/** Managers read the reports of their services; the general manager and admins read all. */
function reportScope(staff: StaffIdentity): ServiceScope {
  return staff.allServices || staff.roles.includes("admin") ? null : staff.serviceIds;
}

export function requireReportReader(
  request: RequestLike,
  secret: string,
): { staff: StaffIdentity; scope: ServiceScope } {
  const staff = requireStaff(request, secret, ["manager", "admin"]);
  return { staff, scope: reportScope(staff) };
}
