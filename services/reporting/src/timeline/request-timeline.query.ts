import { AppError } from "@guichet/runtime";
import type pg from "pg";

interface FactRow {
  request_id: string;
  reference: string;
  channel: string | null;
  service_id: string | null;
  subject_id: string | null;
  routing_method: string | null;
  received_at: Date | null;
  routed_at: Date | null;
  sent_to_triage_at: Date | null;
  registration_sent_at: Date | null;
  acknowledged_at: Date | null;
}

interface EventRow {
  type: string;
  version: number;
  occurred_at: Date;
  summary: Record<string, unknown>;
}

export interface RequestTimeline {
  requestId: string;
  reference: string;
  channel: string | null;
  serviceId: string | null;
  subjectId: string | null;
  routingMethod: string | null;
  receivedAt: string | null;
  events: { type: string; version: number; occurredAt: string; summary: Record<string, unknown> }[];
  delays: {
    receiptToRoutingMs: number | null;
    receiptToRegistrationMs: number | null;
    receiptToAcknowledgementMs: number | null;
  };
}

function between(from: Date | null, to: Date | null): number | null {
  return from && to ? to.getTime() - from.getTime() : null;
}

/** A request's timeline and its measured delays, by reference. */
export class RequestTimelineQuery {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
  ) {}

  async byReference(reference: string): Promise<RequestTimeline> {
    const facts = await this.pool.query<FactRow>(`SELECT * FROM "${this.schema}".request_fact WHERE reference = $1`, [
      reference,
    ]);
    const fact = facts.rows[0];
    if (!fact) throw new AppError("not-found", `aucune demande ${reference}`);
    const events = await this.pool.query<EventRow>(
      `SELECT type, version, occurred_at, summary FROM "${this.schema}".timeline_event WHERE request_id = $1 ORDER BY occurred_at, stream_seq`,
      [fact.request_id],
    );
    return {
      requestId: fact.request_id,
      reference: fact.reference,
      channel: fact.channel,
      serviceId: fact.service_id,
      subjectId: fact.subject_id,
      routingMethod: fact.routing_method,
      receivedAt: fact.received_at?.toISOString() ?? null,
      events: events.rows.map((e) => ({
        type: e.type,
        version: e.version,
        occurredAt: e.occurred_at.toISOString(),
        // The citizen-facing note of a status change is shown on /suivi (matched on the citizen's
        // hash) only: this API answers on the reference alone.
        summary: Object.fromEntries(Object.entries(e.summary).filter(([key]) => key !== "note")),
      })),
      delays: {
        receiptToRoutingMs: between(fact.received_at, fact.routed_at ?? fact.sent_to_triage_at),
        receiptToRegistrationMs: between(fact.received_at, fact.registration_sent_at),
        receiptToAcknowledgementMs: between(fact.received_at, fact.acknowledged_at),
      },
    };
  }
}
