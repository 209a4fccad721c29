import { addBusinessHours, businessHoursBetween } from "./business-hours.arithmetic.ts";
import { CalendarError } from "./calendar.error.ts";
import type { Calendar } from "./calendar.model.ts";
import { addCalendarDuration } from "./calendar-duration.arithmetic.ts";
import { parseInstant } from "./instant.parser.ts";
import { addJoursOuvres, joursOuvresBetween } from "./jours-ouvres.arithmetic.ts";
import { formatWithOffset } from "./time-zone.util.ts";

export interface SlaDueArgs {
  calendar: string;
  /** ISO 8601 instant with offset */
  from: string;
  businessHours?: number;
  joursOuvres?: number;
  months?: number;
}

export interface SlaElapsedArgs {
  calendar: string;
  from: string;
  to: string;
}

/**
 * `guichet sla due --calendar ID --from ISO (--business-hours H | --jours-ouvres N | --months P)`.
 * Exactly one target. Jours ouvrés and months use the calendar's time zone and holiday region but
 * not its opening hours (they are legal delays). The deadline is written with the calendar's local
 * offset. Every invalid input is a CalendarError (the CLI prints its message and exits 2).
 */
export function slaDue(calendars: ReadonlyMap<string, Calendar>, args: SlaDueArgs): { deadline: string } {
  const calendar = findCalendar(calendars, args.calendar);
  const from = parseInstant(args.from);
  const targets = (["businessHours", "joursOuvres", "months"] as const).filter((key) => args[key] !== undefined);
  if (targets.length !== 1) {
    throw new CalendarError(
      "invalid-arguments",
      targets.length === 0
        ? "Give one target: business hours, jours ouvrés or months"
        : `Give only one target, got ${targets.join(" and ")}`,
    );
  }
  let deadline: Date;
  if (args.businessHours !== undefined) {
    deadline = addBusinessHours(calendar, from, args.businessHours);
  } else if (args.joursOuvres !== undefined) {
    deadline = addJoursOuvres(from, args.joursOuvres, { timeZone: calendar.timeZone, holidays: calendar.holidays });
  } else {
    deadline = addCalendarDuration(from, `P${positiveInteger(args.months, "Months")}M`, {
      timeZone: calendar.timeZone,
    });
  }
  return { deadline: formatWithOffset(deadline, calendar.timeZone) };
}

/**
 * `guichet sla elapsed --calendar ID --from ISO --to ISO`: business hours on the calendar, rounded
 * to 2 decimals, and complete jours ouvrés (see joursOuvresBetween). `to` before `from` is an error
 * here, unlike in the library functions, because on a command line it is a typing mistake.
 */
export function slaElapsed(
  calendars: ReadonlyMap<string, Calendar>,
  args: SlaElapsedArgs,
): { businessHours: number; joursOuvres: number } {
  const calendar = findCalendar(calendars, args.calendar);
  const from = parseInstant(args.from);
  const to = parseInstant(args.to);
  if (to.getTime() < from.getTime()) {
    throw new CalendarError("invalid-arguments", `--to (${args.to}) is before --from (${args.from})`);
  }
  const hours = businessHoursBetween(calendar, from, to);
  return {
    businessHours: Math.round(hours * 100) / 100,
    joursOuvres: joursOuvresBetween(from, to, { timeZone: calendar.timeZone, holidays: calendar.holidays }),
  };
}

function findCalendar(calendars: ReadonlyMap<string, Calendar>, id: string): Calendar {
  const calendar = calendars.get(id);
  if (!calendar) {
    const known = [...calendars.keys()].sort().join(", ");
    throw new CalendarError("unknown-calendar", `Unknown calendar "${id}" (known: ${known || "none"})`);
  }
  return calendar;
}

function positiveInteger(value: number | undefined, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new CalendarError("invalid-duration", `${what} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
