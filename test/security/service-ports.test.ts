import { fileURLToPath } from "node:url";
import { loadAppointmentsConfig, startAppointments } from "@guichet/appointments";
import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import type { RunningService } from "@guichet/runtime";
import { createTestDatabase, type TestDatabase, uniqueNamespace } from "@guichet/testing";
import { signIdentity } from "@guichet/web";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type Platform, startPlatform } from "../e2e/platform.harness.ts";
import { ACCESS, declaredRoutes } from "./route-inventory.ts";

/**
 * The services' own ports must not let anyone round the gateway: every staff route, called
 * directly on its service without the signed identity (or with one signed by another key), is
 * refused — 401, 403, or the sign-in page for a page — exactly as through the gateway.
 */

const IDENTITY_SECRET = "service-ports-identity-secret-0123456789";
const root = fileURLToPath(new URL("../..", import.meta.url));
const staffRoutes = declaredRoutes(root).filter(({ route }) => ACCESS[route]?.startsWith("staff"));

let database: TestDatabase;
let mail: MailCatcher;
let platform: Platform;
let appointments: RunningService;

beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  database = await createTestDatabase(inject("postgresAdminUrl"));
  const common = {
    DATABASE_URL: database.url,
    NATS_URL: inject("natsUrl"),
    GUICHET_NAMESPACE: uniqueNamespace(),
    LOG_LEVEL: "silent",
    GUICHET_IDENTITY_SECRET: IDENTITY_SECRET,
  };
  appointments = await startAppointments(loadAppointmentsConfig({ ...common, APPOINTMENTS_PORT: "0" }));
  platform = await startPlatform({
    databaseUrl: database.url,
    natsUrl: common.NATS_URL,
    namespace: common.GUICHET_NAMESPACE,
    smtpUrl: mail.smtpUrl,
    env: common,
  });
}, 120_000);

afterAll(async () => {
  await platform?.close();
  await appointments?.close();
  await database?.drop();
  await mail?.stop();
});

function serviceUrl(service: string): string {
  const { intake, routing, notification, reporting } = platform;
  const running: Record<string, { url: string }> = { intake, routing, notification, reporting, appointments };
  const url = running[service]?.url;
  if (!url) throw new Error(`no running ${service}`);
  return url;
}

const forged = signIdentity(
  { id: "intrus", name: "Intrus", roles: ["admin"], serviceIds: [], allServices: true },
  "another-secret-than-the-services-0123456789",
);

describe.each(staffRoutes)("$route on $service's own port", ({ route, service }) => {
  const [method = "GET", template = "/"] = route.split(" ");
  const path = template.replace(/:[a-zA-Z]+/g, "0194a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
  for (const [who, headers] of [
    ["without identity", {}],
    ["with an identity signed by another key", { "x-guichet-identity": forged }],
  ] as const) {
    it(`${who} → refused`, async () => {
      const response = await fetch(`${serviceUrl(service)}${path}`, {
        method,
        redirect: "manual",
        headers: { ...headers, ...(method === "GET" ? {} : { "content-type": "application/json" }) },
        ...(method === "GET" ? {} : { body: "{}" }),
      });
      const location = response.headers.get("location") ?? "";
      const refused =
        [401, 403].includes(response.status) ||
        ([302, 303].includes(response.status) && location.startsWith("/connexion"));
      expect(refused, `${response.status} ${location} ${await response.text()}`.slice(0, 300)).toBe(true);
    });
  }
});
