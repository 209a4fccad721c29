import { randomUUID } from "node:crypto";
import {
  type DeskStatus,
  type Envelope,
  isEvent,
  type RequestFollowUpReceivedV1,
  type RequestReceivedV1,
  type RequestRoutedV1,
  type RequestSentToTriageV1,
} from "@guichet/contracts";
import type { Inbox, Outbox } from "@guichet/db";
import { type DeskStore, type DeskTx, lockCase } from "../desk.store.ts";
import { statusChangedEvent } from "../desk-events.ts";
import { statusAfterFollowUp } from "../desk-status.ts";

export const DESK_CONSUMER = "routing-desk";

/**
 * Feeds the desk projection from the events, whatever order they arrive in: each event fills its
 * own part of the case, and a routing fact older than the case's current placement is ignored (our
 * own manual decisions come back on the stream after the case was already updated).
 */
export class ProjectDeskEventUseCase {
  constructor(
    private readonly db: DeskStore,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
  ) {}

  async execute(event: Envelope): Promise<void> {
    await this.db.$transaction(async (tx) => {
      if (!(await this.inbox.claim(tx, DESK_CONSUMER, event.id))) return;
      if (isEvent(event, "requestReceived")) await this.received(tx, event.data);
      else if (isEvent(event, "requestRouted")) await this.routed(tx, event.data);
      else if (isEvent(event, "requestSentToTriage")) await this.sentToTriage(tx, event.data);
      else if (isEvent(event, "requestFollowUpReceived")) await this.followUp(tx, event);
    });
  }

  private async received(tx: DeskTx, data: RequestReceivedV1): Promise<void> {
    await lockCase(tx, data.requestId, data.reference);
    await tx.deskCase.update({
      where: { requestId: data.requestId },
      data: {
        reference: data.reference,
        channel: data.channel,
        siteId: data.siteId,
        title: data.title,
        body: data.body,
        citizen: data.citizen,
        receivedAt: new Date(data.receivedAt),
      },
    });
  }

  private async routed(tx: DeskTx, data: RequestRoutedV1): Promise<void> {
    const at = new Date(data.routedAt);
    const current = await lockCase(tx, data.requestId, data.reference);
    // Follow-ups are attached by the desk itself to the service in charge; a routing decision made
    // for a follow-up must not move the case.
    if (data.method === "follow-up") return;
    if (current.placedAt && current.placedAt >= at) return;
    const moved = current.queue !== "service" || current.serviceId !== data.serviceId;
    await tx.deskCase.update({
      where: { requestId: data.requestId },
      data: {
        queue: "service",
        serviceId: data.serviceId,
        subjectId: data.subjectId,
        placedAt: at,
        ...(moved ? { status: "new", assigneeId: null, assigneeName: null, statusChangedAt: at } : {}),
        updatedAt: new Date(),
      },
    });
    await tx.deskEntry.create({
      data: {
        id: randomUUID(),
        requestId: data.requestId,
        kind: "routed",
        at,
        body: data.explanation,
        data: { method: data.method, serviceId: data.serviceId, subjectId: data.subjectId },
      },
    });
  }

  private async sentToTriage(tx: DeskTx, data: RequestSentToTriageV1): Promise<void> {
    const at = new Date(data.queuedAt);
    const current = await lockCase(tx, data.requestId, data.reference);
    if (current.placedAt && current.placedAt >= at) return;
    await tx.deskCase.update({
      where: { requestId: data.requestId },
      data: {
        queue: "triage",
        serviceId: data.triageServiceId,
        subjectId: null,
        placedAt: at,
        status: "new",
        assigneeId: null,
        assigneeName: null,
        statusChangedAt: at,
        updatedAt: new Date(),
      },
    });
    await tx.deskEntry.create({
      data: {
        id: randomUUID(),
        requestId: data.requestId,
        kind: "triage",
        at,
        body: data.reason,
        data: { serviceId: data.triageServiceId },
      },
    });
  }

  /** Follow-ups attach to the case, hence to whichever service is in charge now or later. */
  private async followUp(tx: DeskTx, event: Envelope<RequestFollowUpReceivedV1>): Promise<void> {
    const data = event.data;
    const current = await lockCase(tx, data.requestId, data.reference);
    const known = await tx.deskEntry.findUnique({ where: { id: data.followUpId }, select: { id: true } });
    if (known) return;
    const at = new Date(data.receivedAt);
    await tx.deskEntry.create({
      data: {
        id: data.followUpId,
        requestId: data.requestId,
        kind: "follow-up",
        at,
        body: data.body,
        data: { channel: data.channel, title: data.title, attachments: data.attachments },
      },
    });
    const from = current.status as DeskStatus;
    const to = current.queue === "service" ? statusAfterFollowUp(from) : from;
    await tx.deskCase.update({
      where: { requestId: data.requestId },
      data: {
        unreadFollowUps: { increment: 1 },
        ...(to !== from ? { status: to, statusChangedAt: at } : {}),
        updatedAt: new Date(),
      },
    });
    if (to !== from && current.serviceId) {
      const change = {
        serviceId: current.serviceId,
        from,
        to,
        assigneeId: current.assigneeId,
        outcome: null,
        note: null,
        byStaffId: null,
        at,
      };
      await this.outbox.enqueue(tx, statusChangedEvent(current, change, event));
      await tx.deskEntry.create({
        data: { id: randomUUID(), requestId: data.requestId, kind: "status", at, data: { from, to } },
      });
    }
  }
}
