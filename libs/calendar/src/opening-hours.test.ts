import { describe, expect, it } from "vitest";
import { loireAuthionCalendar } from "./loire-authion.fixture.ts";
import { isOpen, nextOpening, openingRangesOn } from "./opening-hours.query.ts";
import { expectInstant } from "./test-helpers.fixture.ts";

const siege = loireAuthionCalendar("mairie-siege");
const backOffice = loireAuthionCalendar("back-office");
const franceServices = loireAuthionCalendar("france-services");

describe("isOpen", () => {
  it.each([
    [siege, "2026-03-02T08:30:00+01:00", true, "opening instant is open"],
    [siege, "2026-03-02T08:29:59.999+01:00", false, "one millisecond before"],
    [siege, "2026-03-02T12:29:59.999+01:00", true, "last millisecond of the morning"],
    [siege, "2026-03-02T12:30:00+01:00", false, "closing instant is closed (half-open ranges)"],
    [siege, "2026-03-05T18:30:00+01:00", true, "Thursday late opening"],
    [backOffice, "2026-03-05T18:30:00+01:00", false, "no late opening in the back-office"],
    [siege, "2026-03-07T10:00:00+01:00", true, "Saturday morning"],
    [siege, "2026-03-08T10:00:00+01:00", false, "Sunday"],
    [siege, "2026-05-14T10:00:00+02:00", false, "Ascension"],
    [franceServices, "2026-03-04T14:00:00+01:00", false, "France Services: Wednesday morning only"],
  ] as const)("%s at %s -> %s (%s)", (calendar, at, expected, _why) => {
    expect(isOpen(calendar, new Date(at))).toBe(expected);
  });
});

describe("nextOpening", () => {
  it.each([
    [siege, "2026-03-02T10:00:00+01:00", "2026-03-02T10:00:00+01:00", "already open: the instant itself"],
    [siege, "2026-03-02T12:45:00+01:00", "2026-03-02T13:30:00+01:00", "after lunch"],
    [siege, "2026-03-07T12:00:00+01:00", "2026-03-09T08:30:00+01:00", "Saturday closing -> Monday"],
    [franceServices, "2026-05-13T12:45:00+02:00", "2026-05-15T09:00:00+02:00", "Wed afternoon closed, Thu Ascension"],
    [backOffice, "2026-03-27T17:30:00+01:00", "2026-03-30T08:30:00+02:00", "over the spring DST change"],
  ] as const)("%s from %s -> %s (%s)", (calendar, at, expected, _why) => {
    expectInstant(nextOpening(calendar, new Date(at)), expected);
  });
});

describe("openingRangesOn", () => {
  it("gives the Thursday late opening as instants and local text", () => {
    const ranges = openingRangesOn(siege, "2026-03-05");
    expect(ranges.map((range) => range.local)).toEqual(["08:30-12:30", "13:30-19:00"]);
    expect(ranges.map((range) => [range.start.toISOString(), range.end.toISOString()])).toEqual([
      ["2026-03-05T07:30:00.000Z", "2026-03-05T11:30:00.000Z"],
      ["2026-03-05T12:30:00.000Z", "2026-03-05T18:00:00.000Z"],
    ]);
  });

  it("uses summer time after the change", () => {
    expect(openingRangesOn(siege, "2026-03-30")[0]?.start.toISOString()).toBe("2026-03-30T06:30:00.000Z");
  });

  it.each(["2026-05-14", "2026-03-08", "2026-11-11"])("is empty on %s", (date) => {
    expect(openingRangesOn(siege, date)).toEqual([]);
  });

  it("rejects a malformed date", () => {
    expect(() => openingRangesOn(siege, "2026-13-01")).toThrow(/not a local date/);
  });
});
