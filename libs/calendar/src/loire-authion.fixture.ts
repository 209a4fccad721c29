import type { Calendar } from "./calendar.model.ts";
import { loadCalendars } from "./catalogue.loader.ts";

/**
 * The calendars of data/loire-authion/catalog.yaml, copied so that the hand-computed expectations
 * of the tests stay pinned to the hours they were computed on; catalogue.loader.test.ts checks the
 * real catalogue still matches. Weekly open time, used by the reasoning in the tests:
 *   mairie-siege       Mon-Wed 8h, Thu 9.5h (late opening until 19:00), Fri 7.5h, Sat 3h = 44h
 *   back-office        Mon-Thu 8h, Fri 7.5h = 39.5h
 *   annexe-matin       Tue 3h, Thu 3h, Sat 2h = 8h
 *   annexe-apres-midi  Mon, Wed, Fri 3.5h = 10.5h
 *   france-services    Mon 7h, Tue 7h, Wed 3.5h (morning only), Thu 8.5h, Fri 6.5h = 32.5h
 */
const LOIRE_AUTHION_CALENDARS_YAML = `
commune:
  timezone: Europe/Paris
  public_holidays: FR
calendars:
  mairie-siege:
    monday:    ["08:30-12:30", "13:30-17:30"]
    tuesday:   ["08:30-12:30", "13:30-17:30"]
    wednesday: ["08:30-12:30", "13:30-17:30"]
    thursday:  ["08:30-12:30", "13:30-19:00"]
    friday:    ["08:30-12:30", "13:30-17:00"]
    saturday:  ["09:00-12:00"]
  back-office:
    monday:    ["08:30-12:30", "13:30-17:30"]
    tuesday:   ["08:30-12:30", "13:30-17:30"]
    wednesday: ["08:30-12:30", "13:30-17:30"]
    thursday:  ["08:30-12:30", "13:30-17:30"]
    friday:    ["08:30-12:30", "13:30-17:00"]
  annexe-matin:
    tuesday:   ["09:00-12:00"]
    thursday:  ["09:00-12:00"]
    saturday:  ["09:30-11:30"]
  annexe-apres-midi:
    monday:    ["14:00-17:30"]
    wednesday: ["14:00-17:30"]
    friday:    ["14:00-17:30"]
  france-services:
    monday:    ["09:00-12:30", "13:30-17:00"]
    tuesday:   ["09:00-12:30", "13:30-17:00"]
    wednesday: ["09:00-12:30"]
    thursday:  ["09:00-12:30", "13:30-18:30"]
    friday:    ["09:00-12:30", "13:30-16:30"]
`;

export type LoireAuthionCalendarId =
  | "mairie-siege"
  | "back-office"
  | "annexe-matin"
  | "annexe-apres-midi"
  | "france-services";

export const loireAuthion = loadCalendars(LOIRE_AUTHION_CALENDARS_YAML);

export function loireAuthionCalendar(id: LoireAuthionCalendarId): Calendar {
  const calendar = loireAuthion.get(id);
  if (!calendar) throw new Error(`fixture calendar ${id} missing`);
  return calendar;
}
