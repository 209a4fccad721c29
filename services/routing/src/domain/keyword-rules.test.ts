import { describe, expect, it } from "vitest";
import { compileRules, matchRules, RuleCompileError, type RuleDefinition } from "./keyword-rules.ts";
import { loireAuthionCatalog } from "./test-catalog.fixture.ts";

const catalog = loireAuthionCatalog();
const rules = compileRules(catalog);
/** Builds a rule definition in one place, so the `then` key needs one lint exception only. */
function rule(id: string, when: RuleDefinition["when"], subjectId: string, priority = 1): RuleDefinition {
  // biome-ignore lint/suspicious/noThenProperty: the rule format's own word; an object, never a function, so never a thenable.
  return { id, when, then: { subjectId }, priority };
}
const match = (title: string | null, body: string) => matchRules(rules, { channel: "web", title, body });

describe("matchRules", () => {
  it("matches phrases as consecutive normalised words, whatever the accents, hyphens and plurals", () => {
    const [best] = match(null, "Il y a des NIDS DE POULES rue du Port");
    expect(best?.subjectId).toBe("voirie.chaussee");
    expect(best?.matches[0]?.phrase).toBe("nid de poule");
  });

  it("forgives typos inside phrases", () => {
    const [best] = match(null, "l'eclairrage public est en panne");
    expect(best?.subjectId).toBe("voirie.eclairage");
    expect(best?.matches[0]?.fuzzy).toBe(true);
  });

  it("lets a phrase of several words beat the single word it contains", () => {
    const candidates = match(null, "ma facture d'eau est trop élevée");
    expect(candidates.map((c) => c.subjectId)).toEqual(["alm.eau"]);
  });

  it("weighs the subject line more than the body", () => {
    const [best, second] = match("Cantine", "la facture");
    expect(best?.subjectId).toBe("enfance.restauration-periscolaire");
    expect((best?.score ?? 0) / (second?.score ?? 1)).toBe(2);
  });

  it("counts a multi-word phrase above a single word", () => {
    const [best] = match(null, "permis de construire pour une piscine");
    expect(best?.subjectId).toBe("urbanisme.autorisation");
    expect(best?.matches.find((m) => m.phrase === "permis de construire")?.weight).toBeGreaterThan(
      best?.matches.find((m) => m.phrase === "piscine")?.weight ?? Number.POSITIVE_INFINITY,
    );
  });

  it("matches a phrase whatever article or preposition links its words", () => {
    const [best] = match(null, "mise en place du portage des repas pour ma mère");
    expect(best?.subjectId).toBe("ccas.seniors");
    expect(best?.matches[0]).toMatchObject({ phrase: "portage de repas", fuzzy: false });
  });

  it("halves a keyword that only names the place", () => {
    const [best] = match(null, "oublié mes lunettes au marché");
    expect(best?.matches[0]).toMatchObject({ phrase: "marché", locative: true, weight: 0.5 });
  });

  it("shares the weight of a keyword listed under several subjects", () => {
    const shared = compileRules({
      ...catalog,
      subjects: catalog.subjects.map((s) =>
        s.id === "alm.transports" ? { ...s, keywords: [...s.keywords, "cantine"] } : s,
      ),
    });
    const candidates = matchRules(shared, { channel: "web", title: null, body: "cantine" });
    expect(candidates).toHaveLength(2);
    expect(candidates.every((c) => c.score === 0.5 && c.matches[0]?.ambiguous)).toBe(true);
  });
});

describe("extra rules", () => {
  it("applies channel and site conditions", () => {
    const withRule = compileRules(catalog, [
      rule("courrier-annexe", { channel: ["postal"], siteId: ["andard"] }, "accueil.information", 0.5),
      rule("bac-web", { anyPhrases: ["mon bac"], channel: ["web"] }, "alm.dechets", 2),
    ]);
    const postal = matchRules(withRule, { channel: "postal", title: null, body: "bonjour", siteId: "andard" });
    expect(postal[0]).toMatchObject({ subjectId: "accueil.information", score: 0.5 });
    expect(matchRules(withRule, { channel: "postal", title: null, body: "bonjour", siteId: "baune" })).toEqual([]);
    const web = matchRules(withRule, { channel: "web", title: null, body: "mon bac" });
    expect(web[0]?.matches.map((m) => m.ruleId).sort()).toEqual(["bac-web"]);
  });

  it("refuses rules that cannot compile, with the exact reasons", () => {
    const compile = () =>
      compileRules(catalog, [
        rule("r1", { anyPhrases: ["x"] }, "voirie.eclairag", 1),
        rule("r2", { anyPhrases: ["ok", "l' -"] }, "voirie.eclairage", 1),
        rule("r3", {}, "voirie.eclairage", 1),
        rule("r4", { siteId: ["nowhere"] }, "voirie.eclairage", 0),
      ]);
    expect(compile).toThrow(RuleCompileError);
    try {
      compile();
    } catch (error) {
      expect((error as RuleCompileError).problems).toEqual([
        "règle « r1 » : le sujet « voirie.eclairag » n’existe pas dans le catalogue",
        `règle « r2 » : l’expression n° 2 (« l' - ») ne contient aucun mot`,
        "règle « r3 » : aucune condition (« when » est vide) : elle s’appliquerait à toutes les demandes",
        "règle « r4 » : la priorité doit être un nombre supérieur à 0",
        "règle « r4 » : le site « nowhere » n’existe pas dans le catalogue",
      ]);
    }
  });
});
