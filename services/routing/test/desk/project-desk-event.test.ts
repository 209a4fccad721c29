import { randomUUID } from "node:crypto";
import { createEvent, type Envelope } from "@guichet/contracts";
import { prismaAdapter } from "@guichet/db";
import { test } from "@guichet/testing";
import pg from "pg";
import { describe, expect } from "vitest";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { ProjectDeskEventUseCase } from "../../src/desk/project-desk/project-desk-event.usecase.ts";
import { bootRouting, receivedEvent } from "./desk.harness.ts";

const handling = {
  service: { id: "voirie", name: "Voirie", email: null, phone: null, postalAddress: null, calendarId: null },
  subject: null,
  targets: { acknowledgementBusinessDays: 2, firstResponseBusinessDays: 5, resolutionBusinessDays: 20 },
};

const at = (minute: number): string => new Date(Date.UTC(2026, 11, 7, 9, minute)).toISOString();

function routed(requestId: string, reference: string, serviceId: string, minute: number, method = "rule" as const) {
  return createEvent("requestRouted", {
    requestId,
    reference,
    serviceId,
    subjectId: `${serviceId}.sujet`,
    method,
    confidence: 0.9,
    explanation: `vers ${serviceId} à ${minute}`,
    catalogVersion: 1,
    handling,
    routedAt: at(minute),
  });
}

function toTriage(requestId: string, reference: string, minute: number) {
  return createEvent("requestSentToTriage", {
    requestId,
    reference,
    triageServiceId: "accueil",
    reason: `triage à ${minute}`,
    catalogVersion: 1,
    queuedAt: at(minute),
  });
}

/**
 * The projection's rows, pinned field by field for each event order (the hot path is one SQL
 * statement per event: the Prisma version it replaced produced these same rows).
 */
describe("the desk projection of request.received, request.routed and request.sent-to-triage", () => {
  test("out of order, stale, redelivered and moved or not: the same case and timeline", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const prisma = new PrismaClient({ adapter: prismaAdapter(database.url, "routing") });
    const sql = new pg.Client({ connectionString: database.url });
    await sql.connect();
    const { pool, inbox, outbox } = routing.infrastructure;
    const project = new ProjectDeskEventUseCase(prisma, pool, inbox, outbox);
    const apply = async (...events: Envelope[]) => {
      for (const event of events) await project.execute(event);
    };
    const caseOf = async (requestId: string) => {
      const { rows } = await sql.query(
        `SELECT reference, channel, site_id, title, body, citizen, received_at, queue, service_id, subject_id, status,
           assignee_id, assignee_name, transfer_count, unread_follow_ups, placed_at, status_changed_at
         FROM routing.desk_case WHERE request_id = $1`,
        [requestId],
      );
      return rows[0] as Record<string, unknown> | undefined;
    };
    const timelineOf = async (requestId: string) => {
      const { rows } = await sql.query(
        "SELECT kind, at, body, data FROM routing.desk_entry WHERE request_id = $1 ORDER BY at, kind",
        [requestId],
      );
      return rows;
    };
    const assign = (requestId: string) =>
      sql.query(
        "UPDATE routing.desk_case SET assignee_id = 'voirie-1', assignee_name = 'Agent Voirie', status = 'in-progress' WHERE request_id = $1",
        [requestId],
      );
    try {
      // Routed before received, then the routed event redelivered: one placement, one entry.
      const a = receivedEvent({ title: "Lampadaire", body: "Rue des Lilas." });
      const aRouted = routed(a.requestId, a.reference, "voirie", 10);
      await apply(aRouted, createEvent("requestReceived", a), aRouted);
      expect(await caseOf(a.requestId)).toEqual({
        reference: a.reference,
        channel: "web",
        site_id: null,
        title: "Lampadaire",
        body: "Rue des Lilas.",
        citizen: a.citizen,
        received_at: new Date(a.receivedAt),
        queue: "service",
        service_id: "voirie",
        subject_id: "voirie.sujet",
        status: "new",
        assignee_id: null,
        assignee_name: null,
        transfer_count: 0,
        unread_follow_ups: 0,
        placed_at: new Date(at(10)),
        status_changed_at: new Date(at(10)),
      });
      expect(await timelineOf(a.requestId)).toEqual([
        {
          kind: "routed",
          at: new Date(at(10)),
          body: "vers voirie à 10",
          data: { method: "rule", serviceId: "voirie", subjectId: "voirie.sujet" },
        },
      ]);

      // Triage, routed to voirie (moved: status and assignee reset), worked, routed again to voirie
      // (not moved: the agent keeps it), then stale facts that change nothing.
      const b = receivedEvent();
      await apply(createEvent("requestReceived", b), toTriage(b.requestId, b.reference, 1));
      expect(await caseOf(b.requestId)).toMatchObject({
        queue: "triage",
        service_id: "accueil",
        subject_id: null,
        status: "new",
        placed_at: new Date(at(1)),
        status_changed_at: new Date(at(1)),
      });
      await assign(b.requestId);
      await apply(routed(b.requestId, b.reference, "voirie", 5));
      expect(await caseOf(b.requestId)).toMatchObject({
        queue: "service",
        service_id: "voirie",
        status: "new",
        assignee_id: null,
        assignee_name: null,
        placed_at: new Date(at(5)),
        status_changed_at: new Date(at(5)),
      });
      await assign(b.requestId);
      await apply(routed(b.requestId, b.reference, "voirie", 7));
      const kept = {
        queue: "service",
        service_id: "voirie",
        status: "in-progress",
        assignee_id: "voirie-1",
        assignee_name: "Agent Voirie",
        placed_at: new Date(at(7)),
        status_changed_at: new Date(at(5)),
      };
      expect(await caseOf(b.requestId)).toMatchObject(kept);
      await apply(routed(b.requestId, b.reference, "ccas", 6), toTriage(b.requestId, b.reference, 7));
      expect(await caseOf(b.requestId)).toMatchObject(kept);
      expect((await timelineOf(b.requestId)).map((e) => [e.kind, e.at])).toEqual([
        ["triage", new Date(at(1))],
        ["routed", new Date(at(5))],
        ["routed", new Date(at(7))],
      ]);
      // A triage later than the placement moves the case back, whatever it was.
      await apply(toTriage(b.requestId, b.reference, 9));
      expect(await caseOf(b.requestId)).toMatchObject({
        queue: "triage",
        service_id: "accueil",
        subject_id: null,
        status: "new",
        assignee_id: null,
        placed_at: new Date(at(9)),
        status_changed_at: new Date(at(9)),
      });

      // A routing decision for a follow-up only makes the case exist.
      const c = randomUUID();
      await apply(routed(c, "LA-2026-000123", "voirie", 3, "follow-up" as "rule"));
      expect(await caseOf(c)).toMatchObject({ reference: "LA-2026-000123", queue: "pending", placed_at: null });
      expect(await timelineOf(c)).toEqual([]);
    } finally {
      await sql.end();
      await prisma.$disconnect();
      await routing.close();
    }
  });
});
