import type { Envelope, RequestSentToTriageV1 } from "@guichet/contracts";
import { RetryLater } from "@guichet/messaging";
import type { UseCaseDeps } from "../acknowledgements/use-case.deps.ts";
import type { TriageConfig } from "../config.ts";
import { triageAcknowledgementDue } from "./triage-deadline.ts";

/**
 * A request went to the triage queue: record when its acknowledgement is due, so the scheduler
 * sends it in the reception service's name if nobody routes the request in time (R112-5 target).
 */
export class HandleSentToTriageUseCase {
  constructor(
    private readonly deps: UseCaseDeps,
    private readonly triage: TriageConfig,
  ) {}

  async execute(event: Envelope<RequestSentToTriageV1>): Promise<{ scheduled: boolean }> {
    const sent = event.data;
    return this.deps.db.$transaction(async (tx) => {
      const recipient = await tx.recipient.findUnique({ where: { requestId: sent.requestId } });
      if (!recipient) throw new RetryLater("request.received not processed yet", 2_000);
      if (!(await this.deps.inbox.claim(tx, "notification", event.id))) return { scheduled: false };
      // Already routed (events crossed): request.routed took care of the acknowledgement.
      if (recipient.handling !== null) return { scheduled: false };
      const { deadline, dueAt } = triageAcknowledgementDue(recipient.receivedAt, this.triage);
      await tx.triageDeadline.upsert({
        where: { requestId: sent.requestId },
        create: {
          requestId: sent.requestId,
          reference: sent.reference,
          triageServiceId: sent.triageServiceId,
          catalogVersion: sent.catalogVersion,
          queuedAt: new Date(sent.queuedAt),
          deadline,
          dueAt,
          causationEventId: event.id,
          correlationId: event.correlationId,
          traceparent: event.traceparent ?? null,
        },
        update: {},
      });
      return { scheduled: true };
    });
  }
}
