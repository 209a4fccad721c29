/**
 * Parse + classify throughput on the .eml corpus: `npx tsx services/intake/bench/email-parse.bench.ts [count]`.
 * Prints figures only (no assertion): the target is ≥ 200 messages/s on one core.
 */
import { readdirSync, readFileSync } from "node:fs";
import { classifyEmail } from "../src/email/classify-email.ts";
import { InMemoryEmailIntake } from "../src/email/in-memory-email-intake.fake.ts";
import { parseEmail } from "../src/email/parse-email.ts";

const corpusDir = new URL("../test/fixtures/eml/", import.meta.url);
const corpus = readdirSync(corpusDir)
  .filter((file) => file.endsWith(".eml"))
  .sort()
  .map((file) => readFileSync(new URL(file, corpusDir)));
const total = Number(process.argv[2] ?? 10_000);
const context = new InMemoryEmailIntake(["LA-2026-000412", "LA-2026-000413", "LA-2026-000414"]);
const receivedAt = new Date();

async function run(count: number): Promise<number> {
  const start = performance.now();
  for (let index = 0; index < count; index++) {
    const raw = corpus[index % corpus.length] as Buffer;
    await classifyEmail(await parseEmail(raw, receivedAt), context);
  }
  return performance.now() - start;
}

await run(Math.min(500, total)); // warm-up: JIT and lazy module initialisation
const elapsed = await run(total);
const bytes = corpus.reduce((sum, raw) => sum + raw.length, 0) / corpus.length;
console.log(
  JSON.stringify({
    messages: total,
    corpusFiles: corpus.length,
    averageBytes: Math.round(bytes),
    seconds: Number((elapsed / 1000).toFixed(2)),
    messagesPerSecond: Math.round(total / (elapsed / 1000)),
  }),
);
