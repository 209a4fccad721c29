import { CalendarError } from "./calendar.error.ts";
import { pad } from "./local-date.util.ts";

/** Minutes since local midnight, [start, end); end may be 1440 ("24:00"). */
export type MinuteRange = readonly [start: number, end: number];

const RANGE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const MINUTES_PER_DAY = 1440;

/**
 * Parses the ranges of one day ("08:30-12:30") and checks they are sorted and do not overlap.
 * Ranges that touch ("08:00-12:00", "12:00-14:00") are merged: they are one opening, and merging
 * keeps "the deadline is the range's end" from stopping at a boundary that is not a closing.
 * `where` names the calendar and the day in messages, e.g. `Calendar "mairie-siege": thursday`.
 */
export function parseDayRanges(where: string, ranges: unknown): MinuteRange[] {
  if (!Array.isArray(ranges)) {
    throw new CalendarError("invalid-definition", `${where}: expected a list of "HH:MM-HH:MM" ranges`);
  }
  const parsed: [number, number][] = [];
  for (const range of ranges) {
    const [start, end] = parseRange(where, range);
    const previous = parsed.at(-1);
    if (previous && start < previous[1]) {
      throw new CalendarError(
        "invalid-definition",
        `${where}: range "${String(range)}" overlaps or precedes "${formatRange(previous)}" (ranges must be sorted and not overlap)`,
      );
    }
    if (previous && start === previous[1]) previous[1] = end;
    else parsed.push([start, end]);
  }
  return parsed;
}

function parseRange(where: string, range: unknown): [number, number] {
  const match = typeof range === "string" ? RANGE.exec(range) : null;
  if (!match) {
    throw new CalendarError("invalid-definition", `${where}: range ${JSON.stringify(range)} is not "HH:MM-HH:MM"`);
  }
  const start = toMinutes(match[1], match[2]);
  const end = toMinutes(match[3], match[4]);
  if (start === undefined || end === undefined || start >= MINUTES_PER_DAY) {
    throw new CalendarError("invalid-definition", `${where}: range "${range}" has an invalid time (00:00 to 24:00)`);
  }
  if (start >= end) {
    throw new CalendarError("invalid-definition", `${where}: range "${range}" must start before it ends`);
  }
  return [start, end];
}

function toMinutes(hours: string | undefined, minutes: string | undefined): number | undefined {
  const h = Number(hours);
  const m = Number(minutes);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return undefined;
  return h * 60 + m;
}

export function formatRange([start, end]: MinuteRange): string {
  return `${formatMinutes(start)}-${formatMinutes(end)}`;
}

function formatMinutes(minutes: number): string {
  return `${pad(Math.floor(minutes / 60), 2)}:${pad(minutes % 60, 2)}`;
}
