import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { DEFAULT_POSTGRES_URL, findNats } from "@guichet/testing/servers";
import { profilesIn, type SelfTime, selfTimeByPackage, topSelfTime } from "./cpu-profile.ts";
import { heapAfterMajorGc } from "./launch.ts";
import { fixedRate, type PhaseResult, saturate } from "./load.ts";
import {
  cpuByCommand,
  cpuSeconds,
  cpuUsedByCommand,
  loadAverage,
  machineBusySeconds,
  memoryMiB,
  slope,
  summary,
} from "./process-stats.ts";
import type { StageBreakdown } from "./stages.ts";
import {
  type Infrastructure,
  type SystemUnderTest,
  startMailCatcherProcess,
  startProduct,
  startReference,
} from "./systems.ts";

export interface CompareOptions {
  variants: ("simple" | "batched")[];
  requests: number;
  concurrency: number;
  rates: number[];
  rateSeconds: number;
  warmup: number;
  drainTimeoutSeconds: number;
  profile: boolean;
  logLevel: string;
  instances: number;
  natsUrl?: string;
  replicas: number;
  /** A 3-node NATS cluster (R3 stream), the product once with one and once with two instances per service. */
  cluster: boolean;
  /** The product's stage breakdown over the saturation phase's requests (stages.ts). */
  stages: boolean;
}

interface RateFigures {
  rate: number;
  skipped?: string;
  p50?: number;
  p99?: number;
  complete?: boolean;
}

export interface SystemFigures {
  label: string;
  loadBefore: string;
  loadAfter: string;
  saturation: { throughput: number; p50: number; p99: number; complete: boolean; completed: number; accepted: number };
  rates: RateFigures[];
  /** CPU seconds per 1,000 requests during the saturation phase, per process. */
  cpuPer1000: Record<string, number>;
  /**
   * The same for the shared servers (every PostgreSQL and NATS process, whoever they work for), the
   * mail catcher (the SMTP server), this load generator, and the whole machine (every process): the
   * pipeline's true cost on a quiet machine, other users' work too on a shared one.
   */
  sharedCpuPer1000: { postgres: number; nats: number; smtp: number; load: number; machine: number };
  memory: Record<string, { rss: number; peak: number }>;
  /** `--stages`, product only: p50/p99 of each stage's delay over the saturation phase's requests. */
  stages?: StageBreakdown;
  /** `--stages`: PostgreSQL transactions in the pipeline's database per request of the saturation phase. */
  transactionsPerRequest?: number;
}

/** The shared servers' process names (PostgreSQL's backends and background processes, NATS). */
const SERVER_COMMANDS = ["postgres", "nats-server"];

const hopOf = (name: string) => name.replace(/^(product|reference-(simple|batched))-/, "");

/** Processes outside the pipeline that it makes work: the mail catcher (its SMTP server) and this load generator. */
type Outside = { smtp: number; load: number };

