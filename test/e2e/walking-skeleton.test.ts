import { createEvent, events, subjectOf } from "@guichet/contracts";
import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { createInMemorySpans, SERVICE_ATTRIBUTE, startTelemetry, type TelemetryHandle } from "@guichet/telemetry";
import {
  createTestDatabase,
  type NatsServerProcess,
  startNatsServer,
  type TestDatabase,
  uniqueNamespace,
  waitFor,
} from "@guichet/testing";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { citizenRequest, fetchTimeline, type Platform, startPlatform, submit } from "./platform.harness.ts";

const spans = createInMemorySpans();
let telemetry: TelemetryHandle;
let mail: MailCatcher;

beforeAll(async () => {
  telemetry = startTelemetry({ serviceName: "e2e", spanProcessors: [spans.processor] });
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(async () => {
  await mail?.stop();
  await telemetry?.shutdown();
});

function mailsFor(reference: string) {
  return mail.messages().filter((m) => m.subject.includes(reference));
}

async function timelineOf(platform: Platform, reference: string) {
  const response = await fetchTimeline(platform, reference);
  return response.ok
    ? ((await response.json()) as { delays: Record<string, number | null>; events: { type: string }[] })
    : undefined;
}

describe("walking skeleton over real NATS, PostgreSQL and SMTP", () => {
  let database: TestDatabase;
  let platform: Platform;

  beforeEach(async () => {
    // References restart at LA-…-000001 in every fresh database: start each test with no mail.
    mail.clear();
    database = await createTestDatabase(inject("postgresAdminUrl"));
    platform = await startPlatform({
      databaseUrl: database.url,
      natsUrl: inject("natsUrl"),
      namespace: uniqueNamespace(),
      smtpUrl: mail.smtpUrl,
    });
  });
  afterEach(async () => {
    await platform?.close();
    await database?.drop();
  });

  it("takes a web request to its acknowledgement, measured by reporting, in one trace", async () => {
    spans.reset();
    const { status, body } = await submit(platform);
    expect(status).toBe(201);
    expect(body.reference).toMatch(/^LA-\d{4}-\d{6}$/);

    const [registration, acknowledgement] = await Promise.all([
      mail.waitForMessages((m) => m.subject.includes(body.reference) && m.subject.includes("enregistrement"), {
        timeoutMs: 15_000,
      }),
      mail.waitForMessages((m) => m.subject.includes(body.reference) && m.subject.includes("réception"), {
        timeoutMs: 15_000,
      }),
    ]);
    const ack = acknowledgement[0];
    expect(registration).toHaveLength(1);
    expect(ack?.to).toEqual(["jeanne.martin@example.org"]);
    expect(ack?.headers["auto-submitted"]).toBe("auto-replied");
    expect(ack?.text).toContain("Services techniques");
    expect(ack?.text).toContain(body.reference);

    const timeline = await waitFor(
      async () => {
        const t = await timelineOf(platform, body.reference);
        return t?.delays.receiptToAcknowledgementMs != null ? t : undefined;
      },
      { what: "reporting to measure the acknowledgement delay", timeoutMs: 15_000 },
    );
    expect(timeline.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(["request.received", "request.routed", "acknowledgement.sent"]),
    );
    expect(timeline.delays.receiptToAcknowledgementMs).toBeGreaterThan(0);
    expect(timeline.delays.receiptToAcknowledgementMs).toBeLessThan(15_000);

    // One trace from the HTTP call to reporting's projection of the acknowledgement.
    const httpSpan = spans
      .spans()
      .find((s) => s.name.startsWith("POST") && s.attributes[SERVICE_ATTRIBUTE] === "intake");
    expect(httpSpan).toBeDefined();
    const traceId = httpSpan?.spanContext().traceId;
    // In one process the SDK has one resource, so consumers are told apart by their durable name.
    await waitFor(
      async () => {
        const inTrace = spans.spans().filter((s) => s.spanContext().traceId === traceId);
        const consumers = new Set(inTrace.map((s) => s.attributes["messaging.consumer.group.name"]));
        const sent = inTrace.some((s) => s.name === "send acknowledgement");
        return (sent && ["routing", "notification", "reporting"].every((name) => consumers.has(name))) || undefined;
      },
      { what: "spans of the four services in the request's trace", timeoutMs: 10_000 },
    );
  });

  it("answers a malformed submission with 400 naming the fields, and stores nothing", async () => {
    const { status, body } = await submit(platform, {
      ...citizenRequest,
      body: "",
      citizen: { name: "", email: "pas-un-email", preferredChannel: "email" },
    });
    expect(status).toBe(400);
    const fields = (body.problems as { field: string }[]).map((p) => p.field);
    expect(fields).toEqual(expect.arrayContaining(["body", "citizen.name", "citizen.email"]));
    const count = await platform.intake.infrastructure.pool.query("SELECT count(*)::int AS n FROM intake.request");
    expect(count.rows[0].n).toBe(0);
  });

  it("returns the same request for a repeated Idempotency-Key", async () => {
    const key = "double-clic-0001";
    const first = await submit(platform, citizenRequest, { "idempotency-key": key });
    const second = await submit(platform, citizenRequest, { "idempotency-key": key });
    expect(second.status).toBe(201);
    expect(second.body.reference).toBe(first.body.reference);
    expect(second.body.replayed).toBe(true);
    const other = await submit(platform, { ...citizenRequest, body: "Autre chose" }, { "idempotency-key": key });
    expect(other.status).toBe(409);
  });

  it("sends a request that no rule or model recognises to triage, with a registration receipt but no acknowledgement yet", async () => {
    // No subject chosen and nothing in the text that names a municipal matter: routing must not guess.
    const { body } = await submit(platform, {
      ...citizenRequest,
      subjectId: undefined,
      title: "Question",
      body: "Bonjour, pouvez-vous me rappeler au sujet de ce dont nous avons parlé ? Merci.",
    });
    await mail.waitForMessages((m) => m.subject.includes(body.reference), { timeoutMs: 15_000 });
    const timeline = await waitFor(
      async () => {
        const t = await timelineOf(platform, body.reference);
        return t?.events.some((e) => e.type === "request.sent-to-triage") ? t : undefined;
      },
      { what: "the triage event in reporting" },
    );
    expect(timeline.events.some((e) => e.type === "request.routed")).toBe(false);
    await platform.notification.dispatcher.dispatchDue();
    expect(mailsFor(body.reference).map((m) => m.subject)).toEqual([expect.stringContaining("enregistrement")]);
  });

  it("never sends a second acknowledgement when an event is delivered again", async () => {
    const { body } = await submit(platform);
    await mail.waitForMessages((m) => m.subject.includes(body.reference), { count: 2, timeoutMs: 15_000 });
    // Redeliver the routed event as JetStream would after a lost ack: same envelope, new message.
    const routed = await platform.routing.infrastructure.pool.query(
      "SELECT envelope FROM routing.outbox WHERE envelope->>'type' = 'request.routed' AND envelope->'data'->>'reference' = $1",
      [body.reference],
    );
    const envelope = routed.rows[0].envelope;
    const nc = await connect({ servers: inject("natsUrl") });
    const js = jetstream(nc);
    const subject = subjectOf(platform.routing.infrastructure.options.namespace, events.requestRouted);
    await js.publish(subject, JSON.stringify(envelope), { msgID: `redelivery-${envelope.id}` });
    // And a second, distinct routed event for the same request (a re-run of routing).
    const again = createEvent("requestRouted", { ...envelope.data, routedAt: new Date().toISOString() });
    await js.publish(subject, JSON.stringify(again), { msgID: again.id });
    await nc.close();
    await waitFor(
      async () => {
        const t = await timelineOf(platform, body.reference);
        return (t?.events.filter((e) => e.type === "request.routed").length ?? 0) >= 2 || undefined;
      },
      { what: "both routed events processed" },
    );
    await platform.notification.dispatcher.dispatchDue();
    const acknowledgements = mailsFor(body.reference).filter((m) => m.subject.includes("réception"));
    expect(acknowledgements).toHaveLength(1);
  });
});

describe("while NATS is down", () => {
  let database: TestDatabase;
  let nats: NatsServerProcess;
  let platform: Platform;

  beforeAll(async () => {
    database = await createTestDatabase(inject("postgresAdminUrl"));
    nats = await startNatsServer();
    platform = await startPlatform({
      databaseUrl: database.url,
      natsUrl: nats.url,
      namespace: uniqueNamespace(),
      smtpUrl: mail.smtpUrl,
    });
  });
  afterAll(async () => {
    await platform?.close();
    await nats?.stop();
    await database?.drop();
  });

  it("keeps accepting requests and acknowledges each exactly once when NATS is back", async () => {
    mail.clear();
    await nats.stop();
    const references: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { status, body } = await submit(platform, { ...citizenRequest, title: `Demande ${i} pendant la panne` });
      expect(status).toBe(201);
      references.push(body.reference);
    }
    expect(await platform.intake.relay.pending()).toBeGreaterThanOrEqual(3);
    await nats.start();
    for (const reference of references) {
      await mail.waitForMessages((m) => m.subject.includes(reference) && m.subject.includes("réception"), {
        timeoutMs: 30_000,
      });
    }
    await platform.notification.dispatcher.dispatchDue();
    for (const reference of references) {
      expect(mailsFor(reference).filter((m) => m.subject.includes("réception"))).toHaveLength(1);
    }
  });
});
