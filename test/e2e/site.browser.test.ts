import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { createTestDatabase, freePort, type TestDatabase, uniqueNamespace, waitFor } from "@guichet/testing";
import {
  accessibilityViolations,
  launchBrowser,
  saveScreenshot,
  signIn as signInAt,
  type TestBrowser,
} from "@guichet/testing/browser";
import type { Role } from "@guichet/web";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { citizenRequest, type Platform, startPlatform } from "./platform.harness.ts";

/**
 * The whole site in Debian's Chromium, through the gateway in front of the four real services:
 * every page passes axe-core (WCAG 2.1 A/AA), citizen pages stay light, the citizen form works
 * with the keyboard alone, and the staff journeys run end to end. Pages still being built by other
 * capabilities are listed with `waiting` (reported as todo) until they land.
 */
interface SitePage {
  path: string;
  name: string;
  /** Signed in as this demo account; anonymous otherwise. */
  as?: string;
  /** Which capability's page this assertion is waiting on. */
  waiting?: string;
}

const PAGES: readonly SitePage[] = [
  { path: "/", name: "accueil" },
  { path: "/qui-fait-quoi", name: "qui-fait-quoi" },
  { path: "/demande", name: "demande" },
  { path: "/suivi", name: "suivi" },
  { path: "/accessibilite", name: "accessibilite" },
  { path: "/donnees-personnelles", name: "donnees-personnelles" },
  { path: "/connexion", name: "connexion" },
  { path: "/accueil/tri", name: "tri", as: "accueil" },
  { path: "/accueil/saisie", name: "saisie", as: "accueil" },
  { path: "/bureau", name: "bureau", as: "voirie" },
  { path: "/bureau/demandes/{requestId}", name: "bureau-demande", as: "voirie" },
  { path: "/tableau-de-bord", name: "tableau-de-bord", as: "responsable" },
  { path: "/admin/catalogue", name: "admin-catalogue", as: "admin" },
  { path: "/admin/modeles", name: "admin-modeles", as: "admin" },
  { path: "/admin/utilisateurs", name: "admin-utilisateurs", as: "admin" },
  { path: "/admin/audit", name: "admin-audit", as: "admin" },
];

const PASSWORD = "navigateur de test 2026";
const ACCOUNTS: Record<string, { roles: Role[]; serviceIds: string[]; allServices: boolean }> = {
  accueil: { roles: ["reception"], serviceIds: [], allServices: true },
  voirie: { roles: ["agent"], serviceIds: ["voirie"], allServices: false },
  urbanisme: { roles: ["agent"], serviceIds: ["urbanisme"], allServices: false },
  responsable: { roles: ["manager"], serviceIds: [], allServices: true },
  admin: { roles: ["admin"], serviceIds: [], allServices: false },
};

let database: TestDatabase;
let mail: MailCatcher;
let platform: Platform;
let chromium: TestBrowser;
let site: string;
let routed: { requestId: string; reference: string };
const cspViolations = new WeakMap<Page, string[]>();

async function submitThroughGateway(body: unknown): Promise<{ requestId: string; reference: string }> {
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
  // Intake's form lists routing's catalogue: routing needs a known port before intake starts.
  const routingPort = await freePort();
  platform = await startPlatform({
    databaseUrl: database.url,
    natsUrl: inject("natsUrl"),
    namespace: uniqueNamespace(),
    smtpUrl: mail.smtpUrl,
    web: true,
    // Anything without a chosen subject goes to the human triage queue.
    env: {
      WEB_PORT: String(port),
      GUICHET_PUBLIC_URL: site,
      ROUTING_TRIAGE_THRESHOLD: "0.999",
      ROUTING_PORT: String(routingPort),
      ROUTING_URL: `http://127.0.0.1:${routingPort}`,
      // Every staff page test signs in from 127.0.0.1: a fast machine exceeds the default 10
      // sign-ins per minute (that limit has its own test in services/web).
      RATE_LIMIT_SIGN_IN_PER_MINUTE: "1000",
    },
  });
  for (const [id, access] of Object.entries(ACCOUNTS))
    await platform.web?.manageUsers.create({ id, name: `Démo ${id}`, ...access, password: PASSWORD }, "test");
  chromium = await launchBrowser();
  routed = await submitThroughGateway(citizenRequest);
  await waitFor(async () => (await platform.web?.pool.query("SELECT 1"))?.rowCount === 1);
  await waitFor(
    async () => {
      const page = await newPage("admin");
      const response = await page.goto(`${site}/bureau/demandes/${routed.requestId}`);
      const ok = response?.status() === 200;
      await page.context().close();
      return ok;
    },
    { what: "request on the voirie desk", timeoutMs: 20_000, intervalMs: 500 },
  ).catch(() => undefined);
});

afterAll(async () => {
  await chromium?.close();
  await platform?.close();
  await database?.drop();
  await mail?.stop();
});

async function signIn(page: Page, id: string): Promise<void> {
  await signInAt(page, site, id, PASSWORD);
}

