import type { Envelope, RequestReceivedV1 } from "@guichet/contracts";
import { unreachableEvent } from "../delivery/delivery-events.ts";
import { chooseChannel, decideReceipt } from "../policy/notification-policy.ts";
import { queueMessage } from "./queue-message.ts";
import type { UseCaseDeps } from "./use-case.deps.ts";

/**
 * Keeps the citizen's contact for later messages and, when the policy says so (electronic
 * submissions by default, L112-8 / L112-11), queues the registration receipt. Queuing is
 * transactional with the inbox claim; the dispatcher sends.
 */
export class HandleRequestReceivedUseCase {
  constructor(private readonly deps: UseCaseDeps) {}

  async execute(event: Envelope<RequestReceivedV1>): Promise<{ queued: boolean }> {
    const request = event.data;
    const { db, inbox, composer, policy } = this.deps;
    return db.$transaction(async (tx) => {
      if (!(await inbox.claim(tx, "notification", event.id))) return { queued: false };
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
      const decision = decideReceipt(
        "registration",
        {
          channel: request.channel,
          subjectId: request.subjectId,
          regime: null,
          metadata: request.metadata,
          preferredChannel: request.citizen.preferredChannel,
        },
        policy,
      );
      if (!decision.send) return { queued: false };
      const choice = chooseChannel("registration", request.citizen, { smsEnabled: this.deps.smsEnabled });
      if (!choice) {
        await this.deps.outbox.enqueue(
          tx,
          unreachableEvent({ requestId: request.requestId, reference: request.reference, kind: "registration" }, event),
        );
        return { queued: false };
      }
      const stored = composer.registration(request);
      const queued = await queueMessage(tx, {
        requestId: request.requestId,
        reference: request.reference,
        kind: "registration",
        channel: choice.channel,
        address: choice.address,
        rendered: composer.render(stored, choice.channel),
        stored,
        cause: event,
        messageIdDomain: this.deps.messageIdDomain,
      });
      return { queued };
    });
  }
}
