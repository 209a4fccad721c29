import type { Channel } from "@guichet/contracts";
import type { Catalog } from "../catalog/catalog.ts";
import { TypoIndex, terms } from "./french-text.ts";

/**
 * A routing rule. Catalogue keywords become rules automatically; towns add their own for context
 * the catalogue cannot express (e.g. postal mail received at an annex goes to a given subject).
 */
export interface RuleDefinition {
  id: string;
  when: { anyPhrases?: string[]; channel?: Channel[]; siteId?: string[] };
  then: { subjectId: string };
  /** Multiplies the weight of a phrase match; the flat score of a rule without phrases. */
  priority: number;
}

type RuleField = "title" | "body";

export interface RuleMatch {
  ruleId: string;
  subjectId: string;
  /** The phrase as written in the catalogue or the rule, or null for a context-only rule. */
  phrase: string | null;
  field: RuleField | null;
  /** The citizen's words that matched (folded), shown to agents when a typo was forgiven. */
  matched: string | null;
  fuzzy: boolean;
  /** True when every occurrence names a place ("devant l'école"): the weight was halved. */
  locative: boolean;
  /** True when the same phrase belongs to several subjects: its weight is shared between them. */
  ambiguous: boolean;
  weight: number;
}

export interface RuleCandidate {
  subjectId: string;
  serviceId: string;
  score: number;
  matches: RuleMatch[];
}

export interface RuleInput {
  channel: Channel;
  title: string | null;
  body: string;
  siteId?: string | null;
}

interface CompiledPhrase {
  ruleId: string;
  subjectId: string;
  text: string;
  terms: string[];
  weight: number;
  ambiguous: boolean;
  channels: ReadonlySet<Channel> | null;
  sites: ReadonlySet<string> | null;
}

interface ContextRule {
  ruleId: string;
  subjectId: string;
  priority: number;
  channels: ReadonlySet<Channel> | null;
  sites: ReadonlySet<string> | null;
}

export interface CompiledRules {
  readonly phrasesByFirstTerm: ReadonlyMap<string, readonly CompiledPhrase[]>;
  readonly contextRules: readonly ContextRule[];
  readonly typos: TypoIndex;
  readonly serviceBySubject: ReadonlyMap<string, string>;
  readonly ruleCount: number;
}

export class RuleCompileError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`règles d’orientation refusées :\n${problems.join("\n")}`);
    this.name = "RuleCompileError";
    this.problems = problems;
  }
}

/** Weights: a phrase of several words is more specific than a single word, and the subject line
 *  (objet) states the request more deliberately than the body. */
const RULE_WEIGHTS = {
  perExtraWord: 0.75,
  title: 2,
  alsoInOtherField: 0.25,
  fuzzy: 0.8,
  locative: 0.5,
} as const;

/*
 * "au marché", "près de l'école", "sur le parking de la salle des fêtes": a keyword naming the place
 * where something happens is weaker evidence than one naming what happens. Folded forms; articles
 * between the preposition and the keyword are skipped.
 */
const LOCATIVES: ReadonlySet<string> = new Set(
  "au aux devant pres derriere cote parking place vers chez face long abord entree sortie pied".split(" "),
);
const ARTICLES: ReadonlySet<string> = new Set("le la les l de du des d un une a".split(" "));

/** Articles and prepositions that French writers swap inside a phrase without changing its meaning. */
const LINKING_WORDS: ReadonlySet<string> = new Set("le la les l de du des d un une au aux a en".split(" "));

function isLocative(text: readonly string[], start: number): boolean {
  let i = start - 1;
  while (i >= 0 && ARTICLES.has(text[i] ?? "")) i--;
  return i >= 0 && LOCATIVES.has(text[i] ?? "");
}

/**
 * Compiles the catalogue's keywords and the town's extra rules into a matcher.
 * @throws RuleCompileError listing every rule that cannot compile and why.
 */
