import { tzOffset } from "@date-fns/tz";
import { CalendarError, type CalendarErrorCode } from "./calendar.error.ts";
import { MS_PER_DAY, MS_PER_MINUTE, pad, parseLocalDate } from "./local-date.util.ts";

export const DEFAULT_TIME_ZONE = "Europe/Paris";

/**
 * Wall-clock time given to the end of a day: deadlines in "jours ouvrés" fall due at
 * 23:59:59.999 local time of their last day, i.e. the last representable millisecond before the
 * next local midnight, so "on day D" and "before the end of day D" mean the same thing.
 */
export const END_OF_DAY_LOCAL_TIME = "23:59:59.999";

const validTimeZones = new Set<string>();

/** Returns the time zone to use (default Europe/Paris) or throws when the runtime does not know it. */
export function resolveTimeZone(timeZone: string | undefined, code: CalendarErrorCode = "invalid-arguments"): string {
  const zone = timeZone ?? DEFAULT_TIME_ZONE;
  if (validTimeZones.has(zone)) return zone;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new CalendarError(code, `Unknown time zone "${zone}" (expected an IANA name such as Europe/Paris)`);
  }
  validTimeZones.add(zone);
  return zone;
}

/** Epoch milliseconds of a Date, refusing Invalid Date so that NaN never spreads through the arithmetic. */
export function instantMs(date: Date, what: string): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (Number.isNaN(ms)) throw new CalendarError("invalid-instant", `${what} is not a valid Date`);
  return ms;
}

/** Per zone, UTC day -> offset in force all that day, or NaN on a day with an offset change. */
const offsetByUtcDay = new Map<string, Map<number, number>>();
const OFFSET_CACHE_LIMIT = 100_000;

/**
 * Offset of the time zone from UTC at an instant, in milliseconds (+3_600_000 for Paris in winter).
 * Asking Intl is by far the most expensive step of every computation (microseconds a call), so the
 * answer is cached per UTC day when the offset is the same at both ends of the day: no zone
 * changes offset and back within 24 hours. Days with a change (two a year in Paris) ask Intl each time.
 */
export function offsetMs(timeZone: string, ms: number): number {
  let byDay = offsetByUtcDay.get(timeZone);
  if (!byDay) {
    byDay = new Map();
    offsetByUtcDay.set(timeZone, byDay);
  }
  const day = Math.floor(ms / MS_PER_DAY);
  let offset = byDay.get(day);
  if (offset === undefined) {
    const atStart = intlOffsetMs(timeZone, day * MS_PER_DAY);
    offset = atStart === intlOffsetMs(timeZone, (day + 1) * MS_PER_DAY - 1) ? atStart : Number.NaN;
    if (byDay.size >= OFFSET_CACHE_LIMIT) byDay.clear();
    byDay.set(day, offset);
  }
  return Number.isNaN(offset) ? intlOffsetMs(timeZone, ms) : offset;
}

function intlOffsetMs(timeZone: string, ms: number): number {
  return Math.round(tzOffset(timeZone, new Date(ms)) * MS_PER_MINUTE);
}

/** Epoch day of the local date on which an instant falls. */
export function localEpochDayOf(timeZone: string, ms: number): number {
  return Math.floor((ms + offsetMs(timeZone, ms)) / MS_PER_DAY);
}

/**
 * Instant of a local wall-clock time, written as milliseconds "as if UTC" (epochDay * MS_PER_DAY + time).
 * Disambiguation follows Temporal's "compatible" rule, the one people expect:
 * a time skipped by the spring change (02:30 on 29 March in Paris) is pushed forward by the length
 * of the gap (03:30+02:00); a time repeated by the autumn change takes its first occurrence.
 * Assumes at most one offset change within a day of the wall time, true of every IANA zone in use.
 */
export function instantFromLocal(timeZone: string, wallMs: number): number {
  const offsetBefore = offsetMs(timeZone, wallMs - MS_PER_DAY);
  const offsetAfter = offsetMs(timeZone, wallMs + MS_PER_DAY);
  const early = wallMs - offsetBefore;
  if (offsetBefore === offsetAfter) return early;
  const late = wallMs - offsetAfter;
  const earlyValid = offsetMs(timeZone, early) === offsetBefore;
  const lateValid = offsetMs(timeZone, late) === offsetAfter;
  if (earlyValid && lateValid) return Math.min(early, late);
  if (lateValid) return late;
  // Either only the earlier offset fits, or neither does (a gap): reading the wall time with the
  // offset in force before the change lands exactly "gap length" after it.
  return early;
}

/** Instant of END_OF_DAY_LOCAL_TIME on a local date. */
export function endOfEpochDayMs(timeZone: string, epochDay: number): number {
  return instantFromLocal(timeZone, (epochDay + 1) * MS_PER_DAY - 1);
}

/** End of a local day (YYYY-MM-DD), 23:59:59.999 in the time zone (default Europe/Paris). */
export function endOfLocalDay(localDate: string, timeZone?: string): Date {
  const zone = resolveTimeZone(timeZone);
  const day = parseLocalDate(localDate);
  if (day === undefined) throw new CalendarError("invalid-arguments", `"${localDate}" is not a local date YYYY-MM-DD`);
  return new Date(endOfEpochDayMs(zone, day));
}

/**
 * ISO 8601 with the local offset of the time zone (default Europe/Paris), seconds precision and
 * milliseconds only when non-zero: 2026-03-02T17:30:00+01:00, 2026-03-09T23:59:59.999+01:00.
 * UTC is written +00:00 rather than Z so that every output has the same shape.
 */
export function formatWithOffset(date: Date, timeZone?: string): string {
  const zone = resolveTimeZone(timeZone);
  const ms = instantMs(date, "date");
  const offset = offsetMs(zone, ms);
  const local = new Date(ms + offset);
  const year = local.getUTCFullYear();
  if (year < 0 || year > 9999) {
    throw new CalendarError("out-of-range", `${date.toISOString()} is outside years 0000-9999`);
  }
  const millis = local.getUTCMilliseconds();
  const fraction = millis === 0 ? "" : `.${pad(millis, 3)}`;
  return (
    `${pad(year, 4)}-${pad(local.getUTCMonth() + 1, 2)}-${pad(local.getUTCDate(), 2)}` +
    `T${pad(local.getUTCHours(), 2)}:${pad(local.getUTCMinutes(), 2)}:${pad(local.getUTCSeconds(), 2)}` +
    `${fraction}${formatOffset(offset)}`
  );
}

function formatOffset(offset: number): string {
  const sign = offset < 0 ? "-" : "+";
  const totalSeconds = Math.round(Math.abs(offset) / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  // Local mean time offsets before 1911 have seconds (Paris: +00:09:21); ISO has no field for them.
  const secondsPart = seconds === 0 ? "" : `:${pad(seconds, 2)}`;
  return `${sign}${pad(hours, 2)}:${pad(minutes, 2)}${secondsPart}`;
}
