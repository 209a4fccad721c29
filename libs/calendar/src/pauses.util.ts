import { CalendarError } from "./calendar.error.ts";
import type { Interval } from "./calendar.types.ts";
import { instantMs } from "./time-zone.util.ts";

const NO_PAUSES: readonly number[] = [];

/**
 * Turns pauses ("waiting for the citizen" periods, [start, end)) into a flat, sorted list of
 * disjoint epoch-millisecond intervals [s0, e0, s1, e1, ...]. Overlapping or touching pauses are
 * merged because a clock cannot be stopped twice; empty ones are dropped; reversed ones are errors.
 */
export function normalisePauses(pauses: readonly Interval[] | undefined): readonly number[] {
  if (pauses === undefined || pauses.length === 0) return NO_PAUSES;
  if (!Array.isArray(pauses)) throw new CalendarError("invalid-interval", "pauses must be a list of { start, end }");
  const intervals = pauses.map((pause, index) => {
    if (typeof pause !== "object" || pause === null) {
      throw new CalendarError("invalid-interval", `pause #${index} must be { start: Date, end: Date }`);
    }
    const start = instantMs(pause.start, `pause #${index} start`);
    const end = instantMs(pause.end, `pause #${index} end`);
    if (end < start) {
      throw new CalendarError(
        "invalid-interval",
        `pause #${index} ends (${pause.end.toISOString()}) before it starts (${pause.start.toISOString()})`,
      );
    }
    return [start, end] as const;
  });
  intervals.sort((a, b) => a[0] - b[0]);
  const flat: number[] = [];
  for (const [start, end] of intervals) {
    if (start === end) continue;
    const last = flat.length - 1;
    if (last > 0 && start <= (flat[last] ?? Number.NEGATIVE_INFINITY)) {
      flat[last] = Math.max(flat[last] ?? end, end);
    } else {
      flat.push(start, end);
    }
  }
  return flat;
}
