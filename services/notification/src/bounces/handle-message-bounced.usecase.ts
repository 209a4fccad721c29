import type { Envelope, MessageBouncedV1 } from "@guichet/contracts";
import type { Inbox, Outbox } from "@guichet/db";
import { failedEvent } from "../delivery/delivery-events.ts";
import { type FailedMessage, type FallbackDeps, queueFallback } from "../delivery/fallback.ts";
import type { NotificationStore } from "../notification.store.ts";

type BouncedRow = FailedMessage & { status: string; message_id: string };

/**
 * Intake reports a delivery status notification for one of our Message-IDs. A permanent bounce
 * marks the message bounced (kept with its status code: the proof of what happened), publishes
 * acknowledgement.failed / message.failed, stops using the address for later messages, and queues
 * the same content on the next channel (SMS or letter). A transient one (4.x.x) is only recorded.
 */
export class HandleMessageBouncedUseCase {
  constructor(
    private readonly db: NotificationStore,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
    private readonly fallback: FallbackDeps,
  ) {}

  async execute(event: Envelope<MessageBouncedV1>): Promise<{ fallback: string | null }> {
    const bounce = event.data;
    const bare = bounce.messageId.replace(/^<|>$/g, "");
    return this.db.$transaction(async (tx) => {
      if (!(await this.inbox.claim(tx, "notification", event.id))) return { fallback: null };
      const [row] = await tx.$queryRawUnsafe<BouncedRow[]>(
        `SELECT id, request_id, reference, kind, dedupe_key, channel, content, causation_event_id, correlation_id,
                traceparent, status, message_id
           FROM notification.message WHERE message_id = $1 FOR UPDATE`,
        `<${bare}>`,
      );
      // Not ours (or already purged): nothing to do, the event is still consumed.
      if (!row) return { fallback: null };
      if (!bounce.permanent || row.status === "bounced" || row.status === "failed") {
        await tx.$executeRawUnsafe(
          "UPDATE notification.message SET bounce_status = $2, bounced_at = $3 WHERE id = $1",
          row.id,
          bounce.status,
          new Date(bounce.bouncedAt),
        );
        return { fallback: null };
      }
      await tx.$executeRawUnsafe(
        `UPDATE notification.message SET status = 'bounced', bounce_status = $2, bounced_at = $3, last_error = $4
          WHERE id = $1`,
        row.id,
        bounce.status,
        new Date(bounce.bouncedAt),
        `bounce-${bounce.status}`,
      );
      // An alert went to a service's mailbox, not the citizen's: their address stays usable.
      if (row.channel === "email" && row.kind !== "alert") {
        // Later messages for this request skip the dead address (chooseChannel sees emailBounced).
        await tx.$executeRawUnsafe(
          `UPDATE notification.recipient SET contact = contact || '{"emailBounced": true}'::jsonb WHERE request_id = $1::uuid`,
          row.request_id,
        );
      }
      const failed = failedEvent(row, `bounce-${bounce.status}`, true, new Date(bounce.bouncedAt));
      if (failed) await this.outbox.enqueue(tx, failed);
      return { fallback: await queueFallback(tx, row, this.fallback) };
    });
  }
}
