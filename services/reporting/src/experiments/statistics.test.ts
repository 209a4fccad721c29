import { describe, expect, it } from "vitest";
import {
  bonferroniLevel,
  newcombeDifference,
  normalQuantile,
  rateRatio,
  studentQuantile,
  welchDifference,
  wilsonInterval,
} from "./statistics.ts";

describe("experiment statistics", () => {
  it("gives the textbook quantiles", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
    expect(studentQuantile(0.975, 10)).toBeCloseTo(2.228, 2);
    expect(studentQuantile(0.975, 30)).toBeCloseTo(2.042, 3);
  });

  it("matches Newcombe (1998): Wilson 81/263 and the difference 56/70 - 48/80", () => {
    const w = wilsonInterval(81, 263, 1.959964);
    expect(w.low).toBeCloseTo(0.2553, 4);
    expect(w.high).toBeCloseTo(0.3662, 4);
    const d = newcombeDifference(56, 70, 48, 80, 1.959964);
    expect(d.low).toBeCloseTo(0.0524, 4);
    expect(d.high).toBeCloseTo(0.3339, 4);
  });

  it("keeps Wilson inside [0, 1] at the edges", () => {
    const none = wilsonInterval(0, 40, 1.96);
    expect(none.low).toBe(0);
    expect(none.high).toBeGreaterThan(0.05);
  });

  it("computes Welch's interval (t on Welch–Satterthwaite degrees of freedom)", () => {
    // a: n=40, mean 30, sd 10; b: n=50, mean 20, sd 5 -> se = sqrt(2.5 + 0.5) = 1.732, df ~ 54.7
    const d = welchDifference({ n: 40, mean: 30, variance: 100 }, { n: 50, mean: 20, variance: 25 }, 0.95);
    expect(d.low).toBeCloseTo(10 - 2.004 * Math.sqrt(3), 2);
    expect(d.high).toBeCloseTo(10 + 2.004 * Math.sqrt(3), 2);
  });

  it("puts a rate ratio's interval on the log scale", () => {
    const r = rateRatio(200, 10, 100, 10, 1.96);
    expect(r.ratio).toBe(2);
    expect(r.low).toBeCloseTo(2 * Math.exp(-1.96 * Math.sqrt(0.015)), 6);
    expect(r.high).toBeGreaterThan(2);
  });

  it("splits the risk between simultaneous intervals", () => {
    expect(bonferroniLevel(0.95, 10)).toBeCloseTo(0.995, 10);
  });
});
