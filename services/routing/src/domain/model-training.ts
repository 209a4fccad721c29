import type { Catalog } from "../catalog/catalog.ts";
import { type ClassifierOptions, NaiveBayesClassifier, type TrainingExample } from "./text-classifier.ts";

/**
 * The catalogue as training data: each keyword and each label is a tiny request of its subject.
 * A town with little history (a new subject, a fresh install) then still gets a model that knows the
 * catalogue's vocabulary, and the history adds the words citizens really use.
 */
function catalogueExamples(catalog: Catalog): TrainingExample[] {
  return catalog.subjects.flatMap((s) => [
    { text: s.label, subjectId: s.id },
    ...s.keywords.map((keyword) => ({ text: keyword, subjectId: s.id })),
  ]);
}

/**
 * Trains the routing model on the town's history (final subjects, agents' corrections included)
 * plus the catalogue. History about subjects no longer in the catalogue is dropped: the model must
 * never suggest a subject routing cannot resolve.
 */
export function trainRoutingModel(
  history: Iterable<TrainingExample>,
  catalog: Catalog,
  options?: ClassifierOptions,
): NaiveBayesClassifier {
  const known = new Set(catalog.subjects.map((s) => s.id));
  const examples = [...catalogueExamples(catalog)];
  for (const example of history) if (known.has(example.subjectId)) examples.push(example);
  return NaiveBayesClassifier.train(examples, options);
}
