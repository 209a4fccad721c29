import { test } from "@guichet/testing";
import { afterEach, describe, expect } from "vitest";
import { signCtiBody } from "../../src/phone/cti-events/cti-signature.ts";
import { CTI_SECRET, type IntakeUnderTest, startIntakeUnderTest } from "./phone-test.harness.ts";

let intake: IntakeUnderTest | undefined;
afterEach(async () => {
  await intake?.close();
  intake = undefined;
});

async function post(event: unknown, secret = CTI_SECRET) {
  const body = JSON.stringify(event);
  const response = await fetch(`${intake?.url}/api/cti/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-guichet-signature": signCtiBody(secret, body) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const answeredCall = [
  {
    event: "call.offered",
    callId: "cti-1001",
    occurredAt: "2026-03-02T09:00:00+01:00",
    siteId: "mairie-siege",
    caller: "06 12 34 56 78",
    callee: "0241573000",
    queue: "accueil",
  },
  { event: "call.answered", callId: "cti-1001", occurredAt: "2026-03-02T09:00:42+01:00", agent: "m.lefevre" },
  { event: "call.ended", callId: "cti-1001", occurredAt: "2026-03-02T09:04:12+01:00", cause: "normal" },
];

describe("CTI webhook over real HTTP, PostgreSQL and NATS", () => {
  test("refuses unsigned or wrongly signed events, and invalid payloads", async ({ database, natsUrl, namespace }) => {
    intake = await startIntakeUnderTest({ databaseUrl: database.url, natsUrl, namespace });
    expect((await post(answeredCall[0], "not-the-shared-secret-not-the-shared")).status).toBe(401);
    const unsigned = await fetch(`${intake.url}/api/cti/events`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(answeredCall[0]),
    });
    expect(unsigned.status).toBe(401);
    const invalid = await post({ event: "call.transferred", callId: "x", occurredAt: "hier" });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toMatch(/event.*occurredAt/s);
    const stored = await intake.pool.query("SELECT count(*)::int AS n FROM intake.cti_event");
    expect(stored.rows[0]?.n).toBe(0);
  });

  test("consolidates a call at hang-up, once, whatever the retries", async ({ database, natsUrl, namespace }) => {
    intake = await startIntakeUnderTest({ databaseUrl: database.url, natsUrl, namespace });
    expect((await post(answeredCall[0])).body).toEqual({
      duplicate: false,
      consolidated: false,
      callbackRequestId: null,
    });
    expect((await post(answeredCall[1])).status).toBe(202);
    expect((await post(answeredCall[1])).body).toMatchObject({ duplicate: true });
    expect((await post(answeredCall[2])).body).toEqual({
      duplicate: false,
      consolidated: true,
      callbackRequestId: null,
    });
    expect((await post(answeredCall[2])).body).toMatchObject({ duplicate: true, consolidated: false });

    const [recorded] = await intake.waitForEvents("call.recorded", 1);
    expect(recorded?.data).toEqual({
      callId: "cti:mairie-siege:cti-1001",
      source: "cti",
      siteId: "mairie-siege",
      queue: "accueil",
      offeredAt: "2026-03-02T08:00:00.000Z",
      answeredAt: "2026-03-02T08:00:42.000Z",
      endedAt: "2026-03-02T08:04:12.000Z",
      outcome: "answered",
      waitSeconds: 42,
      talkSeconds: 210,
      agentId: "m.lefevre",
      requestId: null,
    });
    const call = await intake.pool.query("SELECT caller, outcome FROM intake.call WHERE source_call_id = 'cti-1001'");
    expect(call.rows).toEqual([{ caller: "+33612345678", outcome: "answered" }]);

    // A caller who hangs up in the queue: abandoned, and called back.
    await post({
      event: "call.offered",
      callId: "cti-1002",
      occurredAt: "2026-03-02T10:00:00+01:00",
      caller: "0745123456",
      queue: "etat-civil",
    });
    const ended = await post({
      event: "call.ended",
      callId: "cti-1002",
      occurredAt: "2026-03-02T10:01:30+01:00",
      cause: "caller-hangup",
    });
    expect(ended.body).toMatchObject({ consolidated: true, callbackRequestId: expect.any(String) });
    const [callback] = await intake.waitForEvents("request.received", 1);
    expect(callback?.data).toMatchObject({
      requestId: ended.body.callbackRequestId,
      channel: "phone",
      receivedAt: "2026-03-02T09:00:00.000Z",
      citizen: { phone: "+33745123456", preferredChannel: "sms" },
    });
    const abandoned = await intake.waitForEvents(
      "call.recorded",
      1,
      (e) => (e.data as { outcome: string }).outcome === "abandoned",
    );
    expect(abandoned[0]?.data).toMatchObject({
      waitSeconds: 90,
      talkSeconds: 0,
      requestId: ended.body.callbackRequestId,
    });
    const total = await intake.pool.query("SELECT count(*)::int AS n FROM intake.outbox WHERE type = 'call.recorded'");
    expect(total.rows[0]?.n).toBe(2);
  });
});
