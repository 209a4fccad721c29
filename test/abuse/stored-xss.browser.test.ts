import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { createTestDatabase, freePort, type TestDatabase, uniqueNamespace } from "@guichet/testing";
import { launchBrowser, type TestBrowser } from "@guichet/testing/browser";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { citizenRequest, type Platform, startPlatform } from "../e2e/platform.harness.ts";
import { expectShownAsText, MARK, openShowingMark, PASSWORD, signedIn } from "./stored-xss.harness.ts";

/**
 * Stored XSS: HTML and script injected in every text field a citizen controls, then every staff
 * page that shows them rendered in Debian's Chromium. Nothing may run (a script or an event
 * handler would set window.__xss), and the text must show as text.
 */

let database: TestDatabase;
let mail: MailCatcher;
let platform: Platform;
let chromium: TestBrowser;
let site: string;
const submitted: { requestId: string; reference: string }[] = [];

async function submit(body: unknown) {
  const response = await fetch(`${site}/api/requests`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { requestId: string; reference: string };
}

beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  database = await createTestDatabase(inject("postgresAdminUrl"));
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  const routingPort = await freePort();
  platform = await startPlatform({
    databaseUrl: database.url,
    natsUrl: inject("natsUrl"),
    namespace: uniqueNamespace(),
    smtpUrl: mail.smtpUrl,
    web: true,
    env: {
      WEB_PORT: String(port),
      GUICHET_PUBLIC_URL: site,
      // A request without a subject goes to the triage queue: its page shows the injected text too.
      ROUTING_TRIAGE_THRESHOLD: "0.999",
      ROUTING_PORT: String(routingPort),
      ROUTING_URL: `http://127.0.0.1:${routingPort}`,
    },
  });
  for (const [id, roles, serviceIds] of [
    ["voirie", ["agent"], ["voirie"]],
    ["accueil", ["reception"], []],
  ] as const)
    await platform.web?.manageUsers.create(
      {
        id,
        name: `Essai ${id}`,
        roles: [...roles],
        serviceIds: [...serviceIds],
        allServices: id === "accueil",
        password: PASSWORD,
      },
      "test",
    );
  chromium = await launchBrowser();
  const citizen = { ...citizenRequest.citizen, name: MARK("name"), postalAddress: MARK("postalAddress") };
  submitted.push(await submit({ ...citizenRequest, title: MARK("title"), body: MARK("body"), citizen }));
  const { subjectId: _routed, ...unrouted } = citizenRequest;
  submitted.push(await submit({ ...unrouted, title: MARK("triage-title"), body: MARK("triage-body"), citizen }));
});

afterAll(async () => {
  await chromium?.close();
  await platform?.close();
  await database?.drop();
  await mail?.stop();
});

describe("HTML and script in every citizen text field, on every staff page that shows it", () => {
  const pages = [
    { as: "voirie", name: "/bureau", path: () => "/bureau" },
    { as: "voirie", name: "/bureau/demandes/{requestId}", path: () => `/bureau/demandes/${submitted[0]?.requestId}` },
    { as: "accueil", name: "/accueil/tri", path: () => "/accueil/tri" },
  ];
  for (const entry of pages) {
    it(`${entry.name} (${entry.as}): shown as text, nothing runs`, async () => {
      const page = await signedIn(chromium, site, entry.as);
      try {
        await openShowingMark(page, `${site}${entry.path()}`);
        await expectShownAsText(page);
      } finally {
        await page.context().close();
      }
    });
  }
});
