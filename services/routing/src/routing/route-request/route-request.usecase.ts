import { createEvent, type Envelope, type RequestReceivedV1 } from "@guichet/contracts";
import type { Inbox, Outbox } from "@guichet/db";
import { handlingSnapshot } from "../../catalog/catalog.ts";
import type { CatalogVersions } from "../../catalog-store/catalog-versions.ts";
import type { RoutingStore } from "../../routing.store.ts";
import type { Router } from "../route-decision.ts";

/**
 * Routes a received request: records the decision and publishes `request.routed` (with what the
 * catalogue says of the service and subject, for the acknowledgement) or `request.sent-to-triage`,
 * atomically with the inbox claim.
 */
export class RouteRequestUseCase {
  constructor(
    private readonly db: RoutingStore,
    private readonly inbox: Inbox,
    private readonly outbox: Outbox,
    private readonly catalogs: CatalogVersions,
    private readonly router: Router,
  ) {}

  async execute(event: Envelope<RequestReceivedV1>): Promise<void> {
    const request = event.data;
    const { version, catalog } = this.catalogs.current();
    const decision = this.router(
      {
        channel: request.channel,
        title: request.title,
        body: request.body,
        siteId: request.siteId,
        subjectId: request.subjectId,
      },
      catalog,
    );
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
          method: decision.method,
          confidence: decision.confidence,
          explanation: decision.explanation,
          catalogVersion: version,
          receivedAt: new Date(request.receivedAt),
          decidedAt,
        },
      });
      const common = { requestId: request.requestId, reference: request.reference, catalogVersion: version };
      const next =
        method === "triage"
          ? createEvent(
              "requestSentToTriage",
              {
                ...common,
                triageServiceId: decision.serviceId,
                reason: decision.explanation,
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
                handling: handlingSnapshot(catalog, decision.serviceId, decision.subjectId),
                routedAt: decidedAt.toISOString(),
              },
              { cause: event },
            );
      await this.outbox.enqueue(tx, next);
    });
  }
}
