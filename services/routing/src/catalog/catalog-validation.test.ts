import { describe, expect, it } from "vitest";
import { catalogRules } from "../domain/catalog-rules.ts";
import { matchRules } from "../domain/keyword-rules.ts";
import { CatalogError } from "./catalog.ts";
import { summariseChanges } from "./catalog-diff.ts";
import { serializeCatalog } from "./catalog-serializer.ts";
import { validateCatalog } from "./catalog-validation.ts";

const base = `
commune: { name: Test, timezone: Europe/Paris, reference_prefix: TS }
defaults:
  targets: { registration_receipt_minutes: 5, acknowledgement_business_days: 1, first_response_business_days: 5, resolution_business_days: 20 }
calendars:
  office: { monday: ["08:30-12:30"] }
sites:
  - { id: siege, name: Mairie, kind: mairie, calendar: office, address: "1 place", commune_deleguee: "Corné" }
  - { id: annexe, name: Annexe, kind: mairie-deleguee, calendar: office, commune_deleguee: "Bauné" }
services:
  - { id: accueil, name: Accueil, role: triage, calendar: office }
  - { id: voirie, name: Voirie, calendar: office }
  - { id: etat-civil, name: État civil, calendar: office }
subjects:
  - { id: voirie.eclairage, service: voirie, label: Éclairage, regime: information, keywords: [lampadaire] }
  - { id: etat-civil.acte, service: etat-civil, label: Actes, regime: document, keywords: [acte de naissance] }
`;

function problemsOf(text: string): string[] {
  try {
    validateCatalog(text);
  } catch (error) {
    if (error instanceof CatalogError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

describe("validateCatalog", () => {
  it("refuses keywords and rules that cannot compile, naming the entry", () => {
    const text = base
      .replace("keywords: [lampadaire]", `keywords: [lampadaire, "’"]`)
      .concat(
        "rules:\n" +
          "  - { id: r1, subject: voirie.inconnu, channels: [postal] }\n" +
          "  - { id: r2, subject: etat-civil.acte, communes: [Atlantis] }\n" +
          "  - { id: r3, subject: etat-civil.acte }\n" +
          "  - { id: r1, subject: etat-civil.acte, channels: [fax] }\n",
      );
    expect(problemsOf(text)).toEqual(
      expect.arrayContaining([
        `subjects (id "voirie.eclairage").keywords[1]: le mot-clé « ’ » ne contient aucun mot (seulement de la ponctuation ou des apostrophes)`,
        'rules[0] (id "r1"): le sujet « voirie.inconnu » n’existe pas dans le catalogue',
        'rules[1] (id "r2").communes: la commune déléguée « Atlantis » n’est celle d’aucun site',
        'rules[2] (id "r3"): la règle n’a aucune condition : elle s’appliquerait à toutes les demandes',
        'rules[3] (id "r1").channels[0]: valeur « fax » non acceptée ; valeurs possibles : web, email, phone, counter, postal',
      ]),
    );
  });

  it("lists every subject a removed service would orphan", () => {
    const text = base.replace("  - { id: voirie, name: Voirie, calendar: office }\n", "");
    expect(problemsOf(text)).toEqual([
      'subjects[0] (id "voirie.eclairage"): le service « voirie » n’existe pas dans le catalogue',
    ]);
  });

  it("compiles commune and channel rules: postal mail received in Bauné goes to the civil status", () => {
    const catalog = validateCatalog(
      `${base}rules:\n  - { id: courrier-baune, subject: etat-civil.acte, channels: [postal], communes: ["baune"], priority: 2 }\n`,
    );
    const rules = catalogRules(catalog);
    const atAnnexe = matchRules(rules, { channel: "postal", title: null, body: "Bonjour", siteId: "annexe" });
    expect(atAnnexe[0]).toMatchObject({ subjectId: "etat-civil.acte", score: 2 });
    expect(matchRules(rules, { channel: "postal", title: null, body: "Bonjour", siteId: "siege" })).toEqual([]);
    expect(matchRules(rules, { channel: "email", title: null, body: "Bonjour", siteId: "annexe" })).toEqual([]);
    // Export writes the rules back in the same shape.
    expect(validateCatalog(serializeCatalog(catalog)).rules).toEqual(catalog.rules);
  });

  it("summarises what changed between two versions, entry by entry", () => {
    const before = validateCatalog(base);
    const after = validateCatalog(
      base
        .replace("keywords: [lampadaire]", "keywords: [lampadaire, réverbère]")
        .replace(
          "  - { id: etat-civil.acte",
          "  - { id: voirie.neige, service: voirie, label: Neige, regime: information }\n  - { id: etat-civil.acte",
        ),
    );
    expect(summariseChanges(before, after)).toBe("subjects: +voirie.neige, ~voirie.eclairage");
    expect(summariseChanges(null, before)).toBe("initial: 3 services, 2 subjects");
  });
});
