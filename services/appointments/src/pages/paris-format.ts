const day = new Intl.DateTimeFormat("fr-FR", {
  timeZone: "Europe/Paris",
  weekday: "long",
  day: "numeric",
  month: "long",
  year: "numeric",
});
const time = new Intl.DateTimeFormat("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" });

/** "mardi 8 décembre 2026" (Europe/Paris). */
export function parisDay(date: Date): string {
  return day.format(date);
}

/** "09:20" (Europe/Paris). */
export function parisTime(date: Date): string {
  return time.format(date);
}

/** "mardi 8 décembre 2026 de 09:20 à 09:40". */
export function parisSlot(start: Date, end: Date): string {
  return `${parisDay(start)} de ${parisTime(start)} à ${parisTime(end)}`;
}

// 4 January 2027 is a Monday: the French names of the days from there (Intl, no hand-kept list).
const WEEKDAY_KEYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const weekday = new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", weekday: "long" });
const WEEKDAY_NAMES = new Map(WEEKDAY_KEYS.map((key, index) => [key, weekday.format(Date.UTC(2027, 0, 4 + index))]));

/** "lundi", "mardi"… of a calendar weekday key. */
export function weekdayName(key: string): string {
  return WEEKDAY_NAMES.get(key) ?? key;
}
