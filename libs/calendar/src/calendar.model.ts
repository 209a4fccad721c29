import { CalendarError } from "./calendar.error.ts";
import { type CalendarDefinition, type HolidayRegion, WEEKDAYS, type Weekday } from "./calendar.types.ts";
import { MS_PER_DAY, MS_PER_MINUTE, parseLocalDate, weekdayIndexOf } from "./local-date.util.ts";
import { type MinuteRange, parseDayRanges } from "./opening-hours.parser.ts";
import { isHolidayEpochDay } from "./public-holidays.util.ts";
import { instantFromLocal, resolveTimeZone } from "./time-zone.util.ts";

const NO_RANGES: readonly MinuteRange[] = [];
const NO_INTERVALS: readonly number[] = [];
/** Enough for decades of days on one calendar; past it the cache is simply dropped and refilled. */
const DAY_CACHE_LIMIT = 50_000;

/**
 * A validated, immutable opening-hours calendar. Build it with `Calendar.from`; query it with the
 * functions of this package (isOpen, addBusinessHours, ...), which all share its per-day cache of
 * opening intervals: converting local times to instants is the expensive step, done once per day.
 */
export class Calendar {
  readonly id: string;
  readonly timeZone: string;
  readonly holidays: HolidayRegion;
  /** The definition as validated (defaults filled in), frozen. */
  readonly definition: Readonly<CalendarDefinition>;
  readonly #weekly: readonly (readonly MinuteRange[])[];
  readonly #closed: ReadonlySet<number>;
  readonly #exceptional: ReadonlyMap<number, readonly MinuteRange[]>;
  readonly #intervalsByDay = new Map<number, readonly number[]>();

  private constructor(
    definition: Readonly<CalendarDefinition> & { timeZone: string; holidays: HolidayRegion },
    weekly: readonly (readonly MinuteRange[])[],
    closed: ReadonlySet<number>,
    exceptional: ReadonlyMap<number, readonly MinuteRange[]>,
  ) {
    this.id = definition.id;
    this.timeZone = definition.timeZone;
    this.holidays = definition.holidays;
    this.definition = definition;
    this.#weekly = weekly;
    this.#closed = closed;
    this.#exceptional = exceptional;
  }

  /** Validates a definition; throws CalendarError naming the calendar, the day and the faulty range. */
  static from(definition: CalendarDefinition): Calendar {
    if (typeof definition !== "object" || definition === null) {
      throw new CalendarError("invalid-definition", "A calendar definition must be an object");
    }
    const { id } = definition;
    if (typeof id !== "string" || id.trim() === "") {
      throw new CalendarError("invalid-definition", "A calendar needs a non-empty string id");
    }
    const where = `Calendar "${id}"`;
    const timeZone = resolveTimeZone(definition.timeZone, "invalid-definition");
    const holidays = definition.holidays ?? "FR";
    if (holidays !== "FR" && holidays !== "none") {
      throw new CalendarError(
        "invalid-definition",
        `${where}: holidays must be "FR" or "none", got "${String(holidays)}"`,
      );
    }
    const weekly = parseWeekly(where, definition.weekly);
    const closed = parseClosedDates(where, definition.closedDates ?? []);
    const exceptional = parseExceptionalOpenings(where, definition.exceptionalOpenings ?? {}, closed, holidays);
    const normalised = deepFreeze({
      id,
      timeZone,
      holidays,
      weekly: structuredClone(definition.weekly),
      closedDates: [...(definition.closedDates ?? [])],
      exceptionalOpenings: structuredClone(definition.exceptionalOpenings ?? {}),
    });
    return new Calendar(normalised, weekly, closed, exceptional);
  }

