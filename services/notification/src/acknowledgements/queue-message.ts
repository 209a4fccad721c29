import { randomUUID } from "node:crypto";
import type { AcknowledgementKind, Envelope } from "@guichet/contracts";
import type { NotificationTransaction } from "../notification.store.ts";
import { messageIdFor } from "./message-addressing.ts";
import type { ComposedMessage } from "./message-composer.ts";

export interface MessageToQueue {
  requestId: string;
  reference: string;
  kind: AcknowledgementKind;
  address: string;
  content: ComposedMessage;
  /** The event that caused the message: its trace and correlation carry over to the delivery. */
  cause: Envelope;
  messageIdDomain: string;
}

/** Queues one e-mail for the dispatcher; false when this (request, kind) was already queued. */
export async function queueMessage(tx: NotificationTransaction, message: MessageToQueue): Promise<boolean> {
  const created = await tx.message.createMany({
    data: [
      {
        id: randomUUID(),
        requestId: message.requestId,
        reference: message.reference,
        kind: message.kind,
        channel: "email",
        recipientAddress: message.address,
        subject: message.content.subject,
        textBody: message.content.text,
        htmlBody: message.content.html,
        messageId: messageIdFor(message.requestId, message.kind, message.messageIdDomain),
        causationEventId: message.cause.id,
        correlationId: message.cause.correlationId,
        traceparent: message.cause.traceparent ?? null,
      },
    ],
    skipDuplicates: true,
  });
  return created.count > 0;
}
