import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test } from "@guichet/testing";
import { accessibilityViolations, launchBrowser } from "@guichet/testing/browser";
import pg from "pg";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { startReporting } from "../../src/reporting.app.ts";
import { staffHeader, testConfig } from "../support/reporting.harness.ts";

const CSRF = "csrf-token-of-this-browser-0123456789";
let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => mail?.stop());

describe("user groups", () => {
  test("a citizen volunteers with recorded consent, gives feedback on an experiment once, and withdraws (address erased)", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const base = testConfig({ databaseUrl: database.url, natsUrl, namespace });
    const service = await startReporting({
      ...base,
      weeklyReport: { ...base.weeklyReport, smtpUrl: mail.smtpUrl },
      publicUrl: "https://guichet.loire-authion.example",
    });
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const browser = await launchBrowser();
    try {
      const citizen = await (
        await browser.browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { "x-guichet-csrf": CSRF } })
      ).newPage();
      await citizen.goto(`${service.url}/volontaires`);
      await citizen.getByRole("button", { name: "M’inscrire" }).click();
      expect(await citizen.locator(".error-summary").textContent()).toContain("Cochez la case");
      await citizen.getByLabel("Adresse électronique", { exact: true }).fill("Paul.Durand@example.org");
      await citizen.getByLabel(/J’accepte que la mairie conserve/).check();
      await citizen.getByRole("button", { name: "M’inscrire" }).click();
      expect(await citizen.locator("h1").textContent()).toBe("Merci, vous êtes inscrit");
      const withdrawLink = (await citizen.locator("main a").first().getAttribute("href")) ?? "";
      expect(withdrawLink).toMatch(/^https:\/\/guichet\.loire-authion\.example\/volontaires\/retrait\/[A-Za-z0-9_-]+$/);
      const consent = await db.query("SELECT email, consent_text, consented_at, withdrawn_at FROM reporting.volunteer");
      expect(consent.rows[0]).toMatchObject({ email: "Paul.Durand@example.org", withdrawn_at: null });
      expect(consent.rows[0].consent_text).toContain("retirer ce consentement");
      // The same address again (any case): one active consent only.
      await citizen.goto(`${service.url}/volontaires`);
      await citizen.getByLabel("Adresse électronique", { exact: true }).fill("paul.durand@example.org");
      await citizen.getByLabel(/J’accepte/).check();
      await citizen.getByRole("button", { name: "M’inscrire" }).click();
      expect(await citizen.locator("h1").textContent()).toBe("Cette adresse est déjà inscrite");

      // A manager invites the volunteers to give feedback on an experiment: once per volunteer.
      const manager = { "x-guichet-identity": staffHeader(), "content-type": "application/json" };
      const defined = await fetch(`${service.url}/api/experiments`, {
        method: "POST",
        headers: manager,
        body: JSON.stringify({
          id: "numero-unique",
          name: "Numéro de téléphone unique",
          hypothesis: "Un seul numéro oriente mieux",
          change: "Un seul numéro pour toutes les mairies déléguées, avec une personne qui oriente",
          from: "2026-03-01",
          to: "2026-04-30",
          comparison: { kind: "before", from: "2026-01-01", to: "2026-02-28" },
        }),
      });
      expect(defined.status).toBe(201);
      const invite = () =>
        fetch(`${service.url}/api/experiments/numero-unique/volunteer-invitations`, {
          method: "POST",
          headers: manager,
        });
      expect(await (await invite()).json()).toEqual({ invited: 1 });
      expect(await (await invite()).json()).toEqual({ invited: 0 });
      const [invitation] = await mail.waitForMessages((m) => m.subject.includes("Numéro de téléphone unique"));
      const link = /\/volontaires\/avis\/([A-Za-z0-9_-]+)/.exec(invitation?.text ?? "");
      expect(link).not.toBeNull();
      const feedbackPath = `/volontaires/avis/${link?.[1]}`;
      await citizen.goto(`${service.url}${feedbackPath}`);
      await citizen.getByLabel("2 — Peu satisfait").check();
      await citizen.getByRole("button", { name: "Envoyer mon avis" }).click();
      expect(await citizen.locator("h1").textContent()).toBe("Merci pour votre avis");
      await citizen.goto(`${service.url}${feedbackPath}`);
      expect(await citizen.locator("h1").textContent()).toBe("Vous avez déjà répondu");
      const report = (await (
        await fetch(`${service.url}/api/experiments/numero-unique/report`, { headers: manager })
      ).json()) as { volunteers: unknown };
      expect(report.volunteers).toEqual({ invited: 1, answered: 1, averageScore: null });

      // axe on every page of the flow (in a context running JavaScript, which axe needs).
      const axe = await (await browser.browser.newContext({ extraHTTPHeaders: { "x-guichet-csrf": CSRF } })).newPage();
      const withdrawPath = new URL(withdrawLink).pathname;
      for (const path of ["/volontaires", withdrawPath, feedbackPath, "/volontaires/avis/inconnu_0123456789abcdef"]) {
        await axe.goto(`${service.url}${path}`);
        expect(await accessibilityViolations(axe), path).toEqual([]);
      }
      await axe.goto(`${service.url}/volontaires`);
      await axe.getByRole("button", { name: "M’inscrire" }).click();
      expect(await accessibilityViolations(axe), "/volontaires with errors").toEqual([]);

      // Withdrawal: the address is erased, the instants kept, no more invitation nor feedback link.
      await citizen.goto(`${service.url}${withdrawPath}`);
      await citizen.getByRole("button", { name: "Retirer mon consentement" }).click();
      expect(await citizen.locator("h1").textContent()).toBe("Consentement retiré");
      const after = await db.query("SELECT email, consented_at, withdrawn_at FROM reporting.volunteer");
      expect(after.rows[0].email).toBe("");
      expect(after.rows[0].withdrawn_at).not.toBeNull();
      expect((await fetch(`${service.url}${feedbackPath}`)).status).toBe(404);
      expect(
        await (
          await fetch(`${service.url}/api/volunteers`, { headers: { "x-guichet-identity": staffHeader() } })
        ).json(),
      ).toEqual({ active: 0, withdrawn: 1 });
    } finally {
      await browser.close();
      await db.end();
      await service.close();
    }
  });
});
