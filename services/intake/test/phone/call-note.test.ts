import { test } from "@guichet/testing";
import { afterEach, describe, expect } from "vitest";
import { signCtiBody } from "../../src/phone/cti-events/cti-signature.ts";
import { CTI_SECRET, type IntakeUnderTest, staffHeaders, startIntakeUnderTest } from "./phone-test.harness.ts";

let intake: IntakeUnderTest | undefined;
afterEach(async () => {
  await intake?.close();
  intake = undefined;
});

async function postJson(path: string, body: unknown, headers: Record<string, string> = {}) {
  const text = JSON.stringify(body);
  const response = await fetch(`${intake?.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: text,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const cti = (event: unknown) =>
  postJson("/api/cti/events", event, { "x-guichet-signature": signCtiBody(CTI_SECRET, JSON.stringify(event)) });

const note = {
  subjectId: "etat-civil.acte-naissance",
  asked: "Demande une copie intégrale de son acte de naissance pour un dossier de mariage.",
  answeredOnTheSpot: "Pièces à fournir indiquées ; la demande est transmise au service état civil.",
  citizen: {
    name: "Jeanne Martin",
    phone: "06 12 34 56 78",
    email: "Jeanne.Martin@example.org",
    preferredChannel: "email",
  },
};

describe("agent's call note over real HTTP, PostgreSQL and NATS", () => {
  test("turns an answered CTI call and its note into a phone request entered by the agent", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    intake = await startIntakeUnderTest({ databaseUrl: database.url, natsUrl, namespace });
    await cti({
      event: "call.offered",
      callId: "cti-2001",
      occurredAt: "2026-03-02T14:00:00+01:00",
      siteId: "mairie-siege",
      caller: "0612345678",
    });
    await cti({
      event: "call.answered",
      callId: "cti-2001",
      occurredAt: "2026-03-02T14:00:20+01:00",
      agent: "c.moreau",
    });
    await cti({ event: "call.ended", callId: "cti-2001", occurredAt: "2026-03-02T14:06:00+01:00", cause: "normal" });

    const anonymous = await postJson("/api/calls/cti-2001/note", note);
    expect(anonymous.status).toBe(401);
    const unsigned = await postJson("/api/calls/cti-2001/note", note, { "x-guichet-staff": "c.moreau" });
    expect(unsigned.status).toBe(401);
    const manager = await postJson("/api/calls/cti-2001/note", note, staffHeaders("d.leroy", ["manager"]));
    expect(manager.status).toBe(403);
    const invalid = await postJson(
      "/api/calls/cti-2001/note",
      { citizen: { email: "pas-une-adresse" } },
      staffHeaders("c.moreau"),
    );
    expect(invalid.status).toBe(400);
    const problems = JSON.stringify(invalid.body);
    expect(problems).toContain("ce que l’appelant a demandé est obligatoire");
    expect(problems).toContain("le nom de l’appelant est obligatoire");
    expect(problems).toContain("adresse e-mail invalide");
    expect((await postJson("/api/calls/cti-9999/note", note, staffHeaders("c.moreau"))).status).toBe(404);

    const created = await postJson("/api/calls/cti-2001/note", note, staffHeaders("c.moreau"));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      reference: expect.stringMatching(/^LA-2026-\d{6}$/),
      receivedAt: "2026-03-02T13:00:00.000Z",
    });
    const [received] = await intake.waitForEvents("request.received", 1);
    expect(received?.data).toMatchObject({
      requestId: created.body.requestId,
      channel: "phone",
      siteId: "mairie-siege",
      subjectId: "etat-civil.acte-naissance",
      enteredBy: "c.moreau",
      receivedAt: "2026-03-02T13:00:00.000Z",
      citizen: {
        name: "Jeanne Martin",
        phone: "+33612345678",
        email: "jeanne.martin@example.org",
        preferredChannel: "email",
      },
      metadata: { callKey: "cti:mairie-siege:cti-2001" },
    });
    expect((received?.data as { body?: string } | undefined)?.body).toContain(
      "Réponse apportée au téléphone : Pièces à fournir",
    );
    const linked = await intake.pool.query(
      "SELECT request_id::text AS id FROM intake.call WHERE source_call_id = 'cti-2001'",
    );
    expect(linked.rows[0]?.id).toBe(created.body.requestId);
    expect((await postJson("/api/calls/cti-2001/note", note, staffHeaders("c.moreau"))).status).toBe(409);
  });

  test("records a note without call id as a request and an agent call, once per Idempotency-Key", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    intake = await startIntakeUnderTest({ databaseUrl: database.url, natsUrl, namespace });
    const body = { ...note, calledAt: "2026-03-03T10:15:00+01:00", talkSeconds: 240, siteId: "annexe-andard" };
    const headers = { ...staffHeaders("p.bernard"), "idempotency-key": "note-annexe-0001" };
    const first = await postJson("/api/phone-requests", body, headers);
    expect(first.status).toBe(201);
    const replay = await postJson("/api/phone-requests", body, headers);
    expect(replay.body).toMatchObject({ requestId: first.body.requestId, replayed: true });
    const [recorded] = await intake.waitForEvents("call.recorded", 1);
    expect(recorded?.data).toMatchObject({
      source: "agent",
      siteId: "annexe-andard",
      outcome: "answered",
      talkSeconds: 240,
      agentId: "p.bernard",
      requestId: first.body.requestId,
      offeredAt: "2026-03-03T09:15:00.000Z",
    });
    await intake.waitForEvents("request.received", 1);
    const counts = await intake.pool.query(
      "SELECT (SELECT count(*) FROM intake.request)::int AS requests, (SELECT count(*) FROM intake.call)::int AS calls",
    );
    expect(counts.rows[0]).toEqual({ requests: 1, calls: 1 });
  });
});
