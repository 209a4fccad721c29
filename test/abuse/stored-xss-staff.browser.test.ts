import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAppointmentsConfig, startAppointments } from "@guichet/appointments";
import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import type { RunningService } from "@guichet/runtime";
import { createTestDatabase, freePort, type TestDatabase, uniqueNamespace } from "@guichet/testing";
import { launchBrowser, type TestBrowser } from "@guichet/testing/browser";
import { type StaffIdentity, signIdentity } from "@guichet/web";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { citizenRequest, type Platform, startPlatform } from "../e2e/platform.harness.ts";
import { expectShownAsText, MARK, openShowingMark, PASSWORD, signedIn } from "./stored-xss.harness.ts";

/**
 * Stored XSS on the staff pages stored-xss.browser.test.ts does not cover: the reporting dashboard,
 * the admin pages (catalogue, templates, users), the phone and counter entry pages of intake and
 * the appointment agent pages. HTML and script go into every text field an agent, an admin or a
 * citizen controls there; each page is rendered in Chromium, nothing may run and the text shows.
 */

const IDENTITY_SECRET = "stored-xss-identity-secret-0123456789";
const CSRF = "stored-xss-csrf-token-0123456789";
/** Monday 1 March 2027, 08:00 in Loire-Authion: the appointments' clock, slots on the next day. */
const MONDAY = new Date("2027-03-01T08:00:00+01:00");
const ANDARD_SLOT = "2027-03-02T17:00:00+01:00";

let database: TestDatabase;
let mail: MailCatcher;
let platform: Platform;
let appointments: RunningService;
let chromium: TestBrowser;
let site: string;
let scratch: string;
let counterRequestId = "";
let appointmentId = "";
let appointmentSite = "";

/** A catalogue whose service name, subject label and site name an admin filled with HTML. */
function injectedCatalogue(): string {
  const demo = readFileSync(new URL("../../data/loire-authion/catalog.yaml", import.meta.url), "utf8");
  return demo
    .replace(
      'name: "Services techniques — voirie, éclairage public, réseaux"',
      `name: ${JSON.stringify(MARK("service"))}`,
    )
    .replace('label: "Éclairage public en panne"', `label: ${JSON.stringify(MARK("subject"))}`)
    .replace(`name: "Mairie déléguée d'Andard"`, `name: ${JSON.stringify(MARK("site"))}`);
}

function staff(identity: Partial<StaffIdentity>): Record<string, string> {
  const signed = signIdentity(
    { id: "essai", name: "Essai", roles: ["admin"], serviceIds: [], allServices: true, ...identity },
    IDENTITY_SECRET,
  );
  return { "x-guichet-identity": signed, "x-guichet-csrf": CSRF };
}

async function call(url: string, init: RequestInit, expected: number): Promise<Response> {
  const response = await fetch(url, { redirect: "manual", ...init });
  expect(response.status, `${init.method} ${url}: ${await response.clone().text()}`).toBe(expected);
  return response;
}

beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  database = await createTestDatabase(inject("postgresAdminUrl"));
  scratch = mkdtempSync(join(tmpdir(), "guichet-xss-"));
  const catalogFile = join(scratch, "catalog.yaml");
  writeFileSync(catalogFile, injectedCatalogue());
  const namespace = uniqueNamespace();
  const common = {
    DATABASE_URL: database.url,
    NATS_URL: inject("natsUrl"),
    GUICHET_NAMESPACE: namespace,
    LOG_LEVEL: "silent",
    GUICHET_IDENTITY_SECRET: IDENTITY_SECRET,
    GUICHET_CATALOG_FILE: catalogFile,
  };
  appointments = await startAppointments(loadAppointmentsConfig({ ...common, APPOINTMENTS_PORT: "0" }), {
    now: () => MONDAY,
  });
  const port = await freePort();
  site = `http://127.0.0.1:${port}`;
  // Intake's forms read the subjects from routing's directory: routing must listen where it looks.
  const routingPort = await freePort();
  platform = await startPlatform({
    databaseUrl: database.url,
    natsUrl: inject("natsUrl"),
    namespace,
    smtpUrl: mail.smtpUrl,
    web: true,
    env: {
      ...common,
      WEB_PORT: String(port),
      GUICHET_PUBLIC_URL: site,
      APPOINTMENTS_URL: appointments.url,
      ROUTING_PORT: String(routingPort),
      ROUTING_URL: `http://127.0.0.1:${routingPort}`,
      // One sign-in per page checked, from one address.
      RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    },
  });
  for (const [id, roles, name] of [
    ["admin", ["admin"], MARK("user.name")],
    ["manager", ["manager"], "Essai manager"],
    ["accueil", ["reception"], "Essai accueil"],
  ] as const)
    await platform.web?.manageUsers.create(
      { id, name, roles: [...roles], serviceIds: [], allServices: true, password: PASSWORD },
      "test",
    );

  // A citizen's request on the injected subject: the dashboard lists its service.
  await call(
    `${platform.intake.url}/api/requests`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...citizenRequest, subjectId: "voirie.eclairage" }),
    },
    201,
  );
  // The town's wording, edited by an admin.
  await call(
    `${platform.notification.url}/api/templates`,
    {
      method: "PUT",
      headers: { ...staff({ roles: ["admin"] }), "content-type": "application/json" },
      body: JSON.stringify({ fr: { "common.closing": MARK("template") } }),
    },
    200,
  );
  // A visit entered at the counter.
  const visit = await call(
    `${platform.intake.url}/accueil/saisie/guichet`,
    {
      method: "POST",
      headers: { ...staff({ roles: ["reception"] }), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        _csrf: CSRF,
        idempotencyKey: "xss-counter-000001",
        siteId: "andard",
        subjectId: "etat-civil.acte-naissance",
        asked: MARK("counter.asked"),
        answeredOnTheSpot: MARK("counter.answered"),
        "citizen.name": MARK("counter.name"),
        "citizen.email": "",
        "citizen.phone": "06 11 22 33 44",
        "citizen.postalAddress": MARK("counter.postalAddress"),
        "citizen.preferredChannel": "sms",
      }),
    },
    303,
  );
  counterRequestId = visit.headers.get("location")?.split("/").pop() ?? "";
  // An appointment booked by a citizen.
  const offers = (await (await fetch(`${appointments.url}/api/appointments/offers`)).json()) as {
    offers: { id: string; siteId: string }[];
  };
  appointmentSite = offers.offers.find((offer) => offer.id === "elus.andard")?.siteId ?? "";
  const booked = await call(
    `${appointments.url}/api/appointments`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        offerId: "elus.andard",
        start: ANDARD_SLOT,
        name: MARK("appointment.name"),
        email: "habitant@example.org",
      }),
    },
    201,
  );
  appointmentId = ((await booked.json()) as { appointmentId: string }).appointmentId;
  chromium = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await chromium?.close();
  await platform?.close();
  await appointments?.close();
  await database?.drop();
  await mail?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

