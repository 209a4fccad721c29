import type { CitizenContact } from "@guichet/contracts";
import type { SqlExecutor } from "@guichet/db";
import type { MessageComposer, StoredContent } from "../acknowledgements/message-composer.ts";
import { type NotificationKind, queueMessage } from "../acknowledgements/queue-message.ts";
import { chooseChannel, type DeliveryChannel } from "../policy/notification-policy.ts";

export interface FailedMessage {
  id: string;
  request_id: string;
  reference: string;
  kind: string;
  dedupe_key: string;
  channel: DeliveryChannel;
  content: StoredContent | null;
  causation_event_id: string;
  correlation_id: string;
  traceparent: string | null;
}

export interface FallbackDeps {
  composer: MessageComposer;
  messageIdDomain: string;
  smsEnabled: boolean;
}

/**
 * After a bounce or a permanent failure, the same content on the next channel the citizen can be
 * reached on (channels already tried for this message are skipped): e-mail → SMS or letter, SMS →
 * letter. Returns the channel queued, or null when none is left (the failure event tells agents).
 */
export async function queueFallback(
  tx: SqlExecutor,
  failed: FailedMessage,
  deps: FallbackDeps,
): Promise<DeliveryChannel | null> {
  // An internal alert is never re-sent on the citizen's channels; the failure event is enough.
  // A survey invitation is optional, and an appointment message has no request to fall back on.
  if (!failed.content || failed.kind === "alert" || failed.kind === "survey" || failed.kind === "appointment")
    return null;
  const base = failed.dedupe_key.split(">")[0] ?? "";
  const [recipient] = await tx.$queryRawUnsafe<{ contact: CitizenContact }[]>(
    "SELECT contact FROM notification.recipient WHERE request_id = $1::uuid",
    failed.request_id,
  );
  if (!recipient) return null;
  const tried = await tx.$queryRawUnsafe<{ channel: DeliveryChannel }[]>(
    `SELECT DISTINCT channel FROM notification.message
      WHERE request_id = $1::uuid AND kind = $2 AND (dedupe_key = $3 OR dedupe_key LIKE $3 || '>%')`,
    failed.request_id,
    failed.kind,
    base,
  );
  const choice = chooseChannel(failed.kind as NotificationKind, recipient.contact, {
    smsEnabled: deps.smsEnabled,
    exclude: [failed.channel, ...tried.map((row) => row.channel)],
  });
  if (!choice) return null;
  const queued = await queueMessage(tx, {
    requestId: failed.request_id,
    reference: failed.reference,
    kind: failed.kind as NotificationKind,
    dedupeKey: `${base}>${choice.channel}`,
    channel: choice.channel,
    address: choice.address,
    rendered: deps.composer.render(failed.content, choice.channel),
    stored: failed.content,
    cause: { id: failed.causation_event_id, correlationId: failed.correlation_id, traceparent: failed.traceparent },
    messageIdDomain: deps.messageIdDomain,
    fallbackOf: failed.id,
  });
  return queued ? choice.channel : null;
}
