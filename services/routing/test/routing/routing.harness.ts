import { randomUUID } from "node:crypto";
import { createEvent, type Envelope, events, type RequestReceivedV1, subjectOf } from "@guichet/contracts";
import { waitFor } from "@guichet/testing";
import { signIdentity } from "@guichet/web";
import { type JetStreamClient, jetstream } from "@nats-io/jetstream";
import { connect, type NatsConnection } from "@nats-io/transport-node";
import { loadRoutingConfig } from "../../src/config.ts";
import { startRouting } from "../../src/routing.app.ts";

export const IDENTITY_SECRET = "routing-test-identity-secret-0123456789";

export async function bootRouting(options: { databaseUrl: string; natsUrl: string; namespace: string }) {
  return startRouting(
    loadRoutingConfig({
      DATABASE_URL: options.databaseUrl,
      NATS_URL: options.natsUrl,
      GUICHET_NAMESPACE: options.namespace,
      LOG_LEVEL: "silent",
      ROUTING_PORT: "0",
      GUICHET_IDENTITY_SECRET: IDENTITY_SECRET,
    }),
  );
}

export function adminHeaders(): Record<string, string> {
  return {
    "x-guichet-identity": signIdentity(
      { id: "admin-1", name: "Alice Admin", roles: ["admin"], serviceIds: [], allServices: true },
      IDENTITY_SECRET,
    ),
  };
}

let counter = 0;
export function received(overrides: Partial<RequestReceivedV1> = {}): RequestReceivedV1 {
  counter += 1;
  return {
    requestId: randomUUID(),
    reference: `LA-2026-${String(100_000 + counter + Math.floor(Math.random() * 800_000)).padStart(6, "0")}`,
    channel: "web",
    siteId: null,
    receivedAt: new Date().toISOString(),
    citizen: { name: null, email: "habitant@example.org", phone: null, postalAddress: null, preferredChannel: "email" },
    subjectId: null,
    title: null,
    body: "",
    metadata: {},
    attachments: [],
    evidenceId: null,
    trackingTokenHash: null,
    enteredBy: null,
    ...overrides,
  };
}

/** Publishes as intake does, and watches routing's answers on the namespace's subjects. */
export class EventProbe {
  readonly seen: Envelope[] = [];

  private constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly namespace: string,
  ) {}

  /** Call once routing is up: it provisions the stream. */
  static async connect(natsUrl: string, namespace: string): Promise<EventProbe> {
    const nc = await connect({ servers: natsUrl });
    const probe = new EventProbe(nc, jetstream(nc), namespace);
    const sub = nc.subscribe(`${namespace}.>`);
    (async () => {
      for await (const m of sub) probe.seen.push(JSON.parse(m.string()) as Envelope);
    })().catch(() => {});
    await nc.flush();
    return probe;
  }

  async send(data: RequestReceivedV1): Promise<void> {
    const envelope = createEvent("requestReceived", data);
    await this.js.publish(subjectOf(this.namespace, events.requestReceived), JSON.stringify(envelope), {
      msgID: envelope.id,
    });
  }

  /** The routing answer (routed or sent to triage) for a request. */
  async answerFor(requestId: string): Promise<Envelope<Record<string, unknown>>> {
    const found = await waitFor(
      async () =>
        this.seen.find(
          (e) =>
            (e.type === "request.routed" || e.type === "request.sent-to-triage") &&
            (e.data as { requestId?: string }).requestId === requestId,
        ),
      { timeoutMs: 20_000 },
    );
    return found as Envelope<Record<string, unknown>>;
  }

  async close(): Promise<void> {
    await this.nc.close();
  }
}
