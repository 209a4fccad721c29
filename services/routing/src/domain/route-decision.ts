import type { Channel } from "@guichet/contracts";
import { type Catalog, findService, findSubject, triageService } from "../catalog/catalog.ts";
import { type CompiledRules, matchRules, type RuleCandidate, type RuleMatch } from "./keyword-rules.ts";
import type { NaiveBayesClassifier, SubjectProbability } from "./text-classifier.ts";

export interface RouteInput {
  channel: Channel;
  title: string | null;
  body: string;
  siteId?: string | null;
  /** Subject chosen by the citizen (web form) or an agent (counter, phone). */
  subjectId?: string | null;
}

export interface RouteThresholds {
  /** Below this confidence the request goes to the human triage queue, never to a guess. */
  route: number;
}

const DEFAULT_THRESHOLDS: RouteThresholds = { route: 0.45 };

type RouteMethod = "direct" | "rule" | "model" | "triage";

type RouteEvidence =
  | { kind: "direct"; subjectId: string }
  | { kind: "unknown-subject"; subjectId: string }
  | {
      kind: "rule";
      ruleId: string;
      subjectId: string;
      phrase: string | null;
      field: "title" | "body" | null;
      matched: string | null;
      fuzzy: boolean;
      locative: boolean;
      ambiguous: boolean;
      weight: number;
    }
  | { kind: "model"; subjectId: string; probability: number }
  | { kind: "service-scores"; scores: { serviceId: string; rules: number; model: number; combined: number }[] };

export interface RouteDecision {
  serviceId: string;
  subjectId: string | null;
  method: RouteMethod;
  /** 0..1: how sure routing is of the service (not of the subject). */
  confidence: number;
  /** For agents, in French: what was found where, and why this service. */
  explanation: string;
  evidence: RouteEvidence[];
  catalogVersion?: number;
}

export interface RouteDependencies {
  catalog: Catalog;
  rules: CompiledRules;
  model?: NaiveBayesClassifier | null;
  thresholds?: Partial<RouteThresholds>;
  /** Copied to the decision so the event states which catalogue decided. */
  catalogVersion?: number;
}

interface ServiceScore {
  serviceId: string;
  rules: number;
  model: number;
  combined: number;
}

const percent = (x: number): string => `${Math.round(x * 100)} %`;
const MAX_EVIDENCE = 8;

/**
 * Decides which service handles a request. Order: a subject chosen by a person routes directly;
 * otherwise keyword rules and the learned model are pooled per service; below the threshold the
 * request goes to the triage service. Pure and synchronous: the consumer and `route --explain`
 * call it with the same inputs and get the same answer.
 */
export function decideRoute(input: RouteInput, deps: RouteDependencies): RouteDecision {
  const { catalog } = deps;
  const thresholds = { ...DEFAULT_THRESHOLDS, ...deps.thresholds };
  const version = deps.catalogVersion === undefined ? {} : { catalogVersion: deps.catalogVersion };
  const preamble: string[] = [];
  const evidence: RouteEvidence[] = [];

  if (input.subjectId) {
    const chosen = findSubject(catalog, input.subjectId);
    if (chosen) {
      return {
        serviceId: chosen.serviceId,
        subjectId: chosen.id,
        method: "direct",
        confidence: 1,
        explanation: `sujet choisi « ${chosen.label} » → sujet ${chosen.id} (${serviceName(catalog, chosen.serviceId)})`,
        evidence: [{ kind: "direct", subjectId: chosen.id }],
        ...version,
      };
    }
    preamble.push(`le sujet choisi « ${input.subjectId} » n'existe pas dans le catalogue`);
    evidence.push({ kind: "unknown-subject", subjectId: input.subjectId });
  }

  const candidates = matchRules(deps.rules, input);
  const predictions = deps.model ? deps.model.predict(`${input.title ?? ""}\n${input.body}`) : [];
  const scores = poolByService(catalog, candidates, predictions);
  evidence.push(...ruleEvidence(candidates), ...modelEvidence(predictions));
  if (scores.length > 0) evidence.push({ kind: "service-scores", scores: scores.slice(0, 3) });

  const best = scores[0];
  const runnerUp = scores[1];
  // Rule competition is already in the shares; the model's belief in another service discounts the
  // winner: two services both plausible means "ask a human".
  const confidence = best ? clamp(best.combined * (1 - 0.5 * (runnerUp?.model ?? 0))) : 0;
  if (!best || confidence < thresholds.route) {
    const triage = triageService(catalog);
    preamble.push(triageReason(candidates, predictions, confidence, thresholds.route));
    return {
      serviceId: triage.id,
      subjectId: null,
      method: "triage",
      confidence,
      explanation: fitExplanation(`${preamble.join(" ; ")} → ${triage.id} (triage, ${triage.name})`),
      evidence,
      ...version,
    };
  }

  const subjectId = bestSubject(catalog, best.serviceId, candidates, predictions);
  // Rules decide when they alone would have routed here; otherwise the learned suggestion tipped it.
  const method =
    best.rules >= thresholds.route && best.rules >= Math.max(...scores.map((s) => s.rules)) ? "rule" : "model";
  preamble.push(...reasons(catalog, best, candidates, predictions, subjectId));
  preamble.push(`confiance ${percent(confidence)}`);
  return {
    serviceId: best.serviceId,
    subjectId,
    method,
    confidence,
    explanation: fitExplanation(preamble.join(" ; ")),
    evidence,
    ...version,
  };
}