  /**
   * @internal
   * Local opening ranges of a day (epoch day) once holidays, closed dates and exceptional openings
   * are applied.
   */
  rangesOnDay(epochDay: number): readonly MinuteRange[] {
    if (this.#closed.has(epochDay)) return NO_RANGES;
    const exceptional = this.#exceptional.get(epochDay);
    if (exceptional) return exceptional;
    const ranges = this.#weekly[weekdayIndexOf(epochDay)] ?? NO_RANGES;
    if (ranges.length === 0 || isHolidayEpochDay(epochDay, this.holidays)) return NO_RANGES;
    return ranges;
  }

  /**
   * @internal
   * Opening intervals of a day as a flat, increasing list of epoch milliseconds
   * [start0, end0, start1, end1, ...]; flat numbers keep the hot loops free of allocations.
   */
  intervalsOnDay(epochDay: number): readonly number[] {
    const cached = this.#intervalsByDay.get(epochDay);
    if (cached) return cached;
    const ranges = this.rangesOnDay(epochDay);
    const intervals = ranges.length === 0 ? NO_INTERVALS : this.#toInstants(epochDay, ranges);
    if (this.#intervalsByDay.size >= DAY_CACHE_LIMIT) this.#intervalsByDay.clear();
    this.#intervalsByDay.set(epochDay, intervals);
    return intervals;
  }

  #toInstants(epochDay: number, ranges: readonly MinuteRange[]): readonly number[] {
    const midnight = epochDay * MS_PER_DAY;
    const intervals: number[] = [];
    for (const [start, end] of ranges) {
      const startMs = instantFromLocal(this.timeZone, midnight + start * MS_PER_MINUTE);
      const endMs = instantFromLocal(this.timeZone, midnight + end * MS_PER_MINUTE);
      // A range lying wholly inside the spring-forward gap does not exist that day.
      if (endMs > startMs) intervals.push(startMs, endMs);
    }
    return intervals;
  }
}

function parseWeekly(where: string, weekly: unknown): (readonly MinuteRange[])[] {
  if (typeof weekly !== "object" || weekly === null || Array.isArray(weekly)) {
    throw new CalendarError("invalid-definition", `${where}: weekly must map weekdays to lists of ranges`);
  }
  const byName = weekly as Record<string, unknown>;
  for (const key of Object.keys(byName)) {
    if (!WEEKDAYS.includes(key as Weekday)) {
      throw new CalendarError("invalid-definition", `${where}: unknown weekday "${key}" (use monday ... sunday)`);
    }
  }
  const parsed = WEEKDAYS.map((day) =>
    byName[day] === undefined ? NO_RANGES : parseDayRanges(`${where}: ${day}`, byName[day]),
  );
  // A calendar that never opens would make every business-hours deadline walk forever.
  if (parsed.every((ranges) => ranges.length === 0)) {
    throw new CalendarError("invalid-definition", `${where}: no opening range on any weekday`);
  }
  return parsed;
}

function parseClosedDates(where: string, dates: unknown): Set<number> {
  if (!Array.isArray(dates)) throw new CalendarError("invalid-definition", `${where}: closedDates must be a list`);
  return new Set(dates.map((date) => parseDate(`${where}: closed date`, date)));
}

function parseExceptionalOpenings(
  where: string,
  openings: unknown,
  closed: ReadonlySet<number>,
  holidays: HolidayRegion,
): Map<number, readonly MinuteRange[]> {
  if (typeof openings !== "object" || openings === null || Array.isArray(openings)) {
    throw new CalendarError("invalid-definition", `${where}: exceptionalOpenings must map dates to lists of ranges`);
  }
  const parsed = new Map<number, readonly MinuteRange[]>();
  for (const [date, ranges] of Object.entries(openings)) {
    const day = parseDate(`${where}: exceptional opening`, date);
    if (closed.has(day)) {
      throw new CalendarError(
        "invalid-definition",
        `${where}: ${date} is both a closed date and an exceptional opening`,
      );
    }
    if (isHolidayEpochDay(day, holidays)) {
      throw new CalendarError("invalid-definition", `${where}: ${date} is a public holiday, it cannot open`);
    }
    parsed.set(day, parseDayRanges(`${where}: ${date}`, ranges));
  }
  return parsed;
}

function parseDate(where: string, date: unknown): number {
  const day = typeof date === "string" ? parseLocalDate(date) : undefined;
  if (day === undefined) {
    throw new CalendarError("invalid-definition", `${where} ${JSON.stringify(date)} is not a local date YYYY-MM-DD`);
  }
  return day;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
