import Holidays from "date-holidays";
import { CalendarError } from "./calendar.error.ts";
import type { HolidayRegion } from "./calendar.types.ts";
import { parseLocalDate, yearOfEpochDay } from "./local-date.util.ts";

export interface PublicHoliday {
  /** Local date YYYY-MM-DD */
  date: string;
  /** French name from date-holidays, e.g. "Lundi de Pâques" */
  name: string;
}

/**
 * date-holidays is the source (its FR rules carry the Easter-based dates and their history);
 * "public" keeps the 11 statutory days of the Code du travail (L3133-1) and drops its
 * "observance" entries (Easter Sunday, Pentecost Sunday, Mother's Day), which close nothing.
 */
let holidaysFR: Holidays | undefined;
interface YearHolidays {
  list: readonly PublicHoliday[];
  /** Epoch days, so the hot path never builds a string. */
  days: ReadonlySet<number>;
}
const holidaysByYear = new Map<number, YearHolidays>();

function holidaysOfYear(year: number): YearHolidays {
  const cached = holidaysByYear.get(year);
  if (cached) return cached;
  holidaysFR ??= new Holidays("FR");
  const list = holidaysFR
    .getHolidays(year)
    .filter((holiday) => holiday.type === "public")
    // `date` is "YYYY-MM-DD hh:mm:ss" local time of the country: the day is its first 10 characters.
    .map((holiday) => ({ date: holiday.date.slice(0, 10), name: holiday.name }));
  const entry = { list, days: new Set(list.map((holiday) => parseLocalDate(holiday.date) ?? Number.NaN)) };
  holidaysByYear.set(year, entry);
  return entry;
}

/** French public holidays of a year, in date order. */
export function publicHolidays(year: number, country: "FR" = "FR"): PublicHoliday[] {
  if (country !== "FR")
    throw new CalendarError("invalid-arguments", `Unsupported holiday country "${String(country)}"`);
  if (!Number.isInteger(year) || year < 1 || year > 9999) {
    throw new CalendarError("invalid-arguments", `Year must be an integer from 1 to 9999, got ${year}`);
  }
  return [...holidaysOfYear(year).list];
}

/** Whether a local date (YYYY-MM-DD) is a French public holiday. */
export function isPublicHoliday(localDate: string, country: "FR" = "FR"): boolean {
  if (country !== "FR")
    throw new CalendarError("invalid-arguments", `Unsupported holiday country "${String(country)}"`);
  const day = parseLocalDate(localDate);
  if (day === undefined) throw new CalendarError("invalid-arguments", `"${localDate}" is not a local date YYYY-MM-DD`);
  return isHolidayEpochDay(day, "FR");
}

/** Epoch days of the holidays of every year loaded so far. */
const holidayDays = new Set<number>();
const loadedYears = new Set<number>();

/** Hot-path form used by the day-by-day walks: integer arithmetic and two Set lookups, no allocation. */
export function isHolidayEpochDay(epochDay: number, region: HolidayRegion): boolean {
  if (region === "none") return false;
  const year = yearOfEpochDay(epochDay);
  if (!loadedYears.has(year)) {
    for (const day of holidaysOfYear(year).days) holidayDays.add(day);
    loadedYears.add(year);
  }
  return holidayDays.has(epochDay);
}
