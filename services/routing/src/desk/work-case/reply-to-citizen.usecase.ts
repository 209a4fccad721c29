import { randomUUID } from "node:crypto";
import { createEvent, type DeskStatus, type Envelope } from "@guichet/contracts";
import type { Outbox } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type { StaffIdentity } from "@guichet/web";
import { caseToWork, type DeskStore } from "../desk.store.ts";
import { requireWork } from "../desk-access.ts";
import { auditEvent, statusChangedEvent } from "../desk-events.ts";

export interface ReplyToCitizen {
  staff: StaffIdentity;
  requestId: string;
  body: string;
  /** Idempotency: a reply already recorded under this id is not sent again. */
  replyId: string | null;
}

/**
 * The agent's answer: kept on the case, handed to notification as request.replied, and the case
 * becomes answered (request.status-changed), all in one transaction.
 */
export class ReplyToCitizenUseCase {
  constructor(
    private readonly db: DeskStore,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: ReplyToCitizen): Promise<{ replyId: string }> {
    const at = new Date();
    const replyId = command.replyId ?? randomUUID();
    await this.db.$transaction(async (tx) => {
      const current = await caseToWork(tx, command.requestId);
      requireWork(command.staff, current.serviceId);
      const known = await tx.deskEntry.findUnique({ where: { id: replyId }, select: { requestId: true, kind: true } });
      if (known) {
        if (known.requestId !== current.requestId || known.kind !== "reply")
          throw new AppError("conflict", "Réponse : cet identifiant est déjà utilisé.");
        return; // a double submission: already recorded and handed to notification
      }
      if (current.queue !== "service" || !current.serviceId)
        throw new AppError("conflict", "Cette demande n’est pas encore attribuée à un service : orientez-la d’abord.");
      if (current.status === "closed")
        throw new AppError("conflict", "Cette demande est clôturée : rouvrez-la avant de répondre.");
      const from = current.status as DeskStatus;
      await tx.deskCase.update({
        where: { requestId: current.requestId },
        data: {
          status: "answered",
          ...(from !== "answered" ? { statusChangedAt: at } : {}),
          firstRepliedAt: current.firstRepliedAt ?? at,
          unreadFollowUps: 0,
          updatedAt: at,
        },
      });
      await tx.deskEntry.create({
        data: {
          id: replyId,
          requestId: current.requestId,
          kind: "reply",
          at,
          staffId: command.staff.id,
          staffName: command.staff.name,
          body: command.body,
        },
      });
      const replied = createEvent("requestReplied", {
        requestId: current.requestId,
        reference: current.reference,
        serviceId: current.serviceId,
        replyId,
        body: command.body,
        byStaffId: command.staff.id,
        repliedAt: at.toISOString(),
      });
      const events: Envelope[] = [replied, auditEvent(command.staff, current, "change", "replied to the citizen", at)];
      if (from !== "answered") {
        const change = {
          serviceId: current.serviceId,
          from,
          to: "answered" as const,
          assigneeId: current.assigneeId,
          outcome: null,
          note: null,
          byStaffId: command.staff.id,
          at,
        };
        events.splice(1, 0, statusChangedEvent(current, change, replied));
      }
      await this.outbox.enqueue(tx, ...events);
    });
    return { replyId };
  }
}
