import type { Envelope } from "@guichet/contracts";
import { test } from "@guichet/testing";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { describe, expect } from "vitest";
import { Outbox, OutboxRelay, withPgTransaction } from "../src/index.ts";
import { events, migratedSchema } from "./db-test-helpers.ts";

describe("OutboxRelay with NATS JetStream", () => {
  test("relays outbox rows to a real stream, in order, with the event id as message id", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const pool = await migratedSchema(database.url, namespace);
    const nc = await connect({ servers: natsUrl });
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: namespace, subjects: [`${namespace}.>`] });
    const js = jetstream(nc);
    const publisher = {
      publish: (envelope: Envelope) =>
        js.publish(`${namespace}.${envelope.type}.v${envelope.version}`, JSON.stringify(envelope), {
          msgID: envelope.id,
        }),
    };
    const relay = new OutboxRelay({ pool, schema: namespace, publisher });
    try {
      const sent = events(5);
      await withPgTransaction(pool, (tx) => new Outbox(namespace).enqueue(tx, ...sent));
      expect(await relay.flush()).toBe(5);

      const consumer = await js.consumers.get(namespace);
      const received: string[] = [];
      const messages = await consumer.fetch({ max_messages: 5, expires: 2_000 });
      for await (const message of messages) {
        received.push((message.json() as Envelope).id);
        expect(message.subject).toBe(`${namespace}.request.received.v1`);
        if (received.length === 5) break;
      }
      expect(received).toEqual(sent.map((e) => e.id));
    } finally {
      await jsm.streams.delete(namespace).catch(() => {});
      await nc.close();
      await pool.end();
    }
  });
});
