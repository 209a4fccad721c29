// Throughput of the hot paths, printed as calls per second (a benchmark, not a test: no assertion).
// Run from the repository root: npx node libs/calendar/bench/calendar.bench.ts
import { readFileSync } from "node:fs";
import {
  addBusinessHours,
  addJoursOuvres,
  businessHoursBetween,
  type Calendar,
  formatWithOffset,
  joursOuvresBetween,
  loadCalendars,
} from "../src/index.ts";

const catalogue = readFileSync(new URL("../../../data/loire-authion/catalog.yaml", import.meta.url), "utf8");
const calendars = [...loadCalendars(catalogue).values()];
const CALLS = 100_000;
const START = Date.parse("2026-01-01T00:00:00Z");
const SPAN = 2 * 365 * 86_400_000;
// Instants spread over 2026-2027 by a fixed stride, so every run measures the same work.
const instants = Array.from({ length: CALLS }, (_, index) => new Date(START + ((index * 7_919_993_111) % SPAN)));

function bench(name: string, call: (index: number) => unknown): void {
  for (let index = 0; index < 2_000; index++) call(index); // warm-up (JIT, per-day caches)
  const started = performance.now();
  for (let index = 0; index < CALLS; index++) call(index);
  const seconds = (performance.now() - started) / 1000;
  const perSecond = Math.round(CALLS / seconds).toLocaleString("en-US");
  console.log(`${name.padEnd(44)} ${perSecond.padStart(12)} calls/s  (${CALLS} calls in ${seconds.toFixed(3)} s)`);
}

const at = (index: number) => instants[index % CALLS] ?? new Date(START);
const calendar = (index: number): Calendar => {
  const picked = calendars[index % calendars.length];
  if (!picked) throw new Error("the catalogue has no calendar");
  return picked;
};
const deadlines400 = instants.map((from, index) => addBusinessHours(calendar(index), from, 400));

console.log(`@guichet/calendar, ${calendars.length} Loire-Authion calendars, Node ${process.version}`);
bench("addBusinessHours 8 h", (index) => addBusinessHours(calendar(index), at(index), 8));
bench("addBusinessHours 40 h", (index) => addBusinessHours(calendar(index), at(index), 40));
bench("addBusinessHours 400 h", (index) => addBusinessHours(calendar(index), at(index), 400));
bench("businessHoursBetween over 400 h", (index) =>
  businessHoursBetween(calendar(index), at(index), deadlines400[index % CALLS] ?? at(index)),
);
bench("addJoursOuvres 10", (index) => addJoursOuvres(at(index), 10));
bench("joursOuvresBetween over 30 days", (index) =>
  joursOuvresBetween(at(index), new Date(at(index).getTime() + 30 * 86_400_000)),
);
bench("formatWithOffset", (index) => formatWithOffset(at(index)));
