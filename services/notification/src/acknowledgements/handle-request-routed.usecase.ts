import type { Envelope, RequestReceivedV1, RequestRoutedV1 } from "@guichet/contracts";
import { RetryLater } from "@guichet/messaging";
import { unreachableEvent } from "../delivery/delivery-events.ts";
import { chooseChannel, decideReceipt } from "../policy/notification-policy.ts";
import { closeTriageDeadline, queueRoutedAfterTriage } from "../triage/after-triage.ts";
import { reachableContact } from "./message-addressing.ts";
import { queueMessage } from "./queue-message.ts";
import type { UseCaseDeps } from "./use-case.deps.ts";

/**
 * Queues the acknowledgement of receipt (accusé de réception, R112-5) once the request has a
 * service in charge. Exactly once per request: the (request, kind, '') unique key absorbs
 * redeliveries, re-routings and concurrent instances. A request the triage scheduler already
 * acknowledged in the reception's name gets "désormais traitée par …" instead (../triage/).
 */
export class HandleRequestRoutedUseCase {
  constructor(private readonly deps: UseCaseDeps) {}

  async execute(event: Envelope<RequestRoutedV1>): Promise<{ queued: boolean }> {
    const routed = event.data;
    const { db, inbox, composer, policy } = this.deps;
    return db.$transaction(async (tx) => {
      const recipient = await tx.recipient.findUnique({ where: { requestId: routed.requestId } });
      // request.received was not processed yet (it is being retried): come back later rather than
      // acknowledge without knowing whom to write to.
      if (!recipient) throw new RetryLater("request.received not processed yet", 2_000);
      if (!(await inbox.claim(tx, "notification", event.id))) return { queued: false };
      const acknowledgedInTriage = await closeTriageDeadline(tx, routed.requestId, new Date(routed.routedAt));
      await tx.recipient.update({ where: { requestId: routed.requestId }, data: { handling: routed.handling } });
      const received = recipient.request as unknown as RequestReceivedV1;
      if (acknowledgedInTriage) {
        const contact = reachableContact(recipient.contact);
        return { queued: await queueRoutedAfterTriage(tx, this.deps, received, contact, event) };
      }
      const decision = decideReceipt(
        "acknowledgement",
        {
          channel: received.channel,
          subjectId: routed.subjectId,
          regime: routed.handling.subject?.regime ?? null,
          metadata: received.metadata ?? {},
          preferredChannel: received.citizen.preferredChannel,
        },
        policy,
      );
      if (!decision.send) return { queued: false };
      const choice = chooseChannel("acknowledgement", reachableContact(recipient.contact), {
        smsEnabled: this.deps.smsEnabled,
      });
      if (!choice) {
        await this.deps.outbox.enqueue(
          tx,
          unreachableEvent(
            { requestId: routed.requestId, reference: routed.reference, kind: "acknowledgement" },
            event,
          ),
        );
        return { queued: false };
      }
      const stored = composer.acknowledgement(received, routed);
      const queued = await queueMessage(tx, {
        requestId: routed.requestId,
        reference: routed.reference,
        kind: "acknowledgement",
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
