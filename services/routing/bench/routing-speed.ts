/**
 * Routing speed in process: training time on 50,000 synthetic requests, then decision latency
 * (rules + model) on the labelled requests. Run: npx tsx services/routing/bench/routing-speed.ts
 * Figures are printed, never asserted (timings depend on the machine).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCatalog } from "../src/catalog/catalog-loader.ts";
import { compileRules } from "../src/domain/keyword-rules.ts";
import { trainRoutingModel } from "../src/domain/model-training.ts";
import { decideRoute } from "../src/domain/route-decision.ts";
import { parseLabelledRequests } from "../src/domain/routing-evaluation.ts";
import { NaiveBayesClassifier } from "../src/domain/text-classifier.ts";
import { synthesiseRequests } from "./synthetic-requests.ts";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const catalog = parseCatalog(readFileSync(here("../../../data/loire-authion/catalog.yaml"), "utf8"));
const labelled = parseLabelledRequests(readFileSync(here("./labelled-requests.jsonl"), "utf8"));

let started = performance.now();
const rules = compileRules(catalog);
console.log(`rules compiled:            ${(performance.now() - started).toFixed(1)} ms`);

const synthetic = synthesiseRequests(labelled, catalog, 50_000, 42);
started = performance.now();
const model = trainRoutingModel(synthetic, catalog);
const trainingMs = performance.now() - started;
console.log(`training on ${synthetic.length} requests: ${(trainingMs / 1000).toFixed(2)} s`);

started = performance.now();
const json = JSON.stringify(model.toJSON());
const restored = NaiveBayesClassifier.fromJSON(JSON.parse(json));
console.log(
  `model JSON: ${(json.length / 1e6).toFixed(1)} MB, round trip ${(performance.now() - started).toFixed(0)} ms`,
);

const inputs = labelled.map((r) => ({ channel: r.channel, title: r.title, body: r.body }));
// Warm-up: JIT and the typo memo, as in a running consumer.
for (let i = 0; i < 5; i++) for (const input of inputs) decideRoute(input, { catalog, rules, model: restored });

const predictTimes: number[] = [];
const decideTimes: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const input of inputs) {
    let t = performance.now();
    restored.predict(`${input.title ?? ""}\n${input.body}`);
    predictTimes.push(performance.now() - t);
    t = performance.now();
    decideRoute(input, { catalog, rules, model: restored });
    decideTimes.push(performance.now() - t);
  }
}
// A long letter: the worst case for the matcher is a body, not a subject line.
const longBody = labelled.map((r) => r.body).join(" ");
const longTimes: number[] = [];
for (let i = 0; i < 200; i++) {
  const t = performance.now();
  decideRoute({ channel: "postal", title: null, body: longBody }, { catalog, rules, model: restored });
  longTimes.push(performance.now() - t);
}

const show = (label: string, times: number[]): void => {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number): string =>
    (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0).toFixed(3);
  console.log(`${label.padEnd(34)} p50 ${at(0.5)} ms  p95 ${at(0.95)} ms  p99 ${at(0.99)} ms  (n=${times.length})`);
};
show("model.predict", predictTimes);
show("decideRoute (rules + model)", decideTimes);
show(`decideRoute, ${longBody.length} chars body`, longTimes);
