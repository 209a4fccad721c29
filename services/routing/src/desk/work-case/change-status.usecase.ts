import { randomUUID } from "node:crypto";
import type { ClosingOutcome, DeskStatus } from "@guichet/contracts";
import type { Outbox } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type { StaffIdentity } from "@guichet/web";
import { caseToWork, type DeskStore } from "../desk.store.ts";
import { requireWork } from "../desk-access.ts";
import { auditEvent, statusChangedEvent } from "../desk-events.ts";
import { canMoveTo, STATUS_LABELS } from "../desk-status.ts";

export interface ChangeStatus {
  staff: StaffIdentity;
  requestId: string;
  to: "in-progress" | "waiting-citizen" | "closed";
  /** Citizen-facing (what is missing): required for waiting-citizen. */
  note: string | null;
  /** Required for closed. */
  outcome: ClosingOutcome | null;
}

/** An agent moves a case; every change is a request.status-changed with its time. */
export class ChangeStatusUseCase {
  constructor(
    private readonly db: DeskStore,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: ChangeStatus): Promise<void> {
    const at = new Date();
    await this.db.$transaction(async (tx) => {
      const current = await caseToWork(tx, command.requestId);
      requireWork(command.staff, current.serviceId);
      if (current.queue !== "service" || !current.serviceId)
        throw new AppError("conflict", "Cette demande n’est pas encore attribuée à un service : orientez-la d’abord.");
      const from = current.status as DeskStatus;
      if (!canMoveTo(from, command.to))
        throw new AppError(
          "conflict",
          `Statut : impossible de passer de « ${STATUS_LABELS[from]} » à « ${STATUS_LABELS[command.to]} ».`,
          [
            {
              field: "status",
              message: `Statut : impossible de passer de « ${STATUS_LABELS[from]} » à « ${STATUS_LABELS[command.to]} ».`,
            },
          ],
        );
      const closing = command.to === "closed";
      await tx.deskCase.update({
        where: { requestId: current.requestId },
        data: {
          status: command.to,
          statusChangedAt: at,
          outcome: closing ? command.outcome : null,
          closedAt: closing ? at : null,
          unreadFollowUps: 0,
          updatedAt: at,
        },
      });
      await tx.deskEntry.create({
        data: {
          id: randomUUID(),
          requestId: current.requestId,
          kind: "status",
          at,
          staffId: command.staff.id,
          staffName: command.staff.name,
          body: command.note,
          data: { from, to: command.to, outcome: closing ? command.outcome : null },
        },
      });
      const change = {
        serviceId: current.serviceId,
        from,
        to: command.to,
        assigneeId: current.assigneeId,
        outcome: closing ? command.outcome : null,
        note: command.note,
        byStaffId: command.staff.id,
        at,
      };
      await this.outbox.enqueue(
        tx,
        statusChangedEvent(current, change),
        auditEvent(command.staff, current, "change", `changed status to ${command.to}`, at),
      );
    });
  }
}
