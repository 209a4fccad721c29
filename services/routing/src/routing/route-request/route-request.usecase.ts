import { createEvent, type Envelope, type RequestReceivedV1 } from "@guichet/contracts";
import type { Inbox, Outbox } from "@guichet/db";
import type pg from "pg";
import { handlingSnapshot } from "../../catalog/catalog.ts";
import { contentTerms } from "../../domain/french-text.ts";
import type { RoutingEngine } from "../routing-engine.ts";

/**
 * Routes a received request: a chosen subject directly, else rules and the learned model, else the
 * triage queue. Records the assignment and the decision (method, confidence, versions,
 * explanation) and publishes `request.routed` (with what the catalogue says of the service and
 * subject, for the acknowledgement) or `request.sent-to-triage`, atomically with the inbox claim.
 *
 * Hot path (every request): the claim, both records and the outbox row are ONE SQL statement
 * through pg (data-modifying CTEs, each insert selecting from the claim), so a redelivered event
 * writes nothing, and it all commits or fails together: one round trip instead of the six of a
 * Prisma interactive transaction, without Prisma's per-query CPU (profiled: docs/performance.md).
 */
export class RouteRequestUseCase {
  constructor(
    private readonly pool: pg.Pool,
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
    const [eventId, type, version, envelope] = this.outbox.rowOf(next);
    await this.pool.query(
      `WITH claim AS (
         INSERT INTO ${this.inbox.tableName} (consumer, event_id) VALUES ('routing', $1)
         ON CONFLICT DO NOTHING RETURNING event_id
       ), assignment AS (
         INSERT INTO routing.assignment (request_id, reference, channel, site_id, service_id, subject_id, queue,
           method, confidence, explanation, catalog_version, received_at, decided_at)
         SELECT $2::uuid, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::float8, $11::text,
           $12::integer, $13::timestamptz, $14::timestamptz FROM claim RETURNING 1
       ), decision AS (
         INSERT INTO routing.routing_decision (request_id, method, service_id, subject_id, confidence, explanation,
           evidence, catalog_version, model_version, training_terms, decided_at)
         SELECT $2::uuid, $9::text, $6::text, $7::text, $10::float8, $11::text, $15::jsonb, $12::integer, $16::integer,
           $17::text, $14::timestamptz FROM claim RETURNING 1
       )
       INSERT INTO ${this.outbox.tableName} (event_id, type, version, envelope)
       SELECT $18::text, $19::text, $20::integer, $21::jsonb FROM claim`,
      [
        event.id,
        request.requestId,
        request.reference,
        request.channel,
        request.siteId,
        decision.serviceId,
        decision.subjectId,
        toTriage ? "triage" : "service",
        method,
        decision.confidence,
        decision.explanation,
        catalogVersion,
        new Date(request.receivedAt),
        decidedAt,
        JSON.stringify(decision.evidence),
        modelVersion,
        // What the model will learn from once the request's final subject is known.
        contentTerms(`${request.title ?? ""}\n${request.body}`).join(" "),
        eventId,
        type,
        version,
        envelope,
      ],
    );
  }
}
