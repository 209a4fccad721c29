import { createServer, type Server } from "node:http";
import type { Envelope } from "@guichet/contracts";
import { waitFor } from "@guichet/testing";
import { type Role, signIdentity } from "@guichet/web";
import type pg from "pg";
import { loadIntakeConfig } from "../../src/config.ts";
import { startIntake } from "../../src/intake.app.ts";

export const IDENTITY_SECRET = "web-test-identity-secret-0123456789abcdef";
export const CSRF = "csrf-token-for-tests-0123456789";

/**
 * Routing's `GET /api/directory` as the forms read it. Routing itself is not booted here (its
 * catalogue store and consumer would double these tests' cost); its answer shape is pinned by
 * routing's own tests, and a test below checks the forms without routing at all.
 */
export const DIRECTORY = {
  catalogVersion: 1,
  query: "",
  subjects: [
    {
      subjectId: "voirie.chaussee",
      label: "Chaussée abîmée, nid-de-poule",
      service: { id: "voirie", name: "Services techniques" },
      hours: [],
    },
    {
      subjectId: "etat-civil.acte-naissance",
      label: "Acte de naissance",
      service: { id: "etat-civil", name: "État civil" },
      hours: [],
    },
  ],
  sites: [
    {
      id: "siege",
      name: "Hôtel de ville de Loire-Authion",
      address: "1 place de la Mairie, 49800 Loire-Authion",
      phone: "02 41 00 00 00",
    },
    { id: "andard", name: "Mairie déléguée d'Andard", address: null, phone: null },
  ],
};

export async function startDirectory(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.url?.startsWith("/api/directory")) {
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(DIRECTORY));
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface WebIntakeUnderTest {
  url: string;
  pool: pg.Pool;
  events: Envelope[];
  waitForEvents(type: string, count: number, predicate?: (event: Envelope) => boolean): Promise<Envelope[]>;
  /** Publishes an event on the stream as another service would. */
  publish(envelope: Envelope): Promise<unknown>;
  close(): Promise<void>;
}

/** Intake as main.ts boots it (real PostgreSQL, NATS, HTTP), plus a consumer recording every event. */
export async function startWebIntake(options: {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  routingUrl: string;
  env?: Record<string, string>;
}): Promise<WebIntakeUnderTest> {
  const intake = await startIntake(
    loadIntakeConfig({
      DATABASE_URL: options.databaseUrl,
      NATS_URL: options.natsUrl,
      GUICHET_NAMESPACE: options.namespace,
      LOG_LEVEL: "silent",
      HOST: "127.0.0.1",
      INTAKE_PORT: "0",
      ROUTING_URL: options.routingUrl,
      GUICHET_IDENTITY_SECRET: IDENTITY_SECRET,
      GUICHET_PUBLIC_URL: "https://demarches.loire-authion.example",
      ...options.env,
    }),
  );
  const events: Envelope[] = [];
  const consumer = await intake.infrastructure.messaging.consume({
    durable: "web_test",
    events: "all",
    handler: async (envelope) => {
      events.push(envelope);
    },
  });
  const matching = (type: string, predicate: (event: Envelope) => boolean) =>
    events.filter((event) => event.type === type && predicate(event));
  return {
    url: intake.url,
    pool: intake.infrastructure.pool,
    events,
    publish: (envelope) => intake.infrastructure.messaging.publish(envelope),
    waitForEvents: (type, count, predicate = () => true) =>
      waitFor(async () => (matching(type, predicate).length >= count ? matching(type, predicate) : undefined), {
        timeoutMs: 20_000,
        what: `${count} events ${type}`,
      }),
    async close() {
      await consumer.stop();
      await intake.close();
    },
  };
}

/** Headers the gateway would forward for a signed-in staff member. */
export function staffHeaders(roles: Role[] = ["reception"], csrf = CSRF): Record<string, string> {
  return {
    "x-guichet-identity": signIdentity(
      { id: "agent-42", name: "Camille Agent", roles, serviceIds: [], allServices: true },
      IDENTITY_SECRET,
    ),
    "x-guichet-csrf": csrf,
  };
}

export function formBody(fields: Record<string, string>): { body: string; headers: Record<string, string> } {
  return {
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded" },
  };
}

/** POST without following redirects, as a browser without JavaScript would send it. */
export async function post(url: string, body: string | FormData, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: "POST", body, headers, redirect: "manual" });
  return { status: response.status, location: response.headers.get("location"), text: await response.text(), response };
}

/** The payload of an event the test waited for (fails clearly when it is missing). */
export function dataOf<T>(event: Envelope | undefined): T {
  if (!event) throw new Error("event missing");
  return event.data as T;
}
