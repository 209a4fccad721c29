import { randomUUID } from "node:crypto";
import type { SqlExecutor } from "@guichet/db";
import type { DeliveryChannel } from "../policy/notification-policy.ts";
import { messageIdFor } from "./message-addressing.ts";
import type { ComposedMessage, StoredContent } from "./message-composer.ts";

/** Receipts (acknowledgement.* events) and follow-ups (message.* events). */
export type NotificationKind = "registration" | "acknowledgement" | "reply" | "status" | "transfer" | "survey";
/** Every stored kind: the citizen's messages, the internal SLA alerts e-mailed to services, appointments. */
export type StoredMessageKind = NotificationKind | "alert" | "appointment";

export interface MessageToQueue {
  requestId: string;
  reference: string;
  kind: StoredMessageKind;
  /** '' for receipts (one per request); the reply id, status event id or transfer number otherwise. */
  dedupeKey?: string;
  channel: DeliveryChannel;
  address: string;
  rendered: ComposedMessage;
  stored: StoredContent;
  /** The event that caused the message: its trace and correlation carry over to the delivery. */
  cause: { id: string; correlationId: string; traceparent?: string | null };
  messageIdDomain: string;
  /** The message this one replaces on another channel (bounce or permanent failure). */
  fallbackOf?: string;
}

/** The message table's columns, in the order of messageValues. */
export const MESSAGE_COLUMNS =
  "id, request_id, reference, kind, dedupe_key, channel, recipient_address, subject, text_body, html_body, " +
  "message_id, causation_event_id, correlation_id, traceparent, content, fallback_of";

const MESSAGE_CASTS = "uuid uuid text text text text text text text text text text text text jsonb uuid".split(" ");

/** Numbered parameters of one statement: `add` binds a value and returns its placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];
  add(value: unknown, cast: string): string {
    this.values.push(value);
    return `$${this.values.length}::${cast}`;
  }
}

/** Binds a new message row's values (a fresh id each call); returns their placeholders, in MESSAGE_COLUMNS order. */
export function bindMessage(params: SqlParams, message: MessageToQueue): string {
  return messageValues(message)
    .map((value, column) => params.add(value, MESSAGE_CASTS[column] ?? "text"))
    .join(", ");
}

function messageValues(message: MessageToQueue): unknown[] {
  const dedupeKey = message.dedupeKey ?? "";
  return [
    randomUUID(),
    message.requestId,
    message.reference,
    message.kind,
    dedupeKey,
    message.channel,
    message.address,
    message.rendered.subject,
    message.rendered.text,
    message.rendered.html,
    messageIdFor(message.requestId, message.kind, message.messageIdDomain, dedupeKey),
    message.cause.id,
    message.cause.correlationId,
    message.cause.traceparent ?? null,
    JSON.stringify(message.stored),
    message.fallbackOf ?? null,
  ];
}

/**
 * Queues one message for the dispatcher; false when this (request, kind, key) was already queued —
 * the unique key is what makes redeliveries, restarts and concurrent instances harmless. Raw SQL so
 * it runs in a Prisma transaction (use cases) and in the dispatcher's pg transaction (fallbacks).
 */
export async function queueMessage(tx: SqlExecutor, message: MessageToQueue): Promise<boolean> {
  const params = new SqlParams();
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO notification.message (${MESSAGE_COLUMNS})
     VALUES (${bindMessage(params, message)})
     ON CONFLICT (request_id, kind, dedupe_key) DO NOTHING`,
    ...params.values,
  );
  return inserted > 0;
}
