import type { Envelope, RequestReceivedV1 } from "@guichet/contracts";
import type { Inbox } from "@guichet/db";
import type { NotificationStore } from "../notification.store.ts";
import { sendableAddress } from "./message-addressing.ts";
import type { MessageComposer } from "./message-composer.ts";
import { queueMessage } from "./queue-message.ts";

const electronic = new Set(["web", "email"]);

/**
 * Keeps the citizen's contact for later messages and, for electronic submissions, queues the
 * registration receipt (accusé d'enregistrement, L112-8 / L112-11). Queuing is transactional with
 * the inbox claim; the dispatcher sends.
 */
export class HandleRequestReceivedUseCase {
  constructor(
    private readonly db: NotificationStore,
    private readonly inbox: Inbox,
    private readonly composer: MessageComposer,
    private readonly messageIdDomain: string,
  ) {}

  async execute(event: Envelope<RequestReceivedV1>): Promise<{ queued: boolean }> {
    const request = event.data;
    return this.db.$transaction(async (tx) => {
      if (!(await this.inbox.claim(tx, "notification", event.id))) return { queued: false };
      await tx.recipient.upsert({
        where: { requestId: request.requestId },
        create: {
          requestId: request.requestId,
          reference: request.reference,
          channel: request.channel,
          receivedAt: new Date(request.receivedAt),
          contact: request.citizen,
          request,
        },
        update: {},
      });
      const address = sendableAddress(request.citizen);
      if (!electronic.has(request.channel) || !address) return { queued: false };
      const queued = await queueMessage(tx, {
        requestId: request.requestId,
        reference: request.reference,
        kind: "registration",
        address,
        content: this.composer.registration(request),
        cause: event,
        messageIdDomain: this.messageIdDomain,
      });
      return { queued };
    });
  }
}
