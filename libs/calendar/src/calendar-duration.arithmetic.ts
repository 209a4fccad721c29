import { CalendarError } from "./calendar.error.ts";
import type { CalendarDurationOptions } from "./calendar.types.ts";
import { civilDateOf, daysInMonth, epochDayOf, MAX_EPOCH_DAY, MS_PER_DAY } from "./local-date.util.ts";
import { instantFromLocal, instantMs, offsetMs, resolveTimeZone } from "./time-zone.util.ts";

export type CalendarDurationUnit = "years" | "months" | "days";

export interface CalendarDuration {
  amount: number;
  unit: CalendarDurationUnit;
}

// One component only: legal delays are "2 mois", "15 jours", never "1 month and 3 days", and
// accepting mixed forms would raise questions (order of application) the law does not answer.
const DURATION = /^P(\d{1,6})([YMD])$/;
const UNITS: Record<string, CalendarDurationUnit> = { Y: "years", M: "months", D: "days" };

/** Parses "P2M", "P15D", "P1Y"; anything else (P1W, P1Y2M, PT1H, P0M, p2m) is a CalendarError. */
export function parseCalendarDuration(isoDuration: string): CalendarDuration {
  const match = typeof isoDuration === "string" ? DURATION.exec(isoDuration) : null;
  const unit = UNITS[match?.[2] ?? ""];
  const amount = Number(match?.[1]);
  if (!match || !unit) {
    throw new CalendarError(
      "invalid-duration",
      `Unsupported duration ${JSON.stringify(isoDuration)}: expected ISO 8601 PnY, PnM or PnD (e.g. P2M, P15D)`,
    );
  }
  if (amount === 0) throw new CalendarError("invalid-duration", `Duration "${isoDuration}" must be positive`);
  return { amount, unit };
}

/**
 * Adds calendar years, months or days to the local date of `from`, keeping its local wall-clock
 * time (legal decision delays: receipt + 2 months). A day missing from the target month is clamped
 * to that month's last day: 31 December + P2M = 28 (or 29) February, 31 March + P1M = 30 April.
 * Years are 12 months (29 February + P1Y = 28 February). Days are calendar days, not 24-hour
 * periods, so the wall-clock time survives DST changes. A wall time that does not exist on the
 * target date (spring-forward gap) moves forward by the gap; an ambiguous one takes its first occurrence.
 */
export function addCalendarDuration(from: Date, isoDuration: string, options?: CalendarDurationOptions): Date {
  const timeZone = resolveTimeZone(options?.timeZone);
  const fromMs = instantMs(from, "from");
  const { amount, unit } = parseCalendarDuration(isoDuration);
  const wallMs = fromMs + offsetMs(timeZone, fromMs);
  const day = Math.floor(wallMs / MS_PER_DAY);
  const timeOfDay = wallMs - day * MS_PER_DAY;
  const target = unit === "days" ? day + amount : addMonths(day, unit === "years" ? amount * 12 : amount);
  if (target > MAX_EPOCH_DAY)
    throw new CalendarError("out-of-range", `${isoDuration} after ${from.toISOString()} falls after year 9999`);
  return new Date(instantFromLocal(timeZone, target * MS_PER_DAY + timeOfDay));
}

function addMonths(epochDay: number, months: number): number {
  const { year, month, day } = civilDateOf(epochDay);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  return epochDayOf(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}
