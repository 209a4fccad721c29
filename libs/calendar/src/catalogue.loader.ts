import { parse } from "yaml";
import { CalendarError } from "./calendar.error.ts";
import { Calendar } from "./calendar.model.ts";
import { type CalendarDefinition, type HolidayRegion, WEEKDAYS, type Weekday } from "./calendar.types.ts";

/** Catalogue keys (snake_case, as in data/loire-authion/catalog.yaml) beside the weekdays. */
const CLOSED_DATES = "closed_dates";
const EXCEPTIONAL_OPENINGS = "exceptional_openings";

/**
 * Builds every calendar of a catalogue YAML (such as data/loire-authion/catalog.yaml). Reads only
 * `commune.timezone` (default Europe/Paris), `commune.public_holidays` ("FR" by default, or "none")
 * and `calendars:`, a map of id to weekday ranges with optional `closed_dates: [YYYY-MM-DD]` and
 * `exceptional_openings: { YYYY-MM-DD: [ranges] }`. Any other key inside a calendar is an error, so a
 * misspelt weekday ("wenesday") fails loudly instead of silently closing that day.
 */
export function loadCalendars(catalogYamlText: string): Map<string, Calendar> {
  const root = parseYaml(catalogYamlText);
  const commune = optionalMapping(root.commune, "commune");
  const timeZone = optionalString(commune?.timezone, "commune.timezone");
  const holidays = parseHolidayRegion(commune?.public_holidays);
  const calendars = optionalMapping(root.calendars, "calendars");
  if (!calendars) throw new CalendarError("invalid-catalogue", "The catalogue has no `calendars:` section");
  const loaded = new Map<string, Calendar>();
  for (const [id, body] of Object.entries(calendars)) {
    loaded.set(id, Calendar.from(toDefinition(id, body, timeZone, holidays)));
  }
  return loaded;
}

function toDefinition(
  id: string,
  body: unknown,
  timeZone: string | undefined,
  holidays: HolidayRegion,
): CalendarDefinition {
  const entries = optionalMapping(body, `calendars.${id}`);
  if (!entries) throw new CalendarError("invalid-catalogue", `calendars.${id} must map weekdays to ranges`);
  const weekly: Partial<Record<Weekday, string[]>> = {};
  const definition: CalendarDefinition = { id, weekly, holidays, ...(timeZone ? { timeZone } : {}) };
  for (const [key, value] of Object.entries(entries)) {
    if (WEEKDAYS.includes(key as Weekday)) weekly[key as Weekday] = value as string[];
    else if (key === CLOSED_DATES) definition.closedDates = value as string[];
    else if (key === EXCEPTIONAL_OPENINGS) {
      definition.exceptionalOpenings = optionalMapping(value, `calendars.${id}.${key}`) as Record<string, string[]>;
    } else {
      throw new CalendarError(
        "invalid-catalogue",
        `calendars.${id}: unknown key "${key}" (expected monday ... sunday, ${CLOSED_DATES}, ${EXCEPTIONAL_OPENINGS})`,
      );
    }
  }
  // Calendar.from checks the shapes cast above (lists of "HH:MM-HH:MM", dates) with precise messages.
  return definition;
}

function parseYaml(text: string): Record<string, unknown> {
  let root: unknown;
  try {
    root = parse(text);
  } catch (error) {
    throw new CalendarError("invalid-catalogue", `The catalogue is not valid YAML: ${(error as Error).message}`);
  }
  const mapping = optionalMapping(root, "the catalogue");
  if (!mapping) throw new CalendarError("invalid-catalogue", "The catalogue is empty");
  return mapping;
}

function optionalMapping(value: unknown, where: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw new CalendarError("invalid-catalogue", `${where} must be a mapping`);
  }
  return value as Record<string, unknown>;
}

function optionalString(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new CalendarError("invalid-catalogue", `${where} must be a string`);
  return value;
}

function parseHolidayRegion(value: unknown): HolidayRegion {
  if (value === undefined || value === null) return "FR";
  if (value === "FR" || value === "none") return value;
  throw new CalendarError(
    "invalid-catalogue",
    `commune.public_holidays must be "FR" or "none", got ${JSON.stringify(value)}`,
  );
}
