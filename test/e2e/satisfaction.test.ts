import { randomUUID } from "node:crypto";
import { createEvent, type EventInput, type EventName, type HandlingSnapshot } from "@guichet/contracts";
import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { Messaging } from "@guichet/messaging";
import { loadNotificationConfig, startNotification } from "@guichet/notification";
import { loadReportingConfig, startReporting } from "@guichet/reporting";
import { test, waitFor } from "@guichet/testing";
import { accessibilityViolations, launchBrowser, saveScreenshot } from "@guichet/testing/browser";
import { IDENTITY_HEADER, signIdentity } from "@guichet/web";
import pg from "pg";
import { afterAll, beforeAll, describe, expect } from "vitest";

const SECRET = "satisfaction-test-identity-secret-0123456789";
const CSRF = "csrf-token-of-this-browser-0123456789";

let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
});
afterAll(() => mail?.stop());

const handling: HandlingSnapshot = {
  service: {
    id: "etat-civil",
    name: "État civil",
    email: "etat-civil@mairie.example",
    phone: "02 41 00 00 20",
    postalAddress: null,
    calendarId: "mairie-siege",
  },
  subject: { id: "etat-civil.acte-naissance", label: "Acte de naissance", regime: "document", decisionDelay: null },
  targets: { acknowledgementBusinessDays: 1, firstResponseBusinessDays: 5, resolutionBusinessDays: 10 },
};

function request(
  reference: string,
  citizen: { email: string | null; postalAddress: string | null },
  channel: "web" | "counter",
) {
  return {
    requestId: randomUUID(),
    reference,
    channel,
    siteId: "siege",
    receivedAt: "2026-11-30T09:00:00+01:00",
    citizen: {
      name: "Jeanne Martin",
      phone: null,
      preferredChannel: citizen.email ? "email" : "letter",
      ...citizen,
    } as const,
    subjectId: "etat-civil.acte-naissance",
    title: null,
    body: "Je souhaite une copie intégrale de mon acte de naissance.",
    metadata: {},
  };
}

