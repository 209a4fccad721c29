/**
 * Routing quality on the labelled requests, by 5-fold cross-validation (the model never sees the
 * request it decides), then on the hold-out requests (model trained on the whole labelled set).
 * Run: npx tsx services/routing/bench/routing-quality.ts [--verbose] [--no-model]
 * (also `npx guichet routing quality`).
 * Prints a table, then the figures as JSON on the last line (for CI dashboards).
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseCatalog } from "../src/catalog/catalog-loader.ts";
import { compileRules } from "../src/domain/keyword-rules.ts";
import { crossValidate, evaluateHoldout, parseLabelledRequests } from "../src/domain/routing-evaluation.ts";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
const catalog = parseCatalog(readFileSync(here("../../../data/loire-authion/catalog.yaml"), "utf8"));
const requests = parseLabelledRequests(readFileSync(here("./labelled-requests.jsonl"), "utf8"));
const verbose = process.argv.includes("--verbose");
const withModel = !process.argv.includes("--no-model");

const report = crossValidate(requests, { catalog, rules: compileRules(catalog), folds: 5, withModel });
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

console.log(
  `Labelled requests: ${report.total} (${report.folds}-fold cross-validation, model ${withModel ? "on" : "off"})`,
);
console.log(
  `Accuracy when not triaged: ${pct(report.accuracyWhenRouted)} (${report.routedCorrect}/${report.routed})   target ≥ 90 %`,
);
console.log(
  `Sent to triage:            ${pct(report.triageShare)} (${report.triaged}/${report.total})   target ≤ 15 %`,
);
console.log(`Subject accuracy (routed): ${pct(report.subjectAccuracyWhenRouted)}`);
console.log(`Off-catalogue requests triaged: ${pct(report.triageRecall)}`);
console.log(
  `By method: ${Object.entries(report.byMethod)
    .map(([m, n]) => `${m} ${n}`)
    .join(", ")}`,
);
console.log("");
console.log(
  `${"service".padEnd(22)}${"support".padStart(8)}${"predicted".padStart(10)}${"precision".padStart(11)}${"recall".padStart(9)}`,
);
for (const s of report.byService) {
  console.log(
    `${s.serviceId.padEnd(22)}${String(s.support).padStart(8)}${String(s.predicted).padStart(10)}${pct(s.precision).padStart(11)}${pct(s.recall).padStart(9)}`,
  );
}
if (verbose) {
  console.log("\nMistakes (routed to the wrong service):");
  for (const m of report.mistakes) {
    console.log(
      `- ${m.id} expected ${m.expectedServiceId}, got ${m.decision.serviceId} [${m.decision.method} ${pct(m.decision.confidence)}]: ${m.decision.explanation}`,
    );
  }
  console.log("\nSent to triage although a service was right for them:");
  for (const m of report.needlesslyTriaged) {
    console.log(`- ${m.id} expected ${m.expectedSubjectId}: ${m.decision.explanation}`);
  }
}
const holdout = parseLabelledRequests(readFileSync(here("./labelled-requests.holdout.jsonl"), "utf8"));
const held = evaluateHoldout(requests, holdout, { catalog, rules: compileRules(catalog), withModel });
console.log(
  `\nHold-out (${held.total} requests written after the rules were frozen): accuracy when not triaged ${pct(held.accuracyWhenRouted)} (${held.routedCorrect}/${held.routed}), sent to triage ${pct(held.triageShare)} (${held.triaged}/${held.total})`,
);
if (verbose)
  for (const m of held.mistakes)
    console.log(`- ${m.id} expected ${m.expectedServiceId}, got ${m.decision.serviceId}: ${m.decision.explanation}`);
const { mistakes, needlesslyTriaged, ...figures } = report;
const ids = (list: readonly { id: string }[]): string[] => list.map((m) => m.id);
console.log(
  `\n${JSON.stringify({
    ...figures,
    mistakes: ids(mistakes),
    needlesslyTriaged: ids(needlesslyTriaged),
    holdout: { total: held.total, accuracyWhenRouted: held.accuracyWhenRouted, triageShare: held.triageShare },
  })}`,
);
