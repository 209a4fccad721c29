import { describe, expect, it } from "vitest";
import { addBusinessHours, businessHoursBetween } from "./business-hours.arithmetic.ts";
import { CalendarError } from "./calendar.error.ts";
import { Calendar } from "./calendar.model.ts";
import { type LoireAuthionCalendarId, loireAuthionCalendar } from "./loire-authion.fixture.ts";
import { expectInstant } from "./test-helpers.fixture.ts";

// 2026 reminders: 2 Mar is a Monday; DST starts Sun 29 Mar (+01:00 -> +02:00) and ends Sun 25 Oct.
interface DueCase {
  name: string;
  calendar: LoireAuthionCalendarId;
  from: string;
  hours: number;
  expected: string;
  why: string;
}

const dueCases: DueCase[] = [
  {
    name: "lunch break is skipped",
    calendar: "mairie-siege",
    from: "2026-03-02T11:00:00+01:00",
    hours: 3,
    expected: "2026-03-02T15:00:00+01:00",
    why: "Mon 11:00-12:30 = 1.5h, lunch, 13:30 + 1.5h = 15:00",
  },
  {
    name: "receipt exactly at opening, target ending exactly at the range's end",
    calendar: "mairie-siege",
    from: "2026-03-02T08:30:00+01:00",
    hours: 4,
    expected: "2026-03-02T12:30:00+01:00",
    why: "08:30 + 4h = 12:30, the end of the morning range: the deadline is 12:30, not 13:30",
  },
  {
    name: "the brief's example: a full day",
    calendar: "mairie-siege",
    from: "2026-03-02T08:30:00+01:00",
    hours: 8,
    expected: "2026-03-02T17:30:00+01:00",
    why: "08:30-12:30 = 4h, 13:30-17:30 = 4h, ends at the closing",
  },
  {
    name: "receipt exactly at closing",
    calendar: "mairie-siege",
    from: "2026-03-02T17:30:00+01:00",
    hours: 1,
    expected: "2026-03-03T09:30:00+01:00",
    why: "Mon 17:30 is closed (ranges are half-open); Tue opens 08:30 + 1h = 09:30",
  },
  {
    name: "receipt at the start of lunch",
    calendar: "mairie-siege",
    from: "2026-03-02T12:30:00+01:00",
    hours: 1,
    expected: "2026-03-02T14:30:00+01:00",
    why: "counting starts at 13:30, + 1h = 14:30",
  },
  {
    name: "Thursday late opening is used to its end",
    calendar: "mairie-siege",
    from: "2026-03-05T17:00:00+01:00",
    hours: 2,
    expected: "2026-03-05T19:00:00+01:00",
    why: "Thu 17:00-19:00 = 2h exactly, deadline at the late closing",
  },
  {
    name: "Thursday late opening then Friday",
    calendar: "mairie-siege",
    from: "2026-03-05T17:00:00+01:00",
    hours: 3,
    expected: "2026-03-06T09:30:00+01:00",
    why: "Thu 17:00-19:00 = 2h, Fri 08:30 + 1h = 09:30",
  },
  {
    name: "the same Thursday on the back-office calendar (no late opening)",
    calendar: "back-office",
    from: "2026-03-05T17:00:00+01:00",
    hours: 2,
    expected: "2026-03-06T10:00:00+01:00",
    why: "Thu 17:00-17:30 = 0.5h, Fri 08:30 + 1.5h = 10:00",
  },
  {
    name: "france-services Thursday until 18:30",
    calendar: "france-services",
    from: "2026-03-05T17:00:00+01:00",
    hours: 2,
    expected: "2026-03-06T09:30:00+01:00",
    why: "Thu 17:00-18:30 = 1.5h, Fri 09:00 + 0.5h = 09:30",
  },
  {
    name: "receipt on a Saturday, mairie open on Saturday morning",
    calendar: "mairie-siege",
    from: "2026-03-07T10:00:00+01:00",
    hours: 4,
    expected: "2026-03-09T10:30:00+01:00",
    why: "Sat 10:00-12:00 = 2h, Sunday closed, Mon 08:30 + 2h = 10:30",
  },
  {
    name: "receipt on a Saturday, back-office closed on Saturday",
    calendar: "back-office",
    from: "2026-03-07T10:00:00+01:00",
    hours: 4,
    expected: "2026-03-09T12:30:00+01:00",
    why: "nothing before Mon 08:30; + 4h = 12:30 (end of the morning range)",
  },
  {
    name: "receipt on a Sunday",
    calendar: "mairie-siege",
    from: "2026-03-08T15:00:00+01:00",
    hours: 1,
    expected: "2026-03-09T09:30:00+01:00",
    why: "Sunday closed, Mon 08:30 + 1h",
  },
  {
    name: "annexe-matin Saturday then Tuesday",
    calendar: "annexe-matin",
    from: "2026-03-07T11:00:00+01:00",
    hours: 1,
    expected: "2026-03-10T09:30:00+01:00",
    why: "Sat 11:00-11:30 = 0.5h, Sun and Mon closed, Tue 09:00 + 0.5h",
  },
  {
    name: "annexe-matin from Tuesday to Thursday",
    calendar: "annexe-matin",
    from: "2026-03-03T11:00:00+01:00",
    hours: 3,
    expected: "2026-03-05T11:00:00+01:00",
    why: "Tue 11:00-12:00 = 1h, Thu 09:00 + 2h = 11:00",
  },
  {
    name: "eve of Armistice (10 Nov 2026, a Tuesday)",
    calendar: "mairie-siege",
    from: "2026-11-10T16:00:00+01:00",
    hours: 3,
    expected: "2026-11-12T10:00:00+01:00",
    why: "Tue 16:00-17:30 = 1.5h, Wed 11 Nov holiday, Thu 08:30 + 1.5h = 10:00",
  },
  {
    name: "Christmas Eve (Thu 24 Dec 2026) on the late-opening calendar",
    calendar: "mairie-siege",
    from: "2026-12-24T18:00:00+01:00",
    hours: 2,
    expected: "2026-12-26T10:00:00+01:00",
    why: "Thu 18:00-19:00 = 1h, Fri 25 Dec holiday, Sat 09:00 + 1h = 10:00",
  },
  {
    name: "Christmas Eve on the back-office calendar",
    calendar: "back-office",
    from: "2026-12-24T16:00:00+01:00",
    hours: 2,
    expected: "2026-12-28T09:00:00+01:00",
    why: "Thu 16:00-17:30 = 1.5h, Fri 25 Dec holiday, weekend, Mon 08:30 + 0.5h",
  },
  {
    name: "eve of 1 May (Thu 30 Apr 2026)",
    calendar: "back-office",
    from: "2026-04-30T17:00:00+02:00",
    hours: 4.5,
    expected: "2026-05-04T12:30:00+02:00",
    why: "Thu 17:00-17:30 = 0.5h, Fri 1 May holiday, weekend, Mon 08:30 + 4h = 12:30",
  },
  {
    name: "Ascension 2026 (Thu 14 May), france-services closed on Wednesday afternoon",
    calendar: "france-services",
    from: "2026-05-13T11:30:00+02:00",
    hours: 2,
    expected: "2026-05-15T10:00:00+02:00",
    why: "Wed 11:30-12:30 = 1h, Wed afternoon closed, Thu 14 May holiday, Fri 09:00 + 1h",
  },
  {
    name: "Ascension 2026 on annexe-matin",
    calendar: "annexe-matin",
    from: "2026-05-12T11:00:00+02:00",
    hours: 2,
    expected: "2026-05-16T10:30:00+02:00",
    why: "Tue 11:00-12:00 = 1h, Thu 14 May holiday, Sat 09:30 + 1h",
  },
  {
    name: "Whit Monday 2026 (25 May)",
    calendar: "mairie-siege",
    from: "2026-05-23T11:00:00+02:00",
    hours: 2,
    expected: "2026-05-26T09:30:00+02:00",
    why: "Sat 11:00-12:00 = 1h, Sunday, Mon 25 May holiday, Tue 08:30 + 1h",
  },
  {
    name: "Easter Monday 2026 (6 Apr) on annexe-apres-midi",
    calendar: "annexe-apres-midi",
    from: "2026-04-03T16:00:00+02:00",
    hours: 5,
    expected: "2026-04-08T17:30:00+02:00",
    why: "Fri 16:00-17:30 = 1.5h, Mon 6 Apr holiday, Wed 14:00-17:30 = 3.5h, total 5h at the closing",
  },
  {
    name: "spring DST change over the weekend of 29 March 2026",
    calendar: "back-office",
    from: "2026-03-27T16:00:00+01:00",
    hours: 3,
    expected: "2026-03-30T10:30:00+02:00",
    why: "Fri 16:00-17:00 = 1h (+01:00), Mon 08:30 + 2h = 10:30, now +02:00",
  },
  {
    name: "autumn DST change over the weekend of 25 October 2026",
    calendar: "back-office",
    from: "2026-10-23T16:00:00+02:00",
    hours: 3,
    expected: "2026-10-26T10:30:00+01:00",
    why: "Fri 16:00-17:00 = 1h (+02:00), Mon 08:30 + 2h = 10:30, now +01:00",
  },
  {
    name: "multi-week: 120h on mairie-siege",
    calendar: "mairie-siege",
    from: "2026-03-02T08:30:00+01:00",
    hours: 120,
    expected: "2026-03-19T17:30:00+01:00",
    why: "weeks of 2 and 9 Mar = 88h; Mon 16, Tue 17, Wed 18 = 24h (112h); Thu 19: 4h morning + 13:30 + 4h = 17:30",
  },
  {
    name: "multi-week: 400h on back-office, across Easter Monday, 1 May and 8 May, Ascension",
    calendar: "back-office",
    from: "2026-03-02T08:30:00+01:00",
    hours: 400,
    expected: "2026-05-15T12:30:00+02:00",
    why:
      "5 full weeks from 2 Mar = 197.5h; week of 6 Apr minus Easter Monday = 31.5 (229); 13 and 20 Apr = 79 (308); " +
      "27 Apr minus Fri 1 May = 32 (340); 4 May minus Fri 8 May = 32 (372); Mon-Wed 11-13 May = 24 (396); " +
      "Thu 14 Ascension; Fri 15 08:30 + 4h = 12:30",
  },
];

