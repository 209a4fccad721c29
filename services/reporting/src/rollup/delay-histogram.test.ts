import { describe, expect, it } from "vitest";
import { bucketBounds, bucketOf, DelayHistogram } from "./delay-histogram.ts";
import { percentileCont } from "./service-day.report.ts";
import { unpackDelays } from "./service-day.rollup.ts";

/** Deterministic pseudo-random delays (LCG), so a failure can be replayed. */
function delays(n: number, seed: number, maxSeconds: number): Int32Array {
  let state = seed;
  return Int32Array.from({ length: n }, () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    // skewed towards short delays, like real ones, with a long tail
    return Math.floor((state / 2 ** 31) ** 3 * maxSeconds);
  });
}

describe("delay histograms (month level of the rollup)", () => {
  it("buckets are one minute wide below 256 minutes, then at most 1/128 of their lower bound", () => {
    for (const seconds of [0, 59, 60, 3_599, 15_359, 15_360, 15_480, 86_400, 972_000, 40_000_000]) {
      const { lower, width } = bucketBounds(bucketOf(seconds));
      expect(seconds, String(seconds)).toBeGreaterThanOrEqual(lower);
      expect(seconds, String(seconds)).toBeLessThan(lower + width);
      expect(width <= 60 || width <= lower / 128, String(seconds)).toBe(true);
    }
    expect(bucketOf(15_360)).toBe(256); // 256 minutes: first 2-minute bucket
    expect(bucketOf(15_479)).toBe(256);
    expect(bucketOf(15_480)).toBe(257);
  });

  it("gives percentile_cont exactly when each order statistic is alone in its bucket", () => {
    const h = new DelayHistogram();
    h.addValues(Int32Array.from([2 * 3600, 11 * 3600]));
    expect(h.percentile(0.5)).toBe(6.5);
    expect(h.percentile(0.9)).toBeCloseTo(10.1, 12);
    expect(new DelayHistogram().percentile(0.5)).toBeNull();
  });

  it("stays within the bucket precision of percentile_cont on 200,000 spread delays, after encoding and merging", () => {
    const values = delays(200_000, 42, 1_000 * 3600); // up to 1,000 business hours
    const merged = new DelayHistogram();
    for (let part = 0; part < 10; part += 1) {
      const month = new DelayHistogram();
      month.addValues(values.subarray(part * 20_000, (part + 1) * 20_000));
      merged.addEncoded(month.encode());
    }
    // The same delays added longest first, straight into one histogram.
    const direct = new DelayHistogram();
    direct.addValues(Int32Array.from(values).sort().reverse());
    expect(merged.total).toBe(values.length);
    for (const p of [0.5, 0.9]) {
      const exact = percentileCont(Int32Array.from(values), p) ?? 0;
      const width = bucketBounds(bucketOf(exact * 3600)).width / 3600;
      for (const estimate of [merged.percentile(p) ?? 0, direct.percentile(p) ?? 0]) {
        expect(Math.abs(estimate - exact), `p${p * 100}: ${estimate} vs ${exact}`).toBeLessThanOrEqual(width);
        expect(Math.abs(estimate - exact) / exact).toBeLessThan(1 / 128);
      }
    }
  });

  it("unpacks the big-endian int32 seconds PostgreSQL packs with int4send", () => {
    const packed = Buffer.from([0x00, 0x00, 0x1c, 0x20, 0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x9a, 0xb0]);
    expect([...unpackDelays(packed.subarray(0))]).toEqual([7_200, -1, 39_600]);
  });
});
