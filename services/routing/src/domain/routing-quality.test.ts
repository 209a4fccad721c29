import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { compileRules } from "./keyword-rules.ts";
import { crossValidate, evaluateHoldout, parseLabelledRequests } from "./routing-evaluation.ts";
import { loireAuthionCatalog } from "./test-catalog.fixture.ts";

/*
 * Quality gate on the labelled requests (bench/labelled-requests.jsonl), 5-fold cross-validated,
 * and on a hold-out set written after the catalogue keywords and thresholds were frozen
 * (bench/labelled-requests.holdout.jsonl). The product owner's "done when" is ≥ 90 % right service
 * when not triaged and ≤ 15 % triage. Measured: 91.8 % / 8.1 % (cross-validation), 97.3 % / 7.5 %
 * (hold-out). The catalogue keywords were enriched after reading the cross-validation errors, so
 * the hold-out figure is the less optimistic witness of the two.
 */
const catalog = loireAuthionCatalog();
const requests = parseLabelledRequests(
  readFileSync(fileURLToPath(new URL("../../bench/labelled-requests.jsonl", import.meta.url)), "utf8"),
);
const holdout = parseLabelledRequests(
  readFileSync(fileURLToPath(new URL("../../bench/labelled-requests.holdout.jsonl", import.meta.url)), "utf8"),
);
const report = crossValidate(requests, { catalog, rules: compileRules(catalog), folds: 5 });
const held = evaluateHoldout(requests, holdout, { catalog, rules: compileRules(catalog) });

describe("routing quality on the labelled requests", () => {
  it("covers every subject of the catalogue and has enough off-catalogue requests", () => {
    const labelled = new Set(requests.map((r) => r.expectedSubjectId));
    expect(catalog.subjects.filter((s) => !labelled.has(s.id)).map((s) => s.id)).toEqual([]);
    expect(requests.length).toBeGreaterThanOrEqual(150);
    expect(requests.filter((r) => r.expectedSubjectId === null).length / requests.length).toBeGreaterThanOrEqual(0.08);
  });

  it("meets the product owner's target by cross-validation (≥ 90 % right when routed, ≤ 15 % triage)", () => {
    expect(report.accuracyWhenRouted).toBeGreaterThanOrEqual(0.9);
    expect(report.triageShare).toBeLessThanOrEqual(0.15);
  });

  it("meets the target on the hold-out requests the model never saw", () => {
    expect(holdout.length).toBeGreaterThanOrEqual(40);
    expect(held.accuracyWhenRouted).toBeGreaterThanOrEqual(0.9);
    expect(held.triageShare).toBeLessThanOrEqual(0.15);
  });

  it("still sends most off-catalogue requests to triage rather than guessing", () => {
    expect(report.triageRecall).toBeGreaterThanOrEqual(0.6);
  });
});
