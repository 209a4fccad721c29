import { test, waitFor } from "@guichet/testing";
import pg from "pg";
import { describe, expect } from "vitest";
import { rebuildProjections } from "../../src/rebuild/rebuild-projections.ts";
import {
  bootReporting,
  idsOf as ids,
  newRequest,
  routedData,
  staffHeader,
  statusData,
  TEST_CITIZEN,
  TestPublisher,
  testConfig,
  transferredData,
} from "../support/reporting.harness.ts";

/**
 * Three requests and four calls with hand-computed figures (see sla-deadlines.test.ts for the
 * calendar reasoning of A and B), judged at AS_OF:
 * A  web, voirie (back-office), Wed 13 May 16:00, eve of Ascension: registration 2 min (within),
 *    acknowledged Fri 15 09:00 = 2h (due end of Fri 15: within), replied Mon 18 10:00 = 10.5h
 *    (due Thu 21: within), closed Tue 19 12:30 = 21h (due Fri 12 June: within).
 * B  postal, etat-civil (mairie-siege), Sat 23 May 10:00 before Whit Monday: acknowledged Wed 27
 *    09:30 = 11h (due end of Tue 26: late), waiting for the citizen Wed 27 10:00 to Mon 1 June
 *    10:00 (28 open hours paused), never answered: first response missed (due 1 June), resolution
 *    missed (due Fri 26 June 11:00 after the pause), open 38 days at AS_OF (backlog 31-60).
 * C  e-mail, sent to triage, routed to voirie, transferred to espaces-verts, Mon 29 June 09:00:
 *    no registration receipt (due 09:05: missed), acknowledgement pending (due end of Tue 30),
 *    first response and resolution pending; backlog 0-7.
 */
const AS_OF = "2026-06-30T12:00:00+02:00";
const FACTS_SNAPSHOT = "SELECT to_jsonb(f) - 'updated_at' AS fact FROM reporting.request_fact f ORDER BY request_id";

