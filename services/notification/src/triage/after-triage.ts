import type { CitizenContact, Envelope, RequestReceivedV1, RequestRoutedV1 } from "@guichet/contracts";
import type { StoredContent } from "../acknowledgements/message-composer.ts";
import { bothPlans, planMessage, type ReceiptPlan } from "../acknowledgements/receipt-plan.ts";
import type { UseCaseDeps } from "../acknowledgements/use-case.deps.ts";
import type { AcknowledgementContent } from "../messages/acknowledgement-content.ts";
import { parisDay } from "../messages/paris-date.util.ts";
import { decideReceipt, requestFacts } from "../policy/notification-policy.ts";

/**
 * The request was acknowledged while waiting in triage and is now routed: instead of a second
 * acknowledgement the citizen is told "votre demande est désormais traitée par …" with the service's
 * contacts (kind transfer). Only when the routed subject asks for a decision (sva, svr) does an
 * acknowledgement follow — the first one could not state the implicit-decision date nor the appeal
 * routes (R112-5) and promised it ("un nouvel accusé de réception vous indiquera…").
 */
export function planRoutedAfterTriage(
  deps: UseCaseDeps,
  received: RequestReceivedV1,
  contact: CitizenContact,
  firstAcknowledgement: StoredContent | null,
  event: Envelope<RequestRoutedV1>,
): ReceiptPlan {
  const routed = event.data;
  const previous =
    firstAcknowledgement?.type === "acknowledgement" ? (firstAcknowledgement.content as AcknowledgementContent) : null;
  const service = routed.handling.service;
  const svc = { name: service.name, email: service.email, phone: service.phone, postalAddress: service.postalAddress };
  const target = { requestId: received.requestId, reference: received.reference, dedupeKey: "after-triage", contact };
  const transfer = planMessage(deps, {
    ...target,
    kind: "transfer",
    compose: () =>
      deps.composer.status(
        {
          reference: received.reference,
          citizenName: received.citizen.name,
          kind: "rerouted",
          service: svc,
          previousServiceName: previous?.service.name ?? null,
        },
        svc.phone,
        {
          reference: received.reference,
          issuedOn: parisDay(new Date(routed.routedAt)),
          citizen: { name: received.citizen.name, postalAddress: received.citizen.postalAddress },
          service: { name: svc.name, email: svc.email, phone: svc.phone },
        },
      ),
    cause: event,
  });
  const regime = routed.handling.subject?.regime;
  if (regime !== "sva" && regime !== "svr") return transfer;
  const decision = decideReceipt("acknowledgement", requestFacts(received, routed.subjectId, regime), deps.policy);
  if (!decision.send) return transfer;
  const acknowledgement = planMessage(deps, {
    ...target,
    kind: "acknowledgement",
    compose: () => deps.composer.acknowledgement(received, routed),
    cause: event,
  });
  return bothPlans(transfer, acknowledgement);
}
