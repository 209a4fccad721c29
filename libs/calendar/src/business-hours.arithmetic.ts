import { CalendarError } from "./calendar.error.ts";
import type { Calendar } from "./calendar.model.ts";
import type { Interval } from "./calendar.types.ts";
import { MS_PER_HOUR } from "./local-date.util.ts";
import { OpenTimeCursor } from "./open-time.cursor.ts";
import { normalisePauses } from "./pauses.util.ts";
import { instantMs } from "./time-zone.util.ts";

/**
 * Deadline of a target of `hours` business hours from `from`: the earliest instant at which that
 * much open time of the calendar has elapsed since `from`, pauses excluded. Consequences:
 * counting starts at the next opening when `from` is outside opening hours; a target that is used
 * up exactly at a range's end (or at a pause's start) falls due at that instant, not at the next
 * opening; pauses push the deadline back by the open time they cover.
 * Time is real elapsed time (a range spanning a DST change lasts what the clock says).
 * Precision: milliseconds (hours are rounded to the nearest millisecond).
 */
export function addBusinessHours(calendar: Calendar, from: Date, hours: number, pauses?: readonly Interval[]): Date {
  const fromMs = instantMs(from, "from");
  if (typeof hours !== "number" || !Number.isFinite(hours) || hours <= 0) {
    throw new CalendarError(
      "invalid-duration",
      `Business hours must be a positive finite number, got ${String(hours)}`,
    );
  }
  let remaining = Math.round(hours * MS_PER_HOUR);
  const cursor = new OpenTimeCursor(calendar, fromMs, normalisePauses(pauses));
  for (;;) {
    cursor.advance();
    const available = cursor.end - cursor.start;
    if (available >= remaining) return new Date(cursor.start + remaining);
    remaining -= available;
  }
}

/**
 * Open time of the calendar within [from, to), pauses excluded, in hours (a float; 20 minutes is
 * 0.333...). The inverse of addBusinessHours: businessHoursBetween(c, t, addBusinessHours(c, t, h)) === h
 * up to the millisecond. Returns 0 when `to` is not after `from`, so that a clock read slightly
 * before the start (skew between machines) reads "no time elapsed" rather than negative time.
 */
export function businessHoursBetween(calendar: Calendar, from: Date, to: Date, pauses?: readonly Interval[]): number {
  const fromMs = instantMs(from, "from");
  const toMs = instantMs(to, "to");
  if (toMs <= fromMs) return 0;
  const cursor = new OpenTimeCursor(calendar, fromMs, normalisePauses(pauses));
  let elapsed = 0;
  for (;;) {
    cursor.advance();
    if (cursor.start >= toMs) break;
    elapsed += Math.min(cursor.end, toMs) - cursor.start;
    if (cursor.end >= toMs) break;
  }
  return elapsed / MS_PER_HOUR;
}
