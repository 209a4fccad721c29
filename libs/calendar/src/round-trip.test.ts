import { describe, expect, it } from "vitest";
import { addBusinessHours, businessHoursBetween } from "./business-hours.arithmetic.ts";
import type { Interval } from "./calendar.types.ts";
import { addJoursOuvres, joursOuvresBetween } from "./jours-ouvres.arithmetic.ts";
import { loireAuthion } from "./loire-authion.fixture.ts";
import { isOpen } from "./opening-hours.query.ts";
import { seededRandom } from "./test-helpers.fixture.ts";

// Random instants over 2026-2027 (both DST changes of each year, every holiday), fixed seed.
const START = Date.parse("2026-01-01T00:00:00+01:00");
const END = Date.parse("2028-01-01T00:00:00+01:00");
const CASES = 400;
const TOLERANCE_HOURS = 1e-6;

function randomPauses(random: () => number, from: number): Interval[] {
  const count = Math.floor(random() * 3);
  return Array.from({ length: count }, () => {
    const start = from + Math.floor(random() * 30 * 86_400_000) - 86_400_000;
    return { start: new Date(start), end: new Date(start + Math.floor(random() * 3 * 86_400_000)) };
  });
}

describe("round trips over 2026-2027", () => {
  for (const [id, calendar] of loireAuthion) {
    it(`businessHoursBetween(from, addBusinessHours(from, h)) = h on ${id}`, () => {
      const random = seededRandom(id.length * 7919);
      for (let index = 0; index < CASES; index++) {
        const from = new Date(START + Math.floor(random() * (END - START)));
        const hours = Math.round(random() * 400 * 60) / 60 || 0.25;
        const pauses = random() < 0.3 ? randomPauses(random, from.getTime()) : [];
        const due = addBusinessHours(calendar, from, hours, pauses);
        const context = `${from.toISOString()} + ${hours}h with ${pauses.length} pauses -> ${due.toISOString()}`;
        expect(Math.abs(businessHoursBetween(calendar, from, due, pauses) - hours), context).toBeLessThan(
          TOLERANCE_HOURS,
        );
        // The deadline is the earliest such instant: the clock was running just before it.
        if (pauses.length === 0) expect(isOpen(calendar, new Date(due.getTime() - 1)), context).toBe(true);
      }
    });
  }

  it("joursOuvresBetween(from, addJoursOuvres(from, n)) = n, and n - 1 one millisecond earlier", () => {
    const random = seededRandom(42);
    for (let index = 0; index < CASES; index++) {
      const from = new Date(START + Math.floor(random() * (END - START)));
      const days = 1 + Math.floor(random() * 30);
      const due = addJoursOuvres(from, days);
      const context = `${from.toISOString()} + ${days} -> ${due.toISOString()}`;
      expect(joursOuvresBetween(from, due), context).toBe(days);
      expect(joursOuvresBetween(from, new Date(due.getTime() - 1)), context).toBe(days - 1);
    }
  });
});