async function newPage(as?: string): Promise<Page> {
  const context = await chromium.browser.newContext({ locale: "fr-FR" });
  const page = await context.newPage();
  const violations: string[] = [];
  cspViolations.set(page, violations);
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  if (as) await signIn(page, as);
  return page;
}

describe("every page of the site passes axe-core (WCAG 2.1 AA)", () => {
  for (const entry of PAGES) {
    const title = `${entry.path}${entry.as ? ` (${entry.as})` : ""}`;
    if (entry.waiting) {
      it.todo(`${title} — waiting on ${entry.waiting}`);
      continue;
    }
    it(title, async () => {
      const page = await newPage(entry.as);
      try {
        let bytes = 0;
        page.on("response", (response) => {
          void response
            .body()
            .then((body) => {
              bytes += body.length;
            })
            .catch(() => undefined);
        });
        const response = await page.goto(`${site}${entry.path.replace("{requestId}", routed.requestId)}`);
        expect(response?.status()).toBe(200);
        await page.waitForLoadState("networkidle");
        await saveScreenshot(page, `site-${entry.name}`);
        expect(await accessibilityViolations(page)).toEqual([]);
        expect(cspViolations.get(page), "no inline script or style blocked by the CSP").toEqual([]);
        if (!entry.as) expect(bytes, "a citizen page weighs under 100 KB").toBeLessThan(100 * 1024);
      } finally {
        await page.context().close();
      }
    });
  }
});

/** Tabs from the top of the page to the form's submit button; returns what received focus. */
async function tabThroughForm(page: Page, formSelector: string) {
  const focused: { key: string; visible: boolean }[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press("Tab");
    const state = await page.evaluate((selector) => {
      // biome-ignore lint/suspicious/noExplicitAny: the page's window
      const window = globalThis as any;
      const element = window.document.activeElement;
      const style = window.getComputedStyle(element);
      const form = element.closest(selector);
      return {
        key:
          element.type === "radio"
            ? `radio:${element.name}`
            : `${element.tagName.toLowerCase()}#${element.id || element.name || element.textContent.trim()}`,
        inForm: !!form,
        submit: !!form && element.type === "submit",
        visible: style.outlineStyle !== "none" || style.boxShadow !== "none",
      };
    }, formSelector);
    focused.push({ key: state.key, visible: state.visible });
    if (state.submit) return focused;
  }
  throw new Error(`the submit button of ${formSelector} was never reached with Tab`);
}

async function formControls(page: Page, formSelector: string): Promise<string[]> {
  const selector = ["input:not([type=hidden])", "select", "textarea", "button"]
    .map((c) => `${formSelector} ${c}`)
    .join(", ");
  const controls = await page.$$eval(selector, (elements) =>
    elements
      // biome-ignore lint/suspicious/noExplicitAny: DOM elements
      .filter((e: any) => e.tabIndex >= 0 && e.getClientRects().length > 0)
      // biome-ignore lint/suspicious/noExplicitAny: DOM elements
      .map((e: any) =>
        e.type === "radio" ? `radio:${e.name}` : `${e.tagName.toLowerCase()}#${e.id || e.name || e.textContent.trim()}`,
      ),
  );
  return [...new Set(controls)];
}

