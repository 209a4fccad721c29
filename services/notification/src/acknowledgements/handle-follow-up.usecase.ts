import type {
  CitizenContact,
  ClosingOutcome,
  Envelope,
  HandlingSnapshot,
  RequestReceivedV1,
  RequestRepliedV1,
  RequestStatusChangedV1,
  RequestTransferredV1,
} from "@guichet/contracts";
import { RetryLater } from "@guichet/messaging";
import { unreachableEvent } from "../delivery/delivery-events.ts";
import { parisDay } from "../messages/paris-date.util.ts";
import type { NotificationTransaction } from "../notification.store.ts";
import { chooseChannel, decideReceipt, requestFacts } from "../policy/notification-policy.ts";
import { queueSurveyInvitation } from "../surveys/survey-invitation.ts";
import { reachableContact } from "./message-addressing.ts";
import type { StoredContent } from "./message-composer.ts";
import { type NotificationKind, queueMessage } from "./queue-message.ts";
import type { UseCaseDeps } from "./use-case.deps.ts";

/** Whether a transfer changes what silence means or when (a new acknowledgement is then owed). */
function decisionChanged(before: HandlingSnapshot | null, after: HandlingSnapshot): boolean {
  const a = before?.subject ?? null;
  const b = after.subject;
  return (a?.regime ?? null) !== (b?.regime ?? null) || (a?.decisionDelay ?? null) !== (b?.decisionDelay ?? null);
}

type FollowUpEvent =
  | { type: "replied"; event: Envelope<RequestRepliedV1> }
  | { type: "status-changed"; event: Envelope<RequestStatusChangedV1> }
  | { type: "transferred"; event: Envelope<RequestTransferredV1> };

/** Citizen-facing wording of a closing outcome (the note, when any, follows it). */
const OUTCOME_FR: Readonly<Record<ClosingOutcome, string>> = {
  granted: "Votre demande a été acceptée.",
  refused: "Votre demande n'a pas pu être acceptée ; le service vous en a indiqué les motifs.",
  answered: "Une réponse vous a été apportée.",
  "redirected-outside": "Votre demande relève d'un autre organisme, vers lequel vous avez été orienté.",
  withdrawn: "Votre demande a été retirée.",
  duplicate: "Votre demande faisait doublon avec une autre demande, qui reste suivie.",
};

/**
 * Messages after the acknowledgement, on the citizen's channel: the agent's reply, the status
 * changes the citizen must know — waiting-citizen (documents or information needed: the note says
 * which) and closed (with its outcome) — and transfers to another service with its contacts.
 * new, in-progress and answered are internal (an answer arrives as request.replied).
 */
export class HandleFollowUpUseCase {
  constructor(private readonly deps: UseCaseDeps) {}

  async execute(followUp: FollowUpEvent): Promise<{ queued: boolean }> {
    const { event } = followUp;
    return this.deps.db.$transaction(async (tx) => {
      const recipient = await tx.recipient.findUnique({ where: { requestId: event.data.requestId } });
      if (!recipient) throw new RetryLater("request.received not processed yet", 2_000);
      if (!(await this.deps.inbox.claim(tx, "notification", event.id))) return { queued: false };
      const received = recipient.request as unknown as RequestReceivedV1;
      const known = (recipient.handling as HandlingSnapshot | null) ?? null;
      if (followUp.type === "transferred") {
        await tx.recipient.update({
          where: { requestId: event.data.requestId },
          data: { handling: followUp.event.data.handling },
        });
      }
      const contact = reachableContact(recipient.contact);
      const message = this.describe(followUp, received, known);
      if (!message) return { queued: false };
      let queued = await this.queue(tx, received, contact, message, event);
      if (followUp.type === "status-changed") {
        const invited = await queueSurveyInvitation(tx, this.deps, followUp.event, contact, known);
        queued ||= invited;
      }
      if (followUp.type !== "transferred" || !decisionChanged(known, followUp.event.data.handling)) return { queued };
      // The transfer message promises it: when the regime or the decision delay changes, the
      // citizen gets a new R112-5 acknowledgement stating the new facts.
      const reacknowledged = await this.reacknowledge(tx, received, contact, followUp.event);
      return { queued: queued || reacknowledged };
    });
  }

