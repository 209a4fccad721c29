import { describe, expect, it } from "vitest";
import { DEFAULT_QUIET_HOURS, isQuiet, nextAllowedInstant } from "./quiet-hours.ts";

describe("SMS quiet hours (Europe/Paris)", () => {
  it("allows a weekday afternoon", () => {
    const tuesday = new Date("2026-12-01T14:00:00Z"); // 15:00 in Paris
    expect(isQuiet(tuesday)).toBe(false);
    expect(nextAllowedInstant(tuesday)).toEqual(tuesday);
  });

  it("defers an evening SMS to 08:00 the next morning, Paris time", () => {
    // Tuesday 1 Dec 2026 20:30 Paris (UTC+1) → Wednesday 08:00 Paris = 07:00Z.
    expect(nextAllowedInstant(new Date("2026-12-01T19:30:00Z")).toISOString()).toBe("2026-12-02T07:00:00.000Z");
    // 19:59 Paris is still allowed.
    expect(isQuiet(new Date("2026-12-01T18:59:00Z"))).toBe(false);
  });

  it("skips Sunday and a public holiday (Christmas on a Friday 2026 → Saturday)", () => {
    // Saturday 21:00 Paris → Sunday quiet → Monday 08:00.
    expect(nextAllowedInstant(new Date("2026-12-05T20:00:00Z")).toISOString()).toBe("2026-12-07T07:00:00.000Z");
    // Thursday 24 Dec 2026 22:00 → Friday 25 (Noël) quiet → Saturday 26 at 08:00.
    expect(nextAllowedInstant(new Date("2026-12-24T21:00:00Z")).toISOString()).toBe("2026-12-26T07:00:00.000Z");
  });

  it("uses summer time after the DST change", () => {
    // Saturday 28 Mar 2026 23:00 Paris → Sunday 29 (DST starts) quiet → Monday 30 at 08:00 CEST = 06:00Z.
    expect(nextAllowedInstant(new Date("2026-03-28T22:00:00Z")).toISOString()).toBe("2026-03-30T06:00:00.000Z");
  });

  it("can be configured (no Sunday rule, 21:00–07:30)", () => {
    const quiet = { startMinute: 21 * 60, endMinute: 7 * 60 + 30, sundaysAndHolidays: false };
    expect(isQuiet(new Date("2026-12-06T13:00:00Z"), quiet)).toBe(false); // Sunday 14:00
    expect(nextAllowedInstant(new Date("2026-12-06T21:00:00Z"), quiet).toISOString()).toBe("2026-12-07T06:30:00.000Z");
    expect(DEFAULT_QUIET_HOURS.startMinute).toBe(1200);
  });
});
