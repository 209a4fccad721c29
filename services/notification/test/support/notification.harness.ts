import { randomUUID } from "node:crypto";
import {
  createEvent,
  type EventInput,
  type LegalRegime,
  type RequestReceivedV1,
  type RequestRoutedV1,
} from "@guichet/contracts";
import { Messaging } from "@guichet/messaging";
import { IDENTITY_HEADER, signIdentity } from "@guichet/web";
import type { NotificationConfig } from "../../src/config.ts";
import { sampleReceived, sampleRouted } from "../../src/messages/preview-samples.ts";
import { loireAuthionTown } from "../../src/messages/test-town.fixture.ts";
import { startNotification } from "../../src/notification.app.ts";

export const TEST_IDENTITY_SECRET = "test-identity-secret-for-notification-0001";

export interface HarnessOptions {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  smtpUrl: string;
}

/** Notification's configuration as main.ts would build it, pointed at the test's servers. */
export function testConfig(options: HarnessOptions, overrides: Partial<NotificationConfig> = {}): NotificationConfig {
  return {
    infrastructure: {
      databaseUrl: options.databaseUrl,
      natsUrl: options.natsUrl,
      namespace: options.namespace,
      natsReplicas: 1,
      consumerConcurrency: 8,
      logLevel: "silent",
      otlpTracesEndpoint: undefined,
      host: "127.0.0.1",
      identitySecret: TEST_IDENTITY_SECRET,
    },
    port: 0,
    smtpUrl: options.smtpUrl,
    mailFrom: "Mairie de Loire-Authion <noreply@mairie.loire-authion.example>",
    mailReplyTo: null,
    messageIdDomain: "guichet.test.example",
    sendConcurrency: 4,
    town: loireAuthionTown({ trackingUrl: undefined }),
    ...overrides,
  };
}

export function bootNotification(options: HarnessOptions, overrides: Partial<NotificationConfig> = {}) {
  return startNotification(testConfig(options, overrides));
}

/** The environment main.ts reads, for tests that run notification as a separate process. */
export function testEnv(options: HarnessOptions): Record<string, string> {
  return {
    DATABASE_URL: options.databaseUrl,
    NATS_URL: options.natsUrl,
    GUICHET_NAMESPACE: options.namespace,
    NOTIFICATION_PORT: "0",
    SMTP_URL: options.smtpUrl,
    MAIL_MESSAGE_ID_DOMAIN: "guichet.test.example",
    LOG_LEVEL: "silent",
  };
}

let counter = 0;

/** A request.received payload with a fresh id and reference. */
export function receivedEvent(overrides: Partial<RequestReceivedV1> = {}): RequestReceivedV1 {
  counter += 1;
  const n = String(Math.floor(Math.random() * 900_000) + 100_000 + counter).padStart(6, "0");
  return sampleReceived({ requestId: randomUUID(), reference: `LA-2026-${n}`, ...overrides });
}

export function routedEvent(
  received: RequestReceivedV1,
  regime: LegalRegime,
  overrides: { decisionDelay?: string | null } = {},
): RequestRoutedV1 {
  return sampleRouted(regime, { received, ...overrides });
}

/** Publishes events the way routing and intake do (through JetStream, de-duplicated by event id). */
export class TestPublisher {
  private constructor(readonly messaging: Messaging) {}

  static async connect(natsUrl: string, namespace: string): Promise<TestPublisher> {
    const messaging = await Messaging.connect({ servers: natsUrl, namespace, name: "test-publisher" });
    await messaging.ensureStream();
    return new TestPublisher(messaging);
  }

  async publish<N extends Parameters<typeof createEvent>[0]>(name: N, data: EventInput<N>) {
    const envelope = createEvent(name, data);
    await this.messaging.publish(envelope);
    return envelope;
  }

  close(): Promise<void> {
    return this.messaging.close();
  }
}

/** Text as a reader sees it: narrow and normal no-break spaces become plain spaces. */
export function plain(text: string): string {
  return text.replace(/[\u202F\u00A0]/g, " ");
}

/** A signed staff identity header, as the web gateway sets it. */
export function staffHeaders(
  roles: ("reception" | "agent" | "manager" | "admin")[],
  serviceIds: string[] = [],
): Record<string, string> {
  return {
    [IDENTITY_HEADER]: signIdentity(
      {
        id: `staff-${roles.join("-")}`,
        name: "Agent de test",
        roles,
        serviceIds,
        allServices: serviceIds.length === 0,
      },
      TEST_IDENTITY_SECRET,
    ),
  };
}

/** The events notification wrote to its outbox (what the relay publishes), by type. */
export async function outboxEvents(pool: { query: (sql: string) => Promise<{ rows: unknown[] }> }) {
  const result = await pool.query("SELECT envelope FROM notification.outbox ORDER BY seq");
  return (result.rows as { envelope: { type: string; data: Record<string, unknown> } }[]).map((r) => r.envelope);
}
