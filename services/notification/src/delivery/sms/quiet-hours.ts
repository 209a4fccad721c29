import { isPublicHoliday } from "@guichet/calendar";

/**
 * No SMS at night, on Sundays or on public holidays (Europe/Paris): a text waking someone at 23:00
 * about a pothole is not a public service. A message due in a quiet period is deferred to the next
 * allowed minute, never dropped.
 */
export interface QuietHours {
  /** Minutes after midnight when SMS stop, e.g. 20:00 → 1200. */
  startMinute: number;
  /** Minutes after midnight when SMS may go again, e.g. 08:00 → 480. */
  endMinute: number;
  sundaysAndHolidays: boolean;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { startMinute: 20 * 60, endMinute: 8 * 60, sundaysAndHolidays: true };

const parisParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  weekday: "short",
  hourCycle: "h23",
});

function paris(instant: Date): { day: string; minute: number; sunday: boolean } {
  const parts = Object.fromEntries(parisParts.formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    sunday: parts.weekday === "Sun",
  };
}

export function isQuiet(instant: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS): boolean {
  const { day, minute, sunday } = paris(instant);
  if (quiet.sundaysAndHolidays && (sunday || isPublicHoliday(day))) return true;
  return quiet.startMinute > quiet.endMinute
    ? minute >= quiet.startMinute || minute < quiet.endMinute
    : minute >= quiet.startMinute && minute < quiet.endMinute;
}

/**
 * `instant` itself when SMS are allowed, else the first allowed minute after it. Walks minute by
 * minute in 15-minute steps then refines: simple, DST-proof (Paris wall clock is re-read each step),
 * and bounded (a long weekend is a few hundred steps).
 */
export function nextAllowedInstant(instant: Date, quiet: QuietHours = DEFAULT_QUIET_HOURS): Date {
  if (!isQuiet(instant, quiet)) return instant;
  const step = 15 * 60_000;
  let t = Math.ceil(instant.getTime() / step) * step;
  for (let i = 0; i < 4 * 24 * 14 && isQuiet(new Date(t), quiet); i++) t += step;
  // Refine to the minute: the quiet end is on a minute boundary that may not be a quarter.
  let back = t;
  while (back - 60_000 > instant.getTime() && !isQuiet(new Date(back - 60_000), quiet)) back -= 60_000;
  return new Date(back);
}
