import { createHash } from "node:crypto";
import { test, waitFor } from "@guichet/testing";
import { accessibilityViolations, launchBrowser, saveScreenshot } from "@guichet/testing/browser";
import pg from "pg";
import { describe, expect } from "vitest";
import { bootReporting, handling, newRequest, staffHeader, TestPublisher } from "../support/reporting.harness.ts";

const CSRF = "csrf-token-of-this-browser-0123456789";
const TOKEN = "tok_0123456789abcdefghijklmnop";

describe("reporting pages", () => {
  test("dashboard and citizen follow-up pass axe in a real browser and work without JavaScript", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const service = await bootReporting({ databaseUrl: database.url, natsUrl, namespace });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const browser = await launchBrowser();
    try {
      const r = newRequest("2026-05-13T16:00:00+02:00", "web");
      const ids = { requestId: r.requestId, reference: r.reference };
      await publisher.publish("requestReceived", {
        ...r,
        siteId: "siege",
        citizen: {
          name: "Jeanne Martin",
          email: "Jeanne@Example.org",
          phone: null,
          postalAddress: null,
          preferredChannel: "email",
        },
        subjectId: "voirie.test",
        title: null,
        body: "Nid de poule",
        metadata: {},
        trackingTokenHash: createHash("sha256").update(TOKEN).digest("hex"),
      });
      await publisher.publish("requestRouted", {
        ...ids,
        serviceId: "voirie",
        subjectId: "voirie.test",
        method: "direct",
        confidence: 1,
        explanation: "choisi",
        catalogVersion: 1,
        handling: {
          ...handling("voirie", "back-office"),
          service: { ...handling("voirie", "back-office").service, name: "Services techniques" },
        },
        routedAt: "2026-05-13T16:01:00+02:00",
      });
      await publisher.publish("requestStatusChanged", {
        ...ids,
        serviceId: "voirie",
        from: "new",
        to: "waiting-citizen",
        assigneeId: "agent-secret-id",
        outcome: null,
        note: "Merci de préciser l’adresse exacte.",
        byStaffId: "agent-secret-id",
        changedAt: "2026-05-15T10:00:00+02:00",
      });
      await waitFor(
        async () => (await db.query("SELECT count(*)::int AS n FROM reporting.timeline_event")).rows[0].n === 3,
        {
          what: "3 projected events",
        },
      );

      // Dashboard, as a general manager, without JavaScript.
      const staffContext = await browser.browser.newContext({
        javaScriptEnabled: false,
        extraHTTPHeaders: { "x-guichet-identity": staffHeader({ name: "Claire Manager" }) },
      });
      const page = await staffContext.newPage();
      await page.goto(`${service.url}/tableau-de-bord?from=2026-05-01&to=2026-05-31&groupBy=service&period=`);
      expect(await page.title()).toBe("Tableau de bord des délais — Loire-Authion");
      const main = await page.textContent("main");
      expect(main).toContain("voirie");
      expect(main).toContain("Accusé de réception");
      expect(await page.locator("svg[role=img]").count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator("table").count()).toBeGreaterThanOrEqual(3);
      await saveScreenshot(page, "reporting-tableau-de-bord");
      // The filters are a GET form: changing the grouping and submitting works without JavaScript.
      await page.getByLabel("Regrouper par").selectOption("channel");
      await page.getByRole("button", { name: "Afficher" }).click();
      expect(page.url()).toContain("groupBy=channel");
      expect(await page.textContent("main")).toContain("web");
      await page.goto(`${service.url}/tableau-de-bord?from=2026-02-31&to=2026-05-31`);
      expect(await page.textContent(".error-summary")).toContain("date de début");

      // Citizen follow-up: the form (CSRF token forwarded by the gateway), then the timeline.
      const citizen = await browser.browser.newContext({
        javaScriptEnabled: false,
        extraHTTPHeaders: { "x-guichet-csrf": CSRF },
      });
      const cp = await citizen.newPage();
      await cp.goto(`${service.url}/suivi`);
      await cp.getByLabel("Numéro de la demande").fill(r.reference.toLowerCase());
      await cp.getByLabel("Adresse électronique").fill("jeanne@example.org ");
      await cp.getByRole("button", { name: "Voir le suivi" }).click();
      expect(await cp.title()).toBe(`Suivi de la demande ${r.reference} — Loire-Authion`);
      const timeline = (await cp.textContent("main")) ?? "";
      expect(timeline).toContain("Nous avons reçu votre demande (par le site internet).");
      expect(timeline).toContain("Votre demande est confiée au service : Services techniques.");
      expect(timeline).toContain("Le service attend un complément de votre part.");
      expect(timeline).toContain("Merci de préciser l’adresse exacte.");
      expect(timeline).not.toContain("agent-secret-id");
      await saveScreenshot(cp, "reporting-suivi");

      await cp.goto(`${service.url}/suivi`);
      await cp.getByLabel("Numéro de la demande").fill(r.reference);
      await cp.getByLabel("Adresse électronique").fill("quelquun@example.org");
      await cp.getByRole("button", { name: "Voir le suivi" }).click();
      expect(await cp.textContent("main")).toContain("Nous n’avons trouvé aucune demande correspondante");

      await cp.goto(`${service.url}/suivi/${TOKEN}`);
      expect(await cp.locator("h1").textContent()).toBe(`Suivi de la demande ${r.reference}`);
      expect((await fetch(`${service.url}/suivi/tok_wrong_0123456789abcdef`)).status).toBe(404);
      // Without the gateway's CSRF token the form is refused.
      const forged = await fetch(`${service.url}/suivi`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `reference=${r.reference}&email=jeanne%40example.org`,
      });
      expect(forged.status).toBe(403);

      const axeStaff = await (
        await browser.browser.newContext({ extraHTTPHeaders: { "x-guichet-identity": staffHeader() } })
      ).newPage();
      for (const path of [
        "/tableau-de-bord?from=2026-05-01&to=2026-05-31&groupBy=service&period=month",
        "/tableau-de-bord?from=2026-02-31&to=2026-05-31",
      ]) {
        await axeStaff.goto(`${service.url}${path}`);
        expect(await accessibilityViolations(axeStaff), path).toEqual([]);
      }
      const axeCitizen = await (
        await browser.browser.newContext({ extraHTTPHeaders: { "x-guichet-csrf": CSRF } })
      ).newPage();
      for (const path of ["/suivi", `/suivi/${TOKEN}`, "/suivi/tok_wrong_0123456789abcdef"]) {
        await axeCitizen.goto(`${service.url}${path}`);
        expect(await accessibilityViolations(axeCitizen), path).toEqual([]);
      }
      await axeCitizen.goto(`${service.url}/suivi`);
      await axeCitizen.getByRole("button", { name: "Voir le suivi" }).click();
      expect(await axeCitizen.locator(".error-summary").count()).toBe(1);
      expect(await accessibilityViolations(axeCitizen), "/suivi with errors").toEqual([]);
    } finally {
      await browser.close();
      await db.end();
      await publisher.close();
      await service.close();
    }
  });
});
