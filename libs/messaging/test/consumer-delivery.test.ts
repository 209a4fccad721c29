import type { Envelope } from "@guichet/contracts";
import { describe, expect } from "vitest";
import { type DeliveryContext, RetryLater, Unprocessable } from "../src/index.ts";
import {
  acknowledgementSent,
  fastPolicy,
  requestReceived,
  test,
  waitFor,
  waitUntilSettled,
} from "./messaging.fixture.ts";

describe("consuming", () => {
  test("hands the parsed event to the handler and acks it", async ({ messaging, namespace }) => {
    const seen: { envelope: Envelope; context: DeliveryContext }[] = [];
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async (envelope, context) => {
        seen.push({ envelope, context });
      },
    });
    const event = requestReceived();
    const { seq } = await messaging.publish(event);
    await waitUntilSettled(messaging, "routing");
    expect(seen).toEqual([
      { envelope: event, context: { subject: `${namespace}.request.received.v1`, deliveryCount: 1, streamSeq: seq } },
    ]);
  });

  test("redelivers a failing event with backoff until it succeeds", async ({ messaging }) => {
    const attempts: { count: number; at: number }[] = [];
    await messaging.consume({
      durable: "flaky",
      events: ["requestReceived"],
      policy: { ...fastPolicy, maxDeliver: 5, backoffMs: [300] },
      handler: async (_envelope, { deliveryCount }) => {
        attempts.push({ count: deliveryCount, at: Date.now() });
        if (deliveryCount === 1) throw new Error("database unavailable");
        if (deliveryCount === 2) throw new RetryLater("still warming up");
      },
    });
    await messaging.publish(requestReceived());
    await waitFor(async () => attempts.length === 3, { what: "third delivery" });
    await waitUntilSettled(messaging, "flaky");
    expect(attempts.map((a) => a.count)).toEqual([1, 2, 3]);
    const gaps = attempts.slice(1).map((attempt, i) => attempt.at - (attempts[i]?.at ?? attempt.at));
    expect(gaps.every((gap) => gap >= 250)).toBe(true);
    expect(await messaging.deadLetters.list("flaky")).toEqual([]);
  });

  test("dead-letters a poison event after maxDeliver without blocking the next", async ({ messaging, namespace }) => {
    const poison = requestReceived();
    const healthy = requestReceived();
    const processed: string[] = [];
    let poisonAttempts = 0;
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async (envelope) => {
        if (envelope.id === poison.id) {
          poisonAttempts += 1;
          throw new Error("cannot route");
        }
        processed.push(envelope.id);
      },
    });
    await messaging.publish(poison);
    await messaging.publish(healthy);
    await waitFor(async () => (await messaging.deadLetters.list("routing")).length === 1, { what: "dead letter" });
    expect(processed).toEqual([healthy.id]);
    expect(poisonAttempts).toBe(fastPolicy.maxDeliver);
    const [entry] = await messaging.deadLetters.list("routing");
    expect(entry).toMatchObject({
      consumer: "routing",
      originalSubject: `${namespace}.request.received.v1`,
      deliveries: 3,
      error: "gave up after 3 deliveries: Error: cannot route",
      eventId: poison.id,
      eventType: "request.received.v1",
    });
    await waitUntilSettled(messaging, "routing");
  });

  test("dead-letters an unprocessable event at once", async ({ messaging }) => {
    let attempts = 0;
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async () => {
        attempts += 1;
        throw new Unprocessable("unknown town service");
      },
    });
    await messaging.publish(requestReceived());
    await waitFor(async () => (await messaging.deadLetters.list("routing")).length === 1, { what: "dead letter" });
    expect(attempts).toBe(1);
    expect((await messaging.deadLetters.list())[0]).toMatchObject({
      deliveries: 1,
      error: "Unprocessable: unknown town service",
    });
  });

  test("dead-letters an invalid payload without calling the handler", async ({ messaging, admin, namespace }) => {
    let calls = 0;
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async () => {
        calls += 1;
      },
    });
    const subject = `${namespace}.request.received.v1`;
    await admin.js.publish(subject, "{ not json");
    await admin.js.publish(subject, JSON.stringify({ ...requestReceived(), data: { requestId: "x" } }));
    await waitFor(async () => (await messaging.deadLetters.list("routing")).length === 2, { what: "dead letters" });
    const entries = await messaging.deadLetters.list("routing");
    expect(entries.map((e) => e.error)).toEqual([
      "event is not valid JSON",
      expect.stringMatching(/^invalid request\.received v1 at requestId, reference/),
    ]);
    expect(entries.every((e) => e.deliveries === 1)).toBe(true);
    expect(calls).toBe(0);
  });

  test("with several events, skips the subjects it does not handle", async ({ messaging }) => {
    const types: string[] = [];
    await messaging.consume({
      durable: "notification",
      events: ["requestReceived", "requestRouted"],
      policy: fastPolicy,
      handler: async (envelope) => {
        types.push(envelope.type);
      },
    });
    await messaging.publish(acknowledgementSent());
    await messaging.publish(requestReceived());
    await waitUntilSettled(messaging, "notification");
    expect(types).toEqual(["request.received"]);
  });

  test("'all' receives every event but never the dead letters", async ({ messaging }) => {
    const types: string[] = [];
    await messaging.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async () => {
        throw new Unprocessable("no");
      },
    });
    await messaging.consume({
      durable: "reporting",
      events: "all",
      policy: fastPolicy,
      handler: async (envelope) => {
        types.push(envelope.type);
      },
    });
    await messaging.publish(requestReceived());
    await messaging.publish(acknowledgementSent());
    await waitFor(async () => (await messaging.deadLetters.list("routing")).length === 1, { what: "dead letter" });
    await waitUntilSettled(messaging, "reporting");
    expect(types.sort()).toEqual(["acknowledgement.sent", "request.received"]);
  });

  test("processes up to `concurrency` events at once", async ({ messaging }) => {
    let running = 0;
    let peak = 0;
    let done = 0;
    await messaging.consume({
      durable: "parallel",
      events: ["requestReceived"],
      concurrency: 4,
      policy: fastPolicy,
      handler: async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 150));
        running -= 1;
        done += 1;
      },
    });
    await Promise.all(Array.from({ length: 8 }, () => messaging.publish(requestReceived())));
    await waitFor(async () => done === 8, { what: "8 events processed" });
    expect(peak).toBe(4);
  });

  test("keeps one request's events in stream order while other requests run side by side", async ({ messaging }) => {
    // Request A: three events published first, each slow to handle; request B: one fast event.
    const first = requestReceived();
    const requestA = (first.data as { requestId: string }).requestId;
    const sameRequest = [first, requestReceived(), requestReceived()].map((e) => ({
      ...e,
      data: { ...(e.data as object), requestId: requestA },
    })) as Envelope[];
    const other = requestReceived();
    for (const event of [...sameRequest, other]) await messaging.publish(event);
    const finished: string[] = [];
    let runningA = 0;
    let peakA = 0;
    await messaging.consume({
      durable: "keyed",
      events: ["requestReceived"],
      concurrency: 4,
      policy: fastPolicy,
      handler: async (envelope) => {
        const ofA = (envelope.data as { requestId: string }).requestId === requestA;
        if (ofA) runningA += 1;
        peakA = Math.max(peakA, runningA);
        await new Promise((resolve) => setTimeout(resolve, ofA ? 100 : 0));
        if (ofA) runningA -= 1;
        finished.push(envelope.id);
      },
    });
    await waitFor(async () => finished.length === 4, { what: "4 events processed" });
    expect(peakA).toBe(1);
    expect(finished.filter((id) => id !== other.id)).toEqual(sameRequest.map((e) => e.id));
    // B did not wait behind A's lane.
    expect(finished[0]).toBe(other.id);
  });

  test("processes in order with the default concurrency", async ({ messaging }) => {
    const events = Array.from({ length: 5 }, () => requestReceived());
    const order: string[] = [];
    let running = 0;
    let peak = 0;
    for (const event of events) await messaging.publish(event);
    await messaging.consume({
      durable: "ordered",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async (envelope) => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        order.push(envelope.id);
        running -= 1;
      },
    });
    await waitFor(async () => order.length === 5, { what: "5 events processed" });
    expect(order).toEqual(events.map((e) => e.id));
    expect(peak).toBe(1);
  });

  test("keeps a long handler's message with heartbeats past the ack wait", async ({ messaging }) => {
    const deliveries: number[] = [];
    await messaging.consume({
      durable: "slow",
      events: ["requestReceived"],
      policy: { ...fastPolicy, ackWaitMs: 1_000 },
      handler: async (_envelope, { deliveryCount }) => {
        deliveries.push(deliveryCount);
        await new Promise((resolve) => setTimeout(resolve, 2_500));
      },
    });
    await messaging.publish(requestReceived());
    await waitUntilSettled(messaging, "slow");
    expect(deliveries).toEqual([1]);
  });
});
