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

const WEEKDAYS: Record<string, string> = {
  monday: "lundi",
  tuesday: "mardi",
  wednesday: "mercredi",
  thursday: "jeudi",
  friday: "vendredi",
  saturday: "samedi",
  sunday: "dimanche",
};

/** "lundi", "mardi"… of a calendar weekday key. */
export function weekdayName(weekday: string): string {
  return WEEKDAYS[weekday] ?? weekday;
}