export function compileRules(catalog: Catalog, extraRules: readonly RuleDefinition[] = []): CompiledRules {
  const serviceBySubject = new Map(catalog.subjects.map((s) => [s.id, s.serviceId]));
  const definitions: RuleDefinition[] = catalog.subjects.map((s) => ({
    id: `catalogue:${s.id}`,
    when: { anyPhrases: s.keywords },
    // biome-ignore lint/suspicious/noThenProperty: the rule format's own word; an object, never a function, so never a thenable.
    then: { subjectId: s.id },
    priority: 1,
  }));
  const problems = extraRules.flatMap((r) => checkRule(r, serviceBySubject, catalog));
  const ids = new Set<string>();
  for (const rule of extraRules) {
    if (ids.has(rule.id) || rule.id.startsWith("catalogue:"))
      problems.push(`règle « ${rule.id} » : identifiant de règle en double`);
    ids.add(rule.id);
  }
  if (problems.length > 0) throw new RuleCompileError(problems);
  definitions.push(...extraRules);

  const phrases: CompiledPhrase[] = [];
  const contextRules: ContextRule[] = [];
  for (const rule of definitions) {
    const channels = rule.when.channel ? new Set(rule.when.channel) : null;
    const sites = rule.when.siteId ? new Set(rule.when.siteId) : null;
    const ruleTexts = rule.when.anyPhrases ?? [];
    if (ruleTexts.length === 0) {
      contextRules.push({ ruleId: rule.id, subjectId: rule.then.subjectId, priority: rule.priority, channels, sites });
      continue;
    }
    const seen = new Set<string>();
    for (const text of ruleTexts) {
      const phraseTerms = terms(text);
      // "nid de poule" and "nid-de-poule" normalise alike: count the phrase once.
      if (seen.has(phraseTerms.join(" "))) continue;
      seen.add(phraseTerms.join(" "));
      const weight = (1 + RULE_WEIGHTS.perExtraWord * (phraseTerms.length - 1)) * rule.priority;
      phrases.push({
        ruleId: rule.id,
        subjectId: rule.then.subjectId,
        text,
        terms: phraseTerms,
        weight,
        ambiguous: false,
        channels,
        sites,
      });
    }
  }
  shareAmbiguousPhrases(phrases);

  const phrasesByFirstTerm = new Map<string, CompiledPhrase[]>();
  for (const phrase of phrases) {
    const first = phrase.terms[0] ?? "";
    const bucket = phrasesByFirstTerm.get(first);
    if (bucket) bucket.push(phrase);
    else phrasesByFirstTerm.set(first, [phrase]);
  }
  const vocabulary = phrases.flatMap((p) => p.terms);
  // Words of labels and service names are spelt right by definition: never typos of a keyword.
  const realWords = [...catalog.subjects.map((s) => s.label), ...catalog.services.map((s) => s.name)].flatMap(terms);
  return {
    phrasesByFirstTerm,
    contextRules,
    typos: new TypoIndex(vocabulary, realWords),
    serviceBySubject,
    ruleCount: definitions.length,
  };
}

function checkRule(rule: RuleDefinition, serviceBySubject: ReadonlyMap<string, string>, catalog: Catalog): string[] {
  const problems: string[] = [];
  const name = `règle « ${rule.id} »`;
  if (!rule.id.trim()) problems.push("une règle a un identifiant vide");
  if (!serviceBySubject.has(rule.then.subjectId)) {
    problems.push(`${name} : le sujet « ${rule.then.subjectId} » n’existe pas dans le catalogue`);
  }
  if (!Number.isFinite(rule.priority) || rule.priority <= 0)
    problems.push(`${name} : la priorité doit être un nombre supérieur à 0`);
  rule.when.anyPhrases?.forEach((phrase, index) => {
    if (terms(phrase).length === 0) {
      problems.push(`${name} : l’expression n° ${index + 1} (« ${phrase} ») ne contient aucun mot`);
    }
  });
  const siteIds = new Set(catalog.sites.map((s) => s.id));
  for (const siteId of rule.when.siteId ?? []) {
    if (!siteIds.has(siteId)) problems.push(`${name} : le site « ${siteId} » n’existe pas dans le catalogue`);
  }
  const hasCondition = (rule.when.anyPhrases?.length ?? 0) > 0 || rule.when.channel?.length || rule.when.siteId?.length;
  if (!hasCondition)
    problems.push(`${name} : aucune condition (« when » est vide) : elle s’appliquerait à toutes les demandes`);
  return problems;
}

/** A phrase listed under several subjects says "one of these", not which: split its weight. */
function shareAmbiguousPhrases(phrases: CompiledPhrase[]): void {
  const subjectsByKey = new Map<string, Set<string>>();
  for (const p of phrases) {
    const key = p.terms.join(" ");
    const set = subjectsByKey.get(key) ?? new Set<string>();
    set.add(p.subjectId);
    subjectsByKey.set(key, set);
  }
  for (const p of phrases) {
    const sharedBy = subjectsByKey.get(p.terms.join(" "))?.size ?? 1;
    if (sharedBy > 1) {
      p.weight /= sharedBy;
      p.ambiguous = true;
    }
  }
}

interface Hit {
  phrase: CompiledPhrase;
  field: RuleField;
  start: number;
  end: number;
  matched: string;
  fuzzy: boolean;
  locative: boolean;
}

