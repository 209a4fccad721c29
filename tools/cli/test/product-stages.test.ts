import { test } from "@guichet/testing";
import { waitFor } from "@guichet/testing/servers";
import { describe, expect } from "vitest";
import { saturate } from "../src/bench/load.ts";
import { startProduct } from "../src/bench/systems.ts";
import { benchInfrastructure } from "./bench-infrastructure.ts";

// `bench --compare --stages` joins the timestamps of four services' tables: every request of the
// phase must be found on both paths, every stage measured, and the stages must add up to the total.
describe("bench stage breakdown", () => {
  test("every stage of the product is measured and they add up to the end-to-end delay", { timeout: 180_000 }, async ({
    natsUrl,
  }) => {
    const { infra, mail } = await benchInfrastructure(natsUrl);
    const product = await startProduct(infra);
    try {
      const phase = await saturate(product, { run: "t", requests: 8, concurrency: 2, drainTimeoutMs: 60_000 });
      expect(phase).toMatchObject({ accepted: 8, completed: 8 });
      const stages = product.stages;
      if (!stages) throw new Error("the product has no stage breakdown");
      // The drain waits for the acknowledgement only; the registration receipt may still be on its way.
      const breakdown = await waitFor(
        async () => {
          const b = await stages(phase.requestIds);
          return b.stages.every((s) => s.requests === 8) ? b : undefined;
        },
        { what: "both receipts projected", timeoutMs: 30_000, intervalMs: 200 },
      );
      const byKey = new Map(breakdown.stages.map((s) => [s.key, s]));
      for (const s of breakdown.stages) {
        expect(s.p50, s.key).toBeGreaterThanOrEqual(0);
        expect(s.p99, s.key).toBeGreaterThanOrEqual(s.p50);
      }
      const sum = (statistic: "mean" | "p50") =>
        breakdown.stages
          .filter((s) => s.path === "acknowledgement" && !s.key.startsWith("total"))
          .reduce((total, s) => total + s[statistic], 0);
      const mean = (key: string) => byKey.get(key)?.mean ?? Number.NaN;
      // Consecutive instants of one request: the means add up exactly, the medians roughly.
      const projectedP50 = byKey.get("total.projected")?.p50 ?? Number.NaN;
      expect(sum("mean")).toBeCloseTo(mean("total.projected"), 3);
      expect(sum("p50")).toBeGreaterThan(projectedP50 * 0.5);
      expect(sum("p50")).toBeLessThan(projectedP50 * 2 + 20);
      expect(
        mean("intake.written") + mean("intake.published") + mean("registration.queued") + mean("registration.sent"),
      ).toBeCloseTo(mean("registration.total"), 3);
      // The bench's own end-to-end figure (reporting's receipt → acknowledgement) is the sent total.
      const benchMean = phase.delays.reduce((a, b) => a + b, 0) / phase.delays.length;
      expect(Math.abs(mean("total.sent") - benchMean)).toBeLessThan(2);
    } finally {
      await product.stop();
      await mail.process.stop();
    }
  });
});
