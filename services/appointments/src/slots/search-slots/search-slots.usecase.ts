import { appointmentRepository } from "../../booking/appointment.repository.ts";
import type { BookingContext } from "../../booking/booking.context.ts";
import { poolExecutor } from "../../booking/pool-executor.ts";
import type { Offer } from "../../directory/offer-directory.ts";
import { addDays, freeSlots, localDateOf, type Slot, slotGrid } from "../slot-search.ts";

export interface SearchSlotsQuery {
  offers: readonly Offer[];
  /** First local date (YYYY-MM-DD); today when absent. */
  from?: string;
  days: number;
  by: "citizen" | "agent";
}

/**
 * Free slots of several offers over a few days: the grid from the calendars, minus the desks held
 * by appointments, read in one query for all the offers.
 */
export class SearchSlotsUseCase {
  constructor(private readonly context: BookingContext) {}

  async execute(query: SearchSlotsQuery): Promise<Map<string, Slot[]>> {
    const now = this.context.now();
    const today = localDateOf(now);
    const from = query.from && query.from > today ? query.from : today;
    const lastDay = addDays(today, this.context.rules.horizonDays);
    const days = Math.max(0, Math.min(query.days, dayDifference(from, lastDay) + 1));
    const bookable = query.offers.filter((offer) => offer.booking === "slots");
    const grids = new Map(bookable.map((offer) => [offer.id, slotGrid(offer, from, days)]));
    const starts = [...grids.values()].flat();
    const result = new Map<string, Slot[]>();
    if (starts.length === 0) return result;
    const rangeStart = new Date(starts.reduce((min, slot) => Math.min(min, slot.start.getTime()), Infinity));
    const rangeEnd = new Date(starts.reduce((max, slot) => Math.max(max, slot.end.getTime()), -Infinity));
    const busy = await appointmentRepository.busy(
      poolExecutor(this.context.pool),
      [...grids.keys()],
      rangeStart,
      rangeEnd,
    );
    const earliest = new Date(
      now.getTime() + (query.by === "citizen" ? this.context.rules.minNoticeMinutes * 60_000 : 0),
    );
    for (const offer of bookable)
      result.set(offer.id, freeSlots(offer, grids.get(offer.id) ?? [], busy.get(offer.id) ?? [], earliest));
    return result;
  }
}

function dayDifference(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
