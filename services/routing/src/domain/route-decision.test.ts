import { describe, expect, it } from "vitest";
import { compileRules } from "./keyword-rules.ts";
import { trainRoutingModel } from "./model-training.ts";
import { decideRoute } from "./route-decision.ts";
import { loireAuthionCatalog } from "./test-catalog.fixture.ts";

const catalog = loireAuthionCatalog();
const rules = compileRules(catalog);
const deps = { catalog, rules, catalogVersion: 7 };

describe("decideRoute", () => {
  it("routes a subject chosen by the citizen directly", () => {
    const decision = decideRoute({ channel: "web", title: null, body: "n'importe quoi", subjectId: "alm.eau" }, deps);
    expect(decision).toMatchObject({
      serviceId: "alm",
      subjectId: "alm.eau",
      method: "direct",
      confidence: 1,
      catalogVersion: 7,
    });
    expect(decision.explanation).toContain("sujet choisi");
  });

  it("falls through to rules on an unknown subject id, and says so", () => {
    const decision = decideRoute(
      { channel: "web", title: "Nid de poule", body: "rue du Port", subjectId: "voirie.chausee" },
      deps,
    );
    expect(decision).toMatchObject({ serviceId: "voirie", subjectId: "voirie.chaussee", method: "rule" });
    expect(decision.explanation).toMatch(/^le sujet choisi « voirie\.chausee » n'existe pas dans le catalogue ; /);
    expect(decision.explanation).toContain(
      "a trouvé « nid de poule » dans l'objet → sujet voirie.chaussee (Services techniques",
    );
    expect(decision.evidence[0]).toEqual({ kind: "unknown-subject", subjectId: "voirie.chausee" });
  });

  it("routes on a clear keyword with a readable explanation and machine-readable evidence", () => {
    const decision = decideRoute(
      { channel: "email", title: null, body: "Le lampadaire devant chez moi est en panne" },
      deps,
    );
    expect(decision).toMatchObject({ serviceId: "voirie", subjectId: "voirie.eclairage", method: "rule" });
    expect(decision.confidence).toBeGreaterThan(0.5);
    expect(decision.evidence).toContainEqual(
      expect.objectContaining({ kind: "rule", phrase: "lampadaire", field: "body" }),
    );
  });

  it("sends what it cannot route to triage, never a guess", () => {
    const decision = decideRoute({ channel: "phone", title: null, body: "Pouvez-vous me rappeler ? Merci." }, deps);
    expect(decision).toMatchObject({ serviceId: "accueil", subjectId: null, method: "triage" });
    expect(decision.explanation).toContain("aucun mot-clé du catalogue trouvé");
  });

  it("sends two equally supported services to triage", () => {
    const decision = decideRoute({ channel: "web", title: null, body: "la cantine et la tonte" }, deps);
    expect(decision.method).toBe("triage");
    expect(decision.confidence).toBeLessThan(0.45);
  });

  it("honours a stricter threshold", () => {
    const input = { channel: "web" as const, title: null, body: "Le lampadaire est en panne" };
    expect(decideRoute(input, { ...deps, thresholds: { route: 0.99 } }).method).toBe("triage");
  });

  it("lets the model route what no keyword covers, and raises confidence when it agrees with the rules", () => {
    const history = [
      ...Array.from({ length: 5 }, () => ({
        text: "mon voisin a un chien qui hurle la nuit",
        subjectId: "police.nuisances",
      })),
      ...Array.from({ length: 5 }, () => ({ text: "trous dans la route", subjectId: "voirie.chaussee" })),
    ];
    const model = trainRoutingModel(history, catalog);
    const byModel = decideRoute(
      { channel: "web", title: null, body: "un chien hurle toute la nuit" },
      { ...deps, model },
    );
    expect(byModel).toMatchObject({ serviceId: "police-municipale", method: "model" });
    expect(byModel.explanation).toContain("le modèle propose police.nuisances");

    const input = { channel: "web" as const, title: null, body: "trous dans la chaussée" };
    const rulesOnly = decideRoute(input, deps);
    const both = decideRoute(input, { ...deps, model });
    expect(both.serviceId).toBe("voirie");
    expect(both.confidence).toBeGreaterThan(rulesOnly.confidence);
    expect(both.explanation).toContain("le modèle confirme");
  });
});
