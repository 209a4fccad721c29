import { describe, expect, it } from "vitest";
import { CalendarError } from "./calendar.error.ts";
import { parseInstant } from "./instant.parser.ts";
import { loireAuthion } from "./loire-authion.fixture.ts";
import { type SlaDueArgs, slaDue, slaElapsed } from "./sla-cli.adapter.ts";

describe("slaDue (guichet sla due)", () => {
  it.each([
    [
      { calendar: "mairie-siege", from: "2026-03-02T07:30:00Z", businessHours: 8 },
      "2026-03-02T17:30:00+01:00",
      "Mon 08:30 local + 8h = 17:30 (4h + 4h around lunch)",
    ],
    [
      { calendar: "back-office", from: "2026-03-02T08:30:00+01:00", businessHours: 400 },
      "2026-05-15T12:30:00+02:00",
      "see business-hours.test.ts: 400h land on Fri 15 May 12:30",
    ],
    [
      { calendar: "back-office", from: "2026-04-30T10:00:00+02:00", joursOuvres: 5 },
      "2026-05-11T23:59:59.999+02:00",
      "Mon 4 .. Thu 7, 8 May holiday, Mon 11",
    ],
    [
      { calendar: "mairie-siege", from: "2026-12-31T09:00:00+01:00", months: 2 },
      "2027-02-28T09:00:00+01:00",
      "31 Dec + 2 months clamped to 28 Feb",
    ],
  ] as const)("%j -> %s (%s)", (args, deadline, _why) => {
    expect(slaDue(loireAuthion, args)).toEqual({ deadline });
  });

  it.each<[Partial<SlaDueArgs>, RegExp]>([
    [{ calendar: "mairie", businessHours: 8 }, /Unknown calendar "mairie" \(known: annexe-apres-midi, .*\)/],
    [{ from: "2026-03-02 08:30", businessHours: 8 }, /not an ISO 8601 instant/],
    [{ from: "2026-03-02T08:30:00", businessHours: 8 }, /with an offset/],
    [{ from: "2026-02-30T08:30:00Z", businessHours: 8 }, /not an ISO 8601 instant/],
    [{ from: "yesterday", businessHours: 8 }, /not an ISO 8601 instant/],
    [{ businessHours: 0 }, /positive finite number/],
    [{ businessHours: -2 }, /positive finite number/],
    [{ businessHours: Number.NaN }, /positive finite number/],
    [{ businessHours: Number.POSITIVE_INFINITY }, /positive finite number/],
    [{ joursOuvres: 0 }, /positive integer/],
    [{ joursOuvres: 1.5 }, /positive integer/],
    [{ months: -1 }, /positive integer/],
    [{ months: 0.5 }, /positive integer/],
    [{}, /Give one target/],
    [{ businessHours: 8, joursOuvres: 2 }, /Give only one target, got businessHours and joursOuvres/],
  ])("rejects %j", (override, message) => {
    const args = { calendar: "mairie-siege", from: "2026-03-02T08:30:00+01:00", ...override };
    expect(() => slaDue(loireAuthion, args)).toThrow(CalendarError);
    expect(() => slaDue(loireAuthion, args)).toThrow(message);
  });
});

describe("slaElapsed (guichet sla elapsed)", () => {
  it.each([
    [
      { calendar: "back-office", from: "2026-04-30T10:00:00+02:00", to: "2026-05-11T23:59:59.999+02:00" },
      { businessHours: 46.5, joursOuvres: 5 },
      "Thu 30 Apr 10:00-17:30 = 6.5h, Mon-Thu 4-7 May 32h, Mon 11 May 8h; jours ouvrés 4, 5, 6, 7, 11 May",
    ],
    [
      { calendar: "mairie-siege", from: "2026-03-02T08:30:00+01:00", to: "2026-03-02T08:50:00+01:00" },
      { businessHours: 0.33, joursOuvres: 0 },
      "20 minutes = 0.333h, rounded to 2 decimals",
    ],
    [
      { calendar: "mairie-siege", from: "2026-03-06T17:00:00+01:00", to: "2026-03-10T08:00:00Z" },
      { businessHours: 11.5, joursOuvres: 1 },
      "to = Tue 09:00 local; Fri closes at 17:00, Sat 3h + Mon 8h + Tue 08:30-09:00 0.5h; only Mon 9 is a complete jour ouvré",
    ],
  ] as const)("%j -> %j", (args, expected, _why) => {
    expect(slaElapsed(loireAuthion, args)).toEqual(expected);
  });

  it("rejects --to before --from", () => {
    const args = { calendar: "mairie-siege", from: "2026-03-03T08:00:00Z", to: "2026-03-02T08:00:00Z" };
    expect(() => slaElapsed(loireAuthion, args)).toThrow(/--to .* is before --from/);
  });
});

describe("parseInstant", () => {
  it.each([
    ["2026-03-02T08:30:00+01:00", "2026-03-02T07:30:00.000Z"],
    ["2026-03-02T08:30+01:00", "2026-03-02T07:30:00.000Z"],
    ["2026-03-02T07:30:00Z", "2026-03-02T07:30:00.000Z"],
    ["2026-03-02T07:30:00.5Z", "2026-03-02T07:30:00.500Z"],
    ["2026-03-02T07:30:00.123456Z", "2026-03-02T07:30:00.123Z"],
    ["2026-03-01T22:00:00-05:30", "2026-03-02T03:30:00.000Z"],
  ])("%s", (text, iso) => {
    expect(parseInstant(text).toISOString()).toBe(iso);
  });

  it.each(["2026-03-02T24:00:00Z", "2026-03-02T08:30:00+25:00", "2026-03-02", "2026-03-02T08:30:00z", ""])(
    "rejects %j",
    (text) => {
      expect(() => parseInstant(text)).toThrow(CalendarError);
    },
  );
});