describe("addBusinessHours on the Loire-Authion calendars", () => {
  it.each(dueCases)("$name ($calendar, $from + $hours h): $why", ({ calendar, from, hours, expected }) => {
    expectInstant(addBusinessHours(loireAuthionCalendar(calendar), new Date(from), hours), expected);
  });

  it("works with fractional hours to the millisecond", () => {
    // 20 minutes = 1/3 h from Mon 08:30 -> 08:50.
    const due = addBusinessHours(loireAuthionCalendar("mairie-siege"), new Date("2026-03-02T08:30:00+01:00"), 1 / 3);
    expectInstant(due, "2026-03-02T08:50:00+01:00");
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])("rejects a target of %s hours", (hours) => {
    expect(() => addBusinessHours(loireAuthionCalendar("mairie-siege"), new Date(), hours)).toThrow(CalendarError);
  });

  it("rejects an invalid Date", () => {
    expect(() => addBusinessHours(loireAuthionCalendar("mairie-siege"), new Date("nope"), 1)).toThrow(
      /not a valid Date/,
    );
  });
});

describe("real elapsed time across DST on a round-the-clock calendar", () => {
  const allDay = Calendar.from({
    id: "always",
    holidays: "none",
    weekly: Object.fromEntries(
      ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"].map((day) => [
        day,
        ["00:00-24:00"],
      ]),
    ),
  });

  it.each([
    // Sun 29 Mar 2026 lasts 23h: 24 elapsed hours from Sat 12:00 reach Sun 13:00 wall time.
    ["2026-03-28T12:00:00+01:00", 24, "2026-03-29T13:00:00+02:00"],
    // Sun 25 Oct 2026 lasts 25h: 24 elapsed hours from Sat 12:00 reach Sun 11:00 wall time.
    ["2026-10-24T12:00:00+02:00", 24, "2026-10-25T11:00:00+01:00"],
  ] as const)("%s + %sh = %s", (from, hours, expected) => {
    expectInstant(addBusinessHours(allDay, new Date(from), hours), expected);
  });

  it.each([
    ["2026-03-28T12:00:00+01:00", "2026-03-29T12:00:00+02:00", 23],
    ["2026-10-24T12:00:00+02:00", "2026-10-25T12:00:00+01:00", 25],
  ] as const)("between %s and %s: %sh", (from, to, hours) => {
    expect(businessHoursBetween(allDay, new Date(from), new Date(to))).toBe(hours);
  });
});

