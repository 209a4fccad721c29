import type { Catalog } from "../src/catalog/catalog.ts";
import type { LabelledRequest } from "../src/domain/routing-evaluation.ts";
import type { TrainingExample } from "../src/domain/text-classifier.ts";

/**
 * A large, plausible history for timing: each synthetic request recombines sentences of labelled
 * requests of one subject with a catalogue keyword of that subject and a few sentences of noise
 * from other requests, as real messages mix greetings, context and the actual question.
 * Deterministic for a given seed, so two runs time the same work.
 */
export function synthesiseRequests(
  labelled: readonly LabelledRequest[],
  catalog: Catalog,
  count: number,
  seed: number,
): TrainingExample[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
  const sentencesBySubject = new Map<string, string[]>();
  const allSentences: string[] = [];
  for (const r of labelled) {
    if (r.expectedSubjectId === null) continue;
    const sentences = `${r.title ?? ""}. ${r.body}`.split(/(?<=[.!?])\s+/).filter((s) => s.length > 3);
    sentencesBySubject.set(r.expectedSubjectId, [...(sentencesBySubject.get(r.expectedSubjectId) ?? []), ...sentences]);
    allSentences.push(...sentences);
  }
  const subjects = catalog.subjects.filter((s) => sentencesBySubject.has(s.id) || s.keywords.length > 0);
  const out: TrainingExample[] = [];
  while (out.length < count) {
    const subject = pick(subjects);
    if (!subject) break;
    const own = sentencesBySubject.get(subject.id) ?? [];
    const parts = [pick(own), pick(own), pick(subject.keywords), random() < 0.5 ? pick(allSentences) : undefined];
    out.push({ text: parts.filter((p): p is string => p !== undefined).join(" "), subjectId: subject.id });
  }
  return out;
}

/** Small seeded PRNG (public-domain mulberry32): reproducible without a dependency. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
