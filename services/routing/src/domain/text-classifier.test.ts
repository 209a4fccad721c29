import { describe, expect, it } from "vitest";
import { extractFeatures, NaiveBayesClassifier } from "./text-classifier.ts";

const history = [
  { text: "le lampadaire de ma rue est éteint", subjectId: "voirie.eclairage" },
  { text: "plus de lumière dans la rue, réverbère en panne", subjectId: "voirie.eclairage" },
  { text: "éclairage public en panne depuis hier", subjectId: "voirie.eclairage" },
  { text: "la cantine de mon fils, le menu de la semaine", subjectId: "enfance.restauration-periscolaire" },
  { text: "garderie du soir et cantine le mercredi", subjectId: "enfance.restauration-periscolaire" },
  { text: "inscription au centre de loisirs pour les vacances", subjectId: "enfance.restauration-periscolaire" },
];

describe("extractFeatures", () => {
  it("gives stemmed unigrams and bigrams without stop words", () => {
    expect(extractFeatures("Les lampadaires de la rue")).toEqual(["lampadaire", "rue", "lampadaire rue"]);
  });
});

describe("NaiveBayesClassifier", () => {
  const model = NaiveBayesClassifier.train(history);

  it("predicts the subject of an unseen request with a probability", () => {
    const [best, second] = model.predict("réverbère éteint devant chez moi");
    expect(best?.subjectId).toBe("voirie.eclairage");
    expect(best?.probability).toBeGreaterThan(0.5);
    expect(best?.probability).toBeLessThan(1);
    expect((best?.probability ?? 0) + (second?.probability ?? 0)).toBeCloseTo(1, 10);
  });

  it("stays unsure when it knows none of the words", () => {
    const [best] = model.predict("xyzzy plugh");
    expect(best?.probability).toBeLessThan(0.6);
  });

  it("serialises to JSON and back with identical predictions", () => {
    const restored = NaiveBayesClassifier.fromJSON(JSON.parse(JSON.stringify(model.toJSON())));
    const text = "menu de la cantine";
    expect(restored.predict(text)).toEqual(model.predict(text));
    expect(restored.subjects).toEqual(model.subjects);
  });

  it("refuses a malformed model", () => {
    const json = model.toJSON();
    expect(() => NaiveBayesClassifier.fromJSON({ ...json, features: { x: [[99], [1]] } })).toThrow('feature "x"');
    expect(() => NaiveBayesClassifier.fromJSON({ ...json, format: "other" })).toThrow();
  });
});
