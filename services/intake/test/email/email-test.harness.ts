import { readFileSync } from "node:fs";
import type { Envelope } from "@guichet/contracts";
import { waitFor } from "@guichet/testing";
import type pg from "pg";
import { loadIntakeConfig } from "../../src/config.ts";
import { startIntake } from "../../src/intake.app.ts";

const MESSAGE_ID_DOMAIN = "guichet.test.example";
const corpusDir = new URL("../fixtures/eml/", import.meta.url);

export function corpus(file: string): Buffer {
  return readFileSync(new URL(file, corpusDir));
}

/** A corpus mail pointed at one of our requests, as notification would have addressed it. */
export function corpusAbout(file: string, replacements: Record<string, string>): Buffer {
  let text = corpus(file).toString("latin1");
  for (const [from, to] of Object.entries(replacements)) text = text.split(from).join(to);
  return Buffer.from(text, "latin1");
}

export function ourMessageId(kind: string, requestId: string): string {
  return `${kind}-${requestId}@${MESSAGE_ID_DOMAIN}`;
}

export interface IntakeUnderTest {
  intake: Awaited<ReturnType<typeof startIntake>>;
  pool: pg.Pool;
  events: Envelope[];
  waitForEvent(type: string, predicate?: (event: Envelope) => boolean): Promise<Envelope>;
  close(): Promise<void>;
}

/** Intake as main.ts boots it (real PostgreSQL, NATS), plus a consumer recording every event. */
export async function startIntakeUnderTest(options: {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  env?: Record<string, string>;
}): Promise<IntakeUnderTest> {
  const intake = await startIntake(
    loadIntakeConfig({
      DATABASE_URL: options.databaseUrl,
      NATS_URL: options.natsUrl,
      GUICHET_NAMESPACE: options.namespace,
      LOG_LEVEL: "silent",
      HOST: "127.0.0.1",
      INTAKE_PORT: "0",
      MAIL_MESSAGE_ID_DOMAIN: MESSAGE_ID_DOMAIN,
      ...options.env,
    }),
  );
  const events: Envelope[] = [];
  const consumer = await intake.infrastructure.messaging.consume({
    durable: "email_test",
    events: "all",
    handler: async (envelope) => {
      events.push(envelope);
    },
  });
  return {
    intake,
    pool: intake.infrastructure.pool,
    events,
    waitForEvent: (type, predicate = () => true) =>
      waitFor(async () => events.find((event) => event.type === type && predicate(event)), {
        timeoutMs: 15_000,
        what: `event ${type}`,
      }),
    async close() {
      await consumer.stop();
      await intake.close();
    },
  };
}
