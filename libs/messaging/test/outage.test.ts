import { type NatsServerProcess, startNatsServer } from "@guichet/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Messaging } from "../src/index.ts";
import { requestReceived, waitFor } from "./messaging.fixture.ts";

describe("broker outage", () => {
  // Our own server: this test stops it, which must not disturb the shared one.
  let server: NatsServerProcess;
  beforeAll(async () => {
    server = await startNatsServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it("rejects a publish within its timeout while NATS is down, then recovers", async () => {
    const messaging = await Messaging.connect({
      servers: server.url,
      namespace: "outage",
      name: "outage-test",
      publishTimeoutMs: 1_000,
    });
    try {
      await messaging.ensureStream();
      await messaging.publish(requestReceived());

      await server.stop();
      await waitFor(async () => !messaging.isConnected(), { what: "disconnection" });
      const started = Date.now();
      await expect(messaging.publish(requestReceived())).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(3_000);

      await server.start();
      await waitFor(async () => messaging.isConnected(), { what: "reconnection" });
      expect((await messaging.publish(requestReceived())).seq).toBe(2);
    } finally {
      await messaging.close();
    }
  });
});
