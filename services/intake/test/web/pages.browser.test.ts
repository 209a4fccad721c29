import { test } from "@guichet/testing";
import { accessibilityViolations, launchBrowser, saveScreenshot, type TestBrowser } from "@guichet/testing/browser";
import type { Page } from "playwright-core";
import { afterEach, describe, expect } from "vitest";
import { staffHeaders, startDirectory, startWebIntake, type WebIntakeUnderTest } from "./web-test.harness.ts";

let intake: WebIntakeUnderTest | undefined;
let directory: Awaited<ReturnType<typeof startDirectory>> | undefined;
let browser: TestBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  await intake?.close();
  await directory?.close();
  browser = intake = directory = undefined;
});

const FORM_CONTROLS = [
  "champ-subjectId",
  "champ-body",
  "champ-siteId",
  "champ-attachments",
  "champ-citizen-name",
  "champ-citizen-email",
  "champ-citizen-phone",
  "champ-citizen-postalAddress",
  "champ-citizen-preferredChannel",
  "envoyer",
];

/** Presses Tab until the element with this id has the focus (fails after `max` presses). */
async function tabTo(page: Page, id: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if ((await focusedId(page)) === id) return;
  }
  throw new Error(`Tab never reached #${id}`);
}

/** Id of the focused element ("envoyer" for the submit button). */
const focusedId = (page: Page) =>
  page.evaluate(() => {
    // biome-ignore lint/suspicious/noExplicitAny: the page's document (no DOM types in this project)
    const element = (globalThis as any).document.activeElement;
    return element?.tagName === "BUTTON" && element.getAttribute("type") === "submit" ? "envoyer" : (element?.id ?? "");
  }) as Promise<string>;

describe("pages in Debian Chromium: axe WCAG 2.1 AA and keyboard only", () => {
  test("/demande: every control reachable with Tab, submitted with Enter; error summary and confirmation axe-clean", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    browser = await launchBrowser();
    const page = await browser.browser.newPage();

    await page.goto(`${intake.url}/demande`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, "intake-demande");

    const order: string[] = [];
    for (let i = 0; i < 40 && !order.includes("envoyer"); i++) {
      await page.keyboard.press("Tab");
      order.push(await focusedId(page));
    }
    const reached = order.filter((id) => FORM_CONTROLS.includes(id));
    expect(reached).toEqual(FORM_CONTROLS);
    expect(order).not.toContain("champ-site_web");

    // Empty submission with the keyboard (Space on the button): the error summary takes the focus' place.
    await page.keyboard.press("Space");
    await page.waitForSelector(".error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, "intake-demande-erreurs");

    await page.goto(`${intake.url}/demande`);
    await tabTo(page, "champ-subjectId");
    await page.keyboard.press("ArrowDown"); // first subject of the catalogue
    await tabTo(page, "champ-body");
    await page.keyboard.type("Un arbre est tombé sur le chemin communal.");
    await tabTo(page, "champ-citizen-name");
    await page.keyboard.type("Jeanne Martin");
    await page.keyboard.press("Tab");
    await page.keyboard.type("jeanne@example.org");
    await tabTo(page, "envoyer");
    await Promise.all([page.waitForURL(/\/demande\/confirmation\?/), page.keyboard.press("Enter")]);
    expect(await page.textContent("h1")).toBe("Votre demande est enregistrée");
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, "intake-demande-confirmation");
    const [received] = await intake.waitForEvents("request.received", 1);
    expect(received?.data).toMatchObject({ subjectId: "voirie.chaussee", citizen: { name: "Jeanne Martin" } });
  });

  test("/accueil/saisie pages are axe-clean", async ({ database, natsUrl, namespace }) => {
    directory = await startDirectory();
    intake = await startWebIntake({ databaseUrl: database.url, natsUrl, namespace, routingUrl: directory.url });
    browser = await launchBrowser();
    const context = await browser.browser.newContext({ extraHTTPHeaders: staffHeaders(["reception"]) });
    const page = await context.newPage();
    for (const [path, name] of [
      ["/accueil/saisie", "intake-saisie"],
      ["/accueil/saisie/guichet", "intake-saisie-guichet"],
      ["/accueil/saisie/courrier", "intake-saisie-courrier"],
      ["/accueil/saisie/telephone", "intake-saisie-telephone"],
      ["/accueil/saisie/appels", "intake-saisie-appels"],
    ] as const) {
      const response = await page.goto(`${intake.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await accessibilityViolations(page), path).toEqual([]);
      await saveScreenshot(page, name);
    }
    // A counter visit with its error summary, then its confirmation page.
    await page.goto(`${intake.url}/accueil/saisie/guichet`);
    await page.click("button[type=submit] >> text=Enregistrer la visite");
    await page.waitForSelector(".error-summary");
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.selectOption("#champ-siteId", "siege");
    await page.fill("#champ-asked", "Horaires de la déchetterie.");
    await page.fill("#champ-citizen-name", "Paul Durand");
    await Promise.all([
      page.waitForURL(/\/accueil\/saisie\/guichet\/[0-9a-f-]{36}$/),
      page.click("text=Enregistrer la visite"),
    ]);
    expect(await accessibilityViolations(page)).toEqual([]);
    await saveScreenshot(page, "intake-saisie-guichet-enregistree");
  });
});