describe("satisfaction survey", { timeout: 150_000 }, () => {
  test("one invitation per closed request over NATS and SMTP, answered once through a page without JavaScript, counted per service", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const env = {
      DATABASE_URL: database.url,
      NATS_URL: natsUrl,
      GUICHET_NAMESPACE: namespace,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
      HOST: "127.0.0.1",
      NOTIFICATION_PORT: "0",
      REPORTING_PORT: "0",
      SMTP_URL: mail.smtpUrl,
      MAIL_MESSAGE_ID_DOMAIN: "guichet.test.example",
      GUICHET_IDENTITY_SECRET: SECRET,
      GUICHET_PUBLIC_URL: "https://guichet.loire-authion.example",
      REPORTING_ALERT_INTERVAL_SECONDS: "0",
    };
    const notification = await startNotification(loadNotificationConfig(env));
    const reporting = await startReporting(loadReportingConfig(env));
    const messaging = await Messaging.connect({ servers: natsUrl, namespace, name: "satisfaction-test" });
    await messaging.ensureStream();
    const publish = async <N extends EventName>(name: N, data: EventInput<N>) => {
      const envelope = createEvent(name, data);
      await messaging.publish(envelope);
      return envelope;
    };
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const browser = await launchBrowser();
    try {
      const online = request(
        `LA-2026-${String(700_000 + Math.floor(Math.random() * 99_999))}`,
        { email: "jeanne@example.org", postalAddress: null },
        "web",
      );
      const counter = request(
        `LA-2026-${String(800_000 + Math.floor(Math.random() * 99_999))}`,
        { email: null, postalAddress: "1 rue des Lilas, 49800 Loire-Authion" },
        "counter",
      );
      for (const r of [online, counter]) {
        const ids = { requestId: r.requestId, reference: r.reference };
        await publish("requestReceived", r);
        await publish("requestRouted", {
          ...ids,
          serviceId: "etat-civil",
          subjectId: r.subjectId,
          method: "direct",
          confidence: 1,
          explanation: "choisi",
          catalogVersion: 1,
          handling,
          routedAt: "2026-11-30T09:01:00+01:00",
        });
        const change = (from: "new" | "closed" | "in-progress", to: "closed" | "in-progress", at: string) =>
          publish("requestStatusChanged", {
            ...ids,
            serviceId: "etat-civil",
            from,
            to,
            assigneeId: null,
            outcome: to === "closed" ? "answered" : null,
            note: null,
            byStaffId: "agent-1",
            changedAt: at,
          });
        const closed = await change("new", "closed", "2026-12-01T10:00:00+01:00");
        // Reopened, closed again, and the first closing redelivered: still one invitation.
        await change("closed", "in-progress", "2026-12-01T11:00:00+01:00");
        await change("in-progress", "closed", "2026-12-01T12:00:00+01:00");
        await messaging.publish({ ...closed, id: closed.id }).catch(() => undefined);
      }
      const processed = async () =>
        (await db.query("SELECT count(*)::int AS n FROM notification.processed_event WHERE consumer = 'notification'"))
          .rows[0].n;
      await waitFor(async () => (await processed()) >= 10, {
        what: "notification processed the 10 events",
        timeoutMs: 30_000,
      });
      await mail.waitForMessages((m) => m.subject.includes(online.reference) && m.subject.includes("Votre avis"), {
        count: 1,
        timeoutMs: 20_000,
      });
      await waitFor(
        async () => (await db.query("SELECT count(*)::int AS n FROM reporting.survey_invitation")).rows[0].n === 1,
        { what: "survey.invited projected by reporting" },
      );
      // Status mails for both closings arrived; the survey only once, and none for the citizen without e-mail.
      const surveys = mail.messages().filter((m) => m.subject.includes("Votre avis"));
      expect(surveys.map((m) => m.subject)).toEqual([
        `Votre avis sur le traitement de votre demande ${online.reference}`,
      ]);
      const link = /https:\/\/guichet\.loire-authion\.example\/satisfaction\/([A-Za-z0-9_-]+)/.exec(
        surveys[0]?.text ?? "",
      );
      expect(link).not.toBeNull();
      const token = link?.[1] ?? "";
      const stored = await db.query("SELECT token_hash FROM reporting.survey_invitation");
      expect(stored.rows[0].token_hash).not.toContain(token);

      // axe needs JavaScript: each page is checked again in a context that runs it.
      const axe = async (headers: Record<string, string>, path: string, submit?: string) => {
        const checked = await (await browser.browser.newContext({ extraHTTPHeaders: headers })).newPage();
        await checked.goto(`${reporting.url}${path}`);
        if (submit) await checked.getByRole("button", { name: submit }).click();
        expect(await accessibilityViolations(checked), `${path} ${submit ?? ""}`).toEqual([]);
      };
      await axe({ "x-guichet-csrf": CSRF }, `/satisfaction/${token}`);
      await axe({ "x-guichet-csrf": CSRF }, `/satisfaction/${token}`, "Envoyer mon avis");
      await axe({}, "/satisfaction/inconnu_0123456789abcdef");

      // The citizen answers without JavaScript (the gateway forwards its CSRF token).
      const citizen = await browser.browser.newContext({
        javaScriptEnabled: false,
        extraHTTPHeaders: { "x-guichet-csrf": CSRF },
      });
      const page = await citizen.newPage();
      await page.goto(`${reporting.url}/satisfaction/${token}`);
      expect(await page.title()).toBe("Votre avis sur le traitement de votre demande — Loire-Authion");
      await page.getByRole("button", { name: "Envoyer mon avis" }).click();
      expect(await page.locator(".error-summary").textContent()).toContain("Choisissez une note de 1 à 5.");
      await page.getByLabel("4 — Satisfait").check();
      await page.getByLabel("Commentaire (facultatif)").fill("Accueil rapide, merci.");
      await page.getByRole("button", { name: "Envoyer mon avis" }).click();
      expect(await page.locator("h1").textContent()).toBe("Merci pour votre avis");
      await saveScreenshot(page, "reporting-satisfaction");
      // One answer per request: the same link again, or a second POST, changes nothing.
      await page.goto(`${reporting.url}/satisfaction/${token}`);
      expect(await page.locator("h1").textContent()).toBe("Vous avez déjà répondu");
      await axe({}, `/satisfaction/${token}`);
      const again = await fetch(`${reporting.url}/satisfaction/${token}`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "x-guichet-csrf": CSRF },
        body: `_csrf=${CSRF}&score=1`,
      });
      expect(again.status).toBe(409);
      expect((await fetch(`${reporting.url}/satisfaction/inconnu_0123456789abcdef`)).status).toBe(404);

      // The counter agent records the other citizen's answer through the small form.
      const agent = signIdentity(
        { id: "a1", name: "Agent d’accueil", roles: ["reception"], serviceIds: [], allServices: false },
        SECRET,
      );
      const desk = await (
        await browser.browser.newContext({
          javaScriptEnabled: false,
          extraHTTPHeaders: { [IDENTITY_HEADER]: agent, "x-guichet-csrf": CSRF },
        })
      ).newPage();
      await desk.goto(`${reporting.url}/satisfaction/accueil`);
      await axe({ [IDENTITY_HEADER]: agent, "x-guichet-csrf": CSRF }, "/satisfaction/accueil");
      await axe({ [IDENTITY_HEADER]: agent, "x-guichet-csrf": CSRF }, "/satisfaction/accueil", "Enregistrer l’avis");
      await desk.getByLabel("Numéro de la demande").fill(counter.reference);
      await desk.getByLabel("5 — Très satisfait").check();
      await desk.getByRole("button", { name: "Enregistrer l’avis" }).click();
      expect(await desk.textContent("body")).toContain(`Avis enregistré pour la demande ${counter.reference}`);
      // The API refuses a second answer for the same request.
      const duplicate = await fetch(`${reporting.url}/api/satisfaction`, {
        method: "POST",
        headers: { [IDENTITY_HEADER]: agent, "content-type": "application/json" },
        body: JSON.stringify({ reference: counter.reference, channel: "phone", score: 2 }),
      });
      expect(duplicate.status).toBe(409);
      const answers = await db.query(
        "SELECT channel, score, recorded_by_staff FROM reporting.survey_answer ORDER BY channel",
      );
      expect(answers.rows).toEqual([
        { channel: "counter", score: 5, recorded_by_staff: true },
        { channel: "email", score: 4, recorded_by_staff: false },
      ]);

      // Results per service: counts and averages only.
      const manager = signIdentity(
        { id: "m1", name: "Claire Manager", roles: ["manager"], serviceIds: [], allServices: true },
        SECRET,
      );
      const results = await fetch(
        `${reporting.url}/api/reports/satisfaction?from=2026-11-01&to=2026-12-31&groupBy=service`,
        {
          headers: { [IDENTITY_HEADER]: manager },
        },
      );
      const body = (await results.json()) as { rows: Record<string, unknown>[] };
      expect(body.rows).toEqual([
        {
          group: "etat-civil",
          invited: 1,
          answeredOnline: 1,
          recordedByAgents: 1,
          responseRate: 1,
          answers: 2,
          averageScore: null,
          satisfiedShare: null,
        },
      ]);
      expect(JSON.stringify(body)).not.toContain("Accueil rapide");
      const spp = (await (
        await fetch(`${reporting.url}/api/reports/services-publics-plus?year=2026`, {
          headers: { [IDENTITY_HEADER]: manager },
        })
      ).json()) as { satisfaction: { answers: number } };
      expect(spp.satisfaction.answers).toBe(2);
      const managerPage = await (
        await browser.browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { [IDENTITY_HEADER]: manager } })
      ).newPage();
      await managerPage.goto(
        `${reporting.url}/tableau-de-bord/satisfaction?from=2026-11-01&to=2026-12-31&groupBy=service`,
      );
      expect(await managerPage.locator("table tbody tr").count()).toBe(1);
      expect(await managerPage.locator("table tbody").textContent()).toContain("etat-civil");
      expect(await managerPage.locator("svg[role=img]").count()).toBe(1);
      await axe(
        { [IDENTITY_HEADER]: manager },
        "/tableau-de-bord/satisfaction?from=2026-11-01&to=2026-12-31&groupBy=service",
      );
      await axe({ [IDENTITY_HEADER]: manager }, "/tableau-de-bord/satisfaction?from=2026-13-01&to=2026-12-31");
    } finally {
      await browser.close();
      await db.end();
      await messaging.close();
      await reporting.close();
      await notification.close();
    }
  });
});