interface BetweenCase {
  calendar: LoireAuthionCalendarId;
  from: string;
  to: string;
  hours: number;
  why: string;
}

const betweenCases: BetweenCase[] = [
  {
    calendar: "mairie-siege",
    from: "2026-03-02T08:00:00+01:00",
    to: "2026-03-02T18:00:00+01:00",
    hours: 8,
    why: "a whole Monday",
  },
  {
    calendar: "mairie-siege",
    from: "2026-03-02T10:15:00+01:00",
    to: "2026-03-02T14:45:00+01:00",
    hours: 3.5,
    why: "10:15-12:30 = 2.25h, 13:30-14:45 = 1.25h",
  },
  {
    calendar: "mairie-siege",
    from: "2026-03-06T17:00:00+01:00",
    to: "2026-03-09T09:30:00+01:00",
    hours: 4,
    why: "Fri closes at 17:00, Sat 09:00-12:00 = 3h, Mon 08:30-09:30 = 1h",
  },
  {
    calendar: "mairie-siege",
    from: "2026-03-02T00:00:00+01:00",
    to: "2026-03-09T00:00:00+01:00",
    hours: 44,
    why: "a full week: 8 + 8 + 8 + 9.5 + 7.5 + 3",
  },
  {
    calendar: "back-office",
    from: "2026-05-04T00:00:00+02:00",
    to: "2026-05-11T00:00:00+02:00",
    hours: 32,
    why: "Mon-Thu 4 x 8h, Fri 8 May holiday",
  },
  {
    calendar: "france-services",
    from: "2026-05-13T00:00:00+02:00",
    to: "2026-05-16T00:00:00+02:00",
    hours: 10,
    why: "Wed morning 3.5h, Thu 14 May Ascension, Fri 3.5 + 3 = 6.5h",
  },
  {
    calendar: "back-office",
    from: "2026-03-27T16:00:00+01:00",
    to: "2026-03-30T10:30:00+02:00",
    hours: 3,
    why: "across the spring change: Fri 1h + Mon 2h (not 3 days of clock time)",
  },
  {
    calendar: "mairie-siege",
    from: "2026-03-08T10:00:00+01:00",
    to: "2026-03-08T18:00:00+01:00",
    hours: 0,
    why: "Sunday",
  },
  {
    calendar: "mairie-siege",
    from: "2026-03-02T10:00:00+01:00",
    to: "2026-03-02T10:00:00+01:00",
    hours: 0,
    why: "empty",
  },
  {
    calendar: "mairie-siege",
    from: "2026-03-02T12:00:00+01:00",
    to: "2026-03-02T10:00:00+01:00",
    hours: 0,
    why: "to before from: no time elapsed",
  },
];

