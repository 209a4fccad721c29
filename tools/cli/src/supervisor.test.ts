import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Supervisor, type SupervisorEvent } from "./supervisor.ts";

/** A node child that stays up until killed. */
const sleeper = { command: process.execPath, args: ["-e", "setInterval(() => {}, 1000)"], stdio: "ignore" as const };

function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  return new Promise((resolve, reject) => {
    const tick = () => {
      const value = probe();
      if (value !== undefined) resolve(value);
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

describe("Supervisor", () => {
  it("restarts a process killed with SIGKILL, counts the restart and says so in French", async () => {
    const lines: string[] = [];
    const supervisor = new Supervisor([{ name: "intake", ...sleeper }], {
      say: (line) => lines.push(line),
      backoff: { initialMs: 100 },
    });
    supervisor.start();
    try {
      const first = await until(() => supervisor.pid("intake"), "first pid");
      process.kill(first, "SIGKILL");
      const second = await until(() => {
        const pid = supervisor.pid("intake");
        return pid !== undefined && pid !== first ? pid : undefined;
      }, "restarted pid");
      expect(second).not.toBe(first);
      expect(supervisor.restarts("intake")).toBe(1);
      expect(lines).toEqual(["« intake » s’est arrêté (signal SIGKILL) : redémarrage n° 1 dans 0,1 s"]);
    } finally {
      await supervisor.stop();
    }
  });

  it("doubles the delay for a process that keeps crashing, up to the bound", async () => {
    const delays: number[] = [];
    const supervisor = new Supervisor(
      [{ name: "routing", command: process.execPath, args: ["-e", "process.exit(3)"] }],
      {
        backoff: { initialMs: 5, maxMs: 20, resetAfterMs: 60_000 },
        onEvent: (event: SupervisorEvent) => {
          if (event.type === "restarting" && event.delayMs !== undefined) delays.push(event.delayMs);
        },
      },
    );
    supervisor.start();
    await until(() => (delays.length >= 4 ? true : undefined), "four restarts");
    await supervisor.stop();
    expect(delays.slice(0, 4)).toEqual([5, 10, 20, 20]);
  });

  it("stops every process on stop() and restarts none of them", async () => {
    const events: SupervisorEvent[] = [];
    const supervisor = new Supervisor(
      [
        { name: "a", ...sleeper },
        { name: "b", ...sleeper },
      ],
      { backoff: { initialMs: 10 }, onEvent: (event) => events.push(event) },
    );
    supervisor.start();
    const pids = [await until(() => supervisor.pid("a"), "a"), await until(() => supervisor.pid("b"), "b")];
    await supervisor.stop();
    expect(supervisor.pid("a")).toBeUndefined();
    expect(supervisor.pid("b")).toBeUndefined();
    for (const pid of pids) expect(() => process.kill(pid, 0)).toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events.filter((e) => e.type === "restarting")).toEqual([]);
    expect(events.filter((e) => e.type === "exited").map((e) => e.signal)).toEqual(["SIGTERM", "SIGTERM"]);
  });

  it("kills with SIGKILL a process that ignores SIGTERM past the grace period", async () => {
    // The child says when its SIGTERM handler is in place: a fixed wait was too short on a loaded machine.
    const ready = join(mkdtempSync(join(tmpdir(), "guichet-supervisor-")), "ready");
    const stubborn = {
      name: "stubborn",
      command: process.execPath,
      args: [
        "-e",
        `process.on('SIGTERM', () => {}); require('node:fs').writeFileSync(${JSON.stringify(ready)}, ''); setInterval(() => {}, 1000)`,
      ],
      stdio: "ignore" as const,
    };
    const events: SupervisorEvent[] = [];
    const supervisor = new Supervisor([stubborn], { stopTimeoutMs: 200, onEvent: (event) => events.push(event) });
    supervisor.start();
    await until(() => (existsSync(ready) ? true : undefined), "the child's SIGTERM handler");
    await supervisor.stop();
    expect(events.find((e) => e.type === "exited")?.signal).toBe("SIGKILL");
  });
});
