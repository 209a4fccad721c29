import { formatWithOffset, openingRangesOn } from "@guichet/calendar";
import type { Offer } from "../directory/offer-directory.ts";

export interface SlotTime {
  start: Date;
  end: Date;
  extended: boolean;
}

export interface Slot extends SlotTime {
  offerId: string;
  /** Desks still free for this slot (at least 1: full slots are not listed). */
  freeDesks: number;
}

/** An appointment that holds one desk of an offer. */
export interface BusyInterval {
  resourceId: string;
  start: Date;
  end: Date;
}

const MS_PER_MINUTE = 60_000;

/** The resource (desk) ids of an offer: what the database's exclusion constraint keeps apart. */
export function resourcesOf(offer: Pick<Offer, "id" | "desks">): string[] {
  return Array.from({ length: offer.desks }, (_, index) => `${offer.id}#${index + 1}`);
}

/** Local date (YYYY-MM-DD, Europe/Paris unless told) of an instant. */
export function localDateOf(at: Date, timeZone?: string): string {
  return formatWithOffset(at, timeZone).slice(0, 10);
}

export function addDays(localDate: string, days: number): string {
  const date = new Date(`${localDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/**
 * Every slot of an offer on `days` local dates from `fromDate`: consecutive slots of the offer's
 * duration from the start of each opening range (lunch breaks, public holidays, closed dates and
 * DST come from @guichet/calendar). A slot that lies in an extended-hours range is extended, also
 * where that range overlaps the ordinary hours.
 */
export function slotGrid(
  offer: Pick<Offer, "calendars" | "durationMinutes">,
  fromDate: string,
  days: number,
): SlotTime[] {
  const duration = offer.durationMinutes * MS_PER_MINUTE;
  const slots: SlotTime[] = [];
  for (let day = 0; day < days; day++) {
    const date = addDays(fromDate, day);
    const byStart = new Map<number, SlotTime>();
    for (const { calendar, extended } of offer.calendars) {
      for (const range of openingRangesOn(calendar, date)) {
        for (let start = range.start.getTime(); start + duration <= range.end.getTime(); start += duration) {
          const known = byStart.get(start);
          if (!known || extended)
            byStart.set(start, { start: new Date(start), end: new Date(start + duration), extended });
        }
      }
    }
    slots.push(...[...byStart.values()].sort((a, b) => a.start.getTime() - b.start.getTime()));
  }
  return slots;
}

/**
 * The slots a citizen may still take: not before `earliest`, with at least one desk free of any
 * overlapping appointment. `busy` must be sorted by start; one pass over slots and busy intervals.
 */
export function freeSlots(
  offer: Pick<Offer, "id" | "desks">,
  grid: readonly SlotTime[],
  busy: readonly BusyInterval[],
  earliest: Date,
): Slot[] {
  const free: Slot[] = [];
  let first = 0;
  for (const slot of grid) {
    if (slot.start < earliest) continue;
    // Busy intervals that ended before this slot can never overlap a later one (grid is sorted).
    while (first < busy.length && (busy[first]?.end.getTime() ?? 0) <= slot.start.getTime()) first++;
    const taken = new Set<string>();
    for (let index = first; index < busy.length; index++) {
      const interval = busy[index];
      if (!interval || interval.start >= slot.end) break;
      if (interval.end > slot.start) taken.add(interval.resourceId);
    }
    const freeDesks = offer.desks - taken.size;
    if (freeDesks > 0) free.push({ ...slot, offerId: offer.id, freeDesks });
  }
  return free;
}
