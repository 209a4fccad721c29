import { createEvent, type Envelope } from "@guichet/contracts";
import type { StoredContent } from "../acknowledgements/message-composer.ts";
import type { DeliveryChannel } from "../policy/notification-policy.ts";

/** The stored message fields the delivery events are built from. */
export interface MessageRef {
  request_id: string;
  reference: string;
  kind: string;
  channel: DeliveryChannel;
  message_id: string;
  causation_event_id: string;
  correlation_id: string;
  /** The stored content (a survey invitation's sent event is built from it). */
  content?: StoredContent | null;
}

const RECEIPTS = new Set(["registration", "acknowledgement"]);

function causeOf(row: MessageRef): Pick<Envelope, "id" | "correlationId"> {
  return { id: row.causation_event_id, correlationId: row.correlation_id };
}

/**
 * Appointment messages are about an appointment, not a request: request events (message.sent,
 * message.failed) would make reporting project a request that does not exist. Their delivery is
 * kept in the message table (status, attempts, last error) and in the logs.
 */
const NOT_REQUEST_MESSAGES = new Set(["appointment"]);

/**
 * acknowledgement.sent for the two receipts, survey.invited for a survey invitation (its link's
 * hash is what the survey page matches), message.sent for every other message; null for appointments.
 */
export function sentEvent(row: MessageRef, sentAt: Date): Envelope | null {
  if (NOT_REQUEST_MESSAGES.has(row.kind)) return null;
  if (row.kind === "survey") {
    if (row.content?.type !== "survey") throw new Error("survey message without its content");
    const survey = row.content.content;
    return createEvent(
      "surveyInvited",
      {
        requestId: row.request_id,
        reference: row.reference,
        serviceId: survey.serviceId,
        channel: row.channel === "sms" ? "sms" : "email",
        tokenHash: survey.tokenHash,
        invitedAt: sentAt.toISOString(),
      },
      { cause: causeOf(row) },
    );
  }
  const common = {
    requestId: row.request_id,
    reference: row.reference,
    channel: row.channel,
    messageId: row.message_id,
    sentAt: sentAt.toISOString(),
  };
  return RECEIPTS.has(row.kind)
    ? createEvent("acknowledgementSent", { ...common, kind: row.kind as "registration" }, { cause: causeOf(row) })
    : createEvent("messageSent", { ...common, kind: row.kind as "reply" }, { cause: causeOf(row) });
}

/**
 * acknowledgement.failed / message.failed: a code, never the citizen's address. Null for a survey
 * invitation (optional, it is only logged: the survey is then asked at the counter or on the phone)
 * and for appointment messages.
 */
export function failedEvent(
  row: MessageRef,
  reason: string,
  permanent: boolean,
  failedAt = new Date(),
): Envelope | null {
  if (row.kind === "survey" || NOT_REQUEST_MESSAGES.has(row.kind)) return null;
  const common = {
    requestId: row.request_id,
    reference: row.reference,
    channel: row.channel,
    reason,
    permanent,
    failedAt: failedAt.toISOString(),
  };
  return RECEIPTS.has(row.kind)
    ? createEvent("acknowledgementFailed", { ...common, kind: row.kind as "registration" }, { cause: causeOf(row) })
    : createEvent("messageFailed", { ...common, kind: row.kind as "reply" }, { cause: causeOf(row) });
}

/**
 * A message the policy says must be sent but no channel can carry (no e-mail, phone or postal
 * address usable): a permanent failure agents must see, on channel "none".
 */
export function unreachableEvent(
  message: { requestId: string; reference: string; kind: string },
  cause: Pick<Envelope, "id" | "correlationId">,
): Envelope {
  const common = {
    requestId: message.requestId,
    reference: message.reference,
    channel: "none" as const,
    reason: "no-usable-contact",
    permanent: true,
    failedAt: new Date().toISOString(),
  };
  return RECEIPTS.has(message.kind)
    ? createEvent("acknowledgementFailed", { ...common, kind: message.kind as "registration" }, { cause })
    : createEvent("messageFailed", { ...common, kind: message.kind as "reply" }, { cause });
}
