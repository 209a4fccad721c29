import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { createTestDatabase, type TestDatabase, uniqueNamespace, waitFor } from "@guichet/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SessionClient } from "../../services/web/test/session-client.ts";
import { citizenRequest, type Platform, startPlatform } from "./platform.harness.ts";
import { ALL, MATRIX, SERVICE_SCOPED } from "./site.authorization.matrix.ts";

const PASSWORD = "matrice des droits 2026";
const ACCOUNTS = {
  reception: { roles: ["reception"], serviceIds: [], allServices: true },
  agent: { roles: ["agent"], serviceIds: ["voirie"], allServices: false },
  manager: { roles: ["manager"], serviceIds: ["voirie"], allServices: false },
  admin: { roles: ["admin"], serviceIds: [], allServices: false },
  "agent.urbanisme": { roles: ["agent"], serviceIds: ["urbanisme"], allServices: false },
} as const;

let database: TestDatabase;
let mail: MailCatcher;
let platform: Platform;
let site: string;
let requestId: string;
const browsers = new Map<string, SessionClient>();

beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  database = await createTestDatabase(inject("postgresAdminUrl"));
  platform = await startPlatform({
    databaseUrl: database.url,
    natsUrl: inject("natsUrl"),
    namespace: uniqueNamespace(),
    smtpUrl: mail.smtpUrl,
    web: true,
  });
  const web = platform.web;
  if (!web) throw new Error("no gateway");
  site = web.url;
  for (const [id, access] of Object.entries(ACCOUNTS)) {
    await web.manageUsers.create(
      {
        id,
        name: `Matrice ${id}`,
        ...access,
        roles: [...access.roles],
        serviceIds: [...access.serviceIds],
        password: PASSWORD,
      },
      "test",
    );
    const browser = new SessionClient(site);
    expect((await browser.signIn(id, PASSWORD)).status).toBe(303);
    browsers.set(id, browser);
  }
  const submitted = await fetch(`${site}/api/requests`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(citizenRequest),
  });
  expect(submitted.status).toBe(201);
  requestId = ((await submitted.json()) as { requestId: string }).requestId;
  // The desk learns of the request from request.routed.
  await waitFor(async () => (await browsers.get("admin")?.request(`/api/desk/${requestId}`))?.status === 200, {
    what: "request routed to the voirie desk",
    timeoutMs: 20_000,
  });
});

afterAll(async () => {
  await platform?.close();
  await database?.drop();
  await mail?.stop();
});

const pathOf = (row: { path: string }) => row.path.replace("{requestId}", requestId);

function send(
  browser: SessionClient | undefined,
  row: { method: string; path: string; body?: unknown },
  headers: Record<string, string> = {},
) {
  if (!browser) throw new Error("no browser for this role");
  const json =
    row.body === undefined
      ? {}
      : { body: JSON.stringify(row.body), headers: { "content-type": "application/json", ...headers } };
  return browser.request(pathOf(row), { method: row.method, headers, ...json });
}

describe.each(MATRIX)("$method $path", (row) => {
  it("anonymous → 401 or sign-in page", async () => {
    const response = await send(new SessionClient(site), row);
    if (row.page && [302, 303].includes(response.status))
      expect(response.headers.get("location")).toMatch(/^\/connexion/);
    else expect(response.status).toBe(401);
  });

  it("a forged identity header is ignored", async () => {
    const response = await send(new SessionClient(site), row, {
      "x-guichet-identity": "eyJpZCI6ImFkbWluIiwicm9sZXMiOlsiYWRtaW4iXX0.AAAA",
      "x-guichet-staff": "admin",
    });
    expect([401, 302, 303]).toContain(response.status);
  });

  if (row.rolesPending) {
    it.todo(`roles ${row.allowed.join(", ")} only — waiting: ${row.rolesPending}`);
    return;
  }

  it.each(ALL.filter((role) => !row.allowed.includes(role)))("%s → 403", async (role) => {
    expect((await send(browsers.get(role), row)).status).toBe(403);
  });

  it.each([...row.allowed])(row.method === "GET" ? "%s → 2xx" : "%s → authorised (no 401/403/5xx)", async (role) => {
    const status = (await send(browsers.get(role), row)).status;
    if (row.method === "GET") {
      expect(status).toBeGreaterThanOrEqual(200);
      expect(status).toBeLessThan(300);
    } else {
      expect([401, 403]).not.toContain(status);
      expect(status).toBeLessThan(500);
    }
  });
});

describe.each(SERVICE_SCOPED)("$method $path is limited to the request's service", (row) => {
  it("agent of voirie → 2xx, agent of urbanisme → 403", async () => {
    const voirie = (await send(browsers.get("agent"), row)).status;
    expect(voirie).toBeGreaterThanOrEqual(200);
    expect(voirie).toBeLessThan(300);
    expect((await send(browsers.get("agent.urbanisme"), row)).status).toBe(403);
  });
});
