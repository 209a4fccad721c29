import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { stopProcess } from "@guichet/testing/servers";

/** One long-running process the supervisor keeps alive. */
export interface SupervisedSpec {
  name: string;
  command: string;
  args: readonly string[];
  env?: NodeJS.ProcessEnv;
  stdio?: SpawnOptions["stdio"];
}

export interface BackoffPolicy {
  /** Delay before the first restart after a crash. */
  initialMs: number;
  /** Upper bound of the doubling delay. */
  maxMs: number;
  /** A process that ran this long before crashing starts again from initialMs. */
  resetAfterMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, resetAfterMs: 60_000 };

export interface SupervisorEvent {
  type: "started" | "exited" | "restarting";
  name: string;
  pid?: number;
  code?: number | null;
  signal?: NodeJS.Signals | null;
  restarts: number;
  delayMs?: number;
}

export interface SupervisorOptions {
  /** Operator-facing lines (French). */
  say?: (line: string) => void;
  backoff?: Partial<BackoffPolicy>;
  /** Grace period between SIGTERM and SIGKILL on stop(). */
  stopTimeoutMs?: number;
  onEvent?: (event: SupervisorEvent) => void;
}

interface Slot {
  spec: SupervisedSpec;
  child: ChildProcess | undefined;
  startedAt: number;
  restarts: number;
  consecutiveCrashes: number;
  timer: NodeJS.Timeout | undefined;
}

/** "1,5 s" — delays as an agent reads them. */
function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} s`;
}

function exitReason(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `signal ${signal}` : `code ${code}`;
}

/**
 * Keeps a set of processes running: a process that exits while the supervisor is not stopping is
 * started again after a doubling delay (bounded by `maxMs`, reset once the process has stayed up
 * for `resetAfterMs`), with a restart counter per process and a French line for the operator.
 * stop() sends SIGTERM to every process, SIGKILL after the grace period, and resolves once all
 * have exited; nothing restarts after it has been called.
 */
export class Supervisor {
  private readonly slots: Slot[];
  private readonly backoff: BackoffPolicy;
  private readonly options: SupervisorOptions;
  private stopping = false;

  constructor(specs: readonly SupervisedSpec[], options: SupervisorOptions = {}) {
    this.options = options;
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
    this.slots = specs.map((spec) => ({
      spec,
      child: undefined,
      startedAt: 0,
      restarts: 0,
      consecutiveCrashes: 0,
      timer: undefined,
    }));
  }

  start(): void {
    for (const slot of this.slots) this.spawn(slot);
  }

  /** Process id of the running instance, undefined while it is down. */
  pid(name: string): number | undefined {
    return this.slot(name).child?.pid;
  }

  /** How many times the supervisor has restarted this process. */
  restarts(name: string): number {
    return this.slot(name).restarts;
  }

  names(): string[] {
    return this.slots.map((slot) => slot.spec.name);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        clearTimeout(slot.timer);
        const child = slot.child;
        if (child) await stopProcess(child, this.options.stopTimeoutMs ?? 10_000);
      }),
    );
  }

  private slot(name: string): Slot {
    const slot = this.slots.find((s) => s.spec.name === name);
    if (!slot) throw new Error(`unknown supervised process ${name}`);
    return slot;
  }

  private spawn(slot: Slot): void {
    const { spec } = slot;
    const child = spawn(spec.command, [...spec.args], { env: spec.env, stdio: spec.stdio ?? "inherit" });
    slot.child = child;
    slot.startedAt = Date.now();
    // A spawn failure (missing executable) is reported as an exit, so it is retried like a crash.
    child.once("error", () => {
      if (child.exitCode === null && child.signalCode === null) this.exited(slot, child, null, null);
    });
    child.once("exit", (code, signal) => this.exited(slot, child, code, signal));
    this.emit({ type: "started", name: spec.name, pid: child.pid, restarts: slot.restarts });
  }

  private exited(slot: Slot, child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (slot.child !== child) return;
    slot.child = undefined;
    this.emit({ type: "exited", name: slot.spec.name, code, signal, restarts: slot.restarts });
    if (this.stopping) return;
    const ranMs = Date.now() - slot.startedAt;
    slot.consecutiveCrashes = ranMs >= this.backoff.resetAfterMs ? 1 : slot.consecutiveCrashes + 1;
    const delayMs = Math.min(this.backoff.maxMs, this.backoff.initialMs * 2 ** (slot.consecutiveCrashes - 1));
    slot.restarts += 1;
    this.options.say?.(
      `« ${slot.spec.name} » s’est arrêté (${exitReason(code, signal)}) : redémarrage n° ${slot.restarts} dans ${seconds(delayMs)}`,
    );
    this.emit({ type: "restarting", name: slot.spec.name, code, signal, restarts: slot.restarts, delayMs });
    slot.timer = setTimeout(() => {
      slot.timer = undefined;
      if (!this.stopping) this.spawn(slot);
    }, delayMs);
  }

  private emit(event: SupervisorEvent): void {
    this.options.onEvent?.(event);
  }
}
