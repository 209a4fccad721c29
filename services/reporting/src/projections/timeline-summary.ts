import { createHmac } from "node:crypto";
import { type Envelope, isEvent } from "@guichet/contracts";

type Value = string | number | boolean | null;

/**
 * How each column of request_fact merges with what is already there. Events of one request arrive
 * in stream order, but a replay or a redelivery must not move an established instant.
 */
export interface FactUpdate {
  /** Kept once set (receipt, first acknowledgement...). */
  first?: Record<string, Value>;
  /** Overwritten: the latest event wins (current service after a transfer, status, closing). */
  last?: Record<string, Value>;
  /** Earliest wins (first response). */
  min?: Record<string, Value>;
  /** Largest wins (transfer count). */
  max?: Record<string, Value>;
  /** A waiting-for-the-citizen pause starts or ends at this instant. */
  pause?: { start?: string; end?: string };
  /** What the timeline shows of the event: facts, never personal data nor staff identities. */
  summary: Record<string, unknown>;
}

/** Keyed hash of a citizen's e-mail for the follow-up form: reporting never stores the address. */
export function emailMatchHash(key: string, reference: string, email: string): string {
  return createHmac("sha256", key).update(`${reference}\n${email.trim().toLowerCase()}`).digest("hex");
}

/** Maps an event to the facts it establishes; null for events reporting does not project per request. */
export function factsOf(event: Envelope, matchKey: string): FactUpdate | null {
  if (isEvent(event, "requestReceived")) {
    const d = event.data;
    return {
      first: {
        reference: d.reference,
        channel: d.channel,
        site_id: d.siteId,
        subject_id: d.subjectId,
        received_at: d.receivedAt,
        experiment: d.metadata.experiment ?? null,
        email_match_hash: d.citizen.email ? emailMatchHash(matchKey, d.reference, d.citizen.email) : null,
        tracking_token_hash: d.trackingTokenHash,
      },
      summary: { channel: d.channel, siteId: d.siteId, subjectId: d.subjectId },
    };
  }
  if (isEvent(event, "requestRouted")) {
    const d = event.data;
    return {
      first: { reference: d.reference, routing_method: d.method, routed_at: d.routedAt },
      last: {
        service_id: d.serviceId,
        subject_id: d.subjectId,
        calendar_id: d.handling.service.calendarId,
        acknowledgement_target_days: d.handling.targets.acknowledgementBusinessDays,
        first_response_target_days: d.handling.targets.firstResponseBusinessDays,
        resolution_target_days: d.handling.targets.resolutionBusinessDays,
        decision_delay: d.handling.subject?.decisionDelay ?? null,
      },
      summary: {
        serviceId: d.serviceId,
        serviceName: d.handling.service.name,
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
      // Handled by the triage service (central reception) until a human routes it.
      first: {
        reference: d.reference,
        service_id: d.triageServiceId,
        routing_method: "triage",
        sent_to_triage_at: d.queuedAt,
      },
      // Routed later by a human: routing then publishes request.routed, which overwrites the service.
      last: { triage: true },
      summary: { serviceId: d.triageServiceId, reason: d.reason },
    };
  }
  if (isEvent(event, "acknowledgementSent")) {
    const d = event.data;
    const column = d.kind === "registration" ? "registration_sent_at" : "acknowledged_at";
    return {
      first: { reference: d.reference },
      min: { [column]: d.sentAt },
      summary: { kind: d.kind, channel: d.channel },
    };
  }
  if (isEvent(event, "acknowledgementFailed")) {
    const d = event.data;
    return {
      first:
        d.kind === "acknowledgement"
          ? { reference: d.reference, acknowledgement_failed_at: d.failedAt }
          : { reference: d.reference },
      summary: { kind: d.kind, channel: d.channel, reason: d.reason, permanent: d.permanent },
    };
  }
  if (isEvent(event, "requestTransferred")) {
    const d = event.data;
    return {
      last: {
        service_id: d.toServiceId,
        subject_id: d.subjectId,
        calendar_id: d.handling.service.calendarId,
        first_response_target_days: d.handling.targets.firstResponseBusinessDays,
        resolution_target_days: d.handling.targets.resolutionBusinessDays,
        decision_delay: d.handling.subject?.decisionDelay ?? null,
      },
      max: { transfer_count: d.transferCount },
      summary: {
        fromServiceId: d.fromServiceId,
        toServiceId: d.toServiceId,
        serviceName: d.handling.service.name,
        transferCount: d.transferCount,
      },
    };
  }
  if (isEvent(event, "requestStatusChanged")) {
    const d = event.data;
    const last: Record<string, Value> = { status: d.to, outcome: d.outcome };
    if (d.to === "closed") last.closed_at = d.changedAt;
    else if (d.from === "closed") last.closed_at = null; // reopened: the resolution clock runs again
    const pause: FactUpdate["pause"] = {};
    if (d.to === "waiting-citizen" && d.from !== "waiting-citizen") pause.start = d.changedAt;
    if (d.from === "waiting-citizen" && d.to !== "waiting-citizen") pause.end = d.changedAt;
    return {
      last,
      min: d.to === "answered" ? { first_response_at: d.changedAt } : {},
      pause,
      // The note is written for the citizen (missing documents...); staff identities stay out.
      summary: { serviceId: d.serviceId, from: d.from, to: d.to, outcome: d.outcome, note: d.note },
    };
  }
  if (isEvent(event, "requestReplied")) {
    const d = event.data;
    return { min: { first_response_at: d.repliedAt }, summary: { serviceId: d.serviceId } };
  }
  if (isEvent(event, "requestFollowUpReceived")) {
    return { summary: { channel: event.data.channel } };
  }
  if (isEvent(event, "messageSent")) {
    return { summary: { kind: event.data.kind, channel: event.data.channel } };
  }
  if (isEvent(event, "messageFailed")) {
    const d = event.data;
    return { summary: { kind: d.kind, channel: d.channel, reason: d.reason, permanent: d.permanent } };
  }
  if (isEvent(event, "slaAlert")) {
    const d = event.data;
    return { summary: { measure: d.measure, level: d.level, deadline: d.deadline } };
  }
  return null;
}

export function requestIdOf(event: Envelope): string | null {
  const data = event.data as { requestId?: unknown };
  return typeof data.requestId === "string" ? data.requestId : null;
}
