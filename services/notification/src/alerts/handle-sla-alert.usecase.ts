import { createEvent, type Envelope, type HandlingSnapshot, type SlaAlertV1 } from "@guichet/contracts";
import { RetryLater } from "@guichet/messaging";
import { queueMessage } from "../acknowledgements/queue-message.ts";
import type { UseCaseDeps } from "../acknowledgements/use-case.deps.ts";
import type { TriageConfig } from "../config.ts";

/**
 * Reporting raised an SLA alert (it does so during the service's opening hours only): e-mail the
 * service in charge — its address from the handling snapshot stored at routing or transfer; for a
 * request still in triage, the reception service's (configured, else the town hall's). Once per
 * alert: the (request, "alert", measure:level:deadline) key absorbs redeliveries and re-raised
 * alerts. Stored like every message (kind "alert"), never sent to the citizen, never falls back.
 */
export class HandleSlaAlertUseCase {
  constructor(
    private readonly deps: UseCaseDeps,
    private readonly triage: TriageConfig,
    private readonly townContactEmail: string | null,
  ) {}

  async execute(event: Envelope<SlaAlertV1>): Promise<{ queued: boolean }> {
    const alert = event.data;
    return this.deps.db.$transaction(async (tx) => {
      const recipient = await tx.recipient.findUnique({ where: { requestId: alert.requestId } });
      if (!recipient) throw new RetryLater("request.received not processed yet", 2_000);
      if (!(await this.deps.inbox.claim(tx, "notification", event.id))) return { queued: false };
      const handling = recipient.handling as HandlingSnapshot | null;
      const service = handling
        ? { id: handling.service.id, name: handling.service.name, email: handling.service.email }
        : {
            id: alert.serviceId,
            name: this.triage.service.name,
            email: this.triage.service.email ?? this.townContactEmail,
          };
      if (!service.email) {
        await this.deps.outbox.enqueue(
          tx,
          createEvent(
            "messageFailed",
            {
              requestId: alert.requestId,
              reference: alert.reference,
              kind: "alert",
              channel: "none",
              reason: "no-service-email",
              permanent: true,
              failedAt: new Date().toISOString(),
            },
            { cause: event },
          ),
        );
        return { queued: false };
      }
      const stored = this.deps.composer.alert({
        reference: alert.reference,
        serviceId: service.id,
        serviceName: service.name,
        measure: alert.measure,
        level: alert.level,
        deadline: new Date(alert.deadline).toISOString(),
        raisedAt: new Date(alert.raisedAt).toISOString(),
      });
      const queued = await queueMessage(tx, {
        requestId: alert.requestId,
        reference: alert.reference,
        kind: "alert",
        dedupeKey: `${alert.measure}.${alert.level}.${new Date(alert.deadline).getTime()}`,
        channel: "email",
        address: service.email,
        rendered: this.deps.composer.render(stored, "email"),
        stored,
        cause: event,
        messageIdDomain: this.deps.messageIdDomain,
      });
      return { queued };
    });
  }
}
