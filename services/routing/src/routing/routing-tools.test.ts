import { describe, expect, it } from "vitest";
import { DEFAULT_BOOTSTRAP_FILE, DEFAULT_CATALOG_FILE, explainRoute, parseExplainInput } from "./routing-tools.ts";

describe("route --explain input and decision", () => {
  it("names malformed JSON and each faulty field", () => {
    expect(() => parseExplainInput("{")).toThrow(/^invalid JSON on stdin/);
    expect(() => parseExplainInput(JSON.stringify({ channel: "fax", body: 1, extra: true }))).toThrow(
      /invalid request: channel: .*; body: .*; \(root\): Unrecognized key: "extra"/,
    );
  });

  it("decides from the catalogue file without a database, with the triage service for a vague request", async () => {
    const options = { catalogFile: DEFAULT_CATALOG_FILE, bootstrapFile: DEFAULT_BOOTSTRAP_FILE };
    const clear = await explainRoute(
      parseExplainInput('{"channel":"email","subject":"Nid de poule","body":"rue des Lilas","site":"andard"}'),
      options,
    );
    expect(clear.result).toMatchObject({ serviceId: "voirie", subjectId: "voirie.chaussee", method: "rule" });
    expect(clear.result.explanation).toContain("a trouvé « nid de poule » dans l'objet → sujet voirie.chaussee");
    expect(clear.sources.catalog).toContain("no DATABASE_URL");
    const vague = await explainRoute(parseExplainInput('{"channel":"phone","body":"Rappelez-moi svp"}'), options);
    expect(vague.result).toMatchObject({ serviceId: "accueil", subjectId: null, method: "triage" });
  });
});
