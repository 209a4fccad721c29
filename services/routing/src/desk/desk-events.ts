import { type ClosingOutcome, createEvent, type DeskStatus } from "@guichet/contracts";
import type { StaffIdentity } from "@guichet/web";

interface CaseRef {
  requestId: string;
  reference: string;
}

/** audit.recorded: who viewed or changed a request's personal data (the data itself never travels). */
export function auditEvent(staff: StaffIdentity, c: CaseRef, action: "view" | "change", detail: string, at: Date) {
  return createEvent("auditRecorded", {
    staffId: staff.id,
    action,
    resource: "request",
    requestId: c.requestId,
    reference: c.reference,
    detail,
    service: "routing",
    at: at.toISOString(),
  });
}

export interface StatusChange {
  serviceId: string;
  from: DeskStatus;
  to: DeskStatus;
  assigneeId: string | null;
  outcome: ClosingOutcome | null;
  note: string | null;
  byStaffId: string | null;
  at: Date;
}

export function statusChangedEvent(c: CaseRef, change: StatusChange, cause?: { id: string; correlationId: string }) {
  return createEvent(
    "requestStatusChanged",
    {
      requestId: c.requestId,
      reference: c.reference,
      serviceId: change.serviceId,
      from: change.from,
      to: change.to,
      assigneeId: change.assigneeId,
      outcome: change.outcome,
      note: change.note,
      byStaffId: change.byStaffId,
      changedAt: change.at.toISOString(),
    },
    cause ? { cause } : undefined,
  );
}
