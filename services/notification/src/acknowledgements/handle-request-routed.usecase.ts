import type { Envelope, RequestReceivedV1, RequestRoutedV1 } from "@guichet/contracts";
import type { Inbox } from "@guichet/db";
import { RetryLater } from "@guichet/messaging";
import type { NotificationStore } from "../notification.store.ts";
import { sendableAddress } from "./message-addressing.ts";
import type { MessageComposer } from "./message-composer.ts";
import { queueMessage } from "./queue-message.ts";

/**
 * Queues the acknowledgement of receipt (accusé de réception, R112-5) once the request has a
 * service in charge. Exactly once per request: the (request, kind) unique key absorbs redeliveries,
 * re-routings and concurrent instances.
 */
export class HandleRequestRoutedUseCase {
  constructor(
    private readonly db: NotificationStore,
    private readonly inbox: Inbox,
    private readonly composer: MessageComposer,
    private readonly messageIdDomain: string,
  ) {}

  async execute(event: Envelope<RequestRoutedV1>): Promise<{ queued: boolean }> {
    const routed = event.data;
    return this.db.$transaction(async (tx) => {
      const recipient = await tx.recipient.findUnique({ where: { requestId: routed.requestId } });
      // request.received was not processed yet (it is being retried): come back later rather than
      // acknowledge without knowing whom to write to.
      if (!recipient) throw new RetryLater("request.received not processed yet", 2_000);
      if (!(await this.inbox.claim(tx, "notification", event.id))) return { queued: false };
      const received = recipient.request as unknown as RequestReceivedV1;
      const address = sendableAddress(received.citizen);
      if (!address) return { queued: false };
      const queued = await queueMessage(tx, {
        requestId: routed.requestId,
        reference: routed.reference,
        kind: "acknowledgement",
        address,
        content: this.composer.acknowledgement(received, routed),
        cause: event,
        messageIdDomain: this.messageIdDomain,
      });
      return { queued };
    });
  }
}