/**
 * Evidence the rules hold for "none of the services they found": a single keyword in the body
 * (weight 1) then counts for 1 / (1 + 0.6) ≈ 62 %, one in the subject line for 77 %, and two
 * services with one keyword each for 38 % each.
 */
const RULE_DOUBT = 0.6;

/**
 * The triage service's own subjects ("horaires", "renseignement") are a catch-all: when a request
 * also names a specialised service's keyword, that service should win.
 */
const TRIAGE_SUBJECT_WEIGHT = 0.5;

/**
 * Turns rule scores and model probabilities into one score per service. Rule scores become a share
 * of the evidence with some mass kept for doubt (RULE_DOUBT); the two sources are combined as a
 * noisy-OR, so agreement raises the confidence above either source alone.
 */
function poolByService(
  catalog: Catalog,
  candidates: readonly RuleCandidate[],
  predictions: readonly SubjectProbability[],
): ServiceScore[] {
  const ruleTotals = new Map<string, number>();
  const triageId = triageService(catalog).id;
  let total = RULE_DOUBT;
  for (const c of candidates) {
    const score = c.serviceId === triageId ? c.score * TRIAGE_SUBJECT_WEIGHT : c.score;
    ruleTotals.set(c.serviceId, (ruleTotals.get(c.serviceId) ?? 0) + score);
    total += score;
  }
  const modelTotals = new Map<string, number>();
  const services = subjectServices(catalog);
  for (const p of predictions) {
    const serviceId = services.get(p.subjectId);
    if (serviceId) modelTotals.set(serviceId, (modelTotals.get(serviceId) ?? 0) + p.probability);
  }
  const serviceIds = new Set([...ruleTotals.keys(), ...modelTotals.keys()]);
  return [...serviceIds]
    .map((serviceId) => {
      const rules = (ruleTotals.get(serviceId) ?? 0) / total;
      const model = modelTotals.get(serviceId) ?? 0;
      return { serviceId, rules, model, combined: 1 - (1 - rules) * (1 - model) };
    })
    .sort((a, b) => b.combined - a.combined);
}

/** Within the chosen service: the subject rules found (they quote the citizen), else the model's. */
function bestSubject(
  catalog: Catalog,
  serviceId: string,
  candidates: readonly RuleCandidate[],
  predictions: readonly SubjectProbability[],
): string | null {
  const byRule = candidates.find((c) => c.serviceId === serviceId);
  if (byRule) return byRule.subjectId;
  const services = subjectServices(catalog);
  return predictions.find((p) => services.get(p.subjectId) === serviceId)?.subjectId ?? null;
}

// The catalogue is immutable once loaded; index it once per instance rather than per request.
const subjectServiceCache = new WeakMap<Catalog, ReadonlyMap<string, string>>();