async function measure(
  system: SystemUnderTest,
  options: CompareOptions,
  run: string,
  outside: Outside,
): Promise<SystemFigures> {
  const drainTimeoutMs = options.drainTimeoutSeconds * 1000;
  const loadBefore = loadAverage();
  const say = (line: string) => process.stderr.write(`  [${system.label}] ${line}\n`);
  if (options.warmup > 0)
    await saturate(system, { run: `${run}w`, requests: options.warmup, concurrency: 8, drainTimeoutMs });
  const transactionsBefore = options.stages ? await system.transactions() : undefined;
  const cpuBefore = system.processes.map((p) => cpuSeconds(p.pid));
  const serversBefore = cpuByCommand(SERVER_COMMANDS);
  const outsideBefore = { smtp: cpuSeconds(outside.smtp), load: cpuSeconds(outside.load) };
  const machineBefore = machineBusySeconds();
  const saturation: PhaseResult = await saturate(system, {
    run: `${run}s`,
    requests: options.requests,
    concurrency: options.concurrency,
    drainTimeoutMs,
  });
  const cpuAfter = system.processes.map((p) => cpuSeconds(p.pid));
  const servers = cpuUsedByCommand(serversBefore, cpuByCommand(SERVER_COMMANDS));
  const machine = machineBusySeconds() - machineBefore;
  const smtp = cpuSeconds(outside.smtp) - outsideBefore.smtp;
  const load = cpuSeconds(outside.load) - outsideBefore.load;
  const transactions =
    transactionsBefore === undefined ? undefined : (await system.transactions()) - transactionsBefore;
  const sat = summary(saturation.delays);
  say(
    `saturation : ${saturation.throughput.toFixed(0)} demandes acquittées/s (${saturation.completed}/${saturation.accepted})`,
  );
  const rates: RateFigures[] = [];
  for (const rate of options.rates) {
    // Above its capacity a pipeline's queue, hence its latency, grows with the phase's length:
    // a percentile of that says nothing, and draining it would hold the shared machine for minutes.
    if (rate > saturation.throughput * 1.05) {
      rates.push({ rate, skipped: `> capacité (${saturation.throughput.toFixed(0)}/s)` });
      continue;
    }
    await sleep(500);
    const phase = await fixedRate(system, {
      run: `${run}r${rate}`,
      rate,
      seconds: options.rateSeconds,
      drainTimeoutMs,
    });
    const s = summary(phase.delays);
    say(`${rate}/s : p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms`);
    rates.push({ rate, p50: s.p50, p99: s.p99, complete: phase.complete });
  }
  const done = Math.max(1, saturation.completed);
  const per1000 = (seconds: number) => (seconds / done) * 1000;
  // Read last, so that its query does not run during a measured phase; the database still exists.
  const stages = options.stages ? await system.stages?.(saturation.requestIds) : undefined;
  return {
    label: system.label,
    loadBefore,
    loadAfter: loadAverage(),
    saturation: {
      throughput: saturation.throughput,
      p50: sat.p50,
      p99: sat.p99,
      complete: saturation.complete,
      completed: saturation.completed,
      accepted: saturation.accepted,
    },
    rates,
    cpuPer1000: Object.fromEntries(
      system.processes.map((p, i) => [hopOf(p.name), per1000((cpuAfter[i] ?? 0) - (cpuBefore[i] ?? 0))]),
    ),
    memory: Object.fromEntries(system.processes.map((p) => [hopOf(p.name), memoryMiB(p.pid)])),
    sharedCpuPer1000: {
      postgres: per1000(servers.postgres ?? 0),
      nats: per1000(servers["nats-server"] ?? 0),
      smtp: per1000(smtp),
      load: per1000(load),
      machine: per1000(machine),
    },
    ...(stages ? { stages } : {}),
    ...(transactions === undefined ? {} : { transactionsPerRequest: transactions / done }),
  };
}

async function infrastructure(options: {
  natsUrl?: string;
  profile: boolean;
  logLevel: string;
  instances: number;
  replicas: number;
}) {
  const logDir = mkdtempSync(path.join(tmpdir(), "guichet-bench-"));
  // A list of cluster URLs is used as given; a single URL is probed (or the default port found).
  const nats = options.natsUrl?.includes(",") ? options.natsUrl : await findNats({ url: options.natsUrl });
  if (!nats) throw new Error("NATS introuvable (NATS_URL ou 127.0.0.1:4222)");
  const mail = await startMailCatcherProcess(logDir);
  const infra: Infrastructure = {
    adminUrl: process.env.GUICHET_POSTGRES_ADMIN_URL ?? DEFAULT_POSTGRES_URL,
    natsUrl: nats,
    smtpUrl: mail.smtpUrl,
    logDir,
    cpuProfile: options.profile,
    replicas: options.replicas,
    instances: options.instances,
    logLevel: options.logLevel,
  };
  return { infra, smtpPid: mail.process.pid, stop: () => mail.process.stop() };
}

/**
 * `guichet bench --compare`: the reference pipeline(s), then the product, one after the other on
 * the same servers, each on its own database and stream, the same load; one table with ratios.
 */
export async function compare(options: CompareOptions): Promise<{ figures: SystemFigures[]; logDir: string }> {
  const cluster = options.cluster ? await startBenchCluster() : undefined;
  const { infra, smtpPid, stop } = await infrastructure(
    cluster ? { ...options, natsUrl: cluster.urls.join(","), replicas: 3 } : options,
  );
  const run = Date.now().toString(36);
  const figures: SystemFigures[] = [];
  try {
    const starters = [
      ...options.variants.map((variant) => () => startReference(infra, variant)),
      () => startProduct(infra),
      // Scale-out: the same product with two instances of each service sharing the durables.
      ...(cluster ? [() => startProduct({ ...infra, instances: 2 })] : []),
    ];
    for (const start of starters) {
      const system = await start();
      process.stderr.write(`${system.label} : démarré (charge ${loadAverage()})\n`);
      try {
        figures.push(await measure(system, options, run, { smtp: smtpPid, load: process.pid }));
      } finally {
        await system.stop();
      }
    }
  } finally {
    await stop();
    await cluster?.stop();
  }
  return { figures, logDir: infra.logDir };
}

