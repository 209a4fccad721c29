import { describe, expect, it } from "vitest";
import { parseReportQuery } from "../reports/report-params.ts";
import { percentileCont, periodOf, select, wholeMonths } from "./service-day.report.ts";

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

  it("wholeMonths keeps the calendar months wholly inside the range, not for day or week periods", () => {
    const months = (raw: Record<string, string>) => wholeMonths(parseReportQuery(raw));
    expect(months({ from: "2025-01-01", to: "2025-12-31" })).toEqual({ first: "2025-01-01", last: "2025-12-01" });
    expect(months({ from: "2025-01-10", to: "2025-12-20" })).toEqual({ first: "2025-02-01", last: "2025-11-01" });
    expect(months({ from: "2024-01-31", to: "2024-02-29" })).toEqual({ first: "2024-02-01", last: "2024-02-01" });
    expect(months({ from: "2024-12-15", to: "2025-01-31" })).toEqual({ first: "2025-01-01", last: "2025-01-01" });
    expect(months({ from: "2025-06-02", to: "2025-06-29" })).toBeNull();
    expect(months({ from: "2025-06-01", to: "2025-06-29" })).toBeNull();
    expect(months({ from: "2025-01-01", to: "2025-12-31", period: "week" })).toBeNull();
    expect(months({ from: "2025-01-01", to: "2025-12-31", period: "month" })).not.toBeNull();
  });
});
