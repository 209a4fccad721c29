import type { CitizenContact, Envelope, RequestReceivedV1, RequestRoutedV1 } from "@guichet/contracts";
import type { StoredContent } from "../acknowledgements/message-composer.ts";
import { queueMessage } from "../acknowledgements/queue-message.ts";
import type { UseCaseDeps } from "../acknowledgements/use-case.deps.ts";
import { unreachableEvent } from "../delivery/delivery-events.ts";
import type { AcknowledgementContent } from "../messages/acknowledgement-content.ts";
import { parisDay } from "../messages/paris-date.util.ts";
import type { NotificationTransaction } from "../notification.store.ts";
import { chooseChannel, decideReceipt } from "../policy/notification-policy.ts";

/**
 * Locks the request's triage deadline (the scheduler locks the same row) and records the routing.
 * Returns true when the scheduler already acknowledged the request in the reception's name.
 */
export async function closeTriageDeadline(tx: NotificationTransaction, requestId: string, at: Date): Promise<boolean> {
  const [row] = await tx.$queryRawUnsafe<{ status: string }[]>(
    "SELECT status FROM notification.triage_deadline WHERE request_id = $1::uuid FOR UPDATE",
    requestId,
  );
  if (!row) return false;
  await tx.$executeRawUnsafe(
    `UPDATE notification.triage_deadline
        SET status = CASE WHEN status = 'waiting' THEN 'routed' ELSE status END, routed_at = COALESCE(routed_at, $2)
      WHERE request_id = $1::uuid`,
    requestId,
    at,
  );
  return row.status === "acknowledged";
}

/**
 * The request was acknowledged while waiting in triage and is now routed: instead of a second
 * acknowledgement the citizen is told "votre demande est désormais traitée par …" with the service's
 * contacts (kind transfer). Only when the routed subject asks for a decision (sva, svr) does an
 * acknowledgement follow — the first one could not state the implicit-decision date nor the appeal
 * routes (R112-5) and promised it ("un nouvel accusé de réception vous indiquera…").
 */
export async function queueRoutedAfterTriage(
  tx: NotificationTransaction,
  deps: UseCaseDeps,
  received: RequestReceivedV1,
  contact: CitizenContact,
  event: Envelope<RequestRoutedV1>,
): Promise<boolean> {
  const routed = event.data;
  const [first] = await tx.$queryRawUnsafe<{ content: StoredContent | null }[]>(
    `SELECT content FROM notification.message
      WHERE request_id = $1::uuid AND kind = 'acknowledgement' AND dedupe_key = ''`,
    routed.requestId,
  );
  const previous =
    first?.content?.type === "acknowledgement" ? (first.content.content as AcknowledgementContent) : null;
  const service = routed.handling.service;
  const svc = { name: service.name, email: service.email, phone: service.phone, postalAddress: service.postalAddress };
  const stored = deps.composer.status(
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
  );
  let queued = await queueOn(tx, deps, received, contact, "transfer", "after-triage", stored, event);
  const regime = routed.handling.subject?.regime;
  if (regime !== "sva" && regime !== "svr") return queued;
  const decision = decideReceipt(
    "acknowledgement",
    {
      channel: received.channel,
      subjectId: routed.subjectId,
      regime,
      metadata: received.metadata ?? {},
      preferredChannel: received.citizen.preferredChannel,
    },
    deps.policy,
  );
  if (!decision.send) return queued;
  const acknowledgement = deps.composer.acknowledgement(received, routed);
  queued =
    (await queueOn(tx, deps, received, contact, "acknowledgement", "after-triage", acknowledgement, event)) || queued;
  return queued;
}

async function queueOn(
  tx: NotificationTransaction,
  deps: UseCaseDeps,
  received: RequestReceivedV1,
  contact: CitizenContact,
  kind: "transfer" | "acknowledgement",
  dedupeKey: string,
  stored: StoredContent,
  cause: Envelope,
): Promise<boolean> {
  const choice = chooseChannel(kind, contact, { smsEnabled: deps.smsEnabled });
  if (!choice) {
    await deps.outbox.enqueue(
      tx,
      unreachableEvent({ requestId: received.requestId, reference: received.reference, kind }, cause),
    );
    return false;
  }
  return queueMessage(tx, {
    requestId: received.requestId,
    reference: received.reference,
    kind,
    dedupeKey,
    channel: choice.channel,
    address: choice.address,
    rendered: deps.composer.render(stored, choice.channel),
    stored,
    cause,
    messageIdDomain: deps.messageIdDomain,
  });
}
