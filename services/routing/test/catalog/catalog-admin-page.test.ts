import { test } from "@guichet/testing";
import { accessibilityViolations, launchBrowser, saveScreenshot } from "@guichet/testing/browser";
import { describe, expect } from "vitest";
import { adminHeaders, bootRouting } from "../routing/routing.harness.ts";

describe("catalogue admin page", () => {
  test("passes axe, and a refused edit shows the error summary naming the entry", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const browser = await launchBrowser();
    try {
      // The gateway would add these headers; here the browser sends them itself.
      const context = await browser.browser.newContext({
        extraHTTPHeaders: { ...adminHeaders(), "x-guichet-csrf": "csrf-token-0123456789abcdef" },
      });
      const page = await context.newPage();
      await page.goto(`${routing.url}/admin/catalogue`);
      expect(await page.title()).toBe("Catalogue — Loire-Authion");
      expect(await accessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, "routing-admin-catalogue");

      const textarea = page.getByLabel("Catalogue (YAML)");
      const yaml = await textarea.inputValue();
      await textarea.fill(yaml.replace("service: cimetieres", "service: cimetiere"));
      await page.getByRole("button", { name: "Enregistrer une nouvelle version" }).click();
      await page.waitForSelector(".error-summary");
      expect(await page.title()).toBe("Erreurs — Catalogue — Loire-Authion");
      expect(await page.textContent(".error-summary")).toContain(
        'subjects[6] (id "cimetieres.concession") : le service « cimetiere » n’existe pas dans le catalogue',
      );
      expect(await accessibilityViolations(page)).toEqual([]);
      await saveScreenshot(page, "routing-admin-catalogue-erreur");
      expect(routing.catalogs.current().version).toBe(1);
    } finally {
      await browser.close();
      await routing.close();
    }
  });
});
