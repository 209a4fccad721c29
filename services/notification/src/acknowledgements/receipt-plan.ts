import type { CitizenContact, Envelope } from "@guichet/contracts";
import { unreachableEvent } from "../delivery/delivery-events.ts";
import { chooseChannel } from "../policy/notification-policy.ts";
import type { StoredContent } from "./message-composer.ts";
import type { MessageToQueue, NotificationKind } from "./queue-message.ts";
import type { UseCaseDeps } from "./use-case.deps.ts";

/** What a receipt handler queues: messages for the dispatcher and events for the outbox. */
export interface ReceiptPlan {
  messages: MessageToQueue[];
  events: Envelope[];
}

export const NOTHING_TO_QUEUE: ReceiptPlan = { messages: [], events: [] };

export interface PlannedMessage {
  requestId: string;
  reference: string;
  kind: NotificationKind;
  dedupeKey?: string;
  contact: CitizenContact;
  /** Composed only when a channel can carry it. */
  compose: () => StoredContent;
  cause: Envelope;
}

/**
 * The message on the channel the policy picks, or, when no channel can carry it, the failure event
 * agents must see (channel "none").
 */
export function planMessage(
  deps: Pick<UseCaseDeps, "composer" | "smsEnabled" | "messageIdDomain">,
  planned: PlannedMessage,
): ReceiptPlan {
  const { requestId, reference, kind, cause } = planned;
  const choice = chooseChannel(kind, planned.contact, { smsEnabled: deps.smsEnabled });
  if (!choice) return { messages: [], events: [unreachableEvent({ requestId, reference, kind }, cause)] };
  const stored = planned.compose();
  const message: MessageToQueue = {
    requestId,
    reference,
    kind,
    channel: choice.channel,
    address: choice.address,
    rendered: deps.composer.render(stored, choice.channel),
    stored,
    cause,
    messageIdDomain: deps.messageIdDomain,
  };
  if (planned.dedupeKey !== undefined) message.dedupeKey = planned.dedupeKey;
  return { messages: [message], events: [] };
}

/** Both plans, in order (their messages and events keep the order they were planned in). */
export function bothPlans(first: ReceiptPlan, second: ReceiptPlan): ReceiptPlan {
  return { messages: [...first.messages, ...second.messages], events: [...first.events, ...second.events] };
}