describe("citizen", () => {
  it("follows a submitted request on /suivi with its reference and e-mail", async () => {
    const page = await newPage();
    try {
      await waitFor(
        async () => {
          await page.goto(`${site}/suivi`);
          await page.getByLabel("Numéro de la demande").fill(routed.reference);
          await page.getByLabel("Adresse électronique").fill(citizenRequest.citizen.email);
          await page.getByRole("button", { name: "Voir le suivi" }).click();
          return (await page.locator("h1").textContent())?.includes(routed.reference);
        },
        { what: "follow-up page of the request", timeoutMs: 20_000, intervalMs: 500 },
      );
      await saveScreenshot(page, "site-suivi-demande");
      expect(await accessibilityViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("submits the /demande form without JavaScript and follows it through the private link", async () => {
    const context = await chromium.browser.newContext({ locale: "fr-FR", javaScriptEnabled: false });
    const page = await context.newPage();
    try {
      await page.goto(`${site}/demande`);
      await page.getByLabel("Sujet de la demande").selectOption("voirie.chaussee");
      await page
        .getByLabel(/^Description de votre demande/)
        .fill("Le lampadaire devant le 3 rue des Écoles à Brain est éteint.");
      await page.getByLabel(/^Nom et prénom/).fill("Camille Petit");
      await page.getByLabel(/^Adresse e-mail/).fill("camille.petit@example.org");
      await Promise.all([
        page.waitForURL(/\/demande\/confirmation/),
        page.getByRole("button", { name: "Envoyer ma demande" }).click(),
      ]);
      const reference = /LA-\d{4}-\d{6}/.exec((await page.locator("main").textContent()) ?? "")?.[0];
      expect(reference).toBeDefined();
      await saveScreenshot(page, "site-demande-confirmation");
      const tracking = await page.locator('main a[href*="/suivi/"]').first().getAttribute("href");
      expect(tracking?.startsWith(`${site}/suivi/`)).toBe(true);
      await waitFor(
        async () => {
          await page.goto(tracking as string);
          return (await page.locator("h1").textContent())?.includes(reference as string);
        },
        { what: "follow-up through the private link", timeoutMs: 20_000, intervalMs: 500 },
      );
      await saveScreenshot(page, "site-suivi-lien-prive");
    } finally {
      await context.close();
    }
  });

  it("reaches every field of /demande with the keyboard alone, focus always visible", async () => {
    const page = await newPage();
    try {
      await page.goto(`${site}/demande`);
      const form = 'main form[method="post"]';
      const focused = await tabThroughForm(page, form);
      expect(focused[0]?.key).toBe("a#Aller au contenu");
      const keys = focused.map((f) => f.key);
      for (const control of await formControls(page, form)) expect(keys).toContain(control);
      expect(focused.filter((f) => !f.visible)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("reaches every field of the follow-up form with the keyboard alone, focus always visible", async () => {
    const page = await newPage();
    try {
      await page.goto(`${site}/suivi`);
      const focused = await tabThroughForm(page, 'form[action="/suivi"]');
      expect(focused[0]?.key).toBe("a#Aller au contenu");
      const keys = focused.map((f) => f.key);
      for (const control of await formControls(page, 'form[action="/suivi"]')) expect(keys).toContain(control);
      expect(focused.filter((f) => !f.visible)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("signs in with the keyboard alone", async () => {
    const page = await newPage();
    try {
      await page.goto(`${site}/connexion`);
      const focused = await tabThroughForm(page, 'form[action="/connexion"]');
      expect(focused.map((f) => f.key)).toEqual(
        expect.arrayContaining(["input#champ-identifiant", "input#champ-mot-de-passe"]),
      );
      expect(focused.filter((f) => !f.visible)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe("staff", () => {
  it("reception signs in, triages a request to the voirie service, and the voirie agent replies", async () => {
    const vague = await submitThroughGateway({
      body: "Bonjour, je voudrais savoir à qui m’adresser pour une question. Merci.",
      citizen: { name: "Paul Durand", email: "paul.durand@example.org", preferredChannel: "email" },
    });
    const reception = await newPage("accueil");
    try {
      expect(new URL(reception.url()).pathname).toBe("/accueil/tri");
      const subject = reception.getByLabel(`Sujet de la demande ${vague.reference}`);
      await waitFor(
        async () => {
          await reception.goto(`${site}/accueil/tri`);
          return (await subject.count()) > 0;
        },
        { what: "request in the triage queue", timeoutMs: 20_000, intervalMs: 500 },
      );
      await subject.selectOption("voirie.chaussee");
      await reception.getByRole("button", { name: `Orienter la demande ${vague.reference}` }).click();
      await saveScreenshot(reception, "site-tri-apres");
      expect(await reception.getByLabel(`Sujet de la demande ${vague.reference}`).count()).toBe(0);
    } finally {
      await reception.context().close();
    }

    const agent = await newPage("voirie");
    try {
      expect(new URL(agent.url()).pathname).toBe("/bureau");
      await waitFor(async () => (await agent.goto(`${site}/bureau/demandes/${vague.requestId}`))?.status() === 200, {
        what: "triaged request on the voirie desk",
        timeoutMs: 20_000,
        intervalMs: 500,
      });
      await agent.getByLabel(/^Réponse/).fill("Bonjour, le service voirie prend en charge votre demande.");
      const [response] = await Promise.all([
        agent.waitForResponse((r) => r.request().method() === "POST"),
        agent.getByRole("button", { name: "Envoyer la réponse" }).click(),
      ]);
      expect(response.status()).toBeLessThan(400);
      await agent.waitForLoadState();
      await saveScreenshot(agent, "site-bureau-reponse");
      expect(await agent.locator(".error-summary").count()).toBe(0);
      expect(await agent.content()).toContain("le service voirie prend en charge votre demande");
    } finally {
      await agent.context().close();
    }
  });

  it("a manager opens the dashboard", async () => {
    const page = await newPage("responsable");
    try {
      expect(new URL(page.url()).pathname).toBe("/tableau-de-bord");
      expect(await page.locator("h1").textContent()).toContain("Tableau de bord");
    } finally {
      await page.context().close();
    }
  });

  it("an agent of another service is refused the request", async () => {
    const page = await newPage("urbanisme");
    try {
      const response = await page.goto(`${site}/bureau/demandes/${routed.requestId}`);
      expect(response?.status()).toBe(403);
      await saveScreenshot(page, "site-refus-autre-service");
      expect(await accessibilityViolations(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("an agent is refused the administration pages, and signs out", async () => {
    const page = await newPage("voirie");
    try {
      expect((await page.goto(`${site}/admin/utilisateurs`))?.status()).toBe(403);
      await page.goto(`${site}/bureau`);
      await Promise.all([page.waitForURL(/\/connexion/), page.getByRole("button", { name: "Se déconnecter" }).click()]);
      expect((await page.goto(`${site}/api/desk`))?.status()).toBe(401);
    } finally {
      await page.context().close();
    }
  });
});
