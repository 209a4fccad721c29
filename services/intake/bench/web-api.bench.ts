/**
 * The web API under a fixed arrival rate: POST /api/requests at `rate` submissions/s for `seconds`
 * against a real intake (its own process, real PostgreSQL and NATS), open loop — a new request
 * leaves on schedule whether or not earlier ones answered, so a slow server shows as latency
 * instead of silently lowering the rate (no coordinated omission: latency is counted from the
 * scheduled send time).
 *
 *   npx tsx --tsconfig tsconfig.nest.json services/intake/bench/web-api.bench.ts [rate=500] [seconds=20]
 *
 * Uses GUICHET_TEST_DATABASE_URL / GUICHET_TEST_NATS_URL (else the local servers) and a throw-away
 * database. The per-IP rate limit is raised for the run (one client IP sends everything). Prints
 * figures only: the target is p99 < 50 ms at 500 submissions/s.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { Agent, request } from "node:http";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import {
  createTestDatabase,
  DEFAULT_NATS_URL,
  DEFAULT_POSTGRES_URL,
  freePort,
  waitFor,
} from "@guichet/testing/servers";

const rate = Number(process.argv[2] ?? 500);
const seconds = Number(process.argv[3] ?? 20);
const root = fileURLToPath(new URL("../../../", import.meta.url));

const database = await createTestDatabase(process.env.GUICHET_TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL);
const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const intake: ChildProcess = spawn(
  `${root}node_modules/.bin/tsx`,
  ["--tsconfig", "tsconfig.nest.json", "services/intake/src/main.ts"],
  {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      NATS_URL: process.env.GUICHET_TEST_NATS_URL ?? DEFAULT_NATS_URL,
      GUICHET_NAMESPACE: `bench${process.pid}`,
      INTAKE_PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "silent",
      INTAKE_SUBMISSIONS_BURST: "1000000",
      INTAKE_SUBMISSIONS_PER_HOUR: "100000000",
    },
  },
);

function submission(index: number): string {
  return JSON.stringify({
    subjectId: index % 3 === 0 ? null : "voirie.chaussee",
    body: `Nid-de-poule n° ${index} devant le 12 rue des Lilas, profond d’une dizaine de centimètres.`,
    citizen: { name: "Jeanne Martin", email: `jeanne.${index}@example.org`, phone: "02 41 00 00 00" },
  });
}

/** A request unanswered after this long counts as a timeout (a flooded server must not hang the run). */
const TIMEOUT_MS = 5_000;

/** Keep-alive connections, as a real gateway keeps them (no TCP handshake per request). */
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function send(index: number): Promise<number> {
  const body = submission(index);
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/api/requests`,
      {
        method: "POST",
        agent,
        timeout: TIMEOUT_MS,
        headers: {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
          "idempotency-key": `bench-${process.pid}-${index}`,
        },
      },
      (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error("timeout"), { name: "TimeoutError" })));
    req.on("error", reject);
    req.end(body);
  });
}

try {
  await waitFor(async () => (await fetch(`${url}/healthz`).catch(() => null))?.ok || undefined, {
    timeoutMs: 60_000,
    what: "intake started",
  });
  // Warm-up: JIT, connection pools, the year's reference sequence.
  for (let i = 0; i < 200; i++) await send(1_000_000 + i);

  const total = rate * seconds;
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const scheduled = start + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    inFlight.push(
      send(i).then(
        (status) => {
          latencies.push(performance.now() - scheduled);
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
        (error: Error) => {
          const kind = error.name === "TimeoutError" ? `timeout>${TIMEOUT_MS}ms` : "error";
          statuses[kind] = (statuses[kind] ?? 0) + 1;
        },
      ),
    );
  }
  const sent = performance.now();
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? Number.NaN;
  const ok = statuses["201"] ?? 0;
  console.log(
    JSON.stringify(
      {
        target: { rate, seconds, p99Ms: 50 },
        offeredRate: Math.round(total / ((sent - start) / 1000)),
        achievedRate: Math.round(ok / elapsed),
        answered201: ok,
        statuses,
        // Percentiles of the answered requests only (timeouts are counted in statuses).
        latencyMs: {
          p50: +at(0.5).toFixed(1),
          p90: +at(0.9).toFixed(1),
          p99: +at(0.99).toFixed(1),
          max: +at(1).toFixed(1),
        },
        machine: { cpus: cpus().length, loadavg1: +(loadavg()[0] ?? 0).toFixed(2) },
      },
      null,
      2,
    ),
  );
} finally {
  agent.destroy();
  intake.kill("SIGTERM");
  await new Promise((resolve) => intake.once("exit", resolve));
  await database.drop();
}
