import { createEvent, type Envelope, type EventInput, type EventName } from "@guichet/contracts";
import {
  idsOf as ids,
  newRequest,
  routedData,
  statusData,
  TEST_CITIZEN,
  transferredData,
} from "./reporting.harness.ts";

/**
 * Three requests' events in stream order, with redeliveries, covering every merge rule of the
 * projection: receipt, both receipts sent, routing, triage, a transfer, a reply, pauses (one ended,
 * one left open), a closing and a reopening, a failed acknowledgement.
 */
export function projectionHistory(): Envelope[] {
  const history: Envelope[] = [];
  const add = <N extends EventName>(name: N, data: EventInput<N>) => {
    const event = createEvent(name, data);
    history.push(event);
    return event;
  };
  const a = newRequest("2026-05-13T16:00:00+02:00", "web");
  const b = newRequest("2026-05-23T10:00:00+02:00", "postal");
  const c = newRequest("2026-06-29T09:00:00+02:00", "email");
  const received = (r: typeof a, subjectId: string) =>
    add("requestReceived", {
      ...r,
      siteId: null,
      citizen: TEST_CITIZEN,
      subjectId,
      title: null,
      body: "corps",
      metadata: {},
    });
  const ack = (r: typeof a, kind: "registration" | "acknowledgement", sentAt: string) =>
    add("acknowledgementSent", { ...ids(r), kind, channel: "email", messageId: `m-${sentAt}`, sentAt });
  const routed = (r: typeof a, serviceId: string, calendarId: string, routedAt: string) =>
    add("requestRouted", routedData(r, serviceId, calendarId, routedAt, "P2M"));
  const status = (r: typeof a, from: string, to: string, changedAt: string) =>
    add("requestStatusChanged", statusData(r, "voirie", from, to, changedAt));

  received(a, "voirie.test");
  ack(a, "registration", "2026-05-13T16:02:00+02:00");
  const aRouted = routed(a, "voirie", "back-office", "2026-05-13T16:01:00+02:00");
  ack(a, "acknowledgement", "2026-05-15T09:00:00+02:00");
  history.push(aRouted); // redelivered
  add("requestReplied", {
    ...ids(a),
    serviceId: "voirie",
    replyId: crypto.randomUUID(),
    body: "réponse",
    byStaffId: null,
    repliedAt: "2026-05-18T10:00:00+02:00",
  });
  status(a, "answered", "closed", "2026-05-19T12:30:00+02:00");

  received(b, "etat-civil.test");
  routed(b, "etat-civil", "mairie-siege", "2026-05-23T10:00:01+02:00");
  add("acknowledgementFailed", {
    ...ids(b),
    kind: "acknowledgement",
    channel: "email",
    reason: "smtp-5.1.1",
    permanent: true,
    failedAt: "2026-05-26T09:00:00+02:00",
  });
  ack(b, "acknowledgement", "2026-05-27T09:30:00+02:00");
  const pause = status(b, "new", "waiting-citizen", "2026-05-27T10:00:00+02:00");
  history.push(pause); // redelivered
  status(b, "waiting-citizen", "in-progress", "2026-06-01T10:00:00+02:00");
  status(b, "in-progress", "waiting-citizen", "2026-06-03T15:00:00+02:00"); // left open

  received(c, "voirie.test");
  add("requestSentToTriage", {
    ...ids(c),
    triageServiceId: "accueil",
    reason: "aucune règle",
    catalogVersion: 1,
    queuedAt: "2026-06-29T09:00:01+02:00",
  });
  routed(c, "voirie", "back-office", "2026-06-29T09:30:00+02:00");
  add("requestTransferred", transferredData(c, "voirie", "espaces-verts", "2026-06-29T10:00:00+02:00"));
  status(c, "in-progress", "closed", "2026-06-29T11:00:00+02:00");
  status(c, "closed", "in-progress", "2026-06-29T14:00:00+02:00"); // reopened
  return history;
}

/** Every table the per-request projection writes, in a comparable form. */
export const PROJECTION_SNAPSHOT = {
  facts: "SELECT to_jsonb(f) - 'updated_at' AS row FROM reporting.request_fact f ORDER BY request_id",
  timeline: "SELECT to_jsonb(t) AS row FROM reporting.timeline_event t ORDER BY stream_seq",
  pauses: "SELECT to_jsonb(p) AS row FROM reporting.request_pause p ORDER BY request_id, started_at",
  dirty: "SELECT to_jsonb(d) AS row FROM reporting.sla_rollup_dirty d ORDER BY service_key, day",
  inbox: "SELECT event_id FROM reporting.processed_event ORDER BY event_id",
};
