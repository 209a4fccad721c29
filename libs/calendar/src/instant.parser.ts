import { CalendarError } from "./calendar.error.ts";
import { daysInMonth, epochDayOf, MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE } from "./local-date.util.ts";

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/**
 * Parses an ISO 8601 instant: a date, a time and an offset ("Z" or ±HH:MM) are all required,
 * because a local time without offset is ambiguous and Date.parse would silently read it in the
 * machine's time zone. Impossible fields (2026-02-30, 24:00, +25:00) are rejected rather than
 * rolled over. Fractions beyond milliseconds are truncated.
 */
export function parseInstant(text: string): Date {
  const match = typeof text === "string" ? INSTANT.exec(text) : null;
  const invalid = () =>
    new CalendarError(
      "invalid-instant",
      `${JSON.stringify(text)} is not an ISO 8601 instant with an offset (e.g. 2026-03-02T08:30:00+01:00 or 2026-03-02T07:30:00Z)`,
    );
  if (!match) throw invalid();
  const [year, month, day, hour, minute, second = 0] = match.slice(1, 7).map((field) => Number(field ?? 0));
  if (year === undefined || month === undefined || day === undefined || hour === undefined || minute === undefined) {
    throw invalid();
  }
  const millis = Number((match[7] ?? "").padEnd(3, "0").slice(0, 3));
  const offsetHours = Number(match[10] ?? 0);
  const offsetMinutes = Number(match[11] ?? 0);
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    throw invalid();
  }
  const offset = (match[9] === "-" ? -1 : 1) * (offsetHours * MS_PER_HOUR + offsetMinutes * MS_PER_MINUTE);
  const wall =
    epochDayOf(year, month, day) * MS_PER_DAY + hour * MS_PER_HOUR + minute * MS_PER_MINUTE + second * 1000 + millis;
  return new Date(wall - offset);
}
