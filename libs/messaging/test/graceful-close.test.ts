import { describe, expect } from "vitest";
import { Messaging } from "../src/index.ts";
import { fastPolicy, requestReceived, test, waitFor, waitUntilSettled } from "./messaging.fixture.ts";

describe("close", () => {
  test("lets an in-flight handler finish and acks it before draining", async ({ natsUrl, namespace, admin }) => {
    const service = await Messaging.connect({ servers: natsUrl, namespace, name: "closing-service" });
    await service.ensureStream();
    let started = false;
    let finished = false;
    await service.consume({
      durable: "routing",
      events: ["requestReceived"],
      policy: fastPolicy,
      handler: async () => {
        started = true;
        await new Promise((resolve) => setTimeout(resolve, 500));
        finished = true;
      },
    });
    await service.publish(requestReceived());
    await waitFor(async () => started, { what: "handler start" });
    await service.close();
    expect(finished).toBe(true);
    expect(service.isConnected()).toBe(false);

    // Seen from another connection: acked, nothing left to redeliver.
    const observer = await Messaging.connect({ servers: natsUrl, namespace, name: "observer" });
    try {
      await waitUntilSettled(observer, "routing");
      const [consumer] = (await observer.status()).consumers;
      expect(consumer).toMatchObject({ name: "routing", pending: 0, ackPending: 0, redelivered: 0 });
    } finally {
      await observer.close();
      await admin.jsm.streams.delete(service.streamName);
    }
  });
});