describe("businessHoursBetween on the Loire-Authion calendars", () => {
  it.each(betweenCases)("$calendar $from -> $to = $hours h ($why)", ({ calendar, from, to, hours }) => {
    expect(businessHoursBetween(loireAuthionCalendar(calendar), new Date(from), new Date(to))).toBe(hours);
  });
});

describe("pauses (clock stopped while waiting for the citizen)", () => {
  const backOffice = loireAuthionCalendar("back-office");
  const at = (iso: string) => new Date(iso);
  const pause = (start: string, end: string) => ({ start: at(start), end: at(end) });

  it.each([
    {
      name: "no pause",
      from: "2026-03-02T09:00:00+01:00",
      hours: 8,
      pauses: [],
      expected: "2026-03-03T09:00:00+01:00",
      why: "Mon 09:00-12:30 3.5h + 13:30-17:30 4h = 7.5h, Tue 08:30 + 0.5h",
    },
    {
      name: "a pause over lunch pushes the deadline by the open time it covers",
      from: "2026-03-02T09:00:00+01:00",
      hours: 8,
      pauses: [pause("2026-03-02T10:00:00+01:00", "2026-03-02T14:00:00+01:00")],
      expected: "2026-03-03T12:00:00+01:00",
      why: "pause covers 10:00-12:30 and 13:30-14:00 = 3h of open time; Mon counts 1h + 3.5h, Tue 08:30-12:00 = 3.5h",
    },
    {
      name: "overlapping pauses count once",
      from: "2026-03-02T09:00:00+01:00",
      hours: 8,
      pauses: [
        pause("2026-03-02T11:00:00+01:00", "2026-03-02T14:00:00+01:00"),
        pause("2026-03-02T10:00:00+01:00", "2026-03-02T12:00:00+01:00"),
      ],
      expected: "2026-03-03T12:00:00+01:00",
      why: "same as one pause 10:00-14:00",
    },
    {
      name: "a pause over the weekend",
      from: "2026-03-06T15:00:00+01:00",
      hours: 2,
      pauses: [pause("2026-03-06T16:00:00+01:00", "2026-03-10T10:00:00+01:00")],
      expected: "2026-03-10T11:00:00+01:00",
      why: "Fri 15:00-16:00 = 1h, paused until Tue 10:00, + 1h",
    },
    {
      name: "a pause that began before the receipt",
      from: "2026-03-02T09:00:00+01:00",
      hours: 1,
      pauses: [pause("2026-03-02T08:00:00+01:00", "2026-03-02T10:00:00+01:00")],
      expected: "2026-03-02T11:00:00+01:00",
      why: "the clock starts at 10:00",
    },
    {
      name: "the target used up exactly when a pause starts",
      from: "2026-03-02T09:00:00+01:00",
      hours: 1,
      pauses: [pause("2026-03-02T10:00:00+01:00", "2026-03-02T11:00:00+01:00")],
      expected: "2026-03-02T10:00:00+01:00",
      why: "1h is reached at 10:00, before the pause: like a range's end, the deadline is that instant",
    },
    {
      name: "an empty pause is ignored",
      from: "2026-03-02T09:00:00+01:00",
      hours: 1,
      pauses: [pause("2026-03-02T09:30:00+01:00", "2026-03-02T09:30:00+01:00")],
      expected: "2026-03-02T10:00:00+01:00",
      why: "zero-length",
    },
  ])("$name: $why", ({ from, hours, pauses, expected }) => {
    const due = addBusinessHours(backOffice, at(from), hours, pauses);
    expectInstant(due, expected);
    expect(businessHoursBetween(backOffice, at(from), due, pauses)).toBe(hours);
  });

  it("excludes pauses from elapsed time", () => {
    // Mon 09:00 -> Tue 12:00 is 3.5 + 4 + 3.5 = 11h of open time; the pause covers 3h of it.
    const pauses = [pause("2026-03-02T10:00:00+01:00", "2026-03-02T14:00:00+01:00")];
    expect(businessHoursBetween(backOffice, at("2026-03-02T09:00:00+01:00"), at("2026-03-03T12:00:00+01:00"))).toBe(11);
    expect(
      businessHoursBetween(backOffice, at("2026-03-02T09:00:00+01:00"), at("2026-03-03T12:00:00+01:00"), pauses),
    ).toBe(8);
  });

  it("rejects a pause that ends before it starts", () => {
    const reversed = [pause("2026-03-02T11:00:00+01:00", "2026-03-02T10:00:00+01:00")];
    expect(() => addBusinessHours(backOffice, at("2026-03-02T09:00:00+01:00"), 1, reversed)).toThrow(
      /pause #0 ends .* before it starts/,
    );
  });
});
