import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  cpuByCommand,
  cpuSeconds,
  cpuUsedByCommand,
  machineBusySeconds,
  memoryMiB,
  slope,
  summary,
} from "./process-stats.ts";

describe("process figures", () => {
  test("reads this process's CPU time and memory from /proc", () => {
    const before = cpuSeconds(process.pid);
    let x = 0;
    for (let i = 0; i < 5e7; i++) x += i % 7;
    expect(x).toBeGreaterThan(0);
    expect(cpuSeconds(process.pid)).toBeGreaterThan(before);
    const memory = memoryMiB(process.pid);
    expect(memory.rss).toBeGreaterThan(10);
    expect(memory.peak).toBeGreaterThanOrEqual(memory.rss);
  });

  test("the machine's busy time and a command's CPU grow while that command works", () => {
    const machineBefore = machineBusySeconds();
    // This process's command name (vitest renames its workers).
    const self = readFileSync("/proc/self/comm", "utf8").trim();
    const before = cpuByCommand([self, "sh"]);
    // A child that exits before the second snapshot is missed; one that runs across it counts.
    const burn = (seconds: number) => {
      const start = Date.now();
      let x = 0;
      while (Date.now() - start < seconds * 1000) x += 1;
      return x;
    };
    burn(0.3);
    execFileSync("sh", ["-c", "true"]);
    const used = cpuUsedByCommand(before, cpuByCommand([self, "sh"]));
    expect(used[self]).toBeGreaterThanOrEqual(0.2);
    expect(used.sh ?? 0).toBe(0);
    expect(machineBusySeconds() - machineBefore).toBeGreaterThanOrEqual(0.2);
  });

  test("gives NaN, not a throw, for a process that is gone", () => {
    expect(cpuSeconds(2 ** 22 + 1)).toBeNaN();
    expect(memoryMiB(2 ** 22 + 1).rss).toBeNaN();
  });

  test("percentiles are nearest-rank", () => {
    const s = summary(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(s).toEqual({ count: 100, p50: 50, p95: 95, p99: 99, max: 100 });
    expect(summary([]).p50).toBeNaN();
  });

  test("slope is the least-squares MiB per minute of a memory series", () => {
    expect(slope([0, 1, 2, 3].map((x) => ({ x, y: 100 + 2 * x })))).toBeCloseTo(2);
    expect(slope([0, 1, 2].map((x) => ({ x, y: 50 })))).toBeCloseTo(0);
    expect(slope([{ x: 1, y: 1 }])).toBeNaN();
  });
});
