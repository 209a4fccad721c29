import { startIntake } from "@guichet/intake";
import { startNotification } from "@guichet/notification";
import { startReporting } from "@guichet/reporting";
import { startRouting } from "@guichet/routing";
import type { InfrastructureOptions, RunningService } from "@guichet/runtime";

export interface Platform {
  intake: RunningService;
  routing: RunningService;
  notification: Awaited<ReturnType<typeof startNotification>>;
  reporting: RunningService;
  close(): Promise<void>;
}

export interface PlatformOptions {
  databaseUrl: string;
  natsUrl: string;
  namespace: string;
  smtpUrl: string;
}

/**
 * The four services in one process, on random ports, against real PostgreSQL, NATS and SMTP —
 * each service exactly as main.ts boots it, only with test configuration.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const infrastructure: InfrastructureOptions = {
    databaseUrl: options.databaseUrl,
    natsUrl: options.natsUrl,
    namespace: options.namespace,
    natsReplicas: 1,
    logLevel: "silent",
    otlpTracesEndpoint: undefined,
    host: "127.0.0.1",
  };
  const intake = await startIntake({
    infrastructure,
    port: 0,
    referencePrefix: "LA",
    publicUrl: "http://127.0.0.1:3000",
  });
  const routing = await startRouting({
    infrastructure,
    port: 0,
    initialCatalogFile: new URL("../../data/loire-authion/catalog.yaml", import.meta.url).pathname,
  });
  const notification = await startNotification({
    infrastructure,
    port: 0,
    smtpUrl: options.smtpUrl,
    mailFrom: "Mairie de Loire-Authion <ne-pas-repondre@mairie.loire-authion.example>",
    messageIdDomain: "guichet.test.example",
    sendConcurrency: 4,
    town: {
      name: "Loire-Authion",
      mayorTitle: "Monsieur le Maire",
      postalAddress: "1 place de la Mairie, Brain-sur-l'Authion, 49800 Loire-Authion",
      websiteUrl: "https://www.loire-authion.example",
      administrativeCourt: {
        name: "Tribunal administratif de Nantes",
        address: "6 allée de l'Île-Gloriette, 44041 Nantes Cedex 01",
      },
      senderAddress: "ne-pas-repondre@mairie.loire-authion.example",
    },
  });
  const reporting = await startReporting({ infrastructure, port: 0 });
  return {
    intake,
    routing,
    notification,
    reporting,
    async close() {
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
