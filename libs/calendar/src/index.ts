// Public entry of @guichet/calendar: every calendar computation of Guichet goes through here.
export { addBusinessHours, businessHoursBetween } from "./business-hours.arithmetic.ts";
export { CalendarError, type CalendarErrorCode } from "./calendar.error.ts";
export { Calendar } from "./calendar.model.ts";
export type {
  CalendarDefinition,
  CalendarDurationOptions,
  HolidayRegion,
  Interval,
  JoursOuvresOptions,
  OpeningRange,
  Weekday,
} from "./calendar.types.ts";
export {
  addCalendarDuration,
  type CalendarDuration,
  type CalendarDurationUnit,
  parseCalendarDuration,
} from "./calendar-duration.arithmetic.ts";
export { loadCalendars } from "./catalogue.loader.ts";
export { parseInstant } from "./instant.parser.ts";
export { addJoursOuvres, isJourOuvre, joursOuvresBetween } from "./jours-ouvres.arithmetic.ts";
export { isOpen, nextOpening, openingRangesOn } from "./opening-hours.query.ts";
export { isPublicHoliday, type PublicHoliday, publicHolidays } from "./public-holidays.util.ts";
export { type SlaDueArgs, type SlaElapsedArgs, slaDue, slaElapsed } from "./sla-cli.adapter.ts";
export { DEFAULT_TIME_ZONE, END_OF_DAY_LOCAL_TIME, endOfLocalDay, formatWithOffset } from "./time-zone.util.ts";
