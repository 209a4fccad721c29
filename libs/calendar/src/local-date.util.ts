/**
 * Local calendar dates as "epoch days" (days since 1970-01-01 on the proleptic Gregorian calendar).
 * An integer is cheap to hash, compare and increment, which the day-by-day walks rely on; it knows
 * nothing of time zones: converting to instants is time-zone.util.ts's job.
 */
export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Latest supported local date: beyond it ISO 8601 output needs an expanded year. */
export const MAX_EPOCH_DAY = Date.UTC(9999, 11, 31) / MS_PER_DAY;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CivilDate {
  year: number;
  /** 1 to 12 */
  month: number;
  day: number;
}

export function epochDayOf(year: number, month: number, day: number): number {
  return utcMidnight(year, month - 1, day) / MS_PER_DAY;
}

// setUTCFullYear rather than Date.UTC, which reads years 0 to 99 as 1900 to 1999.
function utcMidnight(year: number, monthIndex: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date.getTime();
}

export function civilDateOf(epochDay: number): CivilDate {
  const date = new Date(epochDay * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(utcMidnight(year, month, 0)).getUTCDate();
}

/**
 * Gregorian year of an epoch day without allocating a Date (H. Hinnant's civil_from_days),
 * for the per-day hot paths.
 */
export function yearOfEpochDay(epochDay: number): number {
  const shifted = epochDay + 719_468; // days since 0000-03-01
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  return yearOfEra + era * 400 + (monthIndex >= 10 ? 1 : 0);
}

/** 0 = Sunday ... 6 = Saturday, like Date#getUTCDay. */
export function weekdayIndexOf(epochDay: number): number {
  // 1970-01-01 was a Thursday (index 4); the double modulo keeps dates before 1970 positive.
  return (((epochDay + 4) % 7) + 7) % 7;
}

/** Parses a strict "YYYY-MM-DD" into an epoch day; undefined for anything else (2026-02-30 included). */
export function parseLocalDate(text: string): number | undefined {
  const match = LOCAL_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return epochDayOf(year, month, day);
}

export function formatLocalDate(epochDay: number): string {
  const { year, month, day } = civilDateOf(epochDay);
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, "0");
}
