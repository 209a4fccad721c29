import { test } from "@guichet/testing";
import { accessibilityViolations, launchBrowser, saveScreenshot } from "@guichet/testing/browser";
import type { Browser, Page } from "playwright-core";
import { describe, expect } from "vitest";
import { bootAppointments, outboxTypes, staffHeaders } from "./appointments.harness.ts";

// The gateway forwards each browser's CSRF token in this header; the service's forms echo it.
const CSRF = { "x-guichet-csrf": "csrf-token-of-this-browser-0123456789" };
// About 20 s each on an idle machine; a loaded shared runner needs more than the default minute.
const BROWSER_TEST_MS = 180_000;

/**
 * The pages are driven with JavaScript off (they must work without it), and axe needs it: each
 * page as the browser received it, POST answers included, is checked in a JavaScript-enabled tab.
 */
let checker: Page | undefined;
async function expectAccessible(page: Page, what: string) {
  checker ??= await (page.context().browser() as Browser).newPage();
  await checker.setContent(await page.content());
  expect(await accessibilityViolations(checker), what).toEqual([]);
}

describe("appointment pages in a real browser, without JavaScript", () => {
  test(
    "a citizen books, reschedules and cancels from the web; every page passes axe",
    async ({ database, natsUrl, namespace }) => {
      const service = await bootAppointments({ databaseUrl: database.url, natsUrl, namespace });
      const browser = await launchBrowser();
      try {
        const context = await browser.browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: CSRF });
        const page = await context.newPage();
        await page.goto(`${service.url}/rendez-vous`);
        expect(await page.title()).toBe("Prendre rendez-vous — Loire-Authion");
        await expectAccessible(page, "/rendez-vous");
        await page.getByRole("link", { name: "La maire déléguée d'Andard — Mairie déléguée d'Andard" }).click();
        expect(await page.locator("h1").textContent()).toBe("La maire déléguée d'Andard — Mairie déléguée d'Andard");
        await expectAccessible(page, "slots");

        // Sent without a name nor a way to be reached: the error summary names the fields.
        await page.getByLabel("17:00", { exact: true }).check();
        await page.getByRole("button", { name: "Confirmer le rendez-vous" }).click();
        expect(await page.locator(".error-summary").textContent()).toContain("Indiquez le nom de la personne");
        await expectAccessible(page, "slots with errors");

        await page.getByLabel("17:00", { exact: true }).check();
        await page.getByLabel("Nom et prénom (obligatoire)").fill("Jeanne Martin");
        await page.getByLabel("Adresse e-mail").fill("jeanne@example.org");
        await page.getByRole("button", { name: "Confirmer le rendez-vous" }).click();
        expect(page.url()).toMatch(/\/rendez-vous\/gerer\/[A-Za-z0-9_-]{43}\?fait=reserve$/);
        expect(await page.locator(".notice").textContent()).toContain("Votre rendez-vous est réservé");
        expect(await page.textContent("main")).toContain("mardi 2 mars 2027 de 17:00 à 17:15");
        await saveScreenshot(page, "appointments-gerer");
        await expectAccessible(page, "manage");

        await page.getByLabel("17:30", { exact: true }).check();
        await page.getByRole("button", { name: "Déplacer à ce créneau" }).click();
        expect(await page.locator(".notice").textContent()).toContain("déplacé");
        expect(await page.textContent("main")).toContain("mardi 2 mars 2027 de 17:30 à 17:45");

        await page.getByRole("button", { name: "Annuler mon rendez-vous" }).click();
        expect(await page.locator(".notice").textContent()).toContain("annulé");
        expect(await page.textContent("main")).toContain("Annulé");
        await expectAccessible(page, "cancelled");

        // A forged link finds nothing.
        const forged = await page.goto(`${service.url}/rendez-vous/gerer/${"A".repeat(43)}`);
        expect(forged?.status()).toBe(404);
        expect(await outboxTypes(database.url)).toEqual([
          "appointment.booked",
          "appointment.rescheduled",
          "appointment.cancelled",
        ]);
      } finally {
        checker = undefined;
        await browser.close();
        await service.close();
      }
    },
    BROWSER_TEST_MS,
  );

  test(
    "a reception agent books for a caller in three steps, then records a no-show on the planning",
    async ({ database, natsUrl, namespace }) => {
      let now = new Date("2027-03-01T08:00:00+01:00");
      const service = await bootAppointments({ databaseUrl: database.url, natsUrl, namespace }, () => now);
      const browser = await launchBrowser();
      try {
        const context = await browser.browser.newContext({
          javaScriptEnabled: false,
          extraHTTPHeaders: { ...CSRF, ...staffHeaders() },
        });
        const page = await context.newPage();
        // Step 1: what and where.
        await page.goto(`${service.url}/accueil/rendez-vous`);
        await expectAccessible(page, "agent step 1");
        await page.getByLabel("Rendez-vous (par lieu) (obligatoire)").selectOption("etat-civil.titres@siege");
        await page.getByRole("button", { name: "Voir les créneaux libres" }).click();
        // Step 2: slot and person.
        expect(await page.title()).toContain("étape 2 sur 3");
        await expectAccessible(page, "agent step 2");
        await page.getByLabel("08:30", { exact: true }).first().check();
        await page.getByLabel("Nom et prénom de la personne (obligatoire)").fill("Marcel Durand");
        await page.getByLabel("Téléphone", { exact: true }).fill("06 12 34 56 78");
        await page.getByLabel("Par SMS").check();
        await page.getByRole("button", { name: "Réserver pour cette personne" }).click();
        // Step 3: what to read out.
        expect(await page.title()).toContain("étape 3 sur 3");
        expect(await page.textContent("main")).toContain("lundi 1 mars 2027 de 08:30 à 08:50");
        expect(await page.textContent("main")).toContain("https://rdv.loire-authion.example/rendez-vous/gerer/");
        await expectAccessible(page, "agent step 3");

        now = new Date("2027-03-01T08:45:00+01:00");
        await page.getByRole("link", { name: "Planning de ce jour" }).click();
        await expectAccessible(page, "planning");
        await page.getByRole("button", { name: "Absent : Marcel Durand, 08:30" }).click();
        expect(await page.locator("tbody").textContent()).toContain("Absent");
        expect(await outboxTypes(database.url)).toEqual(["appointment.booked", "appointment.attendance-recorded"]);

        // Without a signed identity the agents' page is refused.
        const anonymous = await (await browser.browser.newContext()).newPage();
        expect((await anonymous.goto(`${service.url}/accueil/rendez-vous`))?.status()).toBe(401);
      } finally {
        checker = undefined;
        await browser.close();
        await service.close();
      }
    },
    BROWSER_TEST_MS,
  );

  test(
    "office hours in the directory; a room request is approved, and an overlapping one refused",
    async ({ database, natsUrl, namespace }) => {
      const service = await bootAppointments({ databaseUrl: database.url, natsUrl, namespace });
      const browser = await launchBrowser();
      try {
        const citizen = await (
          await browser.browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: CSRF })
        ).newPage();
        await citizen.goto(`${service.url}/qui-fait-quoi/permanences`);
        const directory = await citizen.textContent("main");
        expect(directory).toContain("Le maire délégué de Bauné");
        expect(directory).toContain("mercredi : 17:30–19:00");
        expect(directory).toContain("Assurance maladie (CPAM)");
        expect(directory).toContain("Sans rendez-vous");
        await expectAccessible(citizen, "office hours");

        const requestRoom = async (name: string) => {
          await citizen.goto(`${service.url}/salles`);
          await citizen.getByLabel("Salle (obligatoire)").selectOption("salles.baune-polyvalente");
          await citizen.getByLabel("Date (obligatoire)").fill("2027-03-13");
          await citizen.getByLabel("Heure de début (obligatoire)").fill("14:00");
          await citizen.getByLabel("Heure de fin (obligatoire)").fill("19:00");
          await citizen.getByLabel("Nombre de personnes (obligatoire)").fill("60");
          await citizen.getByLabel("L’événement en quelques mots (obligatoire)").fill("Anniversaire");
          await citizen.getByLabel("Nom et prénom (obligatoire)").fill(name);
          await citizen.getByLabel("Adresse e-mail").fill("famille@example.org");
          await citizen.getByRole("button", { name: "Envoyer la demande" }).click();
        };
        await expectAccessible(citizen, "rooms");
        await requestRoom("Famille Bernard");
        expect(await citizen.textContent("main")).toContain("En attente de réponse");
        await expectAccessible(citizen, "room request status");
        const statusUrl = citizen.url().replace(/\?.*$/, "");
        await requestRoom("Famille Petit");

        const staff = await (
          await browser.browser.newContext({
            javaScriptEnabled: false,
            extraHTTPHeaders: { ...CSRF, ...staffHeaders({ roles: ["agent"], serviceIds: ["vie-associative"] }) },
          })
        ).newPage();
        await staff.goto(`${service.url}/accueil/salles`);
        await expectAccessible(staff, "room queue");
        await staff.getByRole("button", { name: "Accepter la demande de Famille Bernard" }).click();
        const second = await staff.getByRole("button", { name: "Accepter la demande de Famille Petit" }).click();
        expect(second).toBeUndefined();
        expect(await staff.textContent("main")).toContain("déjà réservée");

        await citizen.goto(statusUrl);
        expect(await citizen.textContent("main")).toContain("Acceptée");
        await citizen.goto(`${service.url}/salles`);
        expect(await citizen.textContent("main")).toContain("samedi 13 mars 2027 de 14:00 à 19:00");
        await requestRoom("Famille Roux");
        expect(await citizen.locator(".error-summary").textContent()).toContain("déjà réservée");
        await expectAccessible(citizen, "room refused");
      } finally {
        checker = undefined;
        await browser.close();
        await service.close();
      }
    },
    BROWSER_TEST_MS,
  );
});
