import { randomUUID } from "node:crypto";
import { createEvent } from "@guichet/contracts";
import type { Outbox } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type { StaffIdentity } from "@guichet/web";
import { findSubject, handlingSnapshot } from "../catalog/catalog.ts";
import type { CatalogVersions } from "../catalog-store/catalog-versions.ts";
import { caseToWork, type DeskStore } from "../desk/desk.store.ts";
import { auditEvent } from "../desk/desk-events.ts";

export interface RouteFromTriage {
  staff: StaffIdentity;
  requestId: string;
  subjectId: string;
}

export const MANUAL_EXPLANATION = "routed by reception agent";

/**
 * A reception agent picks the subject of a request waiting in the triage queue: the case moves to
 * the subject's service and request.routed (method manual, with the handling snapshot, so
 * notification sends the acknowledgement) is enqueued in the same transaction.
 */
export class RouteFromTriageUseCase {
  constructor(
    private readonly db: DeskStore,
    private readonly outbox: Outbox,
    private readonly catalogs: CatalogVersions,
  ) {}

  async execute(command: RouteFromTriage): Promise<{ serviceId: string }> {
    const { version, catalog } = this.catalogs.current();
    const subject = findSubject(catalog, command.subjectId);
    if (!subject) {
      const message = `Sujet : « ${command.subjectId} » n’existe pas dans le catalogue.`;
      throw new AppError("validation", message, [{ field: "subjectId", message }]);
    }
    const at = new Date();
    await this.db.$transaction(async (tx) => {
      const current = await caseToWork(tx, command.requestId);
      if (current.queue !== "triage")
        throw new AppError("conflict", "Cette demande n’est pas (ou plus) dans la file de tri.");
      await tx.deskCase.update({
        where: { requestId: current.requestId },
        data: {
          queue: "service",
          serviceId: subject.serviceId,
          subjectId: subject.id,
          status: "new",
          assigneeId: null,
          assigneeName: null,
          placedAt: at,
          statusChangedAt: at,
          updatedAt: at,
        },
      });
      await tx.deskEntry.create({
        data: {
          id: randomUUID(),
          requestId: current.requestId,
          kind: "routed",
          at,
          staffId: command.staff.id,
          staffName: command.staff.name,
          body: MANUAL_EXPLANATION,
          data: { method: "manual", serviceId: subject.serviceId, subjectId: subject.id },
        },
      });
      const routed = createEvent("requestRouted", {
        requestId: current.requestId,
        reference: current.reference,
        serviceId: subject.serviceId,
        subjectId: subject.id,
        method: "manual",
        confidence: 1,
        explanation: MANUAL_EXPLANATION,
        catalogVersion: version,
        handling: handlingSnapshot(catalog, subject.serviceId, subject.id),
        routedAt: at.toISOString(),
      });
      const audit = auditEvent(command.staff, current, "change", `routed from triage to ${subject.id}`, at);
      await this.outbox.enqueue(tx, routed, audit);
    });
    return { serviceId: subject.serviceId };
  }
}