  private describe(
    followUp: FollowUpEvent,
    received: RequestReceivedV1,
    known: HandlingSnapshot | null,
  ): { kind: NotificationKind; dedupeKey: string; stored: StoredContent } | null {
    const { composer } = this.deps;
    const base = { reference: received.reference, citizenName: received.citizen.name };
    const service = (handling: HandlingSnapshot | null, fallbackId: string) => ({
      name: handling?.service.name ?? fallbackId,
      email: handling?.service.email ?? null,
      phone: handling?.service.phone ?? null,
      postalAddress: handling?.service.postalAddress ?? null,
    });
    const letter = (at: string, svc: ReturnType<typeof service>) => ({
      reference: received.reference,
      issuedOn: parisDay(new Date(at)),
      citizen: { name: received.citizen.name, postalAddress: received.citizen.postalAddress },
      service: { name: svc.name, email: svc.email, phone: svc.phone },
    });
    switch (followUp.type) {
      case "replied": {
        const data = followUp.event.data;
        const svc = service(known, data.serviceId);
        return {
          kind: "reply",
          dedupeKey: data.replyId,
          stored: composer.status(
            { ...base, kind: "reply", serviceName: svc.name, replyText: data.body },
            svc.phone,
            letter(data.repliedAt, svc),
          ),
        };
      }
      case "status-changed": {
        const data = followUp.event.data;
        const svc = service(known, data.serviceId);
        if (data.to === "waiting-citizen") {
          const regime = known?.subject?.regime;
          const missing = (data.note ?? "")
            .split(/\n+/)
            .map((line) => line.replace(/^[-*•]\s*/, "").trim())
            .filter((line) => line !== "");
          return {
            kind: "status",
            dedupeKey: followUp.event.id,
            stored: composer.status(
              {
                ...base,
                kind: "waiting-for-citizen",
                serviceName: svc.name,
                missing,
                decisionPending: regime === "sva" || regime === "svr",
              },
              svc.phone,
              letter(data.changedAt, svc),
            ),
          };
        }
        if (data.to === "closed") {
          const outcome = data.outcome ? OUTCOME_FR[data.outcome] : null;
          const summary = [outcome, data.note].filter(Boolean).join("\n\n") || null;
          return {
            kind: "status",
            dedupeKey: followUp.event.id,
            stored: composer.status(
              { ...base, kind: "closed", serviceName: svc.name, summary },
              svc.phone,
              letter(data.changedAt, svc),
            ),
          };
        }
        return null;
      }
      case "transferred": {
        const data = followUp.event.data;
        const svc = service(data.handling, data.toServiceId);
        return {
          kind: "transfer",
          dedupeKey: `transfer-${data.transferCount}`,
          stored: composer.status(
            { ...base, kind: "rerouted", service: svc, previousServiceName: known?.service.name ?? null },
            svc.phone,
            letter(data.transferredAt, svc),
          ),
        };
      }
    }
  }

  private async reacknowledge(
    tx: NotificationTransaction,
    received: RequestReceivedV1,
    contact: CitizenContact,
    event: Envelope<RequestTransferredV1>,
  ): Promise<boolean> {
    const transfer = event.data;
    const decision = decideReceipt(
      "acknowledgement",
      requestFacts(received, transfer.subjectId, transfer.handling.subject?.regime ?? null),
      this.deps.policy,
    );
    if (!decision.send) return false;
    const stored = this.deps.composer.acknowledgement(received, {
      requestId: transfer.requestId,
      reference: transfer.reference,
      serviceId: transfer.toServiceId,
      subjectId: transfer.subjectId,
      method: "manual",
      confidence: 1,
      explanation: transfer.reason,
      catalogVersion: transfer.catalogVersion,
      handling: transfer.handling,
      routedAt: transfer.transferredAt,
    });
    const choice = chooseChannel("acknowledgement", contact, { smsEnabled: this.deps.smsEnabled });
    if (!choice) {
      const failed = unreachableEvent(
        { requestId: received.requestId, reference: received.reference, kind: "acknowledgement" },
        event,
      );
      await this.deps.outbox.enqueue(tx, failed);
      return false;
    }
    return queueMessage(tx, {
      requestId: received.requestId,
      reference: received.reference,
      kind: "acknowledgement",
      dedupeKey: `transfer-${transfer.transferCount}`,
      channel: choice.channel,
      address: choice.address,
      rendered: this.deps.composer.render(stored, choice.channel),
      stored,
      cause: event,
      messageIdDomain: this.deps.messageIdDomain,
    });
  }

  private queue(
    tx: NotificationTransaction,
    received: RequestReceivedV1,
    contact: CitizenContact,
    message: { kind: NotificationKind; dedupeKey: string; stored: StoredContent },
    cause: Envelope,
  ): Promise<boolean> {
    // A citizen who asked for no reply still gets what concerns their request's outcome by the
    // channel they gave; with no contact at all there is nobody to write to.
    const choice = chooseChannel(message.kind, contact, { smsEnabled: this.deps.smsEnabled });
    if (!choice) {
      const failed = unreachableEvent(
        { requestId: received.requestId, reference: received.reference, kind: message.kind },
        cause,
      );
      return this.deps.outbox.enqueue(tx, failed).then(() => false);
    }
    return queueMessage(tx, {
      requestId: received.requestId,
      reference: received.reference,
      kind: message.kind,
      dedupeKey: message.dedupeKey,
      channel: choice.channel,
      address: choice.address,
      rendered: this.deps.composer.render(message.stored, choice.channel),
      stored: message.stored,
      cause,
      messageIdDomain: this.deps.messageIdDomain,
    });
  }
}
