import { describe, expect, it } from "vitest";
import { addBusinessHours } from "./business-hours.arithmetic.ts";
import { CalendarError } from "./calendar.error.ts";
import { Calendar } from "./calendar.model.ts";
import type { CalendarDefinition } from "./calendar.types.ts";
import { expectInstant } from "./test-helpers.fixture.ts";

const weekly = { monday: ["08:30-12:30", "13:30-17:30"] };

describe("Calendar.from validation", () => {
  it.each([
    [
      { id: "x", weekly: { thursday: ["8:30-12:30"] } },
      /Calendar "x": thursday: range "8:30-12:30" is not "HH:MM-HH:MM"/,
    ],
    [
      { id: "x", weekly: { thursday: ["13:30-12:00"] } },
      /Calendar "x": thursday: range "13:30-12:00" must start before/,
    ],
    [{ id: "x", weekly: { monday: ["09:00-09:00"] } }, /must start before it ends/],
    [{ id: "x", weekly: { monday: ["08:30-12:30", "12:00-14:00"] } }, /monday: range "12:00-14:00" overlaps/],
    [
      { id: "x", weekly: { monday: ["13:30-17:30", "08:30-12:30"] } },
      /monday: range "08:30-12:30" overlaps or precedes/,
    ],
    [{ id: "x", weekly: { monday: ["08:60-12:00"] } }, /invalid time/],
    [{ id: "x", weekly: { monday: ["24:00-24:30"] } }, /invalid time/],
    [{ id: "x", weekly: { monday: "08:30-12:30" } }, /monday: expected a list/],
    [{ id: "x", weekly: { mardi: ["08:30-12:30"] } }, /unknown weekday "mardi"/],
    [{ id: "x", weekly: {} }, /no opening range on any weekday/],
    [{ id: "", weekly }, /non-empty string id/],
    [{ id: "x", timeZone: "Europe/Pariss", weekly }, /Unknown time zone "Europe\/Pariss"/],
    [{ id: "x", holidays: "BE", weekly }, /holidays must be "FR" or "none"/],
    [{ id: "x", weekly, closedDates: ["2026-02-30"] }, /closed date "2026-02-30" is not a local date/],
    [{ id: "x", weekly, exceptionalOpenings: { "2026-05-01": ["09:00-12:00"] } }, /2026-05-01 is a public holiday/],
    [
      { id: "x", weekly, closedDates: ["2026-03-02"], exceptionalOpenings: { "2026-03-02": ["09:00-12:00"] } },
      /both a closed date and an exceptional opening/,
    ],
  ])("rejects %j", (definition, message) => {
    const attempt = () => Calendar.from(definition as unknown as CalendarDefinition);
    expect(attempt).toThrow(CalendarError);
    expect(attempt).toThrow(message);
  });

  it("accepts 24:00 as an end and merges touching ranges", () => {
    const calendar = Calendar.from({ id: "x", weekly: { monday: ["08:00-12:00", "12:00-24:00"] } });
    expect(calendar.timeZone).toBe("Europe/Paris");
    expect(calendar.holidays).toBe("FR");
    // Mon 2 Mar 2026 08:00 + 16h = 24:00 = Tue 00:00, the end of the merged range.
    expectInstant(addBusinessHours(calendar, new Date("2026-03-02T08:00:00+01:00"), 16), "2026-03-03T00:00:00+01:00");
  });

  it("freezes its definition so that it cannot drift from the compiled calendar", () => {
    const definition = { id: "x", weekly: { monday: ["08:30-12:30"] } };
    const calendar = Calendar.from(definition);
    definition.weekly.monday.push("13:30-17:30");
    expect(calendar.definition.weekly.monday).toEqual(["08:30-12:30"]);
    expect(Object.isFrozen(calendar.definition.weekly)).toBe(true);
  });
});

describe("closed dates and exceptional openings", () => {
  const calendar = Calendar.from({
    id: "x",
    weekly: {
      monday: ["08:30-12:30", "13:30-17:30"],
      tuesday: ["08:30-12:30", "13:30-17:30"],
      wednesday: ["08:30-12:30", "13:30-17:30"],
      thursday: ["08:30-12:30", "13:30-17:30"],
    },
    closedDates: ["2026-03-03"],
    exceptionalOpenings: { "2026-12-24": ["08:30-12:00"], "2026-03-07": ["10:00-12:00"] },
  });

  it.each([
    [
      "2026-03-02T17:00:00+01:00",
      1,
      "2026-03-04T09:00:00+01:00",
      "Mon 17:00-17:30 0.5h, Tue 3 closed, Wed 08:30 + 0.5h",
    ],
    [
      "2026-12-24T11:00:00+01:00",
      2,
      "2026-12-28T09:30:00+01:00",
      "Thu 24 closes at 12:00 (1h), Fri 25 holiday, Mon + 1h",
    ],
    ["2026-03-05T17:00:00+01:00", 1, "2026-03-07T10:30:00+01:00", "Thu 0.5h, exceptional Saturday 10:00 + 0.5h"],
  ] as const)("%s + %sh = %s (%s)", (from, hours, expected, _why) => {
    expectInstant(addBusinessHours(calendar, new Date(from), hours), expected);
  });
});
