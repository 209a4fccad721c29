import type { Envelope, RequestRoutedV1 } from "@guichet/contracts";
import { RetryLater } from "@guichet/messaging";
import { decideReceipt, requestFacts } from "../policy/notification-policy.ts";
import { planRoutedAfterTriage } from "../triage/after-triage.ts";
import { reachableContact } from "./message-addressing.ts";
import type { RoutingState } from "./receipt.repository.ts";
import { NOTHING_TO_QUEUE, planMessage, type ReceiptPlan } from "./receipt-plan.ts";
import type { UseCaseDeps } from "./use-case.deps.ts";

/** Plans made from a triage status that changed before they were written are made again, this often. */
const STALE_ATTEMPTS = 3;

/**
 * Queues the acknowledgement of receipt (accusé de réception, R112-5) once the request has a
 * service in charge. Exactly once per request: the (request, kind, '') unique key absorbs
 * redeliveries, re-routings and concurrent instances. A request the triage scheduler already
 * acknowledged in the reception's name gets "désormais traitée par …" instead (../triage/).
 *
 * Two round trips: one read (the request as received, its triage status), the content composed
 * here, then one statement (the claim, the triage deadline, the service in charge, the messages,
 * the outbox rows). The statement writes nothing if the triage status changed after the read (the
 * scheduler acknowledged meanwhile): the plan is then made again from a fresh read.
 */
export class HandleRequestRoutedUseCase {
  constructor(private readonly deps: UseCaseDeps) {}

  async execute(event: Envelope<RequestRoutedV1>): Promise<{ queued: boolean }> {
    const routed = event.data;
    for (let attempt = 1; ; attempt += 1) {
      const state = await this.deps.receipts.routingState(routed.requestId);
      // request.received was not processed yet (it is being retried): come back later rather than
      // acknowledge without knowing whom to write to.
      if (!state) throw new RetryLater("request.received not processed yet", 2_000);
      const outcome = await this.deps.receipts.apply({
        eventId: event.id,
        routed: {
          requestId: routed.requestId,
          handling: routed.handling,
          routedAt: new Date(routed.routedAt),
          expectedTriageStatus: state.triageStatus,
        },
        ...this.plan(event, state),
      });
      if (!outcome.stale) return { queued: outcome.queued };
      if (attempt >= STALE_ATTEMPTS) throw new RetryLater("triage deadline kept changing", 1_000);
    }
  }

  private plan(event: Envelope<RequestRoutedV1>, state: RoutingState): ReceiptPlan {
    const routed = event.data;
    const received = state.request;
    const contact = reachableContact(state.contact);
    if (state.triageStatus === "acknowledged") {
      return planRoutedAfterTriage(this.deps, received, contact, state.firstAcknowledgement, event);
    }
    const decision = decideReceipt(
      "acknowledgement",
      requestFacts(received, routed.subjectId, routed.handling.subject?.regime ?? null),
      this.deps.policy,
    );
    if (!decision.send) return NOTHING_TO_QUEUE;
    return planMessage(this.deps, {
      requestId: routed.requestId,
      reference: routed.reference,
      kind: "acknowledgement",
      contact,
      compose: () => this.deps.composer.acknowledgement(received, routed),
      cause: event,
    });
  }
}
