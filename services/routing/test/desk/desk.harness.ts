import { randomInt, randomUUID } from "node:crypto";
import {
  createEvent,
  type Envelope,
  type EventData,
  type EventInput,
  type EventName,
  events,
  subjectOf,
} from "@guichet/contracts";
import { waitFor } from "@guichet/testing";
import { type StaffIdentity, signIdentity } from "@guichet/web";
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { loadRoutingConfig, startRouting } from "../../src/index.ts";

export const IDENTITY_SECRET = "desk-test-identity-secret-0123456789abcdef";
export const CSRF = "csrf-token-of-the-test-browser-0123";

/** Answers of the JSON API, checked field by field by the assertions. */
// biome-ignore lint/suspicious/noExplicitAny: JSON answers are shaped by the assertions that read them
export type Json = any;

export type Routing = Awaited<ReturnType<typeof startRouting>>;

/** routing as main.ts boots it; a 0.99 threshold sends every request without a chosen subject to triage. */
export function bootRouting(options: { databaseUrl: string; natsUrl: string; namespace: string }): Promise<Routing> {
  return startRouting(
    loadRoutingConfig({
      DATABASE_URL: options.databaseUrl,
      NATS_URL: options.natsUrl,
      GUICHET_NAMESPACE: options.namespace,
      LOG_LEVEL: "silent",
      HOST: "127.0.0.1",
      ROUTING_PORT: "0",
      GUICHET_IDENTITY_SECRET: IDENTITY_SECRET,
      ROUTING_TRIAGE_THRESHOLD: "0.99",
    }),
  );
}

type Person = Omit<StaffIdentity, "exp">;
export const people = {
  reception: { id: "accueil-1", name: "Agent Accueil", roles: ["reception"], serviceIds: [], allServices: true },
  voirie: { id: "voirie-1", name: "Agent Voirie", roles: ["agent"], serviceIds: ["voirie"], allServices: false },
  espacesVerts: {
    id: "ev-1",
    name: "Agent Espaces verts",
    roles: ["agent"],
    serviceIds: ["espaces-verts"],
    allServices: false,
  },
  ccas: { id: "ccas-1", name: "Agent CCAS", roles: ["agent"], serviceIds: ["ccas"], allServices: false },
} satisfies Record<string, Person>;

export function identityHeaders(person: Person): Record<string, string> {
  return { "x-guichet-identity": signIdentity(person, IDENTITY_SECRET), "x-guichet-csrf": CSRF };
}

/** Calls routing's HTTP API as a staff member. */
export async function call(
  routing: Routing,
  person: Person | null,
  method: "GET" | "POST",
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${routing.url}${path}`, {
    method,
    headers: { ...(person ? identityHeaders(person) : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

export function receivedEvent(overrides: Partial<EventInput<"requestReceived">> = {}): EventInput<"requestReceived"> {
  return {
    requestId: randomUUID(),
    reference: `LA-2026-${randomInt(1_000_000, 9_999_999)}`,
    channel: "web",
    siteId: null,
    receivedAt: new Date().toISOString(),
    citizen: {
      name: "Jeanne Martin",
      email: "jeanne.martin@example.org",
      phone: null,
      postalAddress: null,
      preferredChannel: "email",
    },
    subjectId: null,
    title: "Demande diverse",
    // Words no rule or model knows: with the test threshold, this goes to triage.
    body: "Zorglub kwyjibo frobnication quuxée.",
    metadata: {},
    ...overrides,
  };
}

/** Publishes and reads the stream directly, as the other services do. */
export class StreamProbe {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly namespace: string,
  ) {}

  static async connect(natsUrl: string, namespace: string): Promise<StreamProbe> {
    return new StreamProbe(await connect({ servers: natsUrl }), namespace);
  }

  async publish<N extends EventName>(name: N, data: EventInput<N>) {
    const envelope = createEvent(name, data);
    await jetstream(this.nc).publish(subjectOf(this.namespace, events[name]), JSON.stringify(envelope), {
      msgID: envelope.id,
    });
    return envelope;
  }

  /** Every event of this type on the stream so far (data only). */
  async read<N extends EventName>(name: N): Promise<EventData<N>[]> {
    const stream = this.namespace.toUpperCase().replace(/[^A-Z0-9]/g, "_");
    const jsm = await jetstreamManager(this.nc);
    const subject = subjectOf(this.namespace, events[name]);
    const info = await jsm.streams.info(stream, { subjects_filter: subject }).catch(() => null);
    const count = info?.state.subjects?.[subject] ?? 0;
    if (count === 0) return [];
    const consumer = await jsm.consumers.add(stream, {
      filter_subject: subject,
      ack_policy: AckPolicy.None,
      deliver_policy: DeliverPolicy.All,
      inactive_threshold: 5_000_000_000,
    });
    const messages = await (await jetstream(this.nc).consumers.get(stream, consumer.name)).fetch({
      max_messages: count,
      expires: 2_000,
    });
    const found: Envelope<EventData<N>>[] = [];
    for await (const message of messages) {
      found.push(JSON.parse(new TextDecoder().decode(message.data)));
      if (found.length >= count) break;
    }
    await jsm.consumers.delete(stream, consumer.name).catch(() => undefined);
    return found.map((envelope) => envelope.data);
  }

  /** Waits until an event of this type matches. */
  waitFor<N extends EventName>(name: N, match: (data: EventData<N>) => boolean, what: string): Promise<EventData<N>> {
    return waitFor(async () => (await this.read(name)).find(match), { what, timeoutMs: 15_000, intervalMs: 200 });
  }

  close(): Promise<void> {
    return this.nc.close();
  }
}

/** Waits until the desk shows the case as `match` expects (the projection is eventually consistent). */
export function waitForCase(
  routing: Routing,
  requestId: string,
  match: (body: Json) => boolean,
  what: string,
): Promise<Json> {
  return waitFor(
    async () => {
      const details = await call(routing, { ...people.reception, roles: ["admin"] }, "GET", `/api/desk/${requestId}`);
      return details.status === 200 && match(details.body) ? details.body : undefined;
    },
    { what, timeoutMs: 15_000, intervalMs: 100 },
  );
}