/** The scale-out tests' 3-node cluster (libs/testing), on free ports, stopped with the bench. */
async function startBenchCluster() {
  const { startNatsCluster } = await import("@guichet/testing/servers");
  return startNatsCluster(3);
}

/** Throughput gained by the second instance of each service (cluster runs). */
export function renderScaleGain(figures: SystemFigures[]): string | undefined {
  const one = figures.find((f) => f.label === "produit");
  const two = figures.find((f) => f.label === "produit ×2");
  if (!one || !two) return undefined;
  const gain = two.saturation.throughput - one.saturation.throughput;
  return `Cluster NATS à 3 nœuds (flux R3) : ${one.saturation.throughput.toFixed(1)}/s avec une instance par service, ${two.saturation.throughput.toFixed(1)}/s avec deux : ${gain >= 0 ? "+" : ""}${gain.toFixed(1)}/s pour l’instance ajoutée (${((gain / one.saturation.throughput) * 100).toFixed(0)} %).`;
}

const fmt = (value: number | undefined, digits = 0) =>
  value === undefined || Number.isNaN(value) ? "—" : value.toFixed(digits);

function ratio(product: number | undefined, reference: number | undefined): string {
  if (product === undefined || reference === undefined || !reference || Number.isNaN(product / reference)) return "—";
  return `${(product / reference).toFixed(2)}×`;
}

/** The side-by-side table: one column per pipeline, the last one product ÷ batched reference. */
export function renderComparison(figures: SystemFigures[]): string {
  const product = figures.find((f) => f.label === "produit");
  const reference = figures.find((f) => f.label === "référence groupée") ?? figures.find((f) => f.label !== "produit");
  const rows: [string, ...string[]][] = [];
  const row = (name: string, pick: (f: SystemFigures) => number | undefined, digits = 0, suffix = "") =>
    rows.push([
      name,
      ...figures.map((f) => {
        const v = pick(f);
        return v === undefined ? "—" : `${fmt(v, digits)}${suffix}`;
      }),
      product && reference ? ratio(pick(product), pick(reference)) : "—",
    ]);
  row("débit soutenu (acquittées/s)", (f) => f.saturation.throughput);
  row("saturation : réception→accusé p50 (ms)", (f) => f.saturation.p50);
  row("saturation : réception→accusé p99 (ms)", (f) => f.saturation.p99);
  for (const rate of figures[0]?.rates.map((r) => r.rate) ?? []) {
    const at = (f: SystemFigures) => f.rates.find((r) => r.rate === rate);
    for (const p of ["p50", "p99"] as const)
      rows.push([
        `${rate}/s : réception→accusé ${p} (ms)`,
        ...figures.map((f) => at(f)?.skipped ?? `${fmt(at(f)?.[p])}${at(f)?.complete === false ? " (incomplet)" : ""}`),
        product && reference ? ratio(at(product)?.[p], at(reference)?.[p]) : "—",
      ]);
  }
  const processes = [...new Set(figures.flatMap((f) => Object.keys(f.cpuPer1000)))];
  for (const name of processes) row(`CPU s / 1 000 demandes — ${name}`, (f) => f.cpuPer1000[name], 2);
  row("CPU s / 1 000 demandes — total", (f) => Object.values(f.cpuPer1000).reduce((a, b) => a + b, 0), 2);
  if (figures.some((f) => f.transactionsPerRequest !== undefined))
    row("transactions PostgreSQL / demande", (f) => f.transactionsPerRequest, 1);
  row("CPU s / 1 000 demandes — PostgreSQL (serveur entier)", (f) => f.sharedCpuPer1000.postgres, 2);
  row("CPU s / 1 000 demandes — NATS (serveur entier)", (f) => f.sharedCpuPer1000.nats, 2);
  row("CPU s / 1 000 demandes — serveur SMTP (mailcatcher)", (f) => f.sharedCpuPer1000.smtp, 2);
  row("CPU s / 1 000 demandes — générateur de charge (bench)", (f) => f.sharedCpuPer1000.load, 2);
  row("CPU s / 1 000 demandes — machine entière", (f) => f.sharedCpuPer1000.machine, 2);
  for (const name of processes) row(`RSS Mio (pic) — ${name}`, (f) => f.memory[name]?.peak);
  rows.push(["charge (uptime) avant → après", ...figures.map((f) => `${f.loadBefore} → ${f.loadAfter}`), ""]);
  const header: [string, ...string[]] = ["", ...figures.map((f) => f.label), `produit ÷ ${reference?.label ?? "réf."}`];
  const table = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...table.map((r) => (r[i] ?? "").length)));
  return table
    .map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join("  "))
    .join("\n");
}

