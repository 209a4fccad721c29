import { readdirSync, readFileSync } from "node:fs";

/** Linux clock ticks per second (USER_HZ): 100 on every mainstream kernel configuration. */
const CLOCK_TICKS = 100;

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** Resident set size now and its peak (VmRSS, VmHWM) in MiB, from /proc/<pid>/status. */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN);
    return { rss: kib("VmRSS") / 1024, peak: kib("VmHWM") / 1024 };
  } catch {
    return { rss: Number.NaN, peak: Number.NaN };
  }
}

/** The machine's load averages, written beside every figure (the machine is shared). */
export function loadAverage(): string {
  try {
    return readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  } catch {
    return "?";
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Least-squares slope of (x, y) points: MiB per minute when x is minutes and y MiB. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return Number.NaN;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const num = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
  const den = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  return den === 0 ? Number.NaN : num / den;
}

/** Busy CPU seconds of the whole machine so far (every core, every process), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const [cpu] = readFileSync("/proc/stat", "utf8").split("\n");
    // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait.
    const ticks = (cpu ?? "").trim().split(/\s+/).slice(1, 9).map(Number);
    const busy = ticks.reduce((sum, t, i) => (i === 3 || i === 4 ? sum : sum + t), 0);
    return busy / CLOCK_TICKS;
  } catch {
    return Number.NaN;
  }
}

/** CPU seconds so far of every process whose command is one of `names` (e.g. every PostgreSQL backend). */
export function cpuByCommand(names: readonly string[]): Map<number, { name: string; seconds: number }> {
  const found = new Map<number, { name: string; seconds: number }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const name = readFileSync(`/proc/${entry}/comm`, "utf8").trim();
      if (names.includes(name)) found.set(Number(entry), { name, seconds: cpuSeconds(Number(entry)) });
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/**
 * CPU seconds each command used between two cpuByCommand snapshots: processes started meanwhile
 * count whole (PostgreSQL backends of new connections); those that exited meanwhile are missed.
 */
export function cpuUsedByCommand(
  before: Map<number, { name: string; seconds: number }>,
  after: Map<number, { name: string; seconds: number }>,
): Record<string, number> {
  const used: Record<string, number> = {};
  for (const [pid, { name, seconds }] of after) {
    const delta = seconds - (before.get(pid)?.seconds ?? 0);
    if (Number.isFinite(delta)) used[name] = (used[name] ?? 0) + Math.max(0, delta);
  }
  return used;
}
