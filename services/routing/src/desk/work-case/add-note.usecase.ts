import { randomUUID } from "node:crypto";
import type { Outbox } from "@guichet/db";
import type { StaffIdentity } from "@guichet/web";
import { caseToWork, type DeskStore } from "../desk.store.ts";
import { requireWork } from "../desk-access.ts";
import { auditEvent } from "../desk-events.ts";

export interface AddNote {
  staff: StaffIdentity;
  requestId: string;
  body: string;
}

/** An internal note: visible to the staff only, never sent to the citizen. */
export class AddNoteUseCase {
  constructor(
    private readonly db: DeskStore,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: AddNote): Promise<void> {
    const at = new Date();
    await this.db.$transaction(async (tx) => {
      const current = await caseToWork(tx, command.requestId);
      requireWork(command.staff, current.serviceId);
      await tx.deskEntry.create({
        data: {
          id: randomUUID(),
          requestId: current.requestId,
          kind: "note",
          at,
          staffId: command.staff.id,
          staffName: command.staff.name,
          body: command.body,
        },
      });
      await tx.deskCase.update({ where: { requestId: current.requestId }, data: { updatedAt: at } });
      await this.outbox.enqueue(tx, auditEvent(command.staff, current, "change", "added an internal note", at));
    });
  }
}
