import { test, waitFor } from "@guichet/testing";
import pg from "pg";
import { describe, expect } from "vitest";
import type { MeasureComparison } from "../../src/experiments/compare-arms.ts";
import type { ExperimentReport } from "../../src/experiments/experiment-report.ts";
import { type Behaviour, generateHistory, seeded } from "../support/experiment-history.ts";
import { bootReporting, staffHeader } from "../support/reporting.harness.ts";

const ASOF = "2026-06-01T12:00:00+02:00";
const BEFORE = { from: "2026-01-05", days: 56 }; // to 1 March
const DURING = { from: "2026-03-02", days: 56 }; // to 26 April

const usual: Omit<Behaviour, "site" | "from" | "days"> = {
  requestsPerDay: 20,
  channelShares: { counter: 0.5, phone: 0.25, web: 0.15, email: 0.1 },
  firstResponseMeanHours: 16,
  firstContactShare: 0.4,
  callsPerDay: 15,
  pickUpRate: 0.9,
  surveyAnswerShare: 0.15,
  scoreWeights: [0.05, 0.05, 0.15, 0.35, 0.4],
};
/** Brain's annex opened two afternoons only, its phone redirected to the central switchboard. */
const reducedOpening: Omit<Behaviour, "site" | "from" | "days"> = {
  ...usual,
  channelShares: { counter: 0.25, phone: 0.5, web: 0.15, email: 0.1 },
  firstResponseMeanHours: 28,
  pickUpRate: 0.75,
  scoreWeights: [0.15, 0.15, 0.3, 0.25, 0.15],
};

const headers = { "x-guichet-identity": staffHeader(), "content-type": "application/json" };

function verdicts(report: ExperimentReport): Record<string, MeasureComparison["verdict"]> {
  return Object.fromEntries(report.measures.map((m) => [m.key, m.verdict]));
}

describe("experiment reports on a generated history", () => {
  test("find the effect an experiment was built with, and no difference in a null experiment", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const service = await bootReporting({ databaseUrl: database.url, natsUrl, namespace });
    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    try {
      const random = seeded(20260301);
      await generateHistory(db, "reporting", random, { site: "brain", ...BEFORE, ...usual });
      await generateHistory(db, "reporting", random, { site: "brain", ...DURING, ...reducedOpening });
      await generateHistory(db, "reporting", random, { site: "andard", ...BEFORE, ...usual });
      await generateHistory(db, "reporting", random, { site: "andard", ...DURING, ...usual });
      // A handful of requests only: the report must refuse to conclude.
      await generateHistory(db, "reporting", random, { site: "corne", ...BEFORE, ...usual });
      await generateHistory(db, "reporting", random, {
        site: "corne",
        ...DURING,
        ...usual,
        days: 10,
        requestsPerDay: 2,
        callsPerDay: 2,
      });

      const define = (body: unknown) =>
        fetch(`${service.url}/api/experiments`, { method: "POST", headers, body: JSON.stringify(body) });
      const common = {
        hypothesis: "Moins d’heures d’ouverture sans dégrader le service rendu",
        change: "Ouverture réduite à deux après-midi, téléphone renvoyé vers le standard central",
        from: "2026-03-02",
        to: "2026-04-26",
        comparison: { kind: "before", from: "2026-01-05", to: "2026-03-01" },
      };
      expect(
        (await define({ ...common, id: "annexe-brain", name: "Annexe de Brain", siteIds: ["brain"] })).status,
      ).toBe(201);
      expect(
        (await define({ ...common, id: "annexe-andard", name: "Annexe d’Andard (témoin nul)", siteIds: ["andard"] }))
          .status,
      ).toBe(201);
      expect(
        (await define({ ...common, id: "annexe-corne", name: "Annexe de Corné", siteIds: ["corne"] })).status,
      ).toBe(201);

      // A bad definition names its field.
      const bad = await define({
        ...common,
        id: "Mauvais Id",
        name: "",
        siteIds: ["brain"],
        comparison: { kind: "before", from: "2026-05-01", to: "2026-05-31" },
      });
      expect(bad.status).toBe(400);
      const problems = ((await bad.json()) as { problems: { field: string }[] }).problems.map((p) => p.field);
      expect(problems).toEqual(expect.arrayContaining(["id", "name", "comparison.to"]));

      const report = async (id: string) => {
        const response = await fetch(`${service.url}/api/experiments/${id}/report?asOf=${encodeURIComponent(ASOF)}`, {
          headers,
        });
        expect(response.status).toBe(200);
        return (await response.json()) as ExperimentReport;
      };

      const brain = await report("annexe-brain");
      expect(brain.treatment.requests).toBeGreaterThan(1000);
      expect(verdicts(brain)).toMatchObject({
        volume: "no-difference",
        "channel-counter": "decrease",
        "channel-phone": "increase",
        "channel-web": "no-difference",
        "first-response-hours": "increase",
        "pick-up": "decrease",
        satisfaction: "decrease",
        "no-show": "no-data",
      });
      const phone = brain.measures.find((m) => m.key === "channel-phone");
      // The built-in effect (+25 points) lies inside the interval reported.
      expect(phone?.difference?.low).toBeLessThan(0.25);
      expect(phone?.difference?.high).toBeGreaterThan(0.25);
      const delay = brain.measures.find((m) => m.key === "first-response-hours");
      expect(delay?.difference?.low).toBeLessThan(12);
      expect(delay?.difference?.high).toBeGreaterThan(12);

      const andard = await report("annexe-andard");
      const nullVerdicts = Object.values(verdicts(andard));
      expect(nullVerdicts).not.toContain("increase");
      expect(nullVerdicts).not.toContain("decrease");
      expect(verdicts(andard).volume).toBe("no-difference");

      const corne = await report("annexe-corne");
      expect(corne.treatment.requests).toBe(20);
      expect(verdicts(corne)["first-response-hours"]).toBe("not-enough-data");
      expect(new Set(Object.values(verdicts(corne)))).toEqual(new Set(["not-enough-data", "no-data"]));

      // A manager of one service does not read an experiment spanning every service.
      const narrow = await fetch(`${service.url}/api/experiments/annexe-brain/report`, {
        headers: { "x-guichet-identity": staffHeader({ allServices: false, serviceIds: ["urbanisme"] }) },
      });
      expect(narrow.status).toBe(403);
      // experiment.defined went through the outbox.
      await waitFor(
        async () =>
          (
            await db.query(
              "SELECT count(*)::int AS n FROM reporting.outbox WHERE type = 'experiment.defined' AND published_at IS NOT NULL",
            )
          ).rows[0].n === 3,
        { what: "3 experiment.defined published" },
      );
    } finally {
      await db.end();
      await service.close();
    }
  });
});
