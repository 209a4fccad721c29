import { channelSchema } from "@guichet/contracts";
import { z } from "zod";
import type { Catalog } from "../catalog/catalog.ts";
import type { CompiledRules } from "./keyword-rules.ts";
import { trainRoutingModel } from "./model-training.ts";
import { decideRoute, type RouteDecision, type RouteThresholds } from "./route-decision.ts";
import type { ClassifierOptions } from "./text-classifier.ts";

/*
 * Offline quality measurement: k-fold cross-validation of the whole decision (rules + model +
 * thresholds) on requests whose right service is known. Shared by the quality bench and by the
 * unit test that keeps the product owner's thresholds from regressing.
 */

const labelledRequestSchema = z.strictObject({
  id: z.string().min(1),
  channel: channelSchema,
  title: z.string().nullable(),
  body: z.string(),
  expectedServiceId: z.string().min(1),
  expectedSubjectId: z.string().min(1).nullable(),
});
export type LabelledRequest = z.infer<typeof labelledRequestSchema>;

/** One JSON object per line; blank lines are ignored, a bad line is reported by its number. */
export function parseLabelledRequests(jsonl: string): LabelledRequest[] {
  return jsonl.split("\n").flatMap((line, index) => {
    if (!line.trim()) return [];
    const parsed = labelledRequestSchema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`line ${index + 1}: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
    return [parsed.data];
  });
}

interface ServiceQuality {
  serviceId: string;
  /** Requests whose right service is this one. */
  support: number;
  /** Decisions naming this service (triage counts for the triage service). */
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
}

interface EvaluatedRequest {
  id: string;
  expectedServiceId: string;
  expectedSubjectId: string | null;
  decision: RouteDecision;
}

export interface QualityReport {
  folds: number;
  total: number;
  triaged: number;
  triageShare: number;
  routed: number;
  routedCorrect: number;
  /** The product owner's figure: of the requests not sent to triage, how many reached the right service. */
  accuracyWhenRouted: number;
  subjectAccuracyWhenRouted: number;
  /** Requests whose right answer is triage and that were indeed triaged. */
  triageRecall: number;
  byMethod: Record<string, number>;
  byService: ServiceQuality[];
  mistakes: EvaluatedRequest[];
  /** Requests that had a right service but went to triage (cost: an agent's time, not a wrong answer). */
  needlesslyTriaged: EvaluatedRequest[];
}

export interface CrossValidationOptions {
  catalog: Catalog;
  rules: CompiledRules;
  folds?: number;
  thresholds?: Partial<RouteThresholds>;
  classifier?: ClassifierOptions;
  /** Without the model: measures what the catalogue keywords alone achieve. */
  withModel?: boolean;
}

export function crossValidate(requests: readonly LabelledRequest[], options: CrossValidationOptions): QualityReport {
  const folds = options.folds ?? 5;
  const triageId = options.catalog.services.find((s) => s.role === "triage")?.id ?? "";
  const evaluated: EvaluatedRequest[] = [];
  for (let fold = 0; fold < folds; fold++) {
    // i % folds spreads each subject over the folds, since the labelled file is grouped by subject.
    const held = requests.filter((_, i) => i % folds === fold);
    const training = requests
      .filter((r, i) => i % folds !== fold && r.expectedSubjectId !== null)
      .map((r) => ({ text: `${r.title ?? ""}\n${r.body}`, subjectId: r.expectedSubjectId ?? "" }));
    const model = options.withModel === false ? null : trainRoutingModel(training, options.catalog, options.classifier);
    for (const r of held) {
      const decision = decideRoute(
        { channel: r.channel, title: r.title, body: r.body },
        { catalog: options.catalog, rules: options.rules, model, thresholds: options.thresholds },
      );
      evaluated.push({
        id: r.id,
        expectedServiceId: r.expectedServiceId,
        expectedSubjectId: r.expectedSubjectId,
        decision,
      });
    }
  }
  return summarise(evaluated, folds, triageId);
}

/**
 * A true hold-out: the model learns from `training` only and decides `heldOut`, requests written
 * after the rules and thresholds were frozen (bench/labelled-requests.holdout.jsonl).
 */
export function evaluateHoldout(
  training: readonly LabelledRequest[],
  heldOut: readonly LabelledRequest[],
  options: Omit<CrossValidationOptions, "folds">,
): QualityReport {
  const triageId = options.catalog.services.find((s) => s.role === "triage")?.id ?? "";
  const examples = training.flatMap((r) =>
    r.expectedSubjectId ? [{ text: `${r.title ?? ""}\n${r.body}`, subjectId: r.expectedSubjectId }] : [],
  );
  const model = options.withModel === false ? null : trainRoutingModel(examples, options.catalog, options.classifier);
  const evaluated = heldOut.map((r) => ({
    id: r.id,
    expectedServiceId: r.expectedServiceId,
    expectedSubjectId: r.expectedSubjectId,
    decision: decideRoute(
      { channel: r.channel, title: r.title, body: r.body },
      { catalog: options.catalog, rules: options.rules, model, thresholds: options.thresholds },
    ),
  }));
  return summarise(evaluated, 1, triageId);
}

function summarise(evaluated: readonly EvaluatedRequest[], folds: number, triageId: string): QualityReport {
  const routed = evaluated.filter((e) => e.decision.method !== "triage");
  const routedCorrect = routed.filter((e) => e.decision.serviceId === e.expectedServiceId);
  const subjectCorrect = routed.filter((e) => e.decision.subjectId === e.expectedSubjectId);
  const shouldTriage = evaluated.filter((e) => e.expectedServiceId === triageId && e.expectedSubjectId === null);
  const byMethod: Record<string, number> = {};
  for (const e of evaluated) byMethod[e.decision.method] = (byMethod[e.decision.method] ?? 0) + 1;

  const serviceIds = new Set(evaluated.flatMap((e) => [e.expectedServiceId, e.decision.serviceId]));
  const byService = [...serviceIds]
    .map((serviceId) => {
      const support = evaluated.filter((e) => e.expectedServiceId === serviceId).length;
      const predicted = evaluated.filter((e) => e.decision.serviceId === serviceId).length;
      const correct = evaluated.filter(
        (e) => e.decision.serviceId === serviceId && e.expectedServiceId === serviceId,
      ).length;
      return {
        serviceId,
        support,
        predicted,
        correct,
        precision: ratio(correct, predicted),
        recall: ratio(correct, support),
      };
    })
    .sort((a, b) => a.serviceId.localeCompare(b.serviceId));

  return {
    folds,
    total: evaluated.length,
    triaged: evaluated.length - routed.length,
    triageShare: ratio(evaluated.length - routed.length, evaluated.length),
    routed: routed.length,
    routedCorrect: routedCorrect.length,
    accuracyWhenRouted: ratio(routedCorrect.length, routed.length),
    subjectAccuracyWhenRouted: ratio(subjectCorrect.length, routed.length),
    triageRecall: ratio(shouldTriage.filter((e) => e.decision.method === "triage").length, shouldTriage.length),
    byMethod,
    byService,
    mistakes: routed.filter((e) => e.decision.serviceId !== e.expectedServiceId),
    needlesslyTriaged: evaluated.filter((e) => e.decision.method === "triage" && e.expectedSubjectId !== null),
  };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}
