import { z } from "zod";
import { contentTerms } from "./french-text.ts";

/** A past request as routed in the end (agents' corrections included): the town's own history. */
export interface TrainingExample {
  text: string;
  subjectId: string;
}

export interface SubjectProbability {
  subjectId: string;
  probability: number;
}

export interface ClassifierOptions {
  /** Additive (Laplace/Lidstone) smoothing. */
  alpha?: number;
  /** Softens the posterior; see `predict`. */
  temperature?: number;
  /** Features seen in fewer training requests are dropped (noise, names, typos). */
  minDocumentFrequency?: number;
}

/** Unigrams and bigrams of content terms; a bigram keeps "pas de réponse"-like word order. */
export function extractFeatures(text: string): string[] {
  const t = contentTerms(text);
  const features = new Set<string>(t);
  for (let i = 1; i < t.length; i++) features.add(`${t[i - 1]} ${t[i]}`);
  return [...features];
}

const modelJson = z
  .object({
    format: z.literal("guichet.naive-bayes.v1"),
    alpha: z.number().positive(),
    temperature: z.number().positive(),
    classes: z.array(z.string()),
    documentCounts: z.array(z.number().nonnegative()),
    featureTotals: z.array(z.number().nonnegative()),
    vocabularySize: z.number().int().nonnegative(),
    // Rows are checked by hand in fromJSON: zod on 100,000 tuples takes seconds at boot.
    features: z.record(z.string(), z.unknown()),
  })
  .refine((m) => m.documentCounts.length === m.classes.length && m.featureTotals.length === m.classes.length, {
    message: "documentCounts and featureTotals must have one entry per class",
  });
export type ClassifierJson = Omit<z.infer<typeof modelJson>, "features"> & {
  /** feature → [class indexes, counts], sparse: most features belong to one or two subjects. */
  features: Record<string, [number[], number[]]>;
};

function isRow(value: unknown, classCount: number): value is [number[], number[]] {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [classes, counts] = value as unknown[];
  return (
    Array.isArray(classes) &&
    Array.isArray(counts) &&
    classes.length === counts.length &&
    classes.every((c) => Number.isInteger(c) && c >= 0 && c < classCount) &&
    counts.every((n) => typeof n === "number" && n > 0)
  );
}

interface FeatureRow {
  classes: Uint16Array;
  /** log((count + α) / α): what seeing this feature adds to a class over an unseen feature. */
  boosts: Float64Array;
  counts: Float64Array;
}

/**
 * Multinomial naive Bayes over binarised features (each feature counted once per request: short
 * messages repeat words for emphasis, not for meaning). Chosen over logistic regression because it
 * trains in one counting pass, handles 40 classes from a few examples each, and its counts can be
 * inspected and serialised as plain JSON.
 */
export class NaiveBayesClassifier {
  private readonly unseenLog: Float64Array;
  private readonly logPriors: Float64Array;

  private constructor(
    private readonly classes: readonly string[],
    private readonly documentCounts: Float64Array,
    private readonly featureTotals: Float64Array,
    private readonly rows: ReadonlyMap<string, FeatureRow>,
    private readonly alpha: number,
    private readonly temperature: number,
  ) {
    const totalDocs = documentCounts.reduce((a, b) => a + b, 0);
    const v = rows.size;
    this.logPriors = documentCounts.map((d) => Math.log((d + 1) / (totalDocs + classes.length)));
    this.unseenLog = featureTotals.map((total) => Math.log(alpha / (total + alpha * v)));
  }

