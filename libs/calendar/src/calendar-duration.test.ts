import { describe, expect, it } from "vitest";
import { CalendarError } from "./calendar.error.ts";
import { addCalendarDuration, parseCalendarDuration } from "./calendar-duration.arithmetic.ts";
import { expectInstant } from "./test-helpers.fixture.ts";

describe("addCalendarDuration (Europe/Paris wall-clock time kept)", () => {
  it.each([
    {
      from: "2026-12-31T10:00:00+01:00",
      duration: "P2M",
      expected: "2027-02-28T10:00:00+01:00",
      why: "31 Dec + 2 months: February 2027 has 28 days",
    },
    {
      from: "2028-01-31T10:00:00+01:00",
      duration: "P1M",
      expected: "2028-02-29T10:00:00+01:00",
      why: "2028 is a leap year",
    },
    {
      from: "2026-08-31T14:00:00+02:00",
      duration: "P1M",
      expected: "2026-09-30T14:00:00+02:00",
      why: "September has 30 days",
    },
    {
      from: "2026-03-31T09:15:00+02:00",
      duration: "P1M",
      expected: "2026-04-30T09:15:00+02:00",
      why: "April has 30 days",
    },
    {
      from: "2026-01-15T10:00:00+01:00",
      duration: "P2M",
      expected: "2026-03-15T10:00:00+01:00",
      why: "plain case, winter to winter",
    },
    {
      from: "2026-02-15T10:00:00+01:00",
      duration: "P2M",
      expected: "2026-04-15T10:00:00+02:00",
      why: "winter to summer: same wall time, offset changes",
    },
    {
      from: "2026-09-15T10:00:00+02:00",
      duration: "P2M",
      expected: "2026-11-15T10:00:00+01:00",
      why: "summer to winter",
    },
    {
      from: "2026-03-20T09:00:00+01:00",
      duration: "P15D",
      expected: "2026-04-04T09:00:00+02:00",
      why: "15 calendar days across the spring change: 09:00 stays 09:00",
    },
    {
      from: "2026-12-24T18:00:00+01:00",
      duration: "P10D",
      expected: "2027-01-03T18:00:00+01:00",
      why: "calendar days ignore holidays and year ends",
    },
    {
      from: "2028-02-29T12:00:00+01:00",
      duration: "P1Y",
      expected: "2029-02-28T12:00:00+01:00",
      why: "P1Y = 12 months",
    },
    {
      from: "2026-01-29T02:30:00+01:00",
      duration: "P2M",
      expected: "2026-03-29T03:30:00+02:00",
      why: "02:30 does not exist on 29 Mar 2026: moved forward by the one-hour gap",
    },
    {
      from: "2026-09-25T02:30:00+02:00",
      duration: "P1M",
      expected: "2026-10-25T02:30:00+02:00",
      why: "02:30 happens twice on 25 Oct 2026: the first occurrence (+02:00)",
    },
    {
      from: "2026-03-31T23:30:00Z",
      duration: "P1M",
      expected: "2026-05-01T01:30:00+02:00",
      why: "23:30Z on 31 Mar is 1 Apr 01:30 in Paris: the local date is what counts",
    },
  ])("$from + $duration = $expected ($why)", ({ from, duration, expected }) => {
    expectInstant(addCalendarDuration(new Date(from), duration), expected);
  });

  it("keeps the wall-clock time of another time zone", () => {
    const due = addCalendarDuration(new Date("2026-01-31T15:00:00Z"), "P1M", { timeZone: "UTC" });
    expect(due.toISOString()).toBe("2026-02-28T15:00:00.000Z");
  });
});

describe("parseCalendarDuration", () => {
  it.each([
    ["P2M", { amount: 2, unit: "months" }],
    ["P15D", { amount: 15, unit: "days" }],
    ["P1Y", { amount: 1, unit: "years" }],
  ] as const)("%s", (text, expected) => {
    expect(parseCalendarDuration(text)).toEqual(expected);
  });

  it.each(["P1W", "P1Y2M", "PT1H", "P0M", "P-1M", "p2m", "2M", "P1.5M", "P", "", " P2M"])("rejects %j", (text) => {
    expect(() => parseCalendarDuration(text)).toThrow(CalendarError);
  });

  it("says what it expects", () => {
    expect(() => parseCalendarDuration("P1W")).toThrow(/expected ISO 8601 PnY, PnM or PnD/);
  });
});
