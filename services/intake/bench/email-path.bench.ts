/**
 * The whole e-mail path on real PostgreSQL: 10,000 .eml files (generated from the corpus shapes,
 * each with its own Message-ID) read from disk, parsed, classified, stored with evidence and
 * attachments, request + outbox event committed — what the SMTP receiver does before its 250.
 *
 *   npx tsx --tsconfig tsconfig.nest.json services/intake/bench/email-path.bench.ts [count=10000] [concurrency=8]
 *
 * Uses GUICHET_TEST_DATABASE_URL (else the local server) and a throw-away database. Prints
 * figures only: the target is >= 200 messages/s.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createTestDatabase, DEFAULT_POSTGRES_URL } from "@guichet/testing/servers";
import { loadIntakeConfig } from "../src/config.ts";
import { openEmailChannel } from "../src/mailbox/email-sources.ts";

const total = Number(process.argv[2] ?? 10_000);
const concurrency = Number(process.argv[3] ?? 8);
const corpusDir = new URL("../test/fixtures/eml/", import.meta.url);
const shapes = readdirSync(corpusDir)
  .filter((file) => file.endsWith(".eml"))
  .sort()
  .map((file) => readFileSync(new URL(file, corpusDir)).toString("latin1"));

/** A corpus shape made unique: its own Message-ID (added when the shape has none). */
function generate(index: number): Buffer {
  const shape = shapes[index % shapes.length] as string;
  const id = `<bench-${index}@bench.example>`;
  const text = /^message-id:.*$/im.test(shape)
    ? shape.replace(/^message-id:.*$/im, `Message-ID: ${id}`)
    : `Message-ID: ${id}\r\n${shape}`;
  return Buffer.from(text, "latin1");
}

const dir = mkdtempSync(join(tmpdir(), "guichet-eml-bench-"));
const files = Array.from({ length: total }, (_, index) => {
  const file = join(dir, `${String(index).padStart(5, "0")}.eml`);
  writeFileSync(file, generate(index));
  return file;
});

const database = await createTestDatabase(process.env.GUICHET_TEST_DATABASE_URL ?? DEFAULT_POSTGRES_URL);
const { channel, close } = await openEmailChannel(
  loadIntakeConfig({ DATABASE_URL: database.url, LOG_LEVEL: "silent" }),
);
const outcomes: Record<string, number> = {};
const latencies: number[] = [];
try {
  // Warm-up on other Message-IDs: JIT, connection pools, the year's reference sequence.
  for (let index = 0; index < 50; index++) await channel.receive(generate(total + index), new Date(), "bench");

  let next = 0;
  const start = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < files.length) {
        const file = files[next++] as string;
        const began = performance.now();
        const outcome = await channel.receive(await readFile(file), new Date(), "bench");
        latencies.push(performance.now() - began);
        outcomes[outcome.outcome] = (outcomes[outcome.outcome] ?? 0) + 1;
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  // CPU of this process only (parsing, classification, drivers); PostgreSQL's is not included.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / total;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => Number((latencies[Math.ceil((p / 100) * latencies.length) - 1] ?? 0).toFixed(1));
  console.log(
    JSON.stringify({
      messages: total,
      concurrency,
      corpusShapes: shapes.length,
      seconds: Number(seconds.toFixed(2)),
      messagesPerSecond: Math.round(total / seconds),
      latencyMs: { p50: percentile(50), p99: percentile(99), max: percentile(100) },
      outcomes,
      cpuMsPerMessage: Number(cpuMsPerMessage.toFixed(2)),
      loadAverage1m: Number(loadavg()[0]?.toFixed(1)),
      cpus: cpus().length,
    }),
  );
} finally {
  await close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
}
