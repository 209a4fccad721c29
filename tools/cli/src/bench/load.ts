import { setTimeout as sleep } from "node:timers/promises";
import type { SystemUnderTest } from "./systems.ts";

export interface PhaseResult {
  sent: number;
  accepted: number;
  failures: number;
  /** All accepted requests fully acknowledged before the drain timeout. */
  complete: boolean;
  completed: number;
  /** From the first request sent to the poll that saw the last one acknowledged. */
  seconds: number;
  throughput: number;
  delays: number[];
  /** The accepted requests' ids, for what is read about them afterwards (the stage breakdown). */
  requestIds: string[];
}

function submission(run: string, i: number) {
  return {
    subjectId: "voirie.eclairage",
    title: `Banc d’essai ${run} n° ${i}`,
    body: "Le lampadaire devant le 3 rue de la Levée ne s’allume plus depuis lundi.",
    citizen: { name: "Banc d’essai", email: `bench+${run}-${i}@example.org` },
  };
}

async function submit(system: SystemUnderTest, run: string, i: number): Promise<string | undefined> {
  // Several intake instances: the bench spreads requests over them, as a load balancer would.
  const intake = system.intakeUrls[i % system.intakeUrls.length];
  const response = await fetch(`${intake}/api/requests`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(submission(run, i)),
  }).catch(() => undefined);
  if (response?.status !== 201) {
    await response?.arrayBuffer().catch(() => undefined);
    return undefined;
  }
  return ((await response.json()) as { requestId: string }).requestId;
}

/** Waits until every accepted request is acknowledged end to end, or the timeout. */
async function drain(system: SystemUnderTest, ids: string[], started: number, timeoutMs: number) {
  const deadline = performance.now() + timeoutMs;
  let completed = 0;
  for (;;) {
    completed = await system.completed(ids);
    if (completed >= ids.length || performance.now() > deadline) break;
    await sleep(100);
  }
  return { completed, seconds: (performance.now() - started) / 1000 };
}

async function finish(system: SystemUnderTest, ids: string[], sent: number, started: number, timeoutMs: number) {
  const { completed, seconds } = await drain(system, ids, started, timeoutMs);
  return {
    sent,
    accepted: ids.length,
    failures: sent - ids.length,
    complete: completed >= ids.length,
    completed,
    seconds,
    throughput: completed / seconds,
    delays: await system.delays(ids),
    requestIds: ids,
  } satisfies PhaseResult;
}

/** Closed loop: `concurrency` clients each sending as soon as the previous answer came back. */
export async function saturate(
  system: SystemUnderTest,
  options: { run: string; requests: number; concurrency: number; drainTimeoutMs: number },
): Promise<PhaseResult> {
  const ids: string[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      for (let i = next++; i < options.requests; i = next++) {
        const id = await submit(system, options.run, i);
        if (id) ids.push(id);
      }
    }),
  );
  return finish(system, ids, options.requests, started, options.drainTimeoutMs);
}

/**
 * Open loop at a fixed rate: request i leaves at start + i/rate whatever the answers, so a slow
 * pipeline shows as latency, not as a lower offered rate. In-flight requests are capped (a pipeline
 * that stops answering must not exhaust the bench's sockets); a capped send counts as late.
 */
export async function fixedRate(
  system: SystemUnderTest,
  options: { run: string; rate: number; seconds: number; drainTimeoutMs: number; maxInFlight?: number },
): Promise<PhaseResult> {
  const total = Math.round(options.rate * options.seconds);
  const maxInFlight = options.maxInFlight ?? 2_000;
  const ids: string[] = [];
  const inFlight = new Set<Promise<void>>();
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / options.rate - performance.now();
    if (wait > 1) await sleep(wait);
    while (inFlight.size >= maxInFlight) await Promise.race(inFlight);
    const request: Promise<void> = submit(system, options.run, i).then((id) => {
      if (id) ids.push(id);
      inFlight.delete(request);
    });
    inFlight.add(request);
  }
  await Promise.all(inFlight);
  return finish(system, ids, total, started, options.drainTimeoutMs);
}
