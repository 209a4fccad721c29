import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAppointmentsConfig, startAppointments } from "@guichet/appointments";
import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import type { RunningService } from "@guichet/runtime";
import { createTestDatabase, freePort, type TestDatabase, uniqueNamespace, waitFor } from "@guichet/testing";
import { launchBrowser, type TestBrowser } from "@guichet/testing/browser";
import { type StaffIdentity, signIdentity } from "@guichet/web";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { citizenRequest, type Platform, startPlatform } from "../e2e/platform.harness.ts";
import { expectShownAsText, MARK, openShowingMark, PASSWORD, signedIn } from "./stored-xss.harness.ts";

/**
 * Stored XSS on the staff pages stored-xss.browser.test.ts does not cover: the reporting dashboard,
 * the admin pages (catalogue, templates, users), the phone and counter entry pages of intake and
 * the appointment agent pages, the satisfaction results, the experiments and the annex room
 * queue. HTML and script go into every text field an agent, an admin, a manager or a citizen
 * controls there; each page is rendered in Chromium, nothing may run and the text shows.
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
let citizenReference = "";

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
  const submitted = await call(
    `${platform.intake.url}/api/requests`,
    {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...citizenRequest, subjectId: "voirie.eclairage" }),
    },
    201,
  );
  citizenReference = ((await submitted.json()) as { reference: string }).reference;
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

describe("HTML and script on the satisfaction results, the experiments and the annex room queue", () => {
  it("/tableau-de-bord/satisfaction (manager): counts by id only; a stored comment stays out, the query echoes as text", async () => {
    // The results show counts grouped by service, site or experiment id, or by channel: catalogue
    // ids and enums, never a name or free text. The only free text an answer carries is its
    // comment, which the results leave out: an agent records one full of HTML through the counter
    // form, and the page must count the answer without showing it.
    await waitFor(
      async () => {
        const response = await fetch(`${platform.reporting.url}/satisfaction/accueil`, {
          method: "POST",
          redirect: "manual",
          headers: { ...staff({ roles: ["reception"] }), "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            _csrf: CSRF,
            reference: citizenReference,
            score: "4",
            comment: MARK("satisfaction.comment"),
            channel: "counter",
          }),
        });
        // 404 until reporting has projected the request.
        return response.status === 303;
      },
      { what: "the agent's satisfaction answer", timeoutMs: 20_000, intervalMs: 500 },
    );
    await onPage(
      "manager",
      async (page) => {
        const response = await page.goto(`${site}/tableau-de-bord/satisfaction`);
        expect(response?.status()).toBe(200);
        const row = page.locator("tbody tr").filter({ hasText: "voirie" });
        expect(await row.locator("td").nth(3).textContent()).toBe("1");
        expect(await page.content()).not.toContain("__xss");
      },
      false,
    );
    const query = new URLSearchParams({ from: MARK("from"), to: "2027-03-31", groupBy: MARK("groupBy") });
    await onPage(
      "manager",
      async (page) => {
        await openShowingMark(page, `${site}/tableau-de-bord/satisfaction?${query}`, 400);
        expect(await page.locator('input[name="from"]').getAttribute("value")).toBe(MARK("from"));
      },
      false,
    );
  });

  it("/experimentations and /experimentations/{id} (manager; name, hypothesis, change): shown as text, nothing runs", async () => {
    // The manager defines the experiment through the page's form; the report page it leads to, then
    // the list, show what was typed. There is no other HTML page of an experiment (the PDF aside).
    await onPage("manager", async (page) => {
      await page.goto(`${site}/experimentations`);
      const form = page.locator('form[action="/experimentations"]');
      await form.getByLabel("Identifiant", { exact: true }).fill("essai-injection");
      await form.getByLabel("Nom", { exact: true }).fill(MARK("experiment.name"));
      await form.getByLabel("Hypothèse testée").fill(MARK("experiment.hypothesis"));
      await form.getByLabel("Changement apporté").fill(MARK("experiment.change"));
      await form.getByLabel("Début (inclus)").fill("2027-03-01");
      await form.getByLabel("Fin (incluse)").fill("2027-03-31");
      await form.getByLabel("Début de la période de référence").fill("2027-02-01");
      await form.getByLabel("Fin de la période de référence").fill("2027-02-28");
      await Promise.all([page.waitForURL(`${site}/experimentations/essai-injection`), form.locator("button").click()]);
      await openShowingMark(page, `${site}/experimentations/essai-injection`);
      const text = await page.locator("main").textContent();
      for (const field of ["experiment.name", "experiment.hypothesis", "experiment.change"])
        expect(text).toContain(MARK(field));
      expect(await page.title()).toContain(MARK("experiment.name"));
      await expectShownAsText(page);
      await openShowingMark(page, `${site}/experimentations`);
      expect(await page.locator("main ul a").textContent()).toBe(MARK("experiment.name"));
    });
  });

  it("/experimentations (manager): a refused definition gives back what was typed as text", async () => {
    await onPage("manager", async (page) => {
      await page.goto(`${site}/experimentations`);
      const form = page.locator('form[action="/experimentations"]');
      await form.getByLabel("Identifiant", { exact: true }).fill(MARK("experiment.id"));
      await form.getByLabel("Nom", { exact: true }).fill(MARK("experiment.name"));
      await form.getByLabel("Hypothèse testée").fill(MARK("experiment.hypothesis"));
      await form.getByLabel("Changement apporté").fill(MARK("experiment.change"));
      await form.getByLabel("Sites concernés").fill(MARK("experiment.siteIds"));
      await Promise.all([page.waitForLoadState("load"), form.locator("button").click()]);
      expect(await page.title()).toContain("Erreur");
      const refused = page.locator('form[action="/experimentations"]');
      expect(await refused.getByLabel("Identifiant", { exact: true }).inputValue()).toBe(MARK("experiment.id"));
      expect(await refused.getByLabel("Sites concernés").inputValue()).toBe(MARK("experiment.siteIds"));
      expect(await refused.getByLabel("Hypothèse testée").inputValue()).toBe(MARK("experiment.hypothesis"));
    });
  });

  it("/accueil/salles (accueil; requester's name, association, event): shown as text, nothing runs", async () => {
    // A citizen asks for a room through the public form, as an association.
    const citizen = await (await chromium.browser.newContext({ locale: "fr-FR" })).newPage();
    try {
      await citizen.goto(`${site}/salles`);
      await citizen.getByLabel("Salle (obligatoire)").selectOption("salles.baune-polyvalente");
      await citizen.getByLabel("Date (obligatoire)").fill("2027-03-13");
      await citizen.getByLabel("Heure de début (obligatoire)").fill("14:00");
      await citizen.getByLabel("Heure de fin (obligatoire)").fill("19:00");
      await citizen.getByRole("radio", { name: "Association", exact: true }).check();
      await citizen.getByLabel("Association (si c’en est une)").fill(MARK("room.organisation"));
      await citizen.getByLabel("Nombre de personnes (obligatoire)").fill("60");
      await citizen.getByLabel("L’événement en quelques mots (obligatoire)").fill(MARK("room.description"));
      await citizen.getByLabel("Nom et prénom (obligatoire)").fill(MARK("room.name"));
      await citizen.getByLabel("Adresse e-mail").fill("association@example.org");
      await Promise.all([
        citizen.waitForURL(/\/salles\/demande\/[^/?]+\?fait=demande$/),
        citizen.getByRole("button", { name: "Envoyer la demande" }).click(),
      ]);
      expect(await citizen.textContent("main")).toContain("En attente de réponse");
    } finally {
      await citizen.context().close();
    }
    await onPage("accueil", async (page) => {
      await openShowingMark(page, `${site}/accueil/salles`);
      const text = await page.locator("main").textContent();
      for (const field of ["room.organisation", "room.description", "room.name"]) expect(text).toContain(MARK(field));
      await expect(
        page.getByRole("button", { name: `Accepter la demande de ${MARK("room.name")}` }).count(),
      ).resolves.toBe(1);
    });
  });
});
