import { CalendarError } from "./calendar.error.ts";
import type { Calendar } from "./calendar.model.ts";
import type { OpeningRange } from "./calendar.types.ts";
import { MS_PER_DAY, MS_PER_MINUTE, parseLocalDate } from "./local-date.util.ts";
import { OpenTimeCursor } from "./open-time.cursor.ts";
import { formatRange } from "./opening-hours.parser.ts";
import { instantFromLocal, instantMs, localEpochDayOf } from "./time-zone.util.ts";

const NO_PAUSES: readonly number[] = [];

/** Whether the calendar is open at an instant; ranges are half-open, so at 12:30 of "08:30-12:30" it is closed. */
export function isOpen(calendar: Calendar, at: Date): boolean {
  const ms = instantMs(at, "at");
  const intervals = calendar.intervalsOnDay(localEpochDayOf(calendar.timeZone, ms));
  for (let index = 0; index < intervals.length; index += 2) {
    if (ms >= (intervals[index] ?? 0) && ms < (intervals[index + 1] ?? 0)) return true;
  }
  return false;
}

/**
 * Earliest instant at or after `at` at which the calendar is open: `at` itself when it is open
 * then, otherwise the start of the next opening range (holidays and closed dates skipped).
 * This is where a business-hours clock started at `at` begins to run.
 */
export function nextOpening(calendar: Calendar, at: Date): Date {
  const cursor = new OpenTimeCursor(calendar, instantMs(at, "at"), NO_PAUSES);
  cursor.advance();
  return new Date(cursor.start);
}

/**
 * Opening ranges of a local date (YYYY-MM-DD) in the calendar's time zone, after public holidays,
 * closed dates and exceptional openings; empty on a closed day.
 */
export function openingRangesOn(calendar: Calendar, localDate: string): OpeningRange[] {
  const day = parseLocalDate(localDate);
  if (day === undefined) throw new CalendarError("invalid-arguments", `"${localDate}" is not a local date YYYY-MM-DD`);
  const midnight = day * MS_PER_DAY;
  return calendar.rangesOnDay(day).map((range) => ({
    start: new Date(instantFromLocal(calendar.timeZone, midnight + range[0] * MS_PER_MINUTE)),
    end: new Date(instantFromLocal(calendar.timeZone, midnight + range[1] * MS_PER_MINUTE)),
    local: formatRange(range),
  }));
}