/** Top self-time functions per process, from the profiles `--profile` left in the log folder. */
export function renderProfiles(logDir: string): string {
  return profilesIn(logDir)
    .map((file) => {
      const line = (t: SelfTime) =>
        `  ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.ms.toFixed(0).padStart(7)} ms  ${t.fn}`;
      return [
        `${path.basename(file, ".cpuprofile")} — par paquet`,
        ...selfTimeByPackage(file).map(line),
        `${path.basename(file, ".cpuprofile")} — par fonction`,
        ...topSelfTime(file).map(line),
      ].join("\n");
    })
    .join("\n\n");
}

export interface SoakOptions {
  minutes: number;
  rate: number;
  intervalSeconds: number;
  system: "product" | "batched" | "simple";
  logLevel: string;
}

/** A long fixed-rate run with each service's RSS sampled at an interval: a series and its slope. */
export async function soak(options: SoakOptions): Promise<string> {
  const { infra, stop } = await infrastructure({
    profile: false,
    logLevel: options.logLevel,
    instances: 1,
    replicas: 1,
  });
  try {
    const traced = { ...infra, traceGc: true };
    const system =
      options.system === "product" ? await startProduct(traced) : await startReference(traced, options.system);
    const samples: { minute: number; mib: Record<string, number>; heap: Record<string, number> }[] = [];
    const started = performance.now();
    const sample = () => {
      const taken = {
        minute: (performance.now() - started) / 60_000,
        mib: Object.fromEntries(system.processes.map((p) => [hopOf(p.name), memoryMiB(p.pid).rss])),
        heap: Object.fromEntries(
          system.processes.map((p) => [hopOf(p.name), heapAfterMajorGc(readFileSync(p.logFile, "utf8")) ?? Number.NaN]),
        ),
      };
      samples.push(taken);
      // As it goes: a soak stopped early still leaves its series.
      process.stderr.write(
        `  ${taken.minute.toFixed(1)} min  ${Object.entries(taken.mib)
          .map(([name, mib]) => `${name} ${mib.toFixed(0)} Mio (tas ${(taken.heap[name] ?? Number.NaN).toFixed(0)})`)
          .join(", ")}  (charge ${loadAverage()})\n`,
      );
    };
    sample();
    const timer = setInterval(sample, options.intervalSeconds * 1000);
    const loadBefore = loadAverage();
    let phase: PhaseResult;
    try {
      phase = await fixedRate(system, {
        run: `soak${Date.now().toString(36)}`,
        rate: options.rate,
        seconds: options.minutes * 60,
        drainTimeoutMs: 120_000,
      });
      sample();
    } finally {
      clearInterval(timer);
      await system.stop();
    }
    const names = Object.keys(samples[0]?.mib ?? {});
    const row = (cells: string[]) => cells.map((c) => c.padStart(16)).join("");
    // The first minute is warm-up (JIT, pools, caches): slopes are taken after it.
    const slopeOf = (pick: (s: (typeof samples)[number]) => number | undefined) =>
      slope(samples.filter((s) => s.minute >= 1).map((s) => ({ x: s.minute, y: pick(s) ?? Number.NaN }))).toFixed(2);
    const lines = [
      `Endurance ${system.label} : ${options.minutes} min à ${options.rate}/s, ${phase.completed}/${phase.accepted} acquittées, charge ${loadBefore} → ${loadAverage()}`,
      "RSS (Mio) et, entre parenthèses, tas V8 après le dernier GC majeur (Mio) :",
      row(["min", ...names]),
      ...samples.map((s) =>
        row([
          s.minute.toFixed(1),
          ...names.map((n) => `${(s.mib[n] ?? Number.NaN).toFixed(0)} (${(s.heap[n] ?? Number.NaN).toFixed(0)})`),
        ]),
      ),
      row(["pente RSS Mio/min", ...names.map((n) => slopeOf((s) => s.mib[n]))]),
      row(["pente tas Mio/min", ...names.map((n) => slopeOf((s) => s.heap[n]))]),
    ];
    return lines.join("\n");
  } finally {
    await stop();
  }
}
