import { waitFor } from "@guichet/testing/servers";
import type { Command } from "commander";
import { service, serviceUrl } from "../services.ts";

interface BenchOptions {
  requests: number;
  rate: number;
  concurrency: number;
  json?: boolean;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/**
 * Pushes N web requests through the running platform (`guichet start`), at a target rate (0 = as
 * fast as the concurrency allows), then reads from reporting how long each took from receipt to
 * its acknowledgement being sent. Prints figures; asserts nothing.
 */
async function bench(options: BenchOptions) {
  const intake = serviceUrl(service("intake"));
  const reporting = serviceUrl(service("reporting"));
  const run = Date.now().toString(36);
  const submitLatencies: number[] = [];
  const references: string[] = [];
  let failures = 0;
  let next = 0;
  const started = performance.now();
  const interval = options.rate > 0 ? 1000 / options.rate : 0;

  async function worker() {
    for (;;) {
      const i = next++;
      if (i >= options.requests) return;
      if (interval) {
        const due = started + i * interval;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const t0 = performance.now();
      const response = await fetch(`${intake}/api/requests`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          subjectId: "voirie.eclairage",
          title: `Banc d’essai ${run} n° ${i}`,
          body: "Le lampadaire devant le 3 rue de la Levée ne s’allume plus depuis lundi.",
          citizen: { name: "Banc d’essai", email: `bench+${run}-${i}@example.org` },
        }),
      }).catch(() => undefined);
      submitLatencies.push(performance.now() - t0);
      if (response?.status === 201) references.push(((await response.json()) as { reference: string }).reference);
      else failures++;
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  const submitSeconds = (performance.now() - started) / 1000;

  const ackDelays: number[] = [];
  for (const reference of references) {
    const delay = await waitFor(
      async () => {
        const response = await fetch(`${reporting}/api/requests/${reference}/timeline`);
        if (!response.ok) return undefined;
        const timeline = (await response.json()) as { delays: { receiptToAcknowledgementMs: number | null } };
        return timeline.delays.receiptToAcknowledgementMs ?? undefined;
      },
      { what: `acknowledgement of ${reference}`, timeoutMs: 120_000, intervalMs: 50 },
    );
    ackDelays.push(delay);
  }
  const endToEndSeconds = (performance.now() - started) / 1000;
  return {
    requests: options.requests,
    accepted: references.length,
    failures,
    targetRate: options.rate || "max",
    submitThroughputPerSecond: Math.round(references.length / submitSeconds),
    endToEndThroughputPerSecond: Math.round(references.length / endToEndSeconds),
    submitLatencyMs: summary(submitLatencies),
    receiptToAcknowledgementMs: summary(ackDelays),
  };
}

export function registerBench(program: Command): void {
  program
    .command("bench")
    .description("banc d’essai : N demandes web à travers la plateforme en marche (guichet start)")
    .option("-n, --requests <n>", "nombre de demandes", Number, 2_000)
    .option("--rate <r>", "demandes par seconde (0 = au plus vite)", Number, 0)
    .option("-c, --concurrency <c>", "demandes simultanées", Number, 64)
    .option("--json", "JSON seulement")
    .action(async (options: BenchOptions) => {
      const result = await bench(options);
      process.stdout.write(`${JSON.stringify(result)}\n`);
      if (options.json) return;
      console.table({
        "dépôt (HTTP 201)": { ...result.submitLatencyMs },
        "réception → accusé envoyé": { ...result.receiptToAcknowledgementMs },
      });
      console.log(
        `Débit de dépôt : ${result.submitThroughputPerSecond}/s ; débit de bout en bout : ${result.endToEndThroughputPerSecond}/s ; échecs : ${result.failures}`,
      );
    });
}
