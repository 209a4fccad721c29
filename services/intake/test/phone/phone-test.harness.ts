import { readFileSync } from "node:fs";
import type { Envelope } from "@guichet/contracts";
import { waitFor } from "@guichet/testing";
import { IDENTITY_HEADER, type Role, signIdentity } from "@guichet/web";
import type pg from "pg";
import { loadIntakeConfig } from "../../src/config.ts";
import { startIntake } from "../../src/intake.app.ts";

export const CTI_SECRET = "test-cti-secret-0123456789abcdef0123";
const IDENTITY_SECRET = "test-identity-secret-0123456789abcdef01";

/** The signed identity the gateway would forward for a staff member. */
export function staffHeaders(id: string, roles: readonly Role[] = ["reception"]): Record<string, string> {
  return {
    [IDENTITY_HEADER]: signIdentity(
      { id, name: id, roles: [...roles], serviceIds: [], allServices: false },
      IDENTITY_SECRET,
    ),
  };
}
const fixtures = new URL("../fixtures/calls/", import.meta.url);

export function fixture(name: string): Buffer {
  return readFileSync(new URL(name, fixtures));
}

export interface IntakeUnderTest {
  url: string;
  pool: pg.Pool;
  events: Envelope[];
  /** Waits until `count` events of this type arrived on the stream, returns them. */
  waitForEvents(type: string, count: number, predicate?: (event: Envelope) => boolean): Promise<Envelope[]>;
  close(): Promise<void>;
}

/** Intake as main.ts boots it (real PostgreSQL, NATS, HTTP), plus a consumer recording every event. */
export async function startIntakeUnderTest(options: {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
}): Promise<IntakeUnderTest> {
  const intake = await startIntake(
    loadIntakeConfig({
      DATABASE_URL: options.databaseUrl,
      NATS_URL: options.natsUrl,
      GUICHET_NAMESPACE: options.namespace,
      LOG_LEVEL: "silent",
      HOST: "127.0.0.1",
      INTAKE_PORT: "0",
      INTAKE_CTI_SECRET: CTI_SECRET,
      GUICHET_IDENTITY_SECRET: IDENTITY_SECRET,
    }),
  );
  const events: Envelope[] = [];
  const consumer = await intake.infrastructure.messaging.consume({
    durable: "phone_test",
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
