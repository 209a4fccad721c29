import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import {
  createTestDatabase,
  moveStreamLeader,
  type NatsCluster,
  startNatsCluster,
  streamLeader,
  type TestDatabase,
  uniqueNamespace,
  waitFor,
} from "@guichet/testing";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { citizenRequest, type Platform, startPlatform, submit } from "../e2e/platform.harness.ts";

const requestCount = 30;

interface StreamEvent {
  subject: string;
  id: string;
  type: string;
  requestId: string;
  kind?: string;
}

/** Every message of the stream, read one by one from the stream leader (no consumer to create). */
async function readStream(url: string, stream: string): Promise<StreamEvent[]> {
  const nc = await connect({ servers: url });
  try {
    const jsm = await jetstreamManager(nc, { timeout: 20_000 });
    const { state } = await jsm.streams.info(stream);
    const out: StreamEvent[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq += 1) {
      const m = await jsm.streams.getMessage(stream, { seq });
      if (!m) continue;
      const envelope = JSON.parse(new TextDecoder().decode(m.data)) as {
        id: string;
        type: string;
        data: { requestId: string; kind?: string };
      };
      out.push({ subject: m.subject, id: envelope.id, type: envelope.type, ...envelope.data });
    }
    return out;
  } finally {
    await nc.close();
  }
}

let lastConsumers = "";

async function consumersSettled(url: string, stream: string): Promise<boolean> {
  lastConsumers = "";
  const nc = await connect({ servers: url, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc, { timeout: 20_000 });
    const names: string[] = [];
    for await (const c of jsm.consumers.list(stream)) {
      lastConsumers = `${lastConsumers}${c.name}: pending ${c.num_pending}, ack pending ${c.num_ack_pending}; `;
      if (c.num_pending > 0 || c.num_ack_pending > 0) return false;
      names.push(c.name);
    }
    return ["notification", "reporting", "routing"].every((name) => names.includes(name));
  } finally {
    await nc.close();
  }
}

function countBy<T>(items: T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}