async function onPage(as: string, check: (page: Page) => Promise<void>, shown = true): Promise<void> {
  const page = await signedIn(chromium, site, as);
  try {
    await check(page);
    await expectShownAsText(page, shown);
  } finally {
    await page.context().close();
  }
}

describe("HTML and script in agent-, admin- and citizen-supplied text on the remaining staff pages", () => {
  it("/tableau-de-bord (manager): shows ids and figures only; what it echoes of its query is text", async () => {
    // No free text reaches the dashboard and its SLA tables (services, sites and queues by id), so
    // the check is on the filter form, which echoes the dates it refuses.
    const query = new URLSearchParams({ from: MARK("from"), to: "2027-03-31" });
    await onPage(
      "manager",
      async (page) => {
        await openShowingMark(page, `${site}/tableau-de-bord?${query}`, 400);
        expect(await page.locator('input[name="from"]').getAttribute("value")).toBe(MARK("from"));
      },
      false,
    );
  });

  const pages: { as: string; name?: string; path: () => string; fields: string }[] = [
    { as: "admin", path: () => "/admin/catalogue", fields: "service name, subject label" },
    { as: "admin", path: () => "/admin/modeles", fields: "template text" },
    {
      as: "admin",
      path: () => "/admin/modeles/apercu?kind=status.closed&channel=email&lang=fr",
      fields: "template text in the preview",
    },
    { as: "admin", path: () => "/admin/utilisateurs", fields: "user name" },
    { as: "accueil", path: () => "/accueil/saisie/guichet", fields: "subject label in the choices" },
    { as: "accueil", path: () => "/accueil/saisie/telephone", fields: "subject label in the choices" },
    {
      as: "accueil",
      name: "/bureau/demandes/{requestId}",
      path: () => `/bureau/demandes/${counterRequestId}`,
      fields: "counter visit: asked, answered on the spot, name, postal address",
    },
    {
      as: "accueil",
      name: "/accueil/rendez-vous/planning",
      path: () => `/accueil/rendez-vous/planning?site=${appointmentSite}&jour=2027-03-02`,
      fields: "citizen's name, site name",
    },
    {
      as: "accueil",
      name: "/accueil/rendez-vous/{id}",
      path: () => `/accueil/rendez-vous/${appointmentId}`,
      fields: "citizen's name, site name",
    },
    { as: "accueil", path: () => "/accueil/rendez-vous", fields: "site name in the choices" },
  ];
  for (const entry of pages) {
    it(`${entry.name ?? entry.path()} (${entry.as}; ${entry.fields}): shown as text, nothing runs`, async () => {
      await onPage(entry.as, (page) => openShowingMark(page, `${site}${entry.path()}`));
    });
  }

  it("/accueil/saisie/appels: a call log whose cells hold HTML; the import report quotes them as text", async () => {
    const line = readFileSync(new URL("../../services/intake/test/fixtures/calls/Master.csv", import.meta.url), "utf8")
      .split("\n")[0]
      ?.replace('"2026-03-02 09:01:12"', JSON.stringify(MARK("call.start")).replaceAll('\\"', '""'));
    await onPage("accueil", async (page) => {
      await page.goto(`${site}/accueil/saisie/appels`);
      await page.getByLabel("Fichier CSV du standard").setInputFiles({
        name: "Master.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(`${line}\n`),
      });
      await page.getByLabel("Format du fichier").selectOption("asterisk");
      await Promise.all([
        page.waitForLoadState("load"),
        page.locator('form[enctype="multipart/form-data"] button').click(),
      ]);
      expect(await page.content()).toContain("&lt;script&gt;window.__xss");
    });
  });

  it("/accueil/saisie/telephone: a refused call note shows what the agent typed as text", async () => {
    await onPage("accueil", async (page) => {
      await page.goto(`${site}/accueil/saisie/telephone`);
      await page.getByLabel("Identifiant de l’appel").fill("appel-inconnu");
      await page.getByLabel("Ce que l’appelant demande").fill(MARK("note.asked"));
      await page.getByLabel("Ce qui a déjà été répondu").fill(MARK("note.answered"));
      await Promise.all([page.waitForLoadState("load"), page.locator("main form button").last().click()]);
      expect(await page.content()).toContain("&lt;script&gt;window.__xss");
    });
  });
});
