import { randomUUID } from "node:crypto";
import { createEvent, type Envelope } from "@guichet/contracts";
import { test as base, waitFor } from "@guichet/testing";
import { type JetStreamClient, type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { Messaging } from "../src/index.ts";

/** A raw connection, for what the library deliberately refuses to do (publishing garbage) and cleanup. */
export interface Admin {
  nc: NatsConnection;
  js: JetStreamClient;
  jsm: JetStreamManager;
}

/** Short delivery policy so retries and dead-letters happen within the test's time. */
export const fastPolicy = { ackWaitMs: 2_000, maxDeliver: 3, backoffMs: [100] };

export const test = base.extend<{ admin: Admin; messaging: Messaging }>({
  admin: async ({ natsUrl }, use) => {
    const nc = await connect({ servers: natsUrl });
    await use({ nc, js: jetstream(nc), jsm: await jetstreamManager(nc) });
    await nc.close();
  },
  // Each test gets its own namespace, hence its own stream, deleted afterwards.
  messaging: async ({ natsUrl, namespace, admin }, use) => {
    const messaging = await Messaging.connect({ servers: natsUrl, namespace, name: "messaging-test" });
    await messaging.ensureStream();
    await use(messaging);
    await messaging.close();
    await admin.jsm.streams.delete(messaging.streamName);
  },
});

let counter = 0;

export function requestReceived(): Envelope {
  counter += 1;
  return createEvent("requestReceived", {
    requestId: randomUUID(),
    reference: `LA-2025-${String(counter).padStart(6, "0")}`,
    channel: "web",
    siteId: null,
    receivedAt: new Date().toISOString(),
    citizen: { name: null, email: null, phone: null, postalAddress: null, preferredChannel: "none" },
    subjectId: null,
    title: null,
    body: "Bonjour, le lampadaire de la rue est en panne.",
    metadata: {},
  });
}

export function acknowledgementSent(): Envelope {
  return createEvent("acknowledgementSent", {
    requestId: randomUUID(),
    reference: "LA-2025-000001",
    kind: "registration",
    channel: "email",
    messageId: "<1@example.org>",
    sentAt: new Date().toISOString(),
  });
}

/** Resolves when the consumer has settled everything: nothing pending, nothing awaiting an ack. */
export function waitUntilSettled(messaging: Messaging, durable: string): Promise<true> {
  return waitFor(
    async () => {
      const { consumers } = await messaging.status();
      const consumer = consumers.find((c) => c.name === durable);
      return consumer !== undefined && consumer.pending === 0 && consumer.ackPending === 0;
    },
    { what: `consumer ${durable} to settle` },
  );
}

export { waitFor };
