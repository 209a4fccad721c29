import { test } from "@guichet/testing";
import { accessibilityViolations, launchBrowser, saveScreenshot } from "@guichet/testing/browser";
import { describe, expect } from "vitest";
import { bootRouting } from "../routing/routing.harness.ts";

describe("public pages of routing", () => {
  test("home and directory pass axe (WCAG 2.1 AA) in a real browser and work without JavaScript", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const browser = await launchBrowser();
    try {
      const context = await browser.browser.newContext({ javaScriptEnabled: false });
      const page = await context.newPage();

      await page.goto(`${routing.url}/`);
      expect(await page.title()).toBe("Accueil — Loire-Authion");
      expect(await page.locator("h1").textContent()).toContain("Contacter la mairie");
      expect(await page.locator('a[href="/demande"]').count()).toBeGreaterThan(0);
      expect(await page.locator('a[href="/suivi"]').count()).toBeGreaterThan(0);
      expect(await page.textContent("main")).toContain("Espace France Services");
      expect(await page.textContent("main")).toContain("02 41 00 00 00");
      await saveScreenshot(page, "routing-accueil");

      await page.goto(`${routing.url}/qui-fait-quoi`);
      // The search is a plain GET form: submitting it works with JavaScript disabled.
      await page.getByLabel(/Rechercher un sujet/).fill("lampadère");
      await page.getByRole("button", { name: "Rechercher" }).click();
      expect(page.url()).toContain("/qui-fait-quoi?q=lamp");
      expect(await page.locator("ul.directory > li h2").first().textContent()).toBe("Éclairage public en panne");
      expect(await page.textContent("main")).toContain("lundi : 08:30–12:30, 13:30–17:30");
      await saveScreenshot(page, "routing-qui-fait-quoi");

      const jsContext = await browser.browser.newContext();
      const jsPage = await jsContext.newPage();
      for (const path of ["/", "/qui-fait-quoi", "/qui-fait-quoi?q=lampad%C3%A8re", "/qui-fait-quoi?q=xylophone"]) {
        await jsPage.goto(`${routing.url}${path}`);
        expect(await accessibilityViolations(jsPage), path).toEqual([]);
      }
    } finally {
      await browser.close();
      await routing.close();
    }
  });

  test("directory JSON and Open311 service discovery", async ({ database, natsUrl, namespace }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    try {
      const directory = (await (await fetch(`${routing.url}/api/directory?q=cimetiere`)).json()) as {
        subjects: { subjectId: string; service: { phone: string | null } }[];
        sites: unknown[];
      };
      expect(directory.subjects[0]?.subjectId).toBe("cimetieres.concession");
      expect(directory.sites.length).toBe(9);
      expect((await fetch(`${routing.url}/api/directory?q=${"x".repeat(201)}`)).status).toBe(400);

      const services = (await (await fetch(`${routing.url}/open311/v2/services.json`)).json()) as Record<
        string,
        unknown
      >[];
      expect(services.length).toBeGreaterThanOrEqual(38);
      expect(services.find((s) => s.service_code === "voirie.eclairage")).toMatchObject({
        service_name: "Éclairage public en panne",
        metadata: false,
        type: "realtime",
      });
      const definition = await fetch(`${routing.url}/open311/v2/services/voirie.eclairage.json`);
      expect(await definition.json()).toEqual({ service_code: "voirie.eclairage", attributes: [] });
      expect((await fetch(`${routing.url}/open311/v2/services/inconnu.json`)).status).toBe(404);
    } finally {
      await routing.close();
    }
  });
});
