import { type Envelope, isEvent } from "@guichet/contracts";

export interface FactUpdate {
  /** Columns of request_fact set by this event (first value wins for instants: redeliveries and replays do not move them). */
  columns: Record<string, string | number | null>;
  /** What the timeline shows of the event: facts, never personal data. */
  summary: Record<string, unknown>;
}

/** Maps an event to the facts it establishes; null for events reporting does not project. */
export function factsOf(event: Envelope): FactUpdate | null {
  if (isEvent(event, "requestReceived")) {
    const d = event.data;
    return {
      columns: {
        reference: d.reference,
        channel: d.channel,
        site_id: d.siteId,
        subject_id: d.subjectId,
        received_at: d.receivedAt,
      },
      summary: { channel: d.channel, siteId: d.siteId, subjectId: d.subjectId },
    };
  }
  if (isEvent(event, "requestRouted")) {
    const d = event.data;
    return {
      columns: {
        reference: d.reference,
        service_id: d.serviceId,
        subject_id: d.subjectId,
        routing_method: d.method,
        routed_at: d.routedAt,
      },
      summary: {
        serviceId: d.serviceId,
        subjectId: d.subjectId,
        method: d.method,
        confidence: d.confidence,
        explanation: d.explanation,
      },
    };
  }
  if (isEvent(event, "requestSentToTriage")) {
    const d = event.data;
    return {
      columns: {
        reference: d.reference,
        service_id: d.triageServiceId,
        routing_method: "triage",
        sent_to_triage_at: d.queuedAt,
      },
      summary: { serviceId: d.triageServiceId, reason: d.reason },
    };
  }
  if (isEvent(event, "acknowledgementSent")) {
    const d = event.data;
    const column = d.kind === "registration" ? "registration_sent_at" : "acknowledged_at";
    return { columns: { reference: d.reference, [column]: d.sentAt }, summary: { kind: d.kind, channel: d.channel } };
  }
  if (isEvent(event, "acknowledgementFailed")) {
    const d = event.data;
    return {
      columns:
        d.kind === "acknowledgement"
          ? { reference: d.reference, acknowledgement_failed_at: d.failedAt }
          : { reference: d.reference },
      summary: { kind: d.kind, channel: d.channel, reason: d.reason, permanent: d.permanent },
    };
  }
  return null;
}

export function requestIdOf(event: Envelope): string | null {
  const data = event.data as { requestId?: unknown };
  return typeof data.requestId === "string" ? data.requestId : null;
}
