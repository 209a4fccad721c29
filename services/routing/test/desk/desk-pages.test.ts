import { test } from "@guichet/testing";
import { accessibilityViolations, launchBrowser, saveScreenshot, type TestBrowser } from "@guichet/testing/browser";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { bootRouting, identityHeaders, people, receivedEvent, StreamProbe, waitForCase } from "./desk.harness.ts";

let chromium: TestBrowser;
beforeAll(async () => {
  chromium = await launchBrowser();
});
afterAll(() => chromium?.close());

describe("desk and triage pages in a real browser (axe, WCAG 2.1 AA)", () => {
  test("triage, queue and details pages have no violation and work without JavaScript", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const stream = await StreamProbe.connect(natsUrl, namespace);
    try {
      const toTriage = receivedEvent({ title: "Question sans sujet" });
      const forVoirie = receivedEvent({ subjectId: "voirie.chaussee", title: "Nid de poule rue des Lilas" });
      await stream.publish("requestReceived", toTriage);
      await stream.publish("requestReceived", forVoirie);
      await waitForCase(routing, toTriage.requestId, (c) => c.queue === "triage", "the triage case");
      await waitForCase(routing, forVoirie.requestId, (c) => c.serviceId === "voirie", "the voirie case");

      // Reception: the triage page, then routing a request with the form (no JavaScript).
      const reception = await chromium.browser.newContext({
        extraHTTPHeaders: identityHeaders({ ...people.reception, roles: ["reception"] }),
      });
      const triagePage = await reception.newPage();
      await triagePage.goto(`${routing.url}/accueil/tri`);
      expect(await triagePage.title()).toContain("Tri des demandes");
      // Plain forms and links: nothing depends on JavaScript.
      expect(await triagePage.locator("script").count()).toBe(0);
      await saveScreenshot(triagePage, "routing-accueil-tri");
      const triageViolations = await accessibilityViolations(triagePage);
      // No subject chosen (the browser's own check of `required` bypassed, as in old browsers): the
      // server refuses, and the error summary links to the field.
      await triagePage
        .locator(`form[action="/accueil/tri/${toTriage.requestId}"]`)
        .evaluate((form) => form.setAttribute("novalidate", ""));
      await triagePage.getByRole("button", { name: `Orienter la demande ${toTriage.reference}` }).click();
      // No subject chosen: the error summary links to the field.
      expect(await triagePage.locator(".error-summary").textContent()).toContain("Sujet");
      await saveScreenshot(triagePage, "routing-accueil-tri-erreur");
      const triageErrorViolations = await accessibilityViolations(triagePage);
      await triagePage.getByLabel(`Sujet de la demande ${toTriage.reference}`).selectOption("espaces-verts.entretien");
      await triagePage.getByRole("button", { name: `Orienter la demande ${toTriage.reference}` }).click();
      expect(await triagePage.locator(".notice").textContent()).toContain(toTriage.reference);
      await reception.close();

      // An agent of voirie: queue with status tabs, then details, reply with an error then for real.
      const voirie = await chromium.browser.newContext({
        extraHTTPHeaders: identityHeaders(people.voirie),
      });
      const page = await voirie.newPage();
      await page.goto(`${routing.url}/bureau`);
      expect(await page.getByRole("link", { name: "Nouvelle (1)" }).count()).toBe(1);
      await saveScreenshot(page, "routing-bureau");
      const queueViolations = await accessibilityViolations(page);

      await page.getByRole("link", { name: forVoirie.reference }).click();
      expect(await page.locator("h1").textContent()).toBe(`Demande ${forVoirie.reference}`);
      expect(await page.content()).toContain("jeanne.martin@example.org");
      expect(await page.locator("script").count()).toBe(0);
      const detailsViolations = await accessibilityViolations(page);
      await saveScreenshot(page, "routing-bureau-demande");

      await page.getByRole("button", { name: "Envoyer la réponse" }).click();
      expect(await page.locator(".error-summary").textContent()).toContain("Réponse à l’usager : obligatoire");
      const errorViolations = await accessibilityViolations(page);
      await saveScreenshot(page, "routing-bureau-demande-erreur");
      await page.getByLabel("Réponse (envoyée à l’usager sur le canal qu’il a choisi)").fill("Bonjour, c’est réparé.");
      await page.getByRole("button", { name: "Envoyer la réponse" }).click();
      expect(await page.locator(".notice").textContent()).toContain("réponse");
      expect(await page.locator("dl").first().textContent()).toContain("Répondue");

      // Waiting for the citizen needs a message to the citizen; then a transfer with its reason.
      await page.getByLabel("En attente de l’usager", { exact: true }).check();
      await page.getByRole("button", { name: "Changer le statut" }).click();
      expect(await page.locator(".error-summary").textContent()).toContain("Message à l’usager : obligatoire");
      await page
        .getByLabel("Sujet (facultatif : le service du sujet reçoit la demande)")
        .selectOption("espaces-verts.entretien");
      await page.getByLabel("Motif du transfert (obligatoire)").fill("Haie du parc : espaces verts.");
      await page.getByRole("button", { name: "Transférer" }).click();
      // The agent no longer sees the request: back to their queue, which is now empty.
      expect(new URL(page.url()).pathname).toBe("/bureau");
      expect(await page.locator(".notice").textContent()).toContain("transférée");
      expect(await page.getByRole("link", { name: forVoirie.reference }).count()).toBe(0);
      await voirie.close();

      expect({ triageViolations, triageErrorViolations, queueViolations, detailsViolations, errorViolations }).toEqual({
        triageViolations: [],
        triageErrorViolations: [],
        queueViolations: [],
        detailsViolations: [],
        errorViolations: [],
      });
    } finally {
      await stream.close();
      await routing.close();
    }
  });

  test("another service's agent gets an accessible 403 page, not the request", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const routing = await bootRouting({ databaseUrl: database.url, natsUrl, namespace });
    const stream = await StreamProbe.connect(natsUrl, namespace);
    try {
      const forVoirie = receivedEvent({ subjectId: "voirie.chaussee" });
      await stream.publish("requestReceived", forVoirie);
      await waitForCase(routing, forVoirie.requestId, (c) => c.serviceId === "voirie", "the voirie case");
      const response = await fetch(`${routing.url}/bureau/demandes/${forVoirie.requestId}`, {
        headers: identityHeaders(people.ccas),
      });
      expect(response.status).toBe(403);
      const body = await response.text();
      expect(body).toContain("Accès refusé");
      expect(body).not.toContain("jeanne");
    } finally {
      await stream.close();
      await routing.close();
    }
  });
});
