import { loadIntakeConfig, startIntake } from "@guichet/intake";
import { loadNotificationConfig, startNotification } from "@guichet/notification";
import { loadReportingConfig, startReporting } from "@guichet/reporting";
import { loadRoutingConfig, startRouting } from "@guichet/routing";
import type { RunningService } from "@guichet/runtime";
import { signIdentity } from "@guichet/web";
import { loadWebConfig, type RunningWeb, startWeb } from "@guichet/web-gateway";

/** The secret the platform's services verify the staff identity with, unless a test sets its own. */
const IDENTITY_SECRET = "platform-test-identity-secret-0123456789";

export interface Platform {
  intake: RunningService;
  routing: RunningService;
  notification: Awaited<ReturnType<typeof startNotification>>;
  reporting: RunningService;
  /** The web gateway in front of the four services (the one origin), when `web` was asked for. */
  web?: RunningWeb;
  close(): Promise<void>;
}

export interface PlatformOptions {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  smtpUrl: string;
  /** Extra environment variables for the services (e.g. a feature's settings). */
  env?: Record<string, string>;
  /** Also start the web gateway (services/web) in front of the four services. */
  web?: boolean;
}

/**
 * The four services in one process, on random ports, against real PostgreSQL, NATS and SMTP —
 * each service exactly as main.ts boots it, only with test configuration.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  // Each service reads its configuration exactly as in production, from variables: settings added
  // later with defaults need no change here.
  const env: Record<string, string> = {
    DATABASE_URL: options.databaseUrl,
    NATS_URL: options.natsUrl,
    GUICHET_NAMESPACE: options.namespace,
    LOG_LEVEL: "silent",
    HOST: "127.0.0.1",
    INTAKE_PORT: "0",
    ROUTING_PORT: "0",
    NOTIFICATION_PORT: "0",
    REPORTING_PORT: "0",
    SMTP_URL: options.smtpUrl,
    MAIL_MESSAGE_ID_DOMAIN: "guichet.test.example",
    NOTIFICATION_SEND_CONCURRENCY: "4",
    GUICHET_CATALOG_FILE: new URL("../../data/loire-authion/catalog.yaml", import.meta.url).pathname,
    GUICHET_IDENTITY_SECRET: IDENTITY_SECRET,
    ...options.env,
  };
  const intake = await startIntake(loadIntakeConfig(env));
  const routing = await startRouting(loadRoutingConfig(env));
  const notification = await startNotification(loadNotificationConfig(env));
  const reporting = await startReporting(loadReportingConfig(env));
  const web = options.web
    ? await startWeb(
        loadWebConfig({
          WEB_PORT: "0",
          INTAKE_URL: intake.url,
          ROUTING_URL: routing.url,
          NOTIFICATION_URL: notification.url,
          REPORTING_URL: reporting.url,
          ...env,
        }),
      )
    : undefined;
  return {
    intake,
    routing,
    notification,
    reporting,
    web,
    async close() {
      await web?.close();
      for (const service of [intake, routing, notification, reporting]) await service.close();
    },
  };
}

export const citizenRequest = {
  subjectId: "voirie.chaussee",
  title: "Nid de poule rue des Lilas",
  body: "Bonjour, un gros nid de poule s’est formé devant le 12 rue des Lilas à Andard. Merci !",
  citizen: { name: "Jeanne Martin", email: "jeanne.martin@example.org", preferredChannel: "email" },
};

export async function submit(platform: Platform, body: unknown = citizenRequest, headers: Record<string, string> = {}) {
  const response = await fetch(`${platform.intake.url}/api/requests`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown> & { reference: string; requestId: string },
  };
}

/** A request's timeline as reporting projects it, read straight from reporting by a manager. */
export function fetchTimeline(platform: Platform, reference: string): Promise<Response> {
  const manager = signIdentity(
    { id: "essai-manager", name: "Essai", roles: ["manager"], serviceIds: [], allServices: true },
    IDENTITY_SECRET,
  );
  return fetch(`${platform.reporting.url}/api/requests/${reference}/timeline`, {
    headers: { "x-guichet-identity": manager },
  });
}
