import { describe, expect, it } from "vitest";
import { CalendarError } from "./calendar.error.ts";
import { END_OF_DAY_LOCAL_TIME, endOfLocalDay, formatWithOffset } from "./time-zone.util.ts";

describe("formatWithOffset", () => {
  it.each([
    ["2026-03-02T16:30:00Z", undefined, "2026-03-02T17:30:00+01:00"],
    ["2026-07-14T10:00:00Z", undefined, "2026-07-14T12:00:00+02:00"],
    ["2026-03-09T22:59:59.999Z", undefined, "2026-03-09T23:59:59.999+01:00"],
    ["2026-03-02T16:30:00.100Z", undefined, "2026-03-02T17:30:00.100+01:00"],
    // Spring change, 29 Mar 2026: 01:59:59+01:00 is followed by 03:00:00+02:00.
    ["2026-03-29T00:59:59Z", undefined, "2026-03-29T01:59:59+01:00"],
    ["2026-03-29T01:00:00Z", undefined, "2026-03-29T03:00:00+02:00"],
    // Autumn change, 25 Oct 2026: 02:30 happens at +02:00 then at +01:00.
    ["2026-10-25T00:30:00Z", undefined, "2026-10-25T02:30:00+02:00"],
    ["2026-10-25T01:30:00Z", undefined, "2026-10-25T02:30:00+01:00"],
    ["2026-01-15T12:00:00Z", "UTC", "2026-01-15T12:00:00+00:00"],
    ["2026-01-15T12:00:00Z", "America/New_York", "2026-01-15T07:00:00-05:00"],
    ["2026-01-15T12:00:00Z", "Asia/Kolkata", "2026-01-15T17:30:00+05:30"],
  ] as const)("%s in %s -> %s", (iso, timeZone, expected) => {
    expect(formatWithOffset(new Date(iso), timeZone)).toBe(expected);
  });

  it("rejects an unknown time zone and an invalid date", () => {
    expect(() => formatWithOffset(new Date(), "Europe/Pariss")).toThrow(CalendarError);
    expect(() => formatWithOffset(new Date(Number.NaN))).toThrow(CalendarError);
  });
});

describe("endOfLocalDay", () => {
  it("is 23:59:59.999 local, in winter and in summer", () => {
    expect(END_OF_DAY_LOCAL_TIME).toBe("23:59:59.999");
    expect(endOfLocalDay("2026-03-09").toISOString()).toBe("2026-03-09T22:59:59.999Z");
    expect(endOfLocalDay("2026-07-14").toISOString()).toBe("2026-07-14T21:59:59.999Z");
    // DST-change days are 23h and 25h long, but they still end just before local midnight.
    expect(endOfLocalDay("2026-03-29").toISOString()).toBe("2026-03-29T21:59:59.999Z");
    expect(endOfLocalDay("2026-10-25").toISOString()).toBe("2026-10-25T22:59:59.999Z");
  });

  it("rejects a malformed date", () => {
    expect(() => endOfLocalDay("2026-3-9")).toThrow(/not a local date/);
  });
});
