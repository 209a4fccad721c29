/**
 * Slot search speed: free slots of every bookable offer of every Loire-Authion site over a month,
 * with a third of the slots already booked. Prints figures, never asserts them.
 * Run from the repository root: npx tsx services/appointments/bench/slot-search.bench.ts [runs]
 * Uses GUICHET_TEST_DATABASE_URL (or the local server) to create and drop a scratch database.
 */
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import { createPool, migrate, Outbox } from "@guichet/db";
import { createTestDatabase } from "@guichet/testing/servers";
import type { BookingContext } from "../src/booking/booking.context.ts";
import { PrivateLinks } from "../src/booking/private-link.ts";
import { loadOfferDirectory } from "../src/directory/offer-directory.ts";
import { SearchSlotsUseCase } from "../src/slots/search-slots/search-slots.usecase.ts";
import { resourcesOf, slotGrid } from "../src/slots/slot-search.ts";

const RUNS = Number(process.argv[2] ?? 20);
const DAYS = 31;
const FROM = "2027-03-01";
const data = (name: string) => fileURLToPath(new URL(`../../../data/loire-authion/${name}`, import.meta.url));

const directory = loadOfferDirectory(
  await readFile(data("catalog.yaml"), "utf8"),
  await readFile(data("appointments.yaml"), "utf8"),
);
const database = await createTestDatabase(
  process.env.GUICHET_TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
);
const pool = createPool(database.url, { applicationName: "appointments-bench" });
try {
  await migrate({
    connectionString: database.url,
    schema: "appointments",
    migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  console.log(
    `load average at start: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")} (${navigator.hardwareConcurrency} cores)`,
  );
  const offers = directory.offers.filter((offer) => offer.booking === "slots");
  const sites = new Set(offers.map((offer) => offer.site.id));
  // One slot in three taken, on its first desk: a busy month.
  let gridSlots = 0;
  const rows: unknown[][] = [];
  for (const offer of offers) {
    const grid = slotGrid(offer, FROM, DAYS);
    gridSlots += grid.length * offer.desks;
    grid.forEach((slot, index) => {
      if (index % 3 === 0)
        rows.push([randomUUID(), offer.id, offer.kind, offer.site.id, resourcesOf(offer)[0], slot.start, slot.end]);
    });
  }
  for (let start = 0; start < rows.length; start += 1000) {
    const batch = rows.slice(start, start + 1000);
    const values: unknown[] = [];
    const tuples = batch.map((row, index) => {
      values.push(...row);
      const p = (n: number) => `$${index * 7 + n}`;
      return `(${p(1)}::uuid, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, tstzrange(${p(6)}::timestamptz, ${p(7)}::timestamptz), 'web', 'Bench', 'email', md5(${p(1)}::text))`;
    });
    await pool.query(
      `INSERT INTO appointments.appointment (id, offer_id, kind, site_id, resource_id, during, channel, citizen_name, preferred_channel, token_hash)
       VALUES ${tuples.join(", ")}`,
      values,
    );
  }
  await pool.query("ANALYZE appointments.appointment");
  const context: BookingContext = {
    pool,
    outbox: new Outbox("appointments"),
    directory: () => directory,
    links: new PrivateLinks("bench-secret-bench-secret-bench-secret", "http://127.0.0.1:3000"),
    rules: { horizonDays: 366, minNoticeMinutes: 0 },
    now: () => new Date(`${FROM}T00:00:00+01:00`),
  };
  const search = new SearchSlotsUseCase(context);
  console.log(
    `${offers.length} bookable offers on ${sites.size} sites, ${gridSlots} desk-slots in ${DAYS} days, ${rows.length} booked`,
  );
  const timings: number[] = [];
  let free = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const result = await search.execute({ offers, from: FROM, days: DAYS, by: "agent" });
    timings.push(performance.now() - started);
    free = [...result.values()].reduce((sum, slots) => sum + slots.length, 0);
  }
  timings.sort((a, b) => a - b);
  const at = (q: number) => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))]?.toFixed(1);
  console.log(
    `month of slots, all sites, ${RUNS} runs: median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms (${free} free slots)`,
  );
  const one = offers[0];
  if (one) {
    const started = performance.now();
    for (let run = 0; run < RUNS; run++) await search.execute({ offers: [one], from: FROM, days: 7, by: "citizen" });
    console.log(
      `one offer, one week (a citizen's page): ${((performance.now() - started) / RUNS).toFixed(1)} ms per search`,
    );
  }
  console.log(
    `load average at end: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(", ")}`,
  );
} finally {
  await pool.end();
  await database.drop();
}