function subjectServices(catalog: Catalog): ReadonlyMap<string, string> {
  let map = subjectServiceCache.get(catalog);
  if (!map) {
    map = new Map(catalog.subjects.map((s) => [s.id, s.serviceId]));
    subjectServiceCache.set(catalog, map);
  }
  return map;
}

function reasons(
  catalog: Catalog,
  best: ServiceScore,
  candidates: readonly RuleCandidate[],
  predictions: readonly SubjectProbability[],
  subjectId: string | null,
): string[] {
  const out: string[] = [];
  const target = `sujet ${subjectId ?? "(aucun)"} (${serviceName(catalog, best.serviceId)})`;
  const winning = candidates.filter((c) => c.serviceId === best.serviceId).flatMap((c) => c.matches);
  if (winning.length > 0) out.push(`${winning.slice(0, 3).map(describeMatch).join(", ")} → ${target}`);
  const modelTop = predictions[0];
  if (modelTop) {
    const agrees = subjectServices(catalog).get(modelTop.subjectId) === best.serviceId;
    if (winning.length === 0)
      out.push(`le modèle propose ${modelTop.subjectId} (${percent(modelTop.probability)}) → ${target}`);
    else if (agrees) out.push(`le modèle confirme (${modelTop.subjectId}, ${percent(modelTop.probability)})`);
    else out.push(`le modèle proposait ${modelTop.subjectId} (${percent(modelTop.probability)})`);
  }
  const other = candidates.find((c) => c.serviceId !== best.serviceId);
  if (other) out.push(`écarté : ${other.matches.slice(0, 2).map(describeMatch).join(", ")} → ${other.subjectId}`);
  return out;
}

function describeMatch(m: RuleMatch): string {
  if (m.phrase === null) return `règle « ${m.ruleId} » (canal ou site)`;
  const where = m.field === "title" ? "dans l'objet" : "dans le message";
  const typo = m.fuzzy && m.matched ? ` (écrit « ${m.matched} »)` : "";
  const place = m.locative ? " (comme lieu)" : "";
  const shared = m.ambiguous ? " (mot partagé entre plusieurs sujets)" : "";
  return `a trouvé « ${m.phrase} »${typo} ${where}${place}${shared}`;
}

function triageReason(
  candidates: readonly RuleCandidate[],
  predictions: readonly SubjectProbability[],
  confidence: number,
  threshold: number,
): string {
  const parts: string[] = [];
  if (candidates.length === 0) parts.push("aucun mot-clé du catalogue trouvé");
  else {
    const listed = candidates.slice(0, 3).map((c) => `${c.subjectId} (${c.matches.map(describeMatch).join(", ")})`);
    parts.push(`mots-clés pour plusieurs sujets ou trop peu : ${listed.join(" ; ")}`);
  }
  const top = predictions.slice(0, 2).filter((p) => p.probability >= 0.05);
  if (top.length > 0) {
    parts.push(`le modèle hésite : ${top.map((p) => `${p.subjectId} ${percent(p.probability)}`).join(", ")}`);
  }
  parts.push(`confiance ${percent(confidence)} < seuil ${percent(threshold)}`);
  return parts.join(" ; ");
}

function ruleEvidence(candidates: readonly RuleCandidate[]): RouteEvidence[] {
  return candidates
    .flatMap((c) => c.matches)
    .slice(0, MAX_EVIDENCE)
    .map((m) => ({ kind: "rule" as const, ...m }));
}

function modelEvidence(predictions: readonly SubjectProbability[]): RouteEvidence[] {
  return predictions
    .slice(0, 3)
    .map((p) => ({ kind: "model" as const, subjectId: p.subjectId, probability: p.probability }));
}

function serviceName(catalog: Catalog, serviceId: string): string {
  return findService(catalog, serviceId)?.name ?? serviceId;
}

/** request.routed.v1 caps the explanation at 2,000 characters; the evidence array keeps the rest. */
function fitExplanation(text: string): string {
  return text.length <= 2000 ? text : `${text.slice(0, 1999)}…`;
}

function clamp(x: number): number {
  return Math.min(1, Math.max(0, x));
}
