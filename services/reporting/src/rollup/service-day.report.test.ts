import { describe, expect, it } from "vitest";
import { percentileCont, periodOf, select } from "./service-day.report.ts";

describe("rollup helpers", () => {
  it("select finds every order statistic of a shuffled array with duplicates", () => {
    const values = [5, 3, 9, 3, 1, 7, 7, 0, 12, 3, 8];
    const sorted = [...values].sort((a, b) => a - b);
    sorted.forEach((expected, k) => {
      expect(select(Int32Array.from(values), k)).toBe(expected);
    });
  });

  it("percentileCont interpolates like PostgreSQL (seconds in, hours out)", () => {
    // 2 h and 11 h: median 6.5 h, p90 = 2 + 0.9 × 9 = 10.1 h
    expect(percentileCont(Int32Array.from([11 * 3600, 2 * 3600]), 0.5)).toBe(6.5);
    expect(percentileCont(Int32Array.from([11 * 3600, 2 * 3600]), 0.9)).toBeCloseTo(10.1, 12);
    expect(
      percentileCont(
        Int32Array.from([10, 60, 20, 30]).map((s) => s * 3600),
        0.9,
      ),
    ).toBeCloseTo(51, 12);
    expect(percentileCont(new Int32Array(0), 0.5)).toBeNull();
  });

  it("periodOf matches date_trunc on local days", () => {
    expect(periodOf("2026-05-17", "week")).toBe("2026-05-11"); // Sunday → its Monday
    expect(periodOf("2026-05-18", "week")).toBe("2026-05-18");
    expect(periodOf("2026-05-17", "month")).toBe("2026-05-01");
    expect(periodOf("2026-05-17", "year")).toBe("2026-01-01");
    expect(periodOf("2026-05-17", "day")).toBe("2026-05-17");
    expect(periodOf("2026-05-17", undefined)).toBeNull();
  });
});
