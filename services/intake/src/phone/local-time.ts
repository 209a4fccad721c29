/**
 * Switchboards write local wall-clock times without an offset. Resolving them needs the zone's
 * rules: a time skipped by the spring change does not exist, one repeated by the autumn change has
 * two instants. Callers choose among the candidates with what else the row says (the duration).
 */

const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
// Every offset change of every zone in use falls on a quarter hour: one Intl call per zone and quarter.
const offsets = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds (+3_600_000 for Paris in winter). */
export function zoneOffsetMs(timeZone: string, ms: number): number {
  const quarter = Math.floor(ms / QUARTER_HOUR_MS);
  const key = `${timeZone}|${quarter}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const at = quarter * QUARTER_HOUR_MS;
    const parts: Record<string, number> = {};
    for (const part of formatter(timeZone).formatToParts(new Date(at))) {
      if (part.type !== "literal") parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      parts.year ?? 0,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    offset = wall - at;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/**
 * The instants (epoch ms, ascending) at which the zone's clocks showed this wall time: none in the
 * spring gap, two in the autumn overlap, one otherwise.
 */
export function instantsOfWallTime(timeZone: string, wall: WallTime): number[] {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const candidates = new Set([zoneOffsetMs(timeZone, asUtc - DAY_MS), zoneOffsetMs(timeZone, asUtc + DAY_MS)]);
  const instants: number[] = [];
  for (const offset of candidates) {
    const instant = asUtc - offset;
    if (zoneOffsetMs(timeZone, instant) === offset) instants.push(instant);
  }
  return instants.sort((a, b) => a - b);
}

/** Calendar date (YYYY-MM-DD) of an instant in the zone: "one callback per number and day" uses it. */
export function localDateOf(timeZone: string, ms: number): string {
  return new Date(ms + zoneOffsetMs(timeZone, ms)).toISOString().slice(0, 10);
}

/** Checks a time zone name once, at the edge, so that a typo is refused with its name. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}
