import { describe, expect, it } from "vitest";
import { contentTerms, damerauLevenshtein, foldText, stem, TypoIndex, terms, words } from "./french-text.ts";

describe("foldText", () => {
  it("lower-cases and removes accents and ligatures", () => {
    expect(foldText("Élagage ÇA Œuvre æquo Noël")).toBe("elagage ca oeuvre aequo noel");
  });
});

describe("words", () => {
  it("drops elisions, with straight and typographic apostrophes", () => {
    expect(words("l'éclairage d’Andard j'ai qu'il n'est s'il c'est m'adresser t'as")).toEqual([
      "eclairage",
      "andard",
      "ai",
      "il",
      "est",
      "il",
      "est",
      "adresser",
      "as",
    ]);
  });

  it("keeps apostrophes inside words from eating letters", () => {
    expect(words("aujourd'hui")).toEqual(["aujourd", "hui"]);
  });

  it("turns hyphens and punctuation into spaces", () => {
    expect(words("nid-de-poule!!! (rue du Port), tout-à-l'égout")).toEqual([
      "nid",
      "de",
      "poule",
      "rue",
      "du",
      "port",
      "tout",
      "a",
      "egout",
    ]);
  });
});

describe("stem", () => {
  it.each([
    ["lampadaires", "lampadaire"],
    ["chevaux", "cheval"],
    ["panneaux", "panneau"],
    ["eaux", "eau"],
    ["abimees", "abime"],
    ["bus", "bus"],
    ["2026", "2026"],
  ])("%s → %s", (word, expected) => {
    expect(stem(word)).toBe(expected);
  });

  it("does not stem stop words in the rule stream (plus is not the PLU)", () => {
    expect(terms("plus de PLU")).toEqual(["plus", "de", "plu"]);
  });
});

describe("contentTerms", () => {
  it("removes stop words in French and English for the classifier", () => {
    expect(contentTerms("Bonjour, le lampadaire de ma rue is broken")).toEqual(["lampadaire", "rue", "broken"]);
  });
});

describe("damerauLevenshtein", () => {
  it("counts a swap of adjacent letters as one edit", () => {
    expect(damerauLevenshtein("lampadiare", "lampadaire", 2)).toBe(1);
  });

  it("stops early above the bound", () => {
    expect(damerauLevenshtein("cantine", "cimetiere", 1)).toBe(2);
  });
});

describe("TypoIndex", () => {
  const index = new TypoIndex(["lampadaire", "trottoir", "cantine", "benne", "bus"]);

  it("tolerates one typo from 5 letters and two from 9", () => {
    expect(index.lookup("trotoir")).toEqual([{ term: "trottoir", distance: 1 }]);
    expect(index.lookup("lampadere")).toEqual([{ term: "lampadaire", distance: 2 }]);
    expect(index.lookup("cantinne")).toEqual([{ term: "cantine", distance: 1 }]);
  });

  it("tolerates nothing on short words", () => {
    expect(index.lookup("bis")).toEqual([]);
  });

  it("does not read real words as typos", () => {
    expect(index.lookup("bonne")).toEqual([]);
    expect(new TypoIndex(["voter"]).lookup("votre")).toEqual([]);
  });

  it("requires the first letter to match", () => {
    expect(new TypoIndex(["rentre"]).lookup("xentre")).toEqual([]);
  });
});
