import { createEvent, type Envelope, type RequestReceivedV1 } from "@guichet/contracts";
import type { Inbox, Outbox } from "@guichet/db";
import { handlingSnapshot } from "../../catalog/catalog.ts";
import { contentTerms } from "../../domain/french-text.ts";
import type { RoutingStore } from "../../routing.store.ts";
import type { RoutingEngine } from "../routing-engine.ts";

/**
 * Routes a received request: a chosen subject directly, else rules and the learned model, else the
 * triage queue. Records the assignment and the decision (method, confidence, versions,
 * explanation) and publishes `request.routed` (with what the catalogue says of the service and
 * subject, for the acknowledgement) or `request.sent-to-triage`, atomically with the inbox claim.
 */
export class RouteRequestUseCase {
  constructor(
    private readonly db: RoutingStore,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
    private readonly engine: RoutingEngine,
  ) {}

  async execute(event: Envelope<RequestReceivedV1>): Promise<void> {
    const request = event.data;
    const { decision, catalog, catalogVersion, modelVersion } = this.engine.decide({
      channel: request.channel,
      title: request.title,
      body: request.body,
      siteId: request.siteId,
      subjectId: request.subjectId,
    });
    const decidedAt = new Date();
    const { method } = decision;
    const toTriage = method === "triage";
    await this.db.$transaction(async (tx) => {
      if (!(await this.inbox.claim(tx, "routing", event.id))) return;
      await tx.assignment.create({
        data: {
          requestId: request.requestId,
          reference: request.reference,
          channel: request.channel,
          siteId: request.siteId,
          serviceId: decision.serviceId,
          subjectId: decision.subjectId,
          queue: toTriage ? "triage" : "service",
          method,
          confidence: decision.confidence,
          explanation: decision.explanation,
          catalogVersion,
          receivedAt: new Date(request.receivedAt),
          decidedAt,
        },
      });
      await tx.routingDecision.create({
        data: {
          requestId: request.requestId,
          method,
          serviceId: decision.serviceId,
          subjectId: decision.subjectId,
          confidence: decision.confidence,
          explanation: decision.explanation,
          evidence: JSON.parse(JSON.stringify(decision.evidence)),
          catalogVersion,
          modelVersion,
          // What the model will learn from once the request's final subject is known.
          trainingTerms: contentTerms(`${request.title ?? ""}\n${request.body}`).join(" "),
          decidedAt,
        },
      });
      const common = { requestId: request.requestId, reference: request.reference, catalogVersion };
      const next =
        method === "triage"
          ? createEvent(
              "requestSentToTriage",
              {
                ...common,
                triageServiceId: decision.serviceId,
                reason: decision.explanation,
                confidence: decision.confidence,
                modelVersion,
                queuedAt: decidedAt.toISOString(),
              },
              { cause: event },
            )
          : createEvent(
              "requestRouted",
              {
                ...common,
                serviceId: decision.serviceId,
                subjectId: decision.subjectId,
                method,
                confidence: decision.confidence,
                explanation: decision.explanation,
                modelVersion,
                handling: handlingSnapshot(catalog, decision.serviceId, decision.subjectId),
                routedAt: decidedAt.toISOString(),
              },
              { cause: event },
            );
      await this.outbox.enqueue(tx, next);
    });
  }
}
