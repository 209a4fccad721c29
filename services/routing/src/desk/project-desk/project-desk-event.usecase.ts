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
import type pg from "pg";
import { type DeskStore, type DeskTx, lockCase } from "../desk.store.ts";
import { statusChangedEvent } from "../desk-events.ts";
import { ROUTING_SCHEMA_NAME } from "../desk-schema.ts";
import { statusAfterFollowUp } from "../desk-status.ts";

export const DESK_CONSUMER = "routing-desk";

const CASE_TABLE = `"${ROUTING_SCHEMA_NAME}".desk_case`;
const ENTRY_TABLE = `"${ROUTING_SCHEMA_NAME}".desk_entry`;

/**
 * Feeds the desk projection from the events, whatever order they arrive in: each event fills its
 * own part of the case, and a routing fact older than the case's current placement is ignored (our
 * own manual decisions come back on the stream after the case was already updated).
 *
 * Hot path (two events per request: received, then routed or sent to triage): each is ONE SQL
 * statement through pg (data-modifying CTEs: the inbox claim, the case upserted and locked by
 * INSERT … ON CONFLICT DO UPDATE, the timeline entry selecting from the case's update), instead of a
 * Prisma interactive transaction of seven or eight round trips (profiled: docs/performance.md).
 * Follow-ups, rare and with an outbox event, keep the Prisma transaction.
 */
export class ProjectDeskEventUseCase {
  constructor(
    private readonly db: DeskStore,
    private readonly pool: pg.Pool,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
  ) {}

  async execute(event: Envelope): Promise<void> {
    if (isEvent(event, "requestReceived")) await this.received(event.id, event.data);
    else if (isEvent(event, "requestRouted")) await this.routed(event.id, event.data);
    else if (isEvent(event, "requestSentToTriage")) await this.sentToTriage(event.id, event.data);
    else if (isEvent(event, "requestFollowUpReceived")) {
      await this.db.$transaction(async (tx) => {
        if (await this.inbox.claim(tx, DESK_CONSUMER, event.id)) await this.followUp(tx, event);
      });
    }
  }

  private get claim(): string {
    return `claim AS (
      INSERT INTO ${this.inbox.tableName} (consumer, event_id) VALUES ('${DESK_CONSUMER}', $1)
      ON CONFLICT DO NOTHING RETURNING event_id
    )`;
  }

  /** The content of the request, whatever the case's placement (a routing fact may come first). */
  private async received(eventId: string, data: RequestReceivedV1): Promise<void> {
    await this.pool.query(
      `WITH ${this.claim}
       INSERT INTO ${CASE_TABLE} AS c (request_id, reference, channel, site_id, title, body, citizen, received_at)
       SELECT $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::text, $8::jsonb, $9::timestamptz FROM claim
       ON CONFLICT (request_id) DO UPDATE SET reference = excluded.reference, channel = excluded.channel,
         site_id = excluded.site_id, title = excluded.title, body = excluded.body, citizen = excluded.citizen,
         received_at = excluded.received_at`,
      [
        eventId,
        data.requestId,
        data.reference,
        data.channel,
        data.siteId,
        data.title,
        data.body,
        JSON.stringify(data.citizen),
        new Date(data.receivedAt),
      ],
    );
  }

  /**
   * Places the case in a queue and writes the timeline entry, unless the case was placed at or after
   * `at` (a stale routing fact). The case is created when this event comes first (order-safe);
   * `resetWhenMoved` resets status and assignee only when the queue or the service changes.
   */
  private async place(
    eventId: string,
    placement: {
      requestId: string;
      reference: string;
      queue: "service" | "triage";
      serviceId: string;
      subjectId: string | null;
      at: Date;
      resetWhenMoved: boolean;
      kind: "routed" | "triage";
      body: string;
      data: Record<string, unknown>;
    },
  ): Promise<void> {
    const p = placement;
    const moved = p.resetWhenMoved
      ? "(c.queue <> excluded.queue OR c.service_id IS DISTINCT FROM excluded.service_id)"
      : "true";
    await this.pool.query(
      `WITH ${this.claim}, placed AS (
         INSERT INTO ${CASE_TABLE} AS c (request_id, reference, queue, service_id, subject_id, placed_at, status,
           status_changed_at, updated_at)
         SELECT $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::timestamptz, 'new', $7::timestamptz,
           $8::timestamptz FROM claim
         ON CONFLICT (request_id) DO UPDATE SET queue = excluded.queue, service_id = excluded.service_id,
           subject_id = excluded.subject_id, placed_at = excluded.placed_at,
           status = CASE WHEN ${moved} THEN 'new' ELSE c.status END,
           assignee_id = CASE WHEN ${moved} THEN NULL ELSE c.assignee_id END,
           assignee_name = CASE WHEN ${moved} THEN NULL ELSE c.assignee_name END,
           status_changed_at = CASE WHEN ${moved} THEN excluded.placed_at ELSE c.status_changed_at END,
           updated_at = excluded.updated_at
         WHERE c.placed_at IS NULL OR c.placed_at < excluded.placed_at
         RETURNING request_id
       )
       INSERT INTO ${ENTRY_TABLE} (id, request_id, kind, at, body, data)
       SELECT $9::uuid, request_id, $10::text, $7::timestamptz, $11::text, $12::jsonb FROM placed`,
      [
        eventId,
        p.requestId,
        p.reference,
        p.queue,
        p.serviceId,
        p.subjectId,
        p.at,
        new Date(),
        randomUUID(),
        p.kind,
        p.body,
        JSON.stringify(p.data),
      ],
    );
  }

  private async routed(eventId: string, data: RequestRoutedV1): Promise<void> {
    // Follow-ups are attached by the desk itself to the service in charge; a routing decision made
    // for a follow-up must not move the case (which is only made to exist).
    if (data.method === "follow-up") {
      await this.pool.query(
        `WITH ${this.claim}
         INSERT INTO ${CASE_TABLE} (request_id, reference) SELECT $2::uuid, $3::text FROM claim ON CONFLICT DO NOTHING`,
        [eventId, data.requestId, data.reference],
      );
      return;
    }
    await this.place(eventId, {
      requestId: data.requestId,
      reference: data.reference,
      queue: "service",
      serviceId: data.serviceId,
      subjectId: data.subjectId,
      at: new Date(data.routedAt),
      resetWhenMoved: true,
      kind: "routed",
      body: data.explanation,
      data: { method: data.method, serviceId: data.serviceId, subjectId: data.subjectId },
    });
  }

  private async sentToTriage(eventId: string, data: RequestSentToTriageV1): Promise<void> {
    await this.place(eventId, {
      requestId: data.requestId,
      reference: data.reference,
      queue: "triage",
      serviceId: data.triageServiceId,
      subjectId: null,
      at: new Date(data.queuedAt),
      resetWhenMoved: false,
      kind: "triage",
      body: data.reason,
      data: { serviceId: data.triageServiceId },
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
