import { test, waitFor } from "@guichet/testing";
import pg from "pg";
import { describe, expect } from "vitest";
import { RaiseSlaAlertsUseCase } from "../../src/alerts/raise-sla-alerts.usecase.ts";
import { loadSlaCatalogue } from "../../src/catalogue/sla-catalogue.ts";
import { bootReporting, CATALOG_FILE, handling, newRequest, TestPublisher } from "../support/reporting.harness.ts";

describe("SLA alerts", () => {
  test("raised through the outbox during opening hours only, at most once per measure and level", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const service = await bootReporting({ databaseUrl: database.url, natsUrl, namespace });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      // Mon 2 March 2026 09:00, web, voirie on back-office, never acknowledged nor answered.
      const r = newRequest("2026-03-02T09:00:00+01:00", "web");
      await publisher.publish("requestReceived", {
        ...r,
        siteId: null,
        citizen: { name: null, email: "a@example.org", phone: null, postalAddress: null, preferredChannel: "email" },
        subjectId: null,
        title: null,
        body: "x",
        metadata: {},
      });
      await publisher.publish("requestRouted", {
        requestId: r.requestId,
        reference: r.reference,
        serviceId: "voirie",
        subjectId: null,
        method: "rule",
        confidence: 0.9,
        explanation: "règle",
        catalogVersion: 1,
        handling: handling("voirie", "back-office"),
        routedAt: "2026-03-02T09:01:00+01:00",
      });
      await waitFor(
        async () => (await db.query("SELECT service_id FROM reporting.request_fact")).rows[0]?.service_id === "voirie",
        { what: "the routed request" },
      );
      const { pool, outbox } = service.infrastructure;
      const raise = new RaiseSlaAlertsUseCase(pool, "reporting", outbox, loadSlaCatalogue(CATALOG_FILE), 0.8);

      // Sunday and midnight: the acknowledgement deadline (end of Tue 3) is long past, yet nothing.
      expect(await raise.execute(new Date("2026-03-08T11:00:00+01:00"))).toBe(0);
      expect(await raise.execute(new Date("2026-03-09T00:00:00+01:00"))).toBe(0);
      // Monday 08:30, the opening: acknowledgement breached; first response (due end of Mon 9,
      // 47 business hours) has 39 h elapsed = 83 % ≥ 80 %: nearing; resolution (due 30 March) not yet.
      expect(await raise.execute(new Date("2026-03-09T08:30:00+01:00"))).toBe(2);
      expect(await raise.execute(new Date("2026-03-09T09:00:00+01:00"))).toBe(0);
      const rows = await db.query("SELECT measure, level FROM reporting.sla_alert_raised ORDER BY measure");
      expect(rows.rows).toEqual([
        { measure: "acknowledgement", level: "breached" },
        { measure: "first-response", level: "nearing" },
      ]);
      // The events went out through the outbox relay and came back to reporting over NATS.
      const alerts = await waitFor(
        async () => {
          const seen = await db.query(
            "SELECT summary FROM reporting.timeline_event WHERE type = 'sla.alert' ORDER BY summary->>'measure'",
          );
          return seen.rows.length === 2 ? seen.rows : false;
        },
        { timeoutMs: 15_000, what: "2 sla.alert events on the stream" },
      );
      expect(alerts.map((a) => a.summary)).toEqual([
        { measure: "acknowledgement", level: "breached", deadline: "2026-03-03T22:59:59.999Z" },
        { measure: "first-response", level: "nearing", deadline: "2026-03-09T22:59:59.999Z" },
      ]);
    } finally {
      await db.end();
      await publisher.close();
      await service.close();
    }
  });
});
