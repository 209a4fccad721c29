import { randomUUID } from "node:crypto";
import type { EventData } from "@guichet/contracts";
import { test, waitFor } from "@guichet/testing";
import { describe, expect } from "vitest";
import { bootRouting, call, type Json, people, receivedEvent, StreamProbe, waitForCase } from "./desk.harness.ts";

describe("triage, transfers, follow-ups and replies over real NATS and PostgreSQL", () => {
  test("reception picks a subject: request.routed (manual) with the handling snapshot", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const stream = await StreamProbe.connect(natsUrl, namespace);
    try {
      const received = receivedEvent();
      await stream.publish("requestReceived", received);
      await waitForCase(routing, received.requestId, (c) => c.queue === "triage", "the request in the triage queue");

      const queue = await call(routing, people.reception, "GET", "/api/triage");
      expect(queue.status).toBe(200);
      const item = queue.body.requests.find((r: Json) => r.requestId === received.requestId);
      expect(item).toMatchObject({ reference: received.reference, channel: "web", title: "Demande diverse" });
      expect(item.ageSeconds).toBeGreaterThanOrEqual(0);
      expect((await call(routing, people.voirie, "GET", "/api/triage")).status).toBe(403);

      const path = `/api/triage/${received.requestId}/route`;
      const unknown = await call(routing, people.reception, "POST", path, { subjectId: "voirie.inexistant" });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain("voirie.inexistant");
      expect((await call(routing, people.voirie, "POST", path, { subjectId: "voirie.chaussee" })).status).toBe(403);

      const routed = await call(routing, people.reception, "POST", path, { subjectId: "voirie.chaussee" });
      expect(routed.status).toBe(200);
      expect(routed.body).toMatchObject({ serviceId: "voirie", method: "manual" });
      const event = await stream.waitFor(
        "requestRouted",
        (d) => d.requestId === received.requestId && d.method === "manual",
        "request.routed (manual) on the stream",
      );
      expect(event).toMatchObject({
        serviceId: "voirie",
        subjectId: "voirie.chaussee",
        explanation: "routed by reception agent",
        handling: { service: { id: "voirie" }, subject: { id: "voirie.chaussee" } },
      });
      // Routed twice is refused: the request left the triage queue.
      expect((await call(routing, people.reception, "POST", path, { subjectId: "voirie.chaussee" })).status).toBe(409);

      // Our own request.routed comes back through the desk consumer and changes nothing.
      await waitForDeskToConsume(routing, 3);
      const list = await call(routing, people.voirie, "GET", "/api/desk?serviceId=voirie");
      expect(list.status).toBe(200);
      expect(list.body.cases).toEqual([
        expect.objectContaining({ requestId: received.requestId, status: "new", serviceId: "voirie" }),
      ]);
      expect(list.body.counts.new).toBe(1);
      const triage = await call(routing, people.reception, "GET", "/api/triage");
      expect(triage.body.requests).toEqual([]);
    } finally {
      await stream.close();
      await routing.close();
    }
  });

  test("a transfer needs a reason, counts 1 then 2, and moves the case to the new service's queue", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const stream = await StreamProbe.connect(natsUrl, namespace);
    try {
      const received = receivedEvent({ subjectId: "voirie.chaussee", title: "Nid de poule" });
      await stream.publish("requestReceived", received);
      await waitForCase(routing, received.requestId, (c) => c.serviceId === "voirie", "the case on voirie's desk");
      const path = `/api/desk/${received.requestId}/transfer`;

      const noReason = await call(routing, people.voirie, "POST", path, { toServiceId: "espaces-verts" });
      expect(noReason.status).toBe(400);
      expect(noReason.body.problems).toEqual([expect.objectContaining({ field: "reason" })]);
      expect(noReason.body.message).toContain("Motif");
      const unknown = await call(routing, people.voirie, "POST", path, { toServiceId: "jardins", reason: "x" });
      expect(unknown.status).toBe(400);
      expect(unknown.body.message).toContain("jardins");
      // Only the service in charge (or reception) may send it elsewhere.
      expect((await call(routing, people.ccas, "POST", path, { toServiceId: "ccas", reason: "x" })).status).toBe(403);

      const first = await call(routing, people.voirie, "POST", path, {
        subjectId: "espaces-verts.entretien",
        reason: "Il s’agit d’une haie du parc, pas de la chaussée.",
      });
      expect(first.status).toBe(200);
      expect(first.body.transferCount).toBe(1);
      // The case left voirie: its agents no longer see it.
      expect((await call(routing, people.voirie, "GET", `/api/desk/${received.requestId}`)).status).toBe(403);
      const greens = await call(routing, people.espacesVerts, "GET", "/api/desk");
      expect(greens.body.cases).toEqual([
        expect.objectContaining({ requestId: received.requestId, status: "new", transferCount: 1 }),
      ]);

      const second = await call(routing, people.espacesVerts, "POST", path, {
        toServiceId: "voirie",
        reason: "La haie déborde sur la chaussée : voirie.",
      });
      expect(second.body.transferCount).toBe(2);

      // Concurrent transfers are serialised on the case: no count is lost or repeated.
      const concurrent = await Promise.all(
        ["ccas", "elus"].map((toServiceId) =>
          call(routing, people.reception, "POST", path, { toServiceId, reason: "Réorientation par l’accueil." }),
        ),
      );
      expect(concurrent.map((r) => r.status)).toEqual([200, 200]);
      expect(concurrent.map((r) => r.body.transferCount).sort()).toEqual([3, 4]);

      const transfers = await waitForEvents(stream, "requestTransferred", received.requestId, 4);
      expect(transfers.slice(0, 2).map((t) => [t.fromServiceId, t.toServiceId, t.transferCount])).toEqual([
        ["voirie", "espaces-verts", 1],
        ["espaces-verts", "voirie", 2],
      ]);
      expect(transfers.map((t) => t.transferCount)).toEqual([1, 2, 3, 4]);
      // Each transfer starts from where the previous one left the case.
      expect(transfers[3]?.fromServiceId).toBe(transfers[2]?.toServiceId);
      expect(transfers[0]).toMatchObject({
        subjectId: "espaces-verts.entretien",
        byStaffId: people.voirie.id,
        handling: { service: { id: "espaces-verts" }, subject: { id: "espaces-verts.entretien" } },
      });
      // The subject stays (its targets belong to the procedure) when only the service is chosen.
      expect(transfers[1]).toMatchObject({
        subjectId: "espaces-verts.entretien",
        handling: { service: { id: "voirie" } },
      });
    } finally {
      await stream.close();
      await routing.close();
    }
  });

  test("follow-ups attach to the case of the service in charge, whatever the order of the events", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const stream = await StreamProbe.connect(natsUrl, namespace);
    try {
      const received = receivedEvent({ subjectId: "voirie.eclairage", title: "Lampadaire éteint" });
      await stream.publish("requestReceived", received);
      await waitForCase(routing, received.requestId, (c) => c.serviceId === "voirie", "the case on voirie's desk");
      const statusPath = `/api/desk/${received.requestId}/status`;
      const noNote = await call(routing, people.voirie, "POST", statusPath, { status: "waiting-citizen" });
      expect(noNote.status).toBe(400);
      expect(noNote.body.problems).toEqual([expect.objectContaining({ field: "note" })]);
      const waiting = await call(routing, people.voirie, "POST", statusPath, {
        status: "waiting-citizen",
        note: "Merci de préciser le numéro du lampadaire.",
      });
      expect(waiting.status).toBe(200);

      const followUpId = randomUUID();
      const followUp = {
        requestId: received.requestId,
        reference: received.reference,
        followUpId,
        channel: "email" as const,
        receivedAt: new Date().toISOString(),
        title: "RE: Lampadaire éteint",
        body: "C’est le lampadaire n° 42.",
      };
      await stream.publish("requestFollowUpReceived", followUp);
      // A redelivered or duplicated follow-up (same id, new event) is attached once.
      await stream.publish("requestFollowUpReceived", followUp);
      const resumed = await waitForCase(
        routing,
        received.requestId,
        (c) => c.status === "in-progress",
        "the case back to in-progress",
      );
      expect(resumed).toMatchObject({ serviceId: "voirie", unreadFollowUps: 1 });
      expect(resumed.timeline.filter((e: Json) => e.kind === "follow-up")).toEqual([
        expect.objectContaining({ id: followUpId, body: "C’est le lampadaire n° 42." }),
      ]);
      const changes = await waitForEvents(stream, "requestStatusChanged", received.requestId, 2);
      expect(changes.map((c) => [c.from, c.to, c.byStaffId])).toEqual([
        ["new", "waiting-citizen", people.voirie.id],
        ["waiting-citizen", "in-progress", null],
      ]);
      expect(changes[0]?.note).toBe("Merci de préciser le numéro du lampadaire.");

      // Follow-up before the request itself: kept, and the case lands where routing sends it.
      const early = receivedEvent({ subjectId: "ccas.aide", title: "Aide" });
      await stream.publish("requestFollowUpReceived", {
        ...followUp,
        requestId: early.requestId,
        reference: early.reference,
        followUpId: randomUUID(),
        body: "J’oubliais : mon numéro d’allocataire est 123.",
      });
      await stream.publish("requestReceived", early);
      const landed = await waitForCase(
        routing,
        early.requestId,
        (c) => c.serviceId === "ccas",
        "the early case at ccas",
      );
      expect(landed.timeline.map((e: Json) => e.kind)).toContain("follow-up");
      expect(landed.body).toBe(early.body);

      // A closed case stays closed and is flagged.
      const closed = await call(routing, people.voirie, "POST", statusPath, { status: "closed", outcome: "answered" });
      expect(closed.status).toBe(200);
      await stream.publish("requestFollowUpReceived", { ...followUp, followUpId: randomUUID(), body: "Merci !" });
      const flagged = await waitForCase(
        routing,
        received.requestId,
        (c) => c.timeline.some((e: Json) => e.body === "Merci !"),
        "the follow-up on the closed case",
      );
      expect(flagged.status).toBe("closed");
      expect(flagged.unreadFollowUps).toBe(1);
      expect(flagged.outcome).toBe("answered");
    } finally {
      await stream.close();
      await routing.close();
    }
  });

  test("reply: request.replied and answered; other services get 403; views are audited", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const stream = await StreamProbe.connect(natsUrl, namespace);
    try {
      const received = receivedEvent({ subjectId: "voirie.chaussee", title: "Trottoir abîmé" });
      await stream.publish("requestReceived", received);
      await waitForCase(routing, received.requestId, (c) => c.serviceId === "voirie", "the case on voirie's desk");
      const id = received.requestId;

      // Another service's agent: refused everywhere, and nothing is recorded as viewed.
      expect((await call(routing, people.ccas, "GET", "/api/desk?serviceId=voirie")).status).toBe(403);
      expect((await call(routing, people.ccas, "GET", `/api/desk/${id}`)).status).toBe(403);
      expect((await call(routing, people.ccas, "POST", `/api/desk/${id}/reply`, { body: "Bonjour" })).status).toBe(403);
      expect((await call(routing, people.ccas, "POST", `/api/desk/${id}/notes`, { body: "x" })).status).toBe(403);
      expect((await call(routing, null, "GET", `/api/desk/${id}`)).status).toBe(401);
      // Reception reads but does not answer for a service.
      expect((await call(routing, people.reception, "POST", `/api/desk/${id}/reply`, { body: "x" })).status).toBe(403);

      const details = await call(routing, people.voirie, "GET", `/api/desk/${id}`);
      expect(details.status).toBe(200);
      expect(details.body.citizen).toMatchObject({ email: "jeanne.martin@example.org" });
      const audit = await stream.waitFor(
        "auditRecorded",
        (a) => a.requestId === id && a.staffId === people.voirie.id && a.action === "view",
        "audit.recorded for the view",
      );
      expect(audit).toMatchObject({ service: "routing", resource: "request", reference: received.reference });
      expect(JSON.stringify(audit)).not.toContain("jeanne");

      expect(
        (await call(routing, people.voirie, "POST", `/api/desk/${id}/assign`, { assigneeId: "voirie-1" })).status,
      ).toBe(200);
      expect(
        (await call(routing, people.voirie, "POST", `/api/desk/${id}/notes`, { body: "Voir avec l’équipe." })).status,
      ).toBe(201);
      expect((await call(routing, people.voirie, "POST", `/api/desk/${id}/reply`, { body: "  " })).status).toBe(400);
      const replyId = randomUUID();
      const reply = await call(routing, people.voirie, "POST", `/api/desk/${id}/reply`, {
        body: "Bonjour, l’équipe passera jeudi.",
        replyId,
      });
      expect(reply.status).toBe(201);
      expect(reply.body.replyId).toBe(replyId);
      // A double submission (same replyId) records and sends nothing more.
      const again = await call(routing, people.voirie, "POST", `/api/desk/${id}/reply`, {
        body: "Bonjour, l’équipe passera jeudi.",
        replyId,
      });
      expect(again.status).toBe(201);

      const replied = await stream.waitFor("requestReplied", (r) => r.requestId === id, "request.replied");
      expect(replied).toMatchObject({
        replyId: reply.body.replyId,
        serviceId: "voirie",
        body: "Bonjour, l’équipe passera jeudi.",
        byStaffId: people.voirie.id,
      });
      const changed = await stream.waitFor(
        "requestStatusChanged",
        (c) => c.requestId === id && c.to === "answered",
        "status-changed to answered",
      );
      expect(changed).toMatchObject({ from: "new", assigneeId: "voirie-1", serviceId: "voirie" });
      expect(Date.parse(changed.changedAt)).not.toBeNaN();

      const after = await call(routing, people.voirie, "GET", `/api/desk/${id}`);
      expect((await stream.read("requestReplied")).filter((r) => r.requestId === id)).toHaveLength(1);
      expect(after.body).toMatchObject({ status: "answered", assigneeName: "Agent Voirie" });
      expect(after.body.firstRepliedAt).not.toBeNull();
      expect(after.body.timeline.map((e: Json) => e.kind)).toEqual(["routed", "assignment", "note", "reply"]);
      const changes = (await stream.read("auditRecorded")).filter((a) => a.requestId === id && a.action === "change");
      expect(changes.map((a) => a.detail)).toEqual([
        "assigned the request",
        "added an internal note",
        "replied to the citizen",
      ]);
      // Closed: no reply until reopened.
      await call(routing, people.voirie, "POST", `/api/desk/${id}/status`, { status: "closed", outcome: "answered" });
      expect((await call(routing, people.voirie, "POST", `/api/desk/${id}/reply`, { body: "Encore" })).status).toBe(
        409,
      );
      expect(
        (await call(routing, people.voirie, "POST", `/api/desk/${id}/status`, { status: "in-progress" })).status,
      ).toBe(200);
    } finally {
      await stream.close();
      await routing.close();
    }
  });
});

async function waitForEvents<N extends "requestTransferred" | "requestStatusChanged">(
  stream: StreamProbe,
  name: N,
  requestId: string,
  count: number,
): Promise<EventData<N>[]> {
  let found: EventData<N>[] = [];
  await waitFor(
    async () => {
      found = (await stream.read(name)).filter((d) => d.requestId === requestId);
      return found.length >= count;
    },
    { what: `${count} ${name} events`, timeoutMs: 15_000, intervalMs: 200 },
  );
  return found;
}

/** The desk consumer's inbox has seen at least `count` events. */
async function waitForDeskToConsume(routing: Awaited<ReturnType<typeof bootRouting>>, count: number) {
  await waitFor(
    async () => {
      const seen = await routing.infrastructure.pool.query(
        "SELECT count(*)::int AS n FROM routing.processed_event WHERE consumer = 'routing-desk'",
      );
      return seen.rows[0].n >= count;
    },
    { what: "the desk consumer to catch up" },
  );
}
