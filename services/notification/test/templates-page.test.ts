import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test } from "@guichet/testing";
import { accessibilityViolations, launchBrowser, saveScreenshot, type TestBrowser } from "@guichet/testing/browser";
import { CSRF_HEADER } from "@guichet/web";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { bootNotification, staffHeaders } from "./support/notification.harness.ts";

const CSRF = "csrf-token-of-the-test-browser-0001";
const admin = { ...staffHeaders(["admin"]), [CSRF_HEADER]: CSRF };

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => mail?.stop());

function post(url: string, headers: Record<string, string>, form: Record<string, string>) {
  return fetch(url, {
    method: "POST",
    redirect: "manual",
    headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
}

describe("/admin/modeles: the town's message wording", () => {
  test("admins only; a change is saved and shown; a refused placeholder names the key", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const service = await bootNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
    const page = `${service.url}/admin/modeles`;
    try {
      const anonymous = await fetch(page);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get("content-type")).toContain("text/html");
      const agent = await fetch(page, { headers: staffHeaders(["agent"]) });
      expect(agent.status).toBe(403);
      expect(await agent.text()).toContain("Accès refusé");

      const shown = await fetch(page, { headers: admin });
      expect(shown.status).toBe(200);
      const text = await shown.text();
      expect(text).toContain('name="fr.ack.subject"');
      expect(text).toContain("Accusé de réception de votre demande {{reference}}");
      expect(text).toContain(`name="_csrf" value="${CSRF}"`);

      const badCsrf = await post(page, admin, { _csrf: "another-token-not-the-cookie-one", "fr.ack.subject": "x" });
      expect(badCsrf.status).toBe(403);
      expect(badCsrf.headers.get("content-type")).toContain("text/html");

      const saved = await post(page, admin, {
        _csrf: CSRF,
        "fr.ack.subject": "Votre demande {{reference}} est bien arrivée",
        "fr.ack.title": "",
      });
      expect(saved.status).toBe(303);
      expect(saved.headers.get("location")).toBe("/admin/modeles?enregistre=1");
      const after = await (await fetch(`${page}?enregistre=1`, { headers: admin })).text();
      expect(after).toContain("Votre demande {{reference}} est bien arrivée");
      expect(after).toContain("Les modèles de messages ont été enregistrés.");
      const api = (await (await fetch(`${service.url}/api/templates`, { headers: admin })).json()) as {
        templates: { key: string; overrides: { fr: string | null } }[];
      };
      const overridden = api.templates.filter((t) => t.overrides.fr !== null);
      expect(overridden).toEqual([
        expect.objectContaining({
          key: "ack.subject",
          overrides: { fr: "Votre demande {{reference}} est bien arrivée", en: null },
        }),
      ]);

      const preview = await fetch(`${page}/apercu?kind=acknowledgement.sva&channel=email&lang=fr`, { headers: admin });
      expect(preview.status).toBe(200);
      expect(await preview.text()).toContain("est bien arrivée");

      const refused = await post(page, admin, { _csrf: CSRF, "fr.ack.subject": "Demande {{numeroInconnu}}" });
      expect(refused.status).toBe(400);
      const refusedPage = await refused.text();
      expect(refusedPage).toContain("error-summary");
      expect(refusedPage).toContain("ack.subject : l’emplacement {{numeroInconnu}} n’existe pas");
      expect(refusedPage).toContain("Demande {{numeroInconnu}}");
      // Nothing was saved.
      expect(await (await fetch(page, { headers: admin })).text()).toContain("est bien arrivée");
    } finally {
      await service.close();
    }
  });

  describe("in a real browser", () => {
    let chromium: TestBrowser;
    beforeAll(async () => {
      chromium = await launchBrowser();
    });
    afterAll(() => chromium?.close());

    test("/admin/modeles has no axe violation (WCAG 2.1 AA)", async ({ database, namespace, natsUrl }) => {
      const service = await bootNotification({ databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl });
      try {
        const context = await chromium.browser.newContext();
        const browserPage = await context.newPage();
        await browserPage.setExtraHTTPHeaders(admin);
        await browserPage.goto(`${service.url}/admin/modeles`);
        expect(await browserPage.title()).toContain("Modèles de messages");
        await saveScreenshot(browserPage, "notification-admin-modeles");
        expect(await accessibilityViolations(browserPage)).toEqual([]);
        await context.close();
      } finally {
        await service.close();
      }
    });
  });
});
