import type { z } from "zod";
import {
  appointmentAttendanceRecordedV1,
  appointmentBookedV1,
  appointmentCancelledV1,
  appointmentReminderDueV1,
  appointmentRescheduledV1,
  roomBookingDecidedV1,
  roomBookingRequestedV1,
} from "./appointments.events.ts";
import { type Envelope, type EnvelopeOrigin, envelopeSchema, makeEnvelope } from "./envelope.ts";
import {
  acknowledgementFailedV1,
  acknowledgementSentV1,
  auditRecordedV1,
  callRecordedV1,
  messageBouncedV1,
  messageFailedV1,
  messageSentV1,
  requestFollowUpReceivedV1,
  requestReceivedV1,
  requestRepliedV1,
  requestRoutedV1,
  requestSentToTriageV1,
  requestStatusChangedV1,
  requestTransferredV1,
  slaAlertV1,
} from "./events.ts";
import { experimentDefinedV1, surveyAnsweredV1, surveyInvitedV1 } from "./satisfaction.events.ts";

/** How a consumer of this event is delivered its messages. */
export interface DeliveryPolicy {
  /** How long the server waits for an ack before redelivering. */
  ackWaitMs: number;
  /** Deliveries before the message goes to the dead-letter subject. */
  maxDeliver: number;
  /** Delay before each redelivery after a failure (the last value repeats). */
  backoffMs: number[];
}

export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  version: number;
  schema: S;
  policy: DeliveryPolicy;
}

const standard: DeliveryPolicy = { ackWaitMs: 30_000, maxDeliver: 8, backoffMs: [1_000, 5_000, 30_000, 120_000] };

function define<S extends z.ZodType>(type: string, version: number, schema: S, policy = standard): EventDefinition<S> {
  return { type, version, schema, policy };
}

/**
 * The message catalogue: every event a service may publish or consume. Producers and consumers
 * both go through it, so a payload is never `unknown` once it passed the edge.
 */
export const events = {
  requestReceived: define("request.received", 1, requestReceivedV1),
  requestRouted: define("request.routed", 1, requestRoutedV1),
  requestSentToTriage: define("request.sent-to-triage", 1, requestSentToTriageV1),
  acknowledgementSent: define("acknowledgement.sent", 1, acknowledgementSentV1),
  acknowledgementFailed: define("acknowledgement.failed", 1, acknowledgementFailedV1),
  requestFollowUpReceived: define("request.follow-up-received", 1, requestFollowUpReceivedV1),
  requestTransferred: define("request.transferred", 1, requestTransferredV1),
  requestStatusChanged: define("request.status-changed", 1, requestStatusChangedV1),
  requestReplied: define("request.replied", 1, requestRepliedV1),
  messageBounced: define("message.bounced", 1, messageBouncedV1),
  messageSent: define("message.sent", 1, messageSentV1),
  messageFailed: define("message.failed", 1, messageFailedV1),
  callRecorded: define("call.recorded", 1, callRecordedV1),
  slaAlert: define("sla.alert", 1, slaAlertV1),
  auditRecorded: define("audit.recorded", 1, auditRecordedV1),
  surveyInvited: define("survey.invited", 1, surveyInvitedV1),
  surveyAnswered: define("survey.answered", 1, surveyAnsweredV1),
  experimentDefined: define("experiment.defined", 1, experimentDefinedV1),
  appointmentBooked: define("appointment.booked", 1, appointmentBookedV1),
  appointmentRescheduled: define("appointment.rescheduled", 1, appointmentRescheduledV1),
  appointmentCancelled: define("appointment.cancelled", 1, appointmentCancelledV1),
  appointmentReminderDue: define("appointment.reminder-due", 1, appointmentReminderDueV1),
  appointmentAttendanceRecorded: define("appointment.attendance-recorded", 1, appointmentAttendanceRecordedV1),
  roomBookingRequested: define("room-booking.requested", 1, roomBookingRequestedV1),
  roomBookingDecided: define("room-booking.decided", 1, roomBookingDecidedV1),
} as const;

export type EventName = keyof typeof events;
export type EventData<N extends EventName> = z.infer<(typeof events)[N]["schema"]>;
/** What a producer passes: fields with defaults may be left out. */
export type EventInput<N extends EventName> = z.input<(typeof events)[N]["schema"]>;

/** The NATS subject of an event: `<namespace>.<type>.v<version>`, e.g. `guichet.request.received.v1`. */
export function subjectOf(namespace: string, def: Pick<EventDefinition, "type" | "version">): string {
  return `${namespace}.${def.type}.v${def.version}`;
}

const byTypeVersion = new Map<string, EventDefinition>(
  Object.values(events).map((def) => [`${def.type}.v${def.version}`, def]),
);

export function findDefinition(type: string, version: number): EventDefinition | undefined {
  return byTypeVersion.get(`${type}.v${version}`);
}

export function createEvent<N extends EventName>(
  name: N,
  data: EventInput<N>,
  origin?: EnvelopeOrigin,
): Envelope<EventData<N>> {
  const def = events[name];
  return makeEnvelope(def.type, def.version, def.schema.parse(data) as EventData<N>, origin);
}

export class ContractError extends Error {
  constructor(
    message: string,
    readonly issues: readonly { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = "ContractError";
  }
}

function describe(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
}

/** Parses raw bytes into an envelope whose data matches its registered schema. */
export function parseEvent(raw: Uint8Array | string): Envelope {
  const text = typeof raw === "string" ? raw : new TextDecoder().decode(raw);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ContractError("event is not valid JSON");
  }
  const envelope = envelopeSchema.safeParse(json);
  if (!envelope.success) throw new ContractError("invalid event envelope", describe(envelope.error));
  const def = findDefinition(envelope.data.type, envelope.data.version);
  if (!def) throw new ContractError(`unknown event ${envelope.data.type} v${envelope.data.version}`);
  const data = def.schema.safeParse(envelope.data.data);
  if (!data.success)
    throw new ContractError(`invalid ${envelope.data.type} v${envelope.data.version}`, describe(data.error));
  return { ...envelope.data, data: data.data };
}

/** Narrows a parsed envelope to a given event. */
export function isEvent<N extends EventName>(envelope: Envelope, name: N): envelope is Envelope<EventData<N>> {
  return envelope.type === events[name].type && envelope.version === events[name].version;
}
