import { CalendarError } from "./calendar.error.ts";
import type { Calendar } from "./calendar.model.ts";
import { formatLocalDate, MAX_EPOCH_DAY } from "./local-date.util.ts";
import { localEpochDayOf } from "./time-zone.util.ts";

/** A calendar with no opening for this long is broken (e.g. every date closed), not just quiet. */
const MAX_CONSECUTIVE_CLOSED_DAYS = 5 * 366;

/**
 * Walks the open time of a calendar from an instant onwards, one segment at a time: the opening
 * intervals of each local day, clipped to start at `from` and with the pauses cut out.
 * It moves range by range and day by day (never minute by minute), so a 400-hour target costs
 * about 70 days of work, mostly served from the calendar's per-day cache. A class with mutable
 * fields rather than a generator because this is the hot loop of every SLA computation.
 */
export class OpenTimeCursor {
  /** Current segment [start, end), epoch milliseconds; set by advance(). */
  start = 0;
  end = 0;
  readonly #calendar: Calendar;
  readonly #from: number;
  readonly #pauses: readonly number[];
  #pauseIndex = 0;
  #day: number;
  #intervals: readonly number[];
  #intervalIndex = 0;
  #pieceStart = 0;
  #pieceEnd = 0;
  #closedDays = 0;

  constructor(calendar: Calendar, fromMs: number, pauses: readonly number[]) {
    this.#calendar = calendar;
    this.#from = fromMs;
    this.#pauses = pauses;
    this.#day = localEpochDayOf(calendar.timeZone, fromMs);
    this.#intervals = calendar.intervalsOnDay(this.#day);
  }

  /** Moves to the next open segment; the stream never ends (it throws past year 9999). */
  advance(): void {
    for (;;) {
      if (this.#pieceStart < this.#pieceEnd) {
        if (this.#takePiece()) return;
      } else if (this.#intervalIndex < this.#intervals.length) {
        const start = this.#intervals[this.#intervalIndex] ?? 0;
        const end = this.#intervals[this.#intervalIndex + 1] ?? 0;
        this.#intervalIndex += 2;
        this.#pieceStart = Math.max(start, this.#from);
        this.#pieceEnd = end;
      } else {
        this.#nextDay();
      }
    }
  }

  /** Emits the part of the current opening interval before the next pause; false if a pause swallowed it. */
  #takePiece(): boolean {
    const pauses = this.#pauses;
    while (this.#pauseIndex < pauses.length && (pauses[this.#pauseIndex + 1] ?? 0) <= this.#pieceStart) {
      this.#pauseIndex += 2;
    }
    const pauseStart = pauses[this.#pauseIndex] ?? Number.POSITIVE_INFINITY;
    if (pauseStart > this.#pieceStart) {
      this.start = this.#pieceStart;
      this.end = Math.min(pauseStart, this.#pieceEnd);
      this.#pieceStart = this.end;
      return true;
    }
    // The pause covers the piece's start: skip to its end (possibly past the piece).
    this.#pieceStart = pauses[this.#pauseIndex + 1] ?? this.#pieceEnd;
    return false;
  }

  #nextDay(): void {
    this.#closedDays = this.#intervals.length === 0 ? this.#closedDays + 1 : 0;
    if (this.#closedDays > MAX_CONSECUTIVE_CLOSED_DAYS) {
      throw new CalendarError(
        "out-of-range",
        `Calendar "${this.#calendar.id}" has no opening for ${MAX_CONSECUTIVE_CLOSED_DAYS} days before ${formatLocalDate(this.#day)}`,
      );
    }
    this.#day += 1;
    if (this.#day > MAX_EPOCH_DAY) {
      throw new CalendarError("out-of-range", `Calendar "${this.#calendar.id}": the target falls after year 9999`);
    }
    this.#intervals = this.#calendar.intervalsOnDay(this.#day);
    this.#intervalIndex = 0;
  }
}
