import { describe, expect, it } from "vitest";
import { CalendarError } from "./calendar.error.ts";
import { isPublicHoliday, publicHolidays } from "./public-holidays.util.ts";

/** Gregorian Easter Sunday (anonymous / Meeus-Jones-Butcher computus), an independent check of date-holidays. */
function easterSunday(year: number): Date {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return new Date(Date.UTC(year, month - 1, day));
}

function plusDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

describe("French public holidays", () => {
  it("lists exactly the 11 public holidays of 2026", () => {
    expect(publicHolidays(2026).map((holiday) => holiday.date)).toEqual([
      "2026-01-01",
      "2026-04-06", // Easter Monday (Easter Sunday 5 Apr)
      "2026-05-01",
      "2026-05-08",
      "2026-05-14", // Ascension = Easter + 39
      "2026-05-25", // Whit Monday = Easter + 50
      "2026-07-14",
      "2026-08-15",
      "2026-11-01",
      "2026-11-11",
      "2026-12-25",
    ]);
  });

  it.each([
    ["2026-04-05", false, "Easter Sunday is an observance, not a public holiday"],
    ["2026-05-24", false, "Pentecost Sunday likewise"],
    ["2026-12-26", false, "Saint-Étienne is only an Alsace-Moselle holiday"],
    ["2026-04-03", false, "Good Friday likewise"],
    ["2026-08-15", true, "Assumption, even on a Saturday"],
    ["2026-11-01", true, "All Saints, even on a Sunday"],
    ["2027-03-29", true, "Easter Monday 2027"],
  ] as const)("%s -> %s (%s)", (date, expected, _why) => {
    expect(isPublicHoliday(date)).toBe(expected);
  });

  it("agrees with the computus for Easter-based holidays, 2000 to 2100", () => {
    for (let year = 2000; year <= 2100; year++) {
      const easter = easterSunday(year);
      const dates = publicHolidays(year).map((holiday) => holiday.date);
      const expected = [plusDays(easter, 1), plusDays(easter, 39), plusDays(easter, 50)];
      for (const date of expected) expect(dates, `${year}`).toContain(date);
      expect(dates.length, `${year}`).toBe(11);
    }
  });

  it("rejects malformed dates and unsupported countries", () => {
    expect(() => isPublicHoliday("14/07/2026")).toThrow(CalendarError);
    expect(() => isPublicHoliday("2026-07-14", "DE" as "FR")).toThrow(/Unsupported holiday country/);
  });
});
