import { randomUUID } from "node:crypto";
import { createEvent } from "@guichet/contracts";
import type { Outbox } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type { StaffIdentity } from "@guichet/web";
import { findService, findSubject, handlingSnapshot } from "../../catalog/catalog.ts";
import type { CatalogVersions } from "../../catalog-store/catalog-versions.ts";
import { caseToWork, type DeskStore } from "../desk.store.ts";
import { requireTransfer } from "../desk-access.ts";
import { auditEvent } from "../desk-events.ts";

export interface TransferCase {
  staff: StaffIdentity;
  requestId: string;
  toServiceId: string | null;
  subjectId: string | null;
  reason: string;
}

/**
 * Sends a case to another service with a reason. Each transfer is an event carrying the running
 * count (a bounced citizen is a quality failure managers must see) and the new service's handling
 * snapshot; the case lands in the new service's queue as new, unassigned.
 */
export class TransferCaseUseCase {
  constructor(
    private readonly db: DeskStore,
    private readonly outbox: Outbox,
    private readonly catalogs: CatalogVersions,
  ) {}

  async execute(command: TransferCase): Promise<{ transferCount: number }> {
    const { version, catalog } = this.catalogs.current();
    const target = resolveTarget(command, catalog);
    const at = new Date();
    return this.db.$transaction(async (tx) => {
      const current = await caseToWork(tx, command.requestId);
      requireTransfer(command.staff, current.serviceId);
      if (current.queue !== "service" || !current.serviceId)
        throw new AppError("conflict", "Cette demande est dans la file de tri : orientez-la depuis le tri.");
      if (current.status === "closed")
        throw new AppError("conflict", "Cette demande est clôturée : rouvrez-la avant de la transférer.");
      if (target.service.id === current.serviceId) {
        const message = "Service destinataire : ce service est déjà en charge de la demande.";
        throw new AppError("validation", message, [{ field: "toServiceId", message }]);
      }
      // The subject's targets belong to the procedure: a transfer without a new subject keeps it.
      const subjectId = target.subjectId ?? current.subjectId;
      const transferCount = current.transferCount + 1;
      const toTriage = target.service.role === "triage";
      await tx.deskCase.update({
        where: { requestId: current.requestId },
        data: {
          queue: toTriage ? "triage" : "service",
          serviceId: target.service.id,
          subjectId: toTriage ? null : subjectId,
          status: "new",
          assigneeId: null,
          assigneeName: null,
          transferCount,
          placedAt: at,
          statusChangedAt: at,
          outcome: null,
          updatedAt: at,
        },
      });
      await tx.deskEntry.create({
        data: {
          id: randomUUID(),
          requestId: current.requestId,
          kind: "transfer",
          at,
          staffId: command.staff.id,
          staffName: command.staff.name,
          body: command.reason,
          data: { fromServiceId: current.serviceId, toServiceId: target.service.id, subjectId, transferCount },
        },
      });
      const transferred = createEvent("requestTransferred", {
        requestId: current.requestId,
        reference: current.reference,
        fromServiceId: current.serviceId,
        toServiceId: target.service.id,
        subjectId,
        reason: command.reason,
        transferCount,
        byStaffId: command.staff.id,
        catalogVersion: version,
        handling: handlingSnapshot(catalog, target.service.id, subjectId),
        transferredAt: at.toISOString(),
      });
      const audit = auditEvent(command.staff, current, "change", `transferred to ${target.service.id}`, at);
      await this.outbox.enqueue(tx, transferred, audit);
      return { transferCount };
    });
  }
}

function resolveTarget(command: TransferCase, catalog: Parameters<typeof findService>[0]) {
  if (command.subjectId !== null) {
    const subject = findSubject(catalog, command.subjectId);
    if (!subject) {
      const message = `Sujet : « ${command.subjectId} » n’existe pas dans le catalogue.`;
      throw new AppError("validation", message, [{ field: "subjectId", message }]);
    }
    if (command.toServiceId !== null && command.toServiceId !== subject.serviceId) {
      const message = `Service destinataire : le sujet « ${subject.id} » relève du service « ${subject.serviceId} ».`;
      throw new AppError("validation", message, [{ field: "toServiceId", message }]);
    }
    const service = findService(catalog, subject.serviceId);
    if (!service) throw new AppError("unavailable", "Catalogue incohérent : service du sujet introuvable.");
    return { service, subjectId: subject.id as string | null };
  }
  const service = command.toServiceId === null ? undefined : findService(catalog, command.toServiceId);
  if (!service) {
    const message =
      command.toServiceId === null
        ? "Service destinataire : choisissez un service ou un sujet."
        : `Service destinataire : « ${command.toServiceId} » n’existe pas dans le catalogue.`;
    throw new AppError("validation", message, [{ field: "toServiceId", message }]);
  }
  return { service, subjectId: null as string | null };
}
