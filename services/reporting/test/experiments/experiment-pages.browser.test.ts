import { inflateSync } from "node:zlib";
import { test } from "@guichet/testing";
import { accessibilityViolations, launchBrowser, saveScreenshot } from "@guichet/testing/browser";
import pg from "pg";
import { describe, expect } from "vitest";
import { generateHistory, seeded } from "../support/experiment-history.ts";
import { bootReporting, staffHeader } from "../support/reporting.harness.ts";

const CSRF = "csrf-token-of-this-browser-0123456789";

/** Drawing operators of a PDF's (deflated) content streams: `x y w h re` is a rectangle. */
function pdfRectangles(pdf: Buffer): number {
  let count = 0;
  const text = pdf.toString("latin1");
  const streams = text.matchAll(/stream\r?\n/g);
  for (const match of streams) {
    const start = (match.index ?? 0) + match[0].length;
    const end = text.indexOf("endstream", start);
    try {
      const content = inflateSync(pdf.subarray(start, end)).toString("latin1");
      count += content.match(/[\d.]+ [\d.]+ [\d.]+ [\d.]+ re/g)?.length ?? 0;
    } catch {
      // Not a deflated content stream (fonts, metadata).
    }
  }
  return count;
}

describe("experiment pages", () => {
  test("are defined through a form and read as a page with SVG charts and a PDF with a chart, without JavaScript, passing axe", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const service = await bootReporting({ databaseUrl: database.url, natsUrl, namespace });
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const browser = await launchBrowser();
    try {
      const random = seeded(7);
      const behaviour = {
        site: "brain",
        requestsPerDay: 6,
        channelShares: { counter: 0.5, phone: 0.25, web: 0.15, email: 0.1 },
        firstResponseMeanHours: 16,
        firstContactShare: 0.4,
        callsPerDay: 6,
        pickUpRate: 0.9,
        surveyAnswerShare: 0.2,
        scoreWeights: [0.05, 0.05, 0.15, 0.35, 0.4] as [number, number, number, number, number],
      };
      await generateHistory(db, "reporting", random, { ...behaviour, from: "2026-01-05", days: 28 });
      await generateHistory(db, "reporting", random, {
        ...behaviour,
        from: "2026-03-02",
        days: 28,
        channelShares: { counter: 0.2, phone: 0.55, web: 0.15, email: 0.1 },
      });

      const manager = { "x-guichet-identity": staffHeader({ name: "Claire Manager" }), "x-guichet-csrf": CSRF };
      const context = await browser.browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: manager });
      const page = await context.newPage();
      await page.goto(`${service.url}/experimentations`);
      expect(await page.title()).toBe("Expérimentations — Loire-Authion");
      // A definition with mistakes: each is named and linked from the summary.
      await page.getByLabel("Identifiant").fill("Annexe Brain");
      await page.getByRole("button", { name: "Enregistrer l’expérimentation" }).click();
      expect(await page.title()).toBe("Erreur — Expérimentations — Loire-Authion");
      expect(await page.locator(".error-summary li").count()).toBeGreaterThanOrEqual(4);
      await page.getByLabel("Identifiant").fill("annexe-brain");
      await page.getByLabel("Nom").fill("Annexe de Brain : deux après-midi");
      await page.getByLabel("Hypothèse testée").fill("Les usagers se reportent sur le téléphone");
      await page
        .getByLabel("Changement apporté")
        .fill("Ouverture réduite à deux après-midi, téléphone renvoyé au standard");
      await page.getByLabel("Début (inclus)").fill("2026-03-02");
      await page.getByLabel("Fin (incluse)").fill("2026-03-29");
      await page.getByLabel("Sites concernés").fill("brain");
      await page.getByLabel("Début de la période de référence").fill("2026-01-05");
      await page.getByLabel("Fin de la période de référence").fill("2026-02-01");
      await page.getByRole("button", { name: "Enregistrer l’expérimentation" }).click();
      expect(page.url()).toContain("/experimentations/annexe-brain");
      expect(await page.title()).toBe("Expérimentation : Annexe de Brain : deux après-midi — Loire-Authion");
      const main = (await page.textContent("main")) ?? "";
      expect(main).toContain("Part des demandes par téléphone");
      expect(main).toContain("Hausse significative");
      expect(main).toContain("Pas de données"); // appointments: no projection yet
      expect(await page.locator("svg[role=img]").count()).toBeGreaterThanOrEqual(2);
      expect(await page.locator("table").count()).toBeGreaterThanOrEqual(3);
      await saveScreenshot(page, "reporting-experimentation");

      const pdf = await fetch(`${service.url}/api/experiments/annexe-brain/report.pdf`, { headers: manager });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      const bytes = Buffer.from(await pdf.arrayBuffer());
      expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
      // The chart's bars are rectangles drawn in the page (not only text).
      expect(pdfRectangles(bytes)).toBeGreaterThanOrEqual(10);

      // An agent (not a manager) is refused, as a page.
      const agent = await (
        await browser.browser.newContext({
          extraHTTPHeaders: { "x-guichet-identity": staffHeader({ roles: ["agent"], allServices: false }) },
        })
      ).newPage();
      const refused = await agent.goto(`${service.url}/experimentations/annexe-brain`);
      expect(refused?.status()).toBe(403);

      const axePage = await (await browser.browser.newContext({ extraHTTPHeaders: manager })).newPage();
      for (const path of ["/experimentations", "/experimentations/annexe-brain", "/experimentations/inconnue"]) {
        await axePage.goto(`${service.url}${path}`);
        expect(await accessibilityViolations(axePage), path).toEqual([]);
      }
      await axePage.goto(`${service.url}/experimentations`);
      await axePage.getByRole("button", { name: "Enregistrer l’expérimentation" }).click();
      expect(await accessibilityViolations(axePage), "form with errors").toEqual([]);
    } finally {
      await browser.close();
      await db.end();
      await service.close();
    }
  });
});