describe("scale-out: three-node NATS cluster, two instances of each service", () => {
  let cluster: NatsCluster | undefined;
  let database: TestDatabase | undefined;
  let mail: MailCatcher | undefined;
  const platforms: Platform[] = [];

  afterAll(async () => {
    for (const platform of platforms) await platform.close().catch(() => {});
    await mail?.stop();
    await cluster?.stop();
    await database?.drop();
  });

  it("processes every request once while one NATS node stops mid-run", { timeout: 90_000 }, async () => {
    cluster = await startNatsCluster(3);
    database = await createTestDatabase(inject("postgresAdminUrl"));
    mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    const namespace = uniqueNamespace();
    const stream = namespace.toUpperCase().replace(/[^A-Z0-9]/g, "_");
    const [n1, n2, n3] = cluster.nodes;
    if (!n1 || !n2 || !n3) throw new Error("three nodes expected");

    // Instance A talks to n1, instance B to n2; both learn the other nodes from the cluster.
    // Started one after the other: the second finds migrations applied and consumers created.
    const env = { NATS_REPLICAS: "3", LOG_LEVEL: process.env.CLUSTER_LOG_LEVEL ?? "silent" };
    for (const node of [n1, n2]) {
      platforms.push(
        await startPlatform({ databaseUrl: database.url, natsUrl: node.url, namespace, smtpUrl: mail.smtpUrl, env }),
      );
    }
    const [a, b] = platforms as [Platform, Platform];
    const nc = await connect({ servers: n3.url });
    const info = await (await jetstreamManager(nc, { timeout: 20_000 })).streams.info(stream);
    await nc.close();
    expect(info.config.num_replicas).toBe(3);
    expect(info.cluster?.replicas).toHaveLength(2);

    const references: string[] = [];
    const send = async (count: number) => {
      for (let i = 0; i < count; i += 1) {
        const target = references.length % 2 === 0 ? a : b;
        const { status, body } = await submit(target, {
          ...citizenRequest,
          citizen: { ...citizenRequest.citizen, email: `c${references.length}@example.org` },
        });
        expect(status).toBe(201);
        references.push(body.reference);
      }
    };
    await send(requestCount / 2);
    // The node instance A is connected to, made the stream's leader, goes away while the first half
    // is still in flight: clients reconnect elsewhere and the stream elects a new leader.
    const leaderBefore = await moveStreamLeader(n3.url, stream, n1.name);
    await n1.stop();
    await send(requestCount / 2);
    expect(new Set(references).size).toBe(requestCount);

    const isAck = (subject: string) => subject.includes("réception");
    const isRegistration = (subject: string) => subject.includes("enregistrement");
    await waitFor(
      async () => {
        const subjects = mail?.messages().map((m) => m.subject) ?? [];
        return references.every((r) => subjects.some((s) => s.includes(r) && isAck(s)));
      },
      { what: "an acknowledgement for every request", timeoutMs: 60_000, intervalMs: 250 },
    );
    // An ack sent over the connection that died is lost: that message is redelivered after the
    // policy's ack wait (30 s) and must then be recognised as processed, not acted on twice.
    await waitFor(() => consumersSettled(n2.url, stream), {
      what: "every consumer settled",
      timeoutMs: 45_000,
      intervalMs: 250,
    }).catch((error: Error) => {
      throw new Error(`${error.message}: ${lastConsumers}`);
    });

    // Exactly one acknowledgement and one registration receipt per request, whatever instance
    // consumed it and whatever was redelivered during the failover.
    const subjects = mail.messages().map((m) => m.subject);
    for (const reference of references) {
      expect(
        subjects.filter((s) => s.includes(reference) && isAck(s)),
        reference,
      ).toHaveLength(1);
      expect(
        subjects.filter((s) => s.includes(reference) && isRegistration(s)),
        reference,
      ).toHaveLength(1);
    }

    // Routed once and acknowledged once, as recorded in the replicated stream. Each instance's outbox
    // relays acknowledgement.sent after the mail went out; one whose NATS node stopped relays them
    // once it has reconnected, so the stream is read when they have all arrived.
    const events = await waitFor(
      async () => {
        const all = await readStream(n2.url, stream);
        const sent = new Set(
          all.filter((e) => e.type === "acknowledgement.sent").map((e) => `${e.requestId}/${e.kind}`),
        );
        return sent.size >= 2 * requestCount ? all : undefined;
      },
      { what: "every acknowledgement.sent relayed to the stream", timeoutMs: 60_000, intervalMs: 500 },
    );
    const requestIds = new Set(events.filter((e) => e.type === "request.received").map((e) => e.requestId));
    expect(requestIds.size).toBe(requestCount);
    const perRequest = (type: string) =>
      countBy(
        events.filter((e) => e.type === type),
        (e) => e.requestId,
      );
    for (const id of requestIds) {
      expect(perRequest("request.received").get(id)).toBe(1);
      expect(perRequest("request.routed").get(id)).toBe(1);
    }
    const acks = countBy(
      events.filter((e) => e.type === "acknowledgement.sent"),
      (e) => `${e.requestId}/${e.kind}`,
    );
    expect(acks.size).toBe(2 * requestCount);
    expect([...acks.values()].every((n) => n === 1)).toBe(true);
    expect(events.filter((e) => e.subject.includes(".dlq.") || e.subject.includes("dead"))).toEqual([]);

    // Projected once: one fact per request, one timeline row per event of the request.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const facts = await client.query<{ n: string }>("SELECT count(*) AS n FROM reporting.request_fact");
      expect(Number(facts.rows[0]?.n)).toBe(requestCount);
      const rows = await client.query<{ event_id: string }>("SELECT event_id FROM reporting.timeline_event");
      const projected = rows.rows.map((r) => r.event_id).sort();
      const expected = events.filter((e) => requestIds.has(e.requestId)).map((e) => e.id);
      expect(projected).toEqual([...new Set(expected)].sort());
      expect(expected).toHaveLength(new Set(expected).size);
    } finally {
      await client.end();
    }
    // The stream kept its quorum: a leader among the surviving nodes.
    const leaderAfter = await streamLeader(n2.url, stream);
    expect(["n2", "n3"]).toContain(leaderAfter);
    console.info(`[cluster] stream leader ${leaderBefore} → ${leaderAfter}; ${events.length} events`);
  });
});