  static train(examples: Iterable<TrainingExample>, options: ClassifierOptions = {}): NaiveBayesClassifier {
    const alpha = options.alpha ?? 0.1;
    const minDf = options.minDocumentFrequency ?? 1;
    const classIndex = new Map<string, number>();
    const documentCounts: number[] = [];
    const counts = new Map<string, Map<number, number>>();
    for (const example of examples) {
      let c = classIndex.get(example.subjectId);
      if (c === undefined) {
        c = classIndex.size;
        classIndex.set(example.subjectId, c);
        documentCounts.push(0);
      }
      documentCounts[c] = (documentCounts[c] ?? 0) + 1;
      for (const feature of extractFeatures(example.text)) {
        let row = counts.get(feature);
        if (!row) {
          row = new Map();
          counts.set(feature, row);
        }
        row.set(c, (row.get(c) ?? 0) + 1);
      }
    }
    const featureTotals = new Float64Array(classIndex.size);
    const rows = new Map<string, FeatureRow>();
    for (const [feature, row] of counts) {
      let df = 0;
      for (const n of row.values()) df += n;
      if (df < minDf) continue;
      for (const [c, n] of row) featureTotals[c] = (featureTotals[c] ?? 0) + n;
      rows.set(feature, makeRow([...row.keys()], [...row.values()], alpha));
    }
    return new NaiveBayesClassifier(
      [...classIndex.keys()],
      Float64Array.from(documentCounts),
      featureTotals,
      rows,
      alpha,
      options.temperature ?? 0.7,
    );
  }

  static fromJSON(json: unknown): NaiveBayesClassifier {
    const m = modelJson.parse(json);
    const rows = new Map<string, FeatureRow>();
    for (const [feature, row] of Object.entries(m.features)) {
      if (!isRow(row, m.classes.length)) throw new Error(`invalid model: feature "${feature}" has a malformed row`);
      rows.set(feature, makeRow(row[0], row[1], m.alpha));
    }
    return new NaiveBayesClassifier(
      m.classes,
      Float64Array.from(m.documentCounts),
      Float64Array.from(m.featureTotals),
      rows,
      m.alpha,
      m.temperature,
    );
  }

  toJSON(): ClassifierJson {
    const features: ClassifierJson["features"] = {};
    for (const [feature, row] of this.rows) features[feature] = [[...row.classes], [...row.counts]];
    return {
      format: "guichet.naive-bayes.v1",
      alpha: this.alpha,
      temperature: this.temperature,
      classes: [...this.classes],
      documentCounts: [...this.documentCounts],
      featureTotals: [...this.featureTotals],
      vocabularySize: this.rows.size,
      features,
    };
  }

  get subjects(): readonly string[] {
    return this.classes;
  }

  /**
   * Probabilities per subject, best first. Naive Bayes multiplies evidence as if words were
   * independent, which makes raw posteriors near 0 or 1; dividing the log-scores by
   * temperature·√(known features) keeps them usable as a confidence ("calibrated-ish": checked on
   * the labelled set by the quality bench, not guaranteed).
   */
  predict(text: string): SubjectProbability[] {
    const n = this.classes.length;
    if (n === 0) return [];
    const scores = new Float64Array(n);
    let known = 0;
    for (const feature of extractFeatures(text)) {
      const row = this.rows.get(feature);
      if (!row) continue;
      known++;
      for (let k = 0; k < row.classes.length; k++) {
        const c = row.classes[k] ?? 0;
        scores[c] = (scores[c] ?? 0) + (row.boosts[k] ?? 0);
      }
    }
    const scale = 1 / (this.temperature * Math.sqrt(Math.max(1, known)));
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < n; c++) {
      const s = ((this.logPriors[c] ?? 0) + known * (this.unseenLog[c] ?? 0) + (scores[c] ?? 0)) * scale;
      scores[c] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let c = 0; c < n; c++) {
      const e = Math.exp((scores[c] ?? 0) - max);
      scores[c] = e;
      sum += e;
    }
    return this.classes
      .map((subjectId, c) => ({ subjectId, probability: (scores[c] ?? 0) / sum }))
      .sort((a, b) => b.probability - a.probability);
  }
}

function makeRow(classes: readonly number[], counts: readonly number[], alpha: number): FeatureRow {
  return {
    classes: Uint16Array.from(classes),
    counts: Float64Array.from(counts),
    boosts: Float64Array.from(counts, (n) => Math.log((n + alpha) / alpha)),
  };
}
