import { describe, expect, it } from "vitest";
import { CalendarError } from "./calendar.error.ts";
import { addJoursOuvres, isJourOuvre, joursOuvresBetween } from "./jours-ouvres.arithmetic.ts";
import { expectInstant } from "./test-helpers.fixture.ts";

// Deadlines fall at 23:59:59.999 Europe/Paris of the Nth jour ouvré after the day of receipt.
const dueCases = [
  {
    from: "2026-03-06T10:00:00+01:00",
    days: 1,
    expected: "2026-03-09T23:59:59.999+01:00",
    why: "receipt Fri 6 Mar, weekend skipped: Mon 9 is the 1st",
  },
  {
    from: "2026-03-06T10:00:00+01:00",
    days: 5,
    expected: "2026-03-13T23:59:59.999+01:00",
    why: "Mon 9 .. Fri 13 are the 1st to 5th",
  },
  {
    from: "2026-03-02T08:00:00+01:00",
    days: 10,
    expected: "2026-03-16T23:59:59.999+01:00",
    why: "L112-11 electronic AR: Tue 3 .. Fri 6 (4), Mon 9 .. Fri 13 (9), Mon 16 (10)",
  },
  {
    from: "2026-03-07T10:00:00+01:00",
    days: 1,
    expected: "2026-03-09T23:59:59.999+01:00",
    why: "receipt on a Saturday: Mon 9",
  },
  {
    from: "2026-03-08T10:00:00+01:00",
    days: 1,
    expected: "2026-03-09T23:59:59.999+01:00",
    why: "receipt on a Sunday: Mon 9",
  },
  {
    from: "2026-03-05T23:30:00Z",
    days: 1,
    expected: "2026-03-09T23:59:59.999+01:00",
    why: "23:30Z on Thu 5 is 00:30 Fri 6 in Paris: the day of receipt is Friday, so Mon 9 (not Fri 6)",
  },
  {
    from: "2026-04-30T10:00:00+02:00",
    days: 1,
    expected: "2026-05-04T23:59:59.999+02:00",
    why: "eve of 1 May (Thu 30 Apr): Fri 1 May holiday, weekend, Mon 4",
  },
  {
    from: "2026-04-30T10:00:00+02:00",
    days: 5,
    expected: "2026-05-11T23:59:59.999+02:00",
    why: "Mon 4 .. Thu 7 (4), Fri 8 May holiday, weekend, Mon 11 (5)",
  },
  {
    from: "2026-05-01T10:00:00+02:00",
    days: 1,
    expected: "2026-05-04T23:59:59.999+02:00",
    why: "receipt on a holiday (Fri 1 May): Mon 4",
  },
  {
    from: "2026-05-13T10:00:00+02:00",
    days: 1,
    expected: "2026-05-15T23:59:59.999+02:00",
    why: "Ascension Thu 14 May skipped",
  },
  {
    from: "2026-05-22T10:00:00+02:00",
    days: 1,
    expected: "2026-05-26T23:59:59.999+02:00",
    why: "Whit Monday 25 May skipped",
  },
  {
    from: "2026-04-03T10:00:00+02:00",
    days: 1,
    expected: "2026-04-07T23:59:59.999+02:00",
    why: "Easter Monday 6 Apr skipped",
  },
  {
    from: "2026-11-10T10:00:00+01:00",
    days: 1,
    expected: "2026-11-12T23:59:59.999+01:00",
    why: "eve of Armistice: Wed 11 Nov skipped",
  },
  {
    from: "2026-12-24T10:00:00+01:00",
    days: 1,
    expected: "2026-12-28T23:59:59.999+01:00",
    why: "Christmas Eve (Thu): Fri 25 holiday, weekend, Mon 28",
  },
  {
    from: "2026-12-31T10:00:00+01:00",
    days: 2,
    expected: "2027-01-05T23:59:59.999+01:00",
    why: "year end (Thu 31 Dec): Fri 1 Jan 2027 holiday, weekend, Mon 4 (1), Tue 5 (2)",
  },
  {
    from: "2026-03-27T10:00:00+01:00",
    days: 1,
    expected: "2026-03-30T23:59:59.999+02:00",
    why: "across the spring change: the deadline is in summer time",
  },
  {
    from: "2026-10-23T10:00:00+02:00",
    days: 1,
    expected: "2026-10-26T23:59:59.999+01:00",
    why: "across the autumn change: the deadline is in winter time",
  },
];

describe("addJoursOuvres (Europe/Paris, FR holidays)", () => {
  it.each(dueCases)("$from + $days: $why", ({ from, days, expected }) => {
    expectInstant(addJoursOuvres(new Date(from), days), expected);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("rejects %s days", (days) => {
    expect(() => addJoursOuvres(new Date("2026-03-02T10:00:00Z"), days)).toThrow(CalendarError);
  });

  it("uses the given time zone for day boundaries", () => {
    // 2026-03-06T03:00Z is Thu 5 Mar 22:00 in New York: next jour ouvré is Fri 6, ending 23:59:59.999-05:00.
    const due = addJoursOuvres(new Date("2026-03-06T03:00:00Z"), 1, { timeZone: "America/New_York" });
    expect(due.toISOString()).toBe("2026-03-07T04:59:59.999Z");
  });

  it("counts holidays as jours ouvrés when asked to ignore them", () => {
    expectInstant(
      addJoursOuvres(new Date("2026-04-30T10:00:00+02:00"), 1, { holidays: "none" }),
      "2026-05-01T23:59:59.999+02:00",
    );
  });
});

describe("joursOuvresBetween: complete jours ouvrés after the day of receipt", () => {
  it.each([
    {
      from: "2026-03-06T10:00:00+01:00",
      to: "2026-03-09T23:59:59.999+01:00",
      expected: 1,
      why: "Mon 9 complete at its last millisecond",
    },
    {
      from: "2026-03-06T10:00:00+01:00",
      to: "2026-03-09T23:59:59.998+01:00",
      expected: 0,
      why: "Mon 9 not complete yet",
    },
    {
      from: "2026-03-06T10:00:00+01:00",
      to: "2026-03-10T12:00:00+01:00",
      expected: 1,
      why: "Mon 9 complete, Tue 10 in progress",
    },
    {
      from: "2026-03-06T10:00:00+01:00",
      to: "2026-03-06T23:59:59.999+01:00",
      expected: 0,
      why: "day of receipt never counts",
    },
    { from: "2026-03-06T10:00:00+01:00", to: "2026-03-08T23:59:59.999+01:00", expected: 0, why: "a weekend" },
    {
      from: "2026-04-30T10:00:00+02:00",
      to: "2026-05-11T23:59:59.999+02:00",
      expected: 5,
      why: "Mon 4 .. Thu 7 and Mon 11; 1 May and 8 May are holidays",
    },
    { from: "2026-03-09T12:00:00+01:00", to: "2026-03-02T12:00:00+01:00", expected: 0, why: "to before from" },
  ])("$from -> $to = $expected ($why)", ({ from, to, expected }) => {
    expect(joursOuvresBetween(new Date(from), new Date(to))).toBe(expected);
  });
});

describe("isJourOuvre", () => {
  it.each([
    ["2026-03-02", true],
    ["2026-03-07", false],
    ["2026-03-08", false],
    ["2026-05-01", false],
    ["2026-05-14", false],
    ["2026-05-15", true],
  ] as const)("%s -> %s", (date, expected) => {
    expect(isJourOuvre(date)).toBe(expected);
  });

  it("rejects a malformed date", () => {
    expect(() => isJourOuvre("2026-02-30")).toThrow(/not a local date/);
  });
});