/** Candidates sorted by score, best first; each lists the phrases that matched. */
export function matchRules(rules: CompiledRules, input: RuleInput): RuleCandidate[] {
  const hits = [
    ...findHits(rules, input, "title", terms(input.title ?? "")),
    ...findHits(rules, input, "body", terms(input.body)),
  ];
  const bySubject = new Map<string, RuleCandidate>();
  const add = (subjectId: string, match: RuleMatch): void => {
    let candidate = bySubject.get(subjectId);
    if (!candidate) {
      candidate = { subjectId, serviceId: rules.serviceBySubject.get(subjectId) ?? "", score: 0, matches: [] };
      bySubject.set(subjectId, candidate);
    }
    candidate.score += match.weight;
    candidate.matches.push(match);
  };

  // One contribution per phrase: repeating a word does not make a request more about it.
  const byPhrase = new Map<CompiledPhrase, Hit[]>();
  for (const hit of hits) byPhrase.set(hit.phrase, [...(byPhrase.get(hit.phrase) ?? []), hit]);
  for (const [phrase, phraseHits] of byPhrase) {
    const best =
      phraseHits.find((h) => h.field === "title" && !h.fuzzy) ??
      phraseHits.find((h) => h.field === "title") ??
      phraseHits.find((h) => !h.fuzzy) ??
      phraseHits[0];
    if (!best) continue;
    const bothFields = phraseHits.some((h) => h.field !== best.field);
    const weight =
      phrase.weight *
        (best.field === "title" ? RULE_WEIGHTS.title : 1) *
        (best.fuzzy ? RULE_WEIGHTS.fuzzy : 1) *
        (phraseHits.every((h) => h.locative) ? RULE_WEIGHTS.locative : 1) +
      (bothFields ? RULE_WEIGHTS.alsoInOtherField * phrase.weight : 0);
    add(phrase.subjectId, {
      ruleId: phrase.ruleId,
      subjectId: phrase.subjectId,
      phrase: phrase.text,
      field: best.field,
      matched: best.matched,
      fuzzy: best.fuzzy,
      locative: phraseHits.every((h) => h.locative),
      ambiguous: phrase.ambiguous,
      weight,
    });
  }
  for (const rule of rules.contextRules) {
    if (!conditionsHold(rule, input)) continue;
    add(rule.subjectId, {
      ruleId: rule.ruleId,
      subjectId: rule.subjectId,
      phrase: null,
      field: null,
      matched: null,
      fuzzy: false,
      locative: false,
      ambiguous: false,
      weight: rule.priority,
    });
  }
  return [...bySubject.values()].sort((a, b) => b.score - a.score || a.subjectId.localeCompare(b.subjectId));
}

function conditionsHold(
  rule: { channels: ReadonlySet<Channel> | null; sites: ReadonlySet<string> | null },
  input: RuleInput,
) {
  if (rule.channels && !rule.channels.has(input.channel)) return false;
  if (rule.sites && !(input.siteId && rule.sites.has(input.siteId))) return false;
  return true;
}

function findHits(rules: CompiledRules, input: RuleInput, field: RuleField, text: string[]): Hit[] {
  const hits: Hit[] = [];
  for (let i = 0; i < text.length; i++) {
    const word = text[i] ?? "";
    for (const first of rules.typos.lookup(word)) {
      for (const phrase of rules.phrasesByFirstTerm.get(first.term) ?? []) {
        if (!conditionsHold(phrase, input)) continue;
        const fuzzy = matchRest(rules, phrase, text, i);
        if (fuzzy === null) continue;
        const end = i + phrase.terms.length;
        const matched = text.slice(i, end).join(" ");
        hits.push({
          phrase,
          field,
          start: i,
          end,
          matched,
          fuzzy: fuzzy || first.distance > 0,
          locative: isLocative(text, i),
        });
      }
    }
  }
  return dropContainedHits(hits);
}

/** null when the phrase does not continue at position i; otherwise whether a typo was forgiven. */
function matchRest(rules: CompiledRules, phrase: CompiledPhrase, text: string[], i: number): boolean | null {
  let fuzzy = false;
  for (let k = 1; k < phrase.terms.length; k++) {
    const word = text[i + k];
    const expected = phrase.terms[k];
    if (word === undefined || expected === undefined) return null;
    if (word === expected) continue;
    // "portage des repas" says "portage de repas": articles and prepositions inside a phrase vary.
    if (LINKING_WORDS.has(word) && LINKING_WORDS.has(expected)) continue;
    if (!rules.typos.lookup(word).some((m) => m.term === expected)) return null;
    fuzzy = true;
  }
  return fuzzy;
}

/**
 * "facture d'eau" (alm.eau) contains "facture" (enfance.facturation): the longer phrase says what
 * the citizen meant, so a hit lying inside a longer hit of another phrase is dropped.
 */
function dropContainedHits(hits: Hit[]): Hit[] {
  const longestFirst = [...hits].sort((a, b) => b.end - b.start - (a.end - a.start));
  const kept: Hit[] = [];
  for (const hit of longestFirst) {
    const inside = kept.some(
      (k) => k.phrase.terms.length > hit.phrase.terms.length && k.start <= hit.start && hit.end <= k.end,
    );
    if (!inside) kept.push(hit);
  }
  return kept;
}
