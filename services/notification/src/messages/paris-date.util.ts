import type { Locale } from "./town-identity.types.ts";
import { NBSP } from "./typography.util.ts";

/** A calendar day in Europe/Paris, "YYYY-MM-DD": legal dates are days, not instants. */
export type PlainDate = string;

/** Legal dates are those of the town, whatever the server's zone. */
export const LEGAL_TIME_ZONE = "Europe/Paris";

const parisParts = new Intl.DateTimeFormat("en-CA", {
  timeZone: LEGAL_TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  const found = parts.find((p) => p.type === type);
  if (!found) throw new Error(`Intl gave no ${type}`);
  return found.value;
}

/** The Paris calendar day of an instant: 2026-12-31T23:30Z is already 2027-01-01 in Paris. */
export function parisDay(instant: Date): PlainDate {
  const parts = parisParts.formatToParts(instant);
  return `${part(parts, "year")}-${part(parts, "month")}-${part(parts, "day")}`;
}

export function parisTime(instant: Date): { hour: number; minute: number } {
  const parts = parisParts.formatToParts(instant);
  return { hour: Number(part(parts, "hour")), minute: Number(part(parts, "minute")) };
}

const longDateFormats: Record<Locale, Intl.DateTimeFormat> = {
  fr: new Intl.DateTimeFormat("fr-FR", {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    timeZone: "UTC",
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }),
};

/** Noon UTC of the day: formatting it in UTC can never shift the day. */
function dayAsUtcNoon(day: PlainDate): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) throw new Error(`Not a plain date: ${day}`);
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
}

/**
 * "lundi 1er février 2027" / "Monday 1 February 2027"; without weekday: "28 novembre 2026".
 * Built from parts so the French ordinal "1er" and the order do not depend on the ICU version.
 */
export function formatLongDate(day: PlainDate, locale: Locale, options: { weekday?: boolean } = {}): string {
  const parts = longDateFormats[locale].formatToParts(dayAsUtcNoon(day));
  const dayNumber = part(parts, "day");
  const dayText = locale === "fr" && dayNumber === "1" ? "1er" : dayNumber;
  const date = [dayText, part(parts, "month"), part(parts, "year")].join(" ");
  return options.weekday === false ? date : `${part(parts, "weekday")} ${date}`;
}

/** "15 h 05" (French usage, unbreakable) or "15:05 (Paris time)". */
export function formatTime(instant: Date, locale: Locale): string {
  const { hour, minute } = parisTime(instant);
  const mm = String(minute).padStart(2, "0");
  return locale === "fr" ? `${hour}${NBSP}h${NBSP}${mm}` : `${String(hour).padStart(2, "0")}:${mm} (Paris time)`;
}

/** A Date for a day, at noon UTC: used where an instant is needed only to carry the day (PDF dates). */
export function plainDateToDate(day: PlainDate): Date {
  return dayAsUtcNoon(day);
}
