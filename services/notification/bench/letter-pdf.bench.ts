// Prints the time to render one acknowledgement letter (compressed, as printed by the mail room).
// Run from the repository root: npx tsx services/notification/bench/letter-pdf.bench.ts
import { composeAcknowledgement } from "../src/messages/acknowledgement-content.ts";
import { renderLetterPdf } from "../src/messages/letter-pdf.ts";
import { sampleReceived, sampleRouted } from "../src/messages/preview-samples.ts";
import { loireAuthionTown } from "../src/messages/test-town.fixture.ts";

const WARMUP = 50;
const RUNS = 500;

const town = loireAuthionTown();
const received = sampleReceived({ receivedAt: "2026-12-31T15:00:00Z" });
const content = composeAcknowledgement(received, sampleRouted("svr", { received }), town, {
  now: new Date("2027-01-04T09:00:00Z"),
  missingDocuments: ["Justificatif de domicile"],
});

async function main(): Promise<void> {
  for (let index = 0; index < WARMUP; index++) await renderLetterPdf(content, town);
  const durations: number[] = [];
  let bytes = 0;
  for (let index = 0; index < RUNS; index++) {
    const start = performance.now();
    const pdf = await renderLetterPdf(content, town);
    durations.push(performance.now() - start);
    bytes = pdf.length;
  }
  durations.sort((a, b) => a - b);
  const mean = durations.reduce((sum, value) => sum + value, 0) / durations.length;
  const p95 = durations[Math.floor(durations.length * 0.95)] ?? Number.NaN;
  console.log(
    `letter-pdf: ${mean.toFixed(2)} ms/letter (mean), p95 ${p95.toFixed(2)} ms, ${RUNS} letters (svr, 2 pages, ${bytes} bytes)`,
  );
}

await main();
