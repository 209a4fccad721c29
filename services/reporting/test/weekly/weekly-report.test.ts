import { startMailCatcher } from "@guichet/mailcatcher";
import { test, waitFor } from "@guichet/testing";
import pg from "pg";
import { describe, expect } from "vitest";
import { SlaReportQuery } from "../../src/reports/sla-report.query.ts";
import { previousWeek, SendWeeklyReportsUseCase } from "../../src/weekly/send-weekly-reports.usecase.ts";
import { bootReporting, handling, newRequest, TestPublisher } from "../support/reporting.harness.ts";

describe("weekly report e-mail", () => {
  test("each manager gets last week's figures of their services, once", async ({ database, namespace, natsUrl }) => {
    expect(previousWeek(new Date("2026-05-18T08:00:00+02:00"))).toEqual({ from: "2026-05-11", to: "2026-05-17" });
    const mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
    const service = await bootReporting({ databaseUrl: database.url, natsUrl, namespace });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      for (const [serviceId, calendarId] of [
        ["voirie", "back-office"],
        ["etat-civil", "mairie-siege"],
      ] as const) {
        const r = newRequest("2026-05-12T10:00:00+02:00", "web");
        await publisher.publish("requestReceived", {
          ...r,
          siteId: null,
          citizen: { name: null, email: "c@example.org", phone: null, postalAddress: null, preferredChannel: "email" },
          subjectId: null,
          title: null,
          body: "x",
          metadata: {},
        });
        await publisher.publish("requestRouted", {
          requestId: r.requestId,
          reference: r.reference,
          serviceId,
          subjectId: null,
          method: "rule",
          confidence: 1,
          explanation: "règle",
          catalogVersion: 1,
          handling: handling(serviceId, calendarId),
          routedAt: "2026-05-12T10:01:00+02:00",
        });
      }
      await waitFor(
        async () =>
          (await db.query("SELECT count(*)::int AS n FROM reporting.request_fact WHERE service_id IS NOT NULL")).rows[0]
            .n === 2,
        { what: "2 routed requests" },
      );
      const weekly = new SendWeeklyReportsUseCase(
        service.infrastructure.pool,
        "reporting",
        new SlaReportQuery(service.infrastructure.pool, "reporting"),
        {
          managers: [
            { email: "chef.voirie@mairie.example", serviceIds: ["voirie"], allServices: false },
            { email: "dgs@mairie.example", serviceIds: [], allServices: true },
          ],
          smtpUrl: mail.smtpUrl,
          mailFrom: "Guichet <guichet@mairie.example>",
          town: "Loire-Authion",
        },
      );
      const monday = new Date("2026-05-18T08:00:00+02:00");
      expect(await weekly.execute(monday)).toBe(2);
      expect(await weekly.execute(new Date("2026-05-18T09:00:00+02:00"))).toBe(0);
      await mail.waitForMessages(() => true, { count: 2, timeoutMs: 10_000 });
      const messages = mail.messages();
      expect(messages).toHaveLength(2);
      const toVoirie = messages.find((m) => m.to.includes("chef.voirie@mairie.example"));
      expect(toVoirie?.subject).toBe("Délais de traitement — semaine du 2026-05-11");
      expect(toVoirie?.text).toContain("voirie : 1 demandes");
      expect(toVoirie?.text).not.toContain("etat-civil");
      const toDgs = messages.find((m) => m.to.includes("dgs@mairie.example"));
      expect(toDgs?.text).toContain("etat-civil : 1 demandes");
      expect(toDgs?.text).toContain("voirie : 1 demandes");
    } finally {
      await db.end();
      await publisher.close();
      await service.close();
      await mail.stop();
    }
  });
});