describe("SLA report figures against hand-computed values", () => {
  test("events through NATS, projections in PostgreSQL, report over HTTP", async ({ database, namespace, natsUrl }) => {
    const service = await bootReporting({ databaseUrl: database.url, natsUrl, namespace }, () => new Date(AS_OF));
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const a = newRequest("2026-05-13T16:00:00+02:00", "web");
      const b = newRequest("2026-05-23T10:00:00+02:00", "postal");
      const c = newRequest("2026-06-29T09:00:00+02:00", "email");
      const received = (r: typeof a, subjectId: string, siteId: string | null, experiment?: string) =>
        publisher.publish("requestReceived", {
          ...r,
          siteId,
          citizen: TEST_CITIZEN,
          subjectId,
          title: null,
          body: "corps",
          metadata: experiment ? { experiment } : {},
        });
      const ack = (r: typeof a, kind: "registration" | "acknowledgement", sentAt: string) =>
        publisher.publish("acknowledgementSent", {
          ...ids(r),
          kind,
          channel: "email",
          messageId: `m-${Math.random()}`,
          sentAt,
        });
      const routed = (r: typeof a, serviceId: string, calendarId: string, routedAt: string) =>
        publisher.publish("requestRouted", routedData(r, serviceId, calendarId, routedAt));
      const status = (r: typeof a, serviceId: string, from: string, to: string, changedAt: string) =>
        publisher.publish("requestStatusChanged", statusData(r, serviceId, from, to, changedAt));

      await received(a, "voirie.test", null, "accueil-unique");
      await ack(a, "registration", "2026-05-13T16:02:00+02:00");
      await routed(a, "voirie", "back-office", "2026-05-13T16:01:00+02:00");
      await ack(a, "acknowledgement", "2026-05-15T09:00:00+02:00");
      await publisher.publish("requestReplied", {
        ...ids(a),
        serviceId: "voirie",
        replyId: crypto.randomUUID(),
        body: "réponse",
        byStaffId: "agent-1",
        repliedAt: "2026-05-18T10:00:00+02:00",
      });
      await status(a, "voirie", "answered", "closed", "2026-05-19T12:30:00+02:00");

      await received(b, "etat-civil.test", "siege");
      await routed(b, "etat-civil", "mairie-siege", "2026-05-23T10:00:01+02:00");
      await ack(b, "acknowledgement", "2026-05-27T09:30:00+02:00");
      await status(b, "etat-civil", "new", "waiting-citizen", "2026-05-27T10:00:00+02:00");
      await status(b, "etat-civil", "waiting-citizen", "in-progress", "2026-06-01T10:00:00+02:00");

      await received(c, "voirie.test", null, "accueil-unique");
      await publisher.publish("requestSentToTriage", {
        ...ids(c),
        triageServiceId: "accueil",
        reason: "aucune règle",
        catalogVersion: 1,
        queuedAt: "2026-06-29T09:00:01+02:00",
      });
      await routed(c, "voirie", "back-office", "2026-06-29T09:30:00+02:00");
      await publisher.publish(
        "requestTransferred",
        transferredData(c, "voirie", "espaces-verts", "2026-06-29T10:00:00+02:00"),
      );
      const call = (n: number, outcome: "answered" | "abandoned", waitSeconds: number) =>
        publisher.publish("callRecorded", {
          callId: `call-${namespace}-${n}`,
          source: "cti",
          siteId: "siege",
          queue: null,
          offeredAt: `2026-06-0${n}T10:00:00+02:00`,
          answeredAt: outcome === "answered" ? `2026-06-0${n}T10:01:00+02:00` : null,
          endedAt: `2026-06-0${n}T10:05:00+02:00`,
          outcome,
          waitSeconds,
          talkSeconds: outcome === "answered" ? 240 : 0,
          agentId: null,
          requestId: null,
        });
      await call(1, "answered", 10);
      await call(2, "answered", 20);
      await call(3, "answered", 30);
      await call(4, "abandoned", 60);

      await waitFor(
        async () => {
          const events = await db.query("SELECT count(*)::int AS n FROM reporting.timeline_event");
          const calls = await db.query("SELECT count(*)::int AS n FROM reporting.call_fact");
          return events.rows[0].n === 15 && calls.rows[0].n === 4;
        },
        { timeoutMs: 20_000, what: "16 projected events and 4 calls" },
      );

      const get = async (path: string, staff = staffHeader()) => {
        const response = await fetch(`${service.url}${path}`, { headers: { "x-guichet-identity": staff } });
        return { status: response.status, body: await response.text() };
      };
      const asOf = encodeURIComponent(AS_OF);
      const report = JSON.parse((await get(`/api/reports/sla?from=2026-05-01&to=2026-06-30&asOf=${asOf}`)).body);
      expect(report.rows).toHaveLength(1);
      const all = report.rows[0];
      expect(all.volume).toBe(3);
      expect(all.open).toBe(2);
      expect(all.measures.registration).toMatchObject({ within: 1, missed: 1, pending: 0, shareWithin: 0.5 });
      expect(all.measures.registration.medianHours).toBeCloseTo(2 / 60, 6);
      expect(all.measures.acknowledgement).toMatchObject({ within: 1, missed: 1, pending: 1, shareWithin: 0.5 });
      expect(all.measures.acknowledgement.medianHours).toBeCloseTo(6.5, 9); // (2 + 11) / 2
      expect(all.measures.acknowledgement.p90Hours).toBeCloseTo(10.1, 9); // 2 + 0.9 × 9
      expect(all.measures.firstResponse).toMatchObject({ medianHours: 10.5, within: 1, missed: 1, pending: 1 });
      expect(all.measures.resolution).toMatchObject({ medianHours: 21, within: 1, missed: 1, pending: 1 });
      expect(all.transfersPerRequest).toBeCloseTo(1 / 3, 9);
      expect(all.sentToTriageShare).toBeCloseTo(1 / 3, 9);
      expect(all.acknowledgementsLate).toBe(1);
      expect(all.acknowledgementsMissing).toBe(0);
      expect(report.backlog).toEqual([
        { group: {}, age: "0-7", count: 1 },
        { group: {}, age: "31-60", count: 1 },
      ]);

      const byService = JSON.parse(
        (await get(`/api/reports/sla?from=2026-05-01&to=2026-06-30&groupBy=service&period=month&asOf=${asOf}`)).body,
      );
      expect(
        byService.rows.map((r: { group: { service: string }; period: string; volume: number }) => [
          r.group.service,
          r.period,
          r.volume,
        ]),
      ).toEqual([
        ["espaces-verts", "2026-06-01", 1],
        ["etat-civil", "2026-05-01", 1],
        ["voirie", "2026-05-01", 1],
      ]);
      // The rollup and the plain SQL over request_fact give the same figures: a channel filter that
      // keeps every request forces the SQL path. Weeks read the day level (exact delays); whole months
      // read the month level (histograms: exact here, each order statistic being alone in its
      // bucket, see delay-histogram.test.ts for the precision on many delays); 10 May - 30 June
      // mixes days of May and the month of June.
      for (const shape of [
        "from=2026-05-01&to=2026-06-30&groupBy=service&period=week",
        "from=2026-05-01&to=2026-06-30&groupBy=service",
        "from=2026-05-01&to=2026-06-30",
        "from=2026-05-10&to=2026-06-30&groupBy=service&period=month",
        "from=2026-05-20&to=2026-06-30",
      ]) {
        const viaRollup = JSON.parse((await get(`/api/reports/sla?${shape}&asOf=${asOf}`)).body);
        const viaFacts = JSON.parse(
          (await get(`/api/reports/sla?${shape}&channel=web,email,postal&asOf=${asOf}`)).body,
        );
        expect(viaRollup.rows, shape).toEqual(viaFacts.rows);
        expect(viaRollup.backlog, shape).toEqual(viaFacts.backlog);
      }
      const byExperiment = JSON.parse(
        (await get(`/api/reports/sla?from=2026-05-01&to=2026-06-30&groupBy=experiment&asOf=${asOf}`)).body,
      );
      expect(
        byExperiment.rows.map((r: { group: { experiment: string | null }; volume: number }) => [
          r.group.experiment,
          r.volume,
        ]),
      ).toEqual([
        ["accueil-unique", 2],
        [null, 1],
      ]);

      // A manager of voirie only sees voirie's request; phone figures are for managers of every service.
      const scoped = JSON.parse(
        (
          await get(
            `/api/reports/sla?from=2026-05-01&to=2026-06-30&asOf=${asOf}`,
            staffHeader({ allServices: false, serviceIds: ["voirie"] }),
          )
        ).body,
      );
      expect(scoped.rows[0].volume).toBe(1);
      expect(scoped.rows[0].measures.resolution.within).toBe(1);

      const phone = JSON.parse((await get("/api/reports/phone?from=2026-06-01&to=2026-06-30")).body);
      expect(phone.rows).toEqual([
        {
          site: null,
          period: null,
          offered: 4,
          answered: 3,
          abandoned: 1,
          missed: 0,
          pickUpRate: 0.75,
          averageWaitSeconds: 30,
          p90WaitSeconds: expect.closeTo(51, 9), // 30 + 0.7 × (60 - 30)
        },
      ]);

      const spp = JSON.parse((await get(`/api/reports/services-publics-plus?year=2026&asOf=${asOf}`)).body);
      expect(spp).toMatchObject({
        year: 2026,
        requests: 3,
        phone: { offered: 4, answered: 3, pickUpRate: 0.75 },
        // No survey in this history: zero counts, no score.
        satisfaction: { invited: 0, answers: 0, averageScore: null, responseRate: null },
      });
      // Electronic: A acknowledged within a week (C not yet decided); postal: B in 4 days.
      expect(spp.acknowledgedWithinCommitment).toEqual({ electronic: 1, postal: 1 });

      const csv = await get("/api/reports/export.csv?from=2026-05-01&to=2026-06-30");
      expect(csv.status).toBe(200);
      const lines = csv.body.trim().split("\n");
      expect(lines).toHaveLength(4);
      expect(lines[0]?.startsWith("reference,received_at,channel")).toBe(true);
      expect(lines[1]).toContain(a.reference);
      expect(csv.body).not.toContain("x@example.org");

      const xlsx = await fetch(`${service.url}/api/reports/export.xlsx?from=2026-05-01&to=2026-06-30`, {
        headers: { "x-guichet-identity": staffHeader() },
      });
      expect(xlsx.status).toBe(200);
      expect(
        Buffer.from(await xlsx.arrayBuffer())
          .subarray(0, 2)
          .toString(),
      ).toBe("PK");

      const pdf = await fetch(`${service.url}/api/reports/monthly.pdf?month=2026-05`, {
        headers: { "x-guichet-identity": staffHeader() },
      });
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get("content-type")).toBe("application/pdf");
      expect(
        Buffer.from(await pdf.arrayBuffer())
          .subarray(0, 5)
          .toString(),
      ).toBe("%PDF-");
      expect((await get("/api/reports/monthly.pdf?month=2026-13")).status).toBe(400);

      const bad = await get("/api/reports/sla?from=2026-13-01&to=2026-06-30&groupBy=colour");
      expect(bad.status).toBe(400);
      expect(
        JSON.parse(bad.body)
          .problems.map((p: { field: string }) => p.field)
          .sort(),
      ).toEqual(["from", "groupBy"]);
      expect(
        (await get("/api/reports/sla?from=2026-05-01&to=2026-06-30", staffHeader({ roles: ["agent"] }))).status,
      ).toBe(403);
      expect((await fetch(`${service.url}/api/reports/sla?from=2026-05-01&to=2026-06-30`)).status).toBe(401);
      expect((await fetch(`${service.url}/api/reports/openapi.yaml`)).status).toBe(200);

      // guichet reporting rebuild: truncate and replay the stream, twice, and get the same report.
      const factsBefore = await db.query(FACTS_SNAPSHOT);
      for (let run = 0; run < 2; run += 1) {
        const result = await rebuildProjections(testConfig({ databaseUrl: database.url, natsUrl, namespace }));
        expect(result).toMatchObject({ events: 19, skipped: 0, requests: 3, calls: 4 });
      }
      expect((await db.query(FACTS_SNAPSHOT)).rows).toEqual(factsBefore.rows);
      const rebuilt = JSON.parse((await get(`/api/reports/sla?from=2026-05-01&to=2026-06-30&asOf=${asOf}`)).body);
      expect(rebuilt).toEqual(report);
    } finally {
      await db.end();
      await publisher.close();
      await service.close();
    }
  });
});
