import { waitFor } from "@guichet/testing/servers";
import type { Command } from "commander";
import { z } from "zod";
import { compare, renderComparison, renderProfiles, renderScaleGain, soak } from "../bench/compare.ts";
import { summary } from "../bench/process-stats.ts";
import { renderStages } from "../bench/stages.ts";
import { operatorIdentity } from "../operator-identity.ts";
import { service, serviceUrl } from "../services.ts";

interface BenchOptions {
  requests: number;
  rate: number;
  concurrency: number;
  json?: boolean;
  compare?: boolean;
  quick?: boolean;
  reference: string;
  rates: string;
  rateSeconds: number;
  profile?: boolean;
  logLevel: string;
  soak?: number;
  soakRate: number;
  soakSystem: string;
  cluster?: boolean;
  stages?: boolean;
}

const variantsSchema = z.array(z.enum(["simple", "batched"]));
const ratesSchema = z.array(z.coerce.number().int().min(1).max(10_000));
const soakSystemSchema = z.enum(["product", "batched", "simple"]);

function parseOption<T>(schema: z.ZodType<T>, value: unknown, name: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Error(`${name} : ${parsed.error.issues.map((i) => i.message).join(", ")}`);
}

/** `--compare`: reference pipeline(s) then the product, same servers, same load, one table. */
async function compareCommand(options: BenchOptions, explicit: (name: string) => boolean) {
  const quick = options.quick === true;
  const { figures, logDir } = await compare({
    variants: parseOption(variantsSchema, options.reference.split(",").filter(Boolean), "--reference"),
    requests: explicit("requests") || !quick ? options.requests : 500,
    concurrency: options.concurrency,
    rates: parseOption(ratesSchema, options.rates.split(",").filter(Boolean), "--rates"),
    rateSeconds: explicit("rateSeconds") || !quick ? options.rateSeconds : 4,
    warmup: quick ? 50 : 200,
    drainTimeoutSeconds: 180,
    profile: options.profile === true,
    logLevel: options.logLevel,
    instances: 1,
    replicas: 1,
    natsUrl: process.env.NATS_URL,
    cluster: options.cluster === true,
    stages: options.stages === true,
  });
  process.stdout.write(`${JSON.stringify(figures)}\n`);
  if (options.json) return;
  process.stdout.write(`\n${renderComparison(figures)}\n`);
  const scale = renderScaleGain(figures);
  if (scale) process.stdout.write(`\n${scale}\n`);
  for (const { label, stages } of figures) if (stages) process.stdout.write(`\n${renderStages(label, stages)}\n`);
  process.stdout.write(`\nJournaux des services : ${logDir}\n`);
  if (options.profile) process.stdout.write(`\nProfils CPU (temps propre) :\n${renderProfiles(logDir)}\n`);
}

/**
 * Pushes N web requests through the running platform (`guichet start`), at a target rate (0 = as
 * fast as the concurrency allows), then reads from reporting how long each took from receipt to
 * its acknowledgement being sent. Prints figures; asserts nothing.
 */
async function bench(options: BenchOptions) {
  const intake = serviceUrl(service("intake"));
  const reporting = serviceUrl(service("reporting"));
  // The timeline is a staff route: the bench reads it as an operator, straight from reporting.
  const reader = { "x-guichet-identity": operatorIdentity("guichet-bench", ["manager"]) };
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
        const response = await fetch(`${reporting}/api/requests/${reference}/timeline`, { headers: reader });
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
    .option("--compare", "pipeline de référence puis produit, côte à côte, avec les rapports (démarre tout lui-même)")
    .option("--quick", "--compare court : 500 demandes à saturation, paliers de 4 s")
    .option("--reference <variantes>", "variantes de la référence : simple,batched", "simple,batched")
    .option("--rates <liste>", "paliers de débit fixe (demandes/s)", "100,500,1000")
    .option("--rate-seconds <s>", "durée de chaque palier", Number, 10)
    .option(
      "--cluster",
      "--compare sur un cluster NATS à 3 nœuds (flux R3), produit à une puis deux instances par service",
    )
    .option(
      "--stages",
      "--compare : où les demandes du produit attendent (délais entre étapes, p50/p99, sur la saturation)",
    )
    .option("--profile", "node --cpu-prof sur chaque service ; résume les fonctions les plus coûteuses")
    .option("--log-level <niveau>", "LOG_LEVEL des services du produit", "info")
    .option("--soak <minutes>", "endurance : débit fixe pendant N minutes, mémoire relevée toutes les 30 s", Number)
    .option("--soak-rate <r>", "débit de l’endurance (demandes/s)", Number, 50)
    .option("--soak-system <s>", "product, batched ou simple", "product")
    .action(async (options: BenchOptions, command: Command) => {
      const explicit = (name: string) => command.getOptionValueSource(name) === "cli";
      if (options.soak !== undefined) {
        process.stdout.write(
          `${await soak({
            minutes: parseOption(z.number().positive().max(120), options.soak, "--soak"),
            rate: parseOption(z.number().int().min(1).max(5_000), options.soakRate, "--soak-rate"),
            intervalSeconds: 30,
            system: parseOption(soakSystemSchema, options.soakSystem, "--soak-system"),
            logLevel: options.logLevel,
          })}\n`,
        );
        return;
      }
      if (options.compare) {
        await compareCommand(options, explicit);
        return;
      }
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
