import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { createEvent, type EventInput, type EventName, type HandlingSnapshot } from "@guichet/contracts";
import { Messaging } from "@guichet/messaging";
import { type StaffIdentity, signIdentity } from "@guichet/web";
import type { ReportingConfig } from "../../src/config.ts";
import { startReporting } from "../../src/reporting.app.ts";

const IDENTITY_SECRET = "test-identity-secret-0123456789abcdef";
const MATCH_KEY = "test-match-key-0123456789abcdefghijkl";
export const CATALOG_FILE = fileURLToPath(new URL("../../../../data/loire-authion/catalog.yaml", import.meta.url));

export interface HarnessOptions {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
}

export function testConfig(options: HarnessOptions): ReportingConfig {
  return {
    infrastructure: {
      databaseUrl: options.databaseUrl,
      natsUrl: options.natsUrl,
      namespace: options.namespace,
      natsReplicas: 1,
      consumerConcurrency: 8,
      logLevel: (process.env.TEST_LOG_LEVEL as "silent") ?? "silent",
      otlpTracesEndpoint: undefined,
      host: "127.0.0.1",
      identitySecret: IDENTITY_SECRET,
    },
    port: 0,
    catalogFile: CATALOG_FILE,
    matchKey: MATCH_KEY,
    alerts: { intervalSeconds: 0, nearingRatio: 0.8 },
    weeklyReport: { managers: [], smtpUrl: "smtp://127.0.0.1:1", mailFrom: "test@example.org" },
  };
}

export function bootReporting(options: HarnessOptions, clock?: () => Date) {
  return startReporting(testConfig(options), clock);
}

/** Header value of a signed staff identity, as the gateway forwards it. */
export function staffHeader(staff: Partial<Omit<StaffIdentity, "exp">> = {}): string {
  return signIdentity(
    { id: "m1", name: "Manager", roles: ["manager"], serviceIds: [], allServices: true, ...staff },
    IDENTITY_SECRET,
  );
}

/** Publishes events through JetStream the way the services' outbox relays do. */
export class TestPublisher {
  private constructor(readonly messaging: Messaging) {}

  static async connect(natsUrl: string, namespace: string): Promise<TestPublisher> {
    const messaging = await Messaging.connect({ servers: natsUrl, namespace, name: "test-publisher" });
    await messaging.ensureStream();
    return new TestPublisher(messaging);
  }

  async publish<N extends EventName>(name: N, data: EventInput<N>) {
    const envelope = createEvent(name, data);
    await this.messaging.publish(envelope);
    return envelope;
  }

  close(): Promise<void> {
    return this.messaging.close();
  }
}

export function handling(
  serviceId: string,
  calendarId: string,
  targets = { ack: 1, first: 5, resolution: 20 },
  decisionDelay: string | null = null,
): HandlingSnapshot {
  return {
    service: { id: serviceId, name: serviceId, email: null, phone: null, postalAddress: null, calendarId },
    subject: { id: `${serviceId}.test`, label: "test", regime: "information", decisionDelay },
    targets: {
      acknowledgementBusinessDays: targets.ack,
      firstResponseBusinessDays: targets.first,
      resolutionBusinessDays: targets.resolution,
    },
  };
}

let counter = 0;
export function newRequest(receivedAt: string, channel: "web" | "email" | "postal" | "phone" | "counter") {
  counter += 1;
  return {
    requestId: randomUUID(),
    reference: `LA-2026-${String(900_000 + counter + Math.floor(Math.random() * 90_000)).padStart(6, "0")}`,
    receivedAt,
    channel,
  };
}

type TestRequest = ReturnType<typeof newRequest>;

export const TEST_CITIZEN = {
  name: "X",
  email: "x@example.org",
  phone: null,
  postalAddress: null,
  preferredChannel: "email",
} as const;

export const idsOf = (r: TestRequest) => ({ requestId: r.requestId, reference: r.reference });

/** request.routed to a service (its calendar and the default targets), chosen directly. */
export function routedData(
  r: TestRequest,
  serviceId: string,
  calendarId: string,
  routedAt: string,
  decisionDelay: string | null = null,
): EventInput<"requestRouted"> {
  return {
    ...idsOf(r),
    serviceId,
    subjectId: `${serviceId}.test`,
    method: "direct",
    confidence: 1,
    explanation: "choisi",
    catalogVersion: 1,
    handling: handling(serviceId, calendarId, undefined, decisionDelay),
    routedAt,
  };
}

/** request.status-changed by an agent; closing with the outcome "answered". */
export function statusData(
  r: TestRequest,
  serviceId: string,
  from: string,
  to: string,
  changedAt: string,
): EventInput<"requestStatusChanged"> {
  return {
    ...idsOf(r),
    serviceId,
    from: from as "new",
    to: to as "new",
    assigneeId: null,
    outcome: to === "closed" ? "answered" : null,
    note: null,
    byStaffId: "agent-1",
    changedAt,
  };
}

/** request.transferred: the first transfer of the request, by an agent, to a service on back-office hours. */
export function transferredData(
  r: TestRequest,
  fromServiceId: string,
  toServiceId: string,
  transferredAt: string,
): EventInput<"requestTransferred"> {
  return {
    ...idsOf(r),
    fromServiceId,
    toServiceId,
    subjectId: `${toServiceId}.test`,
    reason: "mauvais service",
    transferCount: 1,
    byStaffId: "agent-2",
    catalogVersion: 1,
    handling: handling(toServiceId, "back-office"),
    transferredAt,
  };
}
