import type { Envelope, RequestStatusChangedV1 } from "@guichet/contracts";
import type { Inbox } from "@guichet/db";
import type { PrismaClient } from "../../../generated/prisma/client.ts";

export const STATUS_CONSUMER = "intake-status";

/**
 * Keeps the Open311 status of a request (open/closed) from the desk's `request.status-changed`.
 * The inbox claim commits with the update, so a redelivery is applied once; the change time keeps
 * an older event delivered late from reopening a closed request.
 */
export class FollowRequestStatusUseCase {
  constructor(
    private readonly db: Pick<PrismaClient, "$transaction">,
    private readonly inbox: Inbox,
    private readonly schema: string,
  ) {}

  async execute(envelope: Envelope): Promise<void> {
    const event = envelope.data as RequestStatusChangedV1;
    await this.db.$transaction(async (tx) => {
      if (!(await this.inbox.claim(tx, STATUS_CONSUMER, envelope.id))) return;
      await tx.$executeRawUnsafe(
        `UPDATE "${this.schema}".request SET status = $2, status_changed_at = $3::timestamptz
          WHERE id = $1::uuid AND (status_changed_at IS NULL OR status_changed_at <= $3::timestamptz)`,
        event.requestId,
        event.to === "closed" ? "closed" : "open",
        event.changedAt,
      );
    });
  }
}
