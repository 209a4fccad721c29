import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync } from "node:fs";
import path from "node:path";
import { stopProcess, waitFor } from "@guichet/testing/servers";
import { repoRoot } from "../services.ts";

export interface Launched {
  name: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
}

export interface LaunchOptions {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  logDir: string;
  /** Adds --cpu-prof: the profile lands in logDir when the process exits (SIGTERM). */
  cpuProfile?: boolean;
  /** Adds --trace-gc: one line per collection in the log (see heapAfterMajorGc). */
  traceGc?: boolean;
}

/** One Node process run through tsx like `guichet start` runs a service; output to a log file. */
export function launch(options: LaunchOptions): Launched {
  mkdirSync(options.logDir, { recursive: true });
  const logFile = path.join(options.logDir, `${options.name}.log`);
  const fd = openSync(logFile, "w");
  const args = ["--import", "tsx"];
  if (options.cpuProfile)
    args.push("--cpu-prof", `--cpu-prof-dir=${options.logDir}`, `--cpu-prof-name=${options.name}.cpuprofile`);
  if (options.traceGc) args.push("--trace-gc");
  const child: ChildProcess = spawn(process.execPath, [...args, options.script], {
    env: { TSX_TSCONFIG_PATH: `${repoRoot}tsconfig.nest.json`, ...options.env },
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`${options.name} did not start`);
  return {
    name: options.name,
    pid: child.pid,
    logFile,
    stop: () => stopProcess(child, 15_000),
  };
}

export async function waitForHttpReady(url: string, what: string): Promise<void> {
  await waitFor(async () => (await fetch(url).catch(() => undefined))?.ok, {
    what,
    timeoutMs: 90_000,
    intervalMs: 200,
  });
}

export async function waitForLogLine(process: Launched, line: string): Promise<void> {
  await waitFor(
    async () =>
      readFileSync(process.logFile, "utf8")
        .split("\n")
        .some((l) => l.startsWith(line)),
    {
      what: `${process.name} ready`,
      timeoutMs: 90_000,
      intervalMs: 100,
    },
  );
}

/** `--trace-gc`'s line for a full collection: "Mark-Compact 180.2 (200.1) -> 150.3 (195.0) MB". */
const MAJOR_GC = /Mark-Compact[^\n]*?\s([\d.]+) \(([\d.]+)\) -> ([\d.]+) \(([\d.]+)\) MB/g;

/**
 * The V8 heap in use (MiB) right after the last major collection a `--trace-gc` log shows: what
 * survives a full GC, the figure a leak makes grow, unlike RSS, which follows V8's saw-tooth.
 */
export function heapAfterMajorGc(log: string): number | undefined {
  let last: number | undefined;
  for (const match of log.matchAll(MAJOR_GC)) last = Number(match[3]);
  return last;
}
