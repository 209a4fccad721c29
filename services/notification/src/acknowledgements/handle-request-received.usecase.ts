import type { Envelope, RequestReceivedV1 } from "@guichet/contracts";
import { decideReceipt, requestFacts } from "../policy/notification-policy.ts";
import { NOTHING_TO_QUEUE, planMessage, type ReceiptPlan } from "./receipt-plan.ts";
import type { UseCaseDeps } from "./use-case.deps.ts";

/**
 * Keeps the citizen's contact for later messages and, when the policy says so (electronic
 * submissions by default, L112-8 / L112-11), queues the registration receipt. The content is
 * composed first; the inbox claim, the contact, the message and any failure event are then one
 * statement (ReceiptRepository); the dispatcher sends.
 */
export class HandleRequestReceivedUseCase {
  constructor(private readonly deps: UseCaseDeps) {}

  async execute(event: Envelope<RequestReceivedV1>): Promise<{ queued: boolean }> {
    const outcome = await this.deps.receipts.apply({ eventId: event.id, recipient: event.data, ...this.plan(event) });
    // Not claimed: a redelivery, or another instance applied the same event at the same time.
    return { queued: outcome.queued };
  }

  private plan(event: Envelope<RequestReceivedV1>): ReceiptPlan {
    const request = event.data;
    const decision = decideReceipt("registration", requestFacts(request, request.subjectId, null), this.deps.policy);
    if (!decision.send) return NOTHING_TO_QUEUE;
    return planMessage(this.deps, {
      requestId: request.requestId,
      reference: request.reference,
      kind: "registration",
      contact: request.citizen,
      compose: () => this.deps.composer.registration(request),
      cause: event,
    });
  }
}
