import { randomUUID } from "node:crypto";
import type { Outbox } from "@guichet/db";
import type { StaffIdentity } from "@guichet/web";
import { caseToWork, type DeskStore } from "../desk.store.ts";
import { requireWork } from "../desk-access.ts";
import { auditEvent } from "../desk-events.ts";

export interface AssignCase {
  staff: StaffIdentity;
  requestId: string;
  /** null removes the assignment. */
  assignee: { id: string; name: string } | null;
}

/** Assigns a case to an agent (the one acting, or another one), or removes the assignment. */
export class AssignCaseUseCase {
  constructor(
    private readonly db: DeskStore,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: AssignCase): Promise<void> {
    const at = new Date();
    await this.db.$transaction(async (tx) => {
      const current = await caseToWork(tx, command.requestId);
      requireWork(command.staff, current.serviceId);
      const { assignee } = command;
      await tx.deskCase.update({
        where: { requestId: current.requestId },
        data: { assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null, updatedAt: at },
      });
      await tx.deskEntry.create({
        data: {
          id: randomUUID(),
          requestId: current.requestId,
          kind: "assignment",
          at,
          staffId: command.staff.id,
          staffName: command.staff.name,
          data: { assigneeId: assignee?.id ?? null, assigneeName: assignee?.name ?? null },
        },
      });
      const detail = assignee ? "assigned the request" : "removed the assignment";
      await this.outbox.enqueue(tx, auditEvent(command.staff, current, "change", detail, at));
    });
  }
}
