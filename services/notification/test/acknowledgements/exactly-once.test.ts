import { type ChildProcess, spawn } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { type Envelope, events, subjectOf } from "@guichet/contracts";
import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test, waitFor } from "@guichet/testing";
import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import pg from "pg";
import { afterAll, beforeAll, describe, expect } from "vitest";
import {
  bootNotification,
  type HarnessOptions,
  receivedEvent,
  routedEvent,
  TestPublisher,
  testEnv,
} from "../support/notification.harness.ts";

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => mail?.stop());

/** Mails per (reference, kind) as counted by the SMTP server: the citizen's view of "exactly once". */
function countByKind(references: readonly string[]): { registration: number[]; acknowledgement: number[] } {
  const caught = mail.messages();
  const count = (reference: string, word: string) =>
    caught.filter((m) => m.subject.includes(reference) && m.subject.includes(word)).length;
  return {
    registration: references.map((r) => count(r, "enregistrement")),
    acknowledgement: references.map((r) => count(r, "réception")),
  };
}

async function waitForMails(references: readonly string[], timeoutMs = 30_000): Promise<void> {
  await mail.waitForMessages((m) => references.some((r) => m.subject.includes(r)), {
    count: references.length * 2,
    timeoutMs,
  });
}

/** Re-publishes an already published envelope under another JetStream msg id: a true redelivery. */
async function republish(natsUrl: string, namespace: string, envelope: Envelope): Promise<void> {
  const nc = await connect({ servers: natsUrl });
  try {
    const def = envelope.type === "request.received" ? events.requestReceived : events.requestRouted;
    await jetstream(nc).publish(subjectOf(namespace, def), JSON.stringify(envelope), {
      msgID: `again-${Math.random()}-${envelope.id}`,
    });
  } finally {
    await nc.close();
  }
}

async function messageRows(databaseUrl: string): Promise<{ kind: string; status: string; attempts: number }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query("SELECT kind, status, attempts FROM notification.message")).rows;
  } finally {
    await client.end();
  }
}

describe("exactly one acknowledgement of each kind per request", () => {
  test("redelivered events and a re-routing queue nothing more", async ({ database, namespace, natsUrl }) => {
    mail.clear();
    const options = { databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl };
    const service = await bootNotification(options);
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const received = receivedEvent();
      const first = await publisher.publish("requestReceived", received);
      const routed = await publisher.publish("requestRouted", routedEvent(received, "svr"));
      await waitForMails([received.reference]);

      await republish(natsUrl, namespace, first);
      await republish(natsUrl, namespace, routed);
      // A second routing decision (a new event, not a redelivery) must not send a second R112-5 either.
      await publisher.publish("requestRouted", routedEvent(received, "sva"));
      await waitFor(
        async () => {
          const seen = await service.infrastructure.pool.query(
            "SELECT count(*)::int AS n FROM notification.processed_event",
          );
          return seen.rows[0].n >= 3 || undefined;
        },
        { what: "the inbox to record the three distinct events" },
      );
      // Let the consumer work through the redeliveries, then flush the dispatcher.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await service.dispatcher.dispatchDue();
      expect(countByKind([received.reference])).toEqual({ registration: [1], acknowledgement: [1] });
    } finally {
      await publisher.close();
      await service.close();
    }
  });

  test("two concurrent instances on the same database and stream", async ({ database, namespace, natsUrl }) => {
    mail.clear();
    const options = { databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl };
    const a = await bootNotification(options);
    const b = await bootNotification(options);
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const requests = Array.from({ length: 20 }, () => receivedEvent());
      await Promise.all(
        requests.map(async (received, i) => {
          const first = await publisher.publish("requestReceived", received);
          const routed = await publisher.publish("requestRouted", routedEvent(received, i % 2 ? "sva" : "svr"));
          await republish(natsUrl, namespace, first);
          await republish(natsUrl, namespace, routed);
        }),
      );
      const references = requests.map((r) => r.reference);
      await waitForMails(references);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await Promise.all([a.dispatcher.dispatchDue(), b.dispatcher.dispatchDue()]);
      const ones = references.map(() => 1);
      expect(countByKind(references)).toEqual({ registration: ones, acknowledgement: ones });
      // Both instances really worked (the durable consumer is shared: a work queue).
      const rows = await messageRows(database.url);
      expect(rows).toHaveLength(40);
      expect(rows.every((row) => row.status === "sent" && row.attempts === 1)).toBe(true);
    } finally {
      await publisher.close();
      await Promise.all([a.close(), b.close()]);
    }
  });
});

const MAIN = fileURLToPath(new URL("../../src/main.ts", import.meta.url));
const TSCONFIG = fileURLToPath(new URL("../../../../tsconfig.nest.json", import.meta.url));

/** notification as `guichet start` runs it: its own Node process, TypeScript through tsx. */
function spawnNotification(options: HarnessOptions): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", MAIN], {
    env: { ...process.env, ...testEnv(options), TSX_TSCONFIG_PATH: TSCONFIG },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** An SMTP server that accepts connections and never answers: the dispatcher hangs mid-send. */
async function stallingSmtp(): Promise<{ url: string; connections: () => number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections += 1;
    sockets.add(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe("a crashed notification process", () => {
  // Two cold starts of a TypeScript process (tsx): allow for a loaded CI machine.
  test("killed (SIGKILL) while sending, restarted: each message leaves once", { timeout: 180_000 }, async ({
    database,
    namespace,
    natsUrl,
  }) => {
    mail.clear();
    const stall = await stallingSmtp();
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    let child = spawnNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: stall.url });
    try {
      const requests = Array.from({ length: 5 }, () => receivedEvent());
      for (const received of requests) {
        await publisher.publish("requestReceived", received);
        await publisher.publish("requestRouted", routedEvent(received, "sva"));
      }
      // The process consumed the events and is blocked in the middle of an SMTP conversation,
      // holding its claimed rows locked.
      await waitFor(async () => stall.connections() > 0, { what: "a send in progress", timeoutMs: 60_000 });
      await waitFor(async () => (await messageRows(database.url)).length === 10 || undefined, {
        what: "the ten messages queued",
        timeoutMs: 30_000,
      });
      child.kill("SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      const afterCrash = await messageRows(database.url);
      expect(afterCrash.every((row) => row.status === "pending" && row.attempts === 0)).toBe(true);
      expect(mail.messages()).toHaveLength(0);

      // Events published while it is down are consumed after the restart.
      const late = receivedEvent();
      await publisher.publish("requestReceived", late);
      await publisher.publish("requestRouted", routedEvent(late, "svr"));

      child = spawnNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
      const references = [...requests, late].map((r) => r.reference);
      await waitForMails(references, 90_000);
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const ones = references.map(() => 1);
      expect(countByKind(references)).toEqual({ registration: ones, acknowledgement: ones });
      await waitFor(async () => (await messageRows(database.url)).every((row) => row.status === "sent") || undefined, {
        what: "every message marked sent",
      });
    } finally {
      child.kill("SIGKILL");
      await stall.close();
      await publisher.close();
    }
  });
});
