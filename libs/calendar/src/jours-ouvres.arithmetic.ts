import { CalendarError } from "./calendar.error.ts";
import type { HolidayRegion, JoursOuvresOptions } from "./calendar.types.ts";
import { MAX_EPOCH_DAY, parseLocalDate, weekdayIndexOf } from "./local-date.util.ts";
import { isHolidayEpochDay } from "./public-holidays.util.ts";
import { endOfEpochDayMs, instantMs, localEpochDayOf, resolveTimeZone } from "./time-zone.util.ts";

/**
 * "Jours ouvrés": Monday to Friday except public holidays, whatever a site's opening hours
 * (the legal notion used for electronic receipts, L112-11, and for the targets of the catalogue).
 */
export function isJourOuvre(localDate: string, options?: JoursOuvresOptions): boolean {
  const { holidays } = resolveOptions(options);
  const day = parseLocalDate(localDate);
  if (day === undefined) throw new CalendarError("invalid-arguments", `"${localDate}" is not a local date YYYY-MM-DD`);
  return isJourOuvreDay(day, holidays);
}

/**
 * Deadline of N jours ouvrés from a receipt at `from`: the end (23:59:59.999 local, see
 * END_OF_DAY_LOCAL_TIME) of the Nth jour ouvré after the local day of receipt, that day not counted
 * even when it is itself a jour ouvré, nor when the receipt came at midnight.
 */
export function addJoursOuvres(from: Date, days: number, options?: JoursOuvresOptions): Date {
  const { timeZone, holidays } = resolveOptions(options);
  const fromMs = instantMs(from, "from");
  if (typeof days !== "number" || !Number.isInteger(days) || days <= 0) {
    throw new CalendarError("invalid-duration", `Jours ouvrés must be a positive integer, got ${String(days)}`);
  }
  let day = localEpochDayOf(timeZone, fromMs);
  for (let counted = 0; counted < days; ) {
    day += 1;
    if (day > MAX_EPOCH_DAY) throw new CalendarError("out-of-range", "The target falls after year 9999");
    if (isJourOuvreDay(day, holidays)) counted += 1;
  }
  return new Date(endOfEpochDayMs(timeZone, day));
}

/**
 * Jours ouvrés elapsed from `from` to `to`: the number of jours ouvrés d with
 * day(from) < d <= day(to) whose end (23:59:59.999 local) is at or before `to`, i.e. the complete
 * jours ouvrés after the day of receipt. It mirrors addJoursOuvres exactly:
 * joursOuvresBetween(t, addJoursOuvres(t, n)) === n, and one millisecond earlier it is n - 1,
 * so "elapsed >= target" and "now >= deadline" agree. 0 when `to` is not after `from`.
 */
export function joursOuvresBetween(from: Date, to: Date, options?: JoursOuvresOptions): number {
  const { timeZone, holidays } = resolveOptions(options);
  const fromMs = instantMs(from, "from");
  const toMs = instantMs(to, "to");
  if (toMs <= fromMs) return 0;
  const toDay = localEpochDayOf(timeZone, toMs);
  const lastComplete = toMs >= endOfEpochDayMs(timeZone, toDay) ? toDay : toDay - 1;
  let count = 0;
  for (let day = localEpochDayOf(timeZone, fromMs) + 1; day <= lastComplete; day++) {
    if (isJourOuvreDay(day, holidays)) count += 1;
  }
  return count;
}

function isJourOuvreDay(epochDay: number, holidays: HolidayRegion): boolean {
  const weekday = weekdayIndexOf(epochDay);
  return weekday >= 1 && weekday <= 5 && !isHolidayEpochDay(epochDay, holidays);
}

function resolveOptions(options: JoursOuvresOptions | undefined): { timeZone: string; holidays: HolidayRegion } {
  const holidays = options?.holidays ?? "FR";
  if (holidays !== "FR" && holidays !== "none") {
    throw new CalendarError("invalid-arguments", `holidays must be "FR" or "none", got "${String(holidays)}"`);
  }
  return { timeZone: resolveTimeZone(options?.timeZone), holidays };
}
