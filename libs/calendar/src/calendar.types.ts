export type Weekday = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

/** Indexed like `Date#getUTCDay()` (0 = Sunday), which is how day numbers are turned into weekdays. */
export const WEEKDAYS: readonly Weekday[] = [
  "sunday",
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
];

/** Which public holidays close a calendar: French ones (metropolitan list, no Alsace-Moselle extras) or none. */
export type HolidayRegion = "FR" | "none";

export interface CalendarDefinition {
  id: string;
  /** IANA time zone of the opening hours and day boundaries; default Europe/Paris. */
  timeZone?: string;
  /** Local opening ranges per weekday, "HH:MM-HH:MM", sorted and non-overlapping; "24:00" may end a day. */
  weekly: Partial<Record<Weekday, string[]>>;
  /** Default "FR": no opening on a French public holiday. */
  holidays?: HolidayRegion;
  /** Extra closed days (local YYYY-MM-DD), e.g. a "pont" or a move. */
  closedDates?: string[];
  /**
   * Exceptional opening hours of one local date (YYYY-MM-DD), replacing that date's weekly ranges:
   * a late opening before elections, an early closing on 24 December. It cannot open a public holiday.
   */
  exceptionalOpenings?: Record<string, string[]>;
}

/** A half-open interval [start, end) between two instants. */
export interface Interval {
  start: Date;
  end: Date;
}

/** One opening range of a given local date, as instants and as written in the definition. */
export interface OpeningRange extends Interval {
  /** "08:30-12:30", wall-clock time in the calendar's time zone. */
  local: string;
}

export interface JoursOuvresOptions {
  /** Time zone of the day boundaries; default Europe/Paris. */
  timeZone?: string;
  /** Default "FR". */
  holidays?: HolidayRegion;
}

export interface CalendarDurationOptions {
  /** Time zone whose wall-clock time is kept; default Europe/Paris. */
  timeZone?: string;
}
