import { readFileSync } from "node:fs";
import { AppError } from "@guichet/runtime";
import { damagedText, YAML_JUNK } from "@guichet/testing/fuzz";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { catalogText } from "../admin/catalog-admin.service.ts";
import { CatalogError } from "./catalog.ts";
import { validateCatalog } from "./catalog-validation.ts";

// Property-based fuzzing of the catalogue import: `guichet catalog import`, the admin page and API
// (YAML text or the same document as JSON) and GUICHET_CATALOG_FILE all go through catalogText and
// validateCatalog. Whatever an editor sends must be accepted or refused with a CatalogError naming
// each faulty entry — never a TypeError, a RangeError or an exhausted process.

/** The demo catalogue validates in about 0.3 s: too slow for hundreds of runs, so a small one. */
const small = `commune:
  name: Test
  timezone: Europe/Paris
  reference_prefix: TS
defaults:
  targets:
    registration_receipt_minutes: 5
    acknowledgement_business_days: 1
    first_response_business_days: 5
    resolution_business_days: 20
calendars:
  office:
    monday: ["08:30-12:30", "13:30-17:00"]
    saturday: ["09:00-12:00"]
sites:
  - id: siege
    name: Mairie
    kind: mairie
    calendar: office
    address: "1 place de la Mairie"
    commune_deleguee: "Corné"
services:
  - id: accueil
    name: Accueil
    role: triage
    calendar: office
  - id: voirie
    name: Voirie
    calendar: office
    site: siege
subjects:
  - id: voirie.eclairage
    service: voirie
    label: Éclairage public
    regime: information
    keywords: [lampadaire, "éclairage"]
rules:
  - id: corne-voirie
    subject: voirie.eclairage
    priority: 10
    phrases: ["trou dans la route"]
    communes: ["Corné"]
`;
const demo = readFileSync(new URL("../../../../data/loire-authion/catalog.yaml", import.meta.url), "utf8");

/**
 * Words of the former English messages: a refusal is read by a town agent, in French. What the
 * editor wrote is quoted « like this » and may be anything, so it is left out of the check.
 */
const ENGLISH =
  /\b(expected|invalid|required|must|unknown|does not|duplicate|received|missing|found|line|string|object|array)\b/i;

function expectFrench(message: string): void {
  expect(message.replace(/«[^»]*»/g, "«»")).not.toMatch(ENGLISH);
}

function expectValidOrNamedProblems(text: string): void {
  try {
    validateCatalog(text);
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    expect(error.problems.length).toBeGreaterThan(0);
    for (const problem of error.problems) {
      expect(problem.path).not.toBe("");
      expect(problem.message.trim()).not.toBe("");
      expectFrench(problem.message);
    }
  }
}

/** The small catalogue damaged the way an editor or a truncated upload would. */
const damagedCatalogue = damagedText(small, fc.oneof(fc.constantFrom(...YAML_JUNK), fc.string({ maxLength: 30 })));

describe("catalogue import under fuzzing", () => {
  it("random text and bytes are refused with named problems", () => {
    const bytes = fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b).toString("utf8"));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 2_000 }), bytes), expectValidOrNamedProblems), {
      numRuns: 300,
    });
  });

  it("a damaged catalogue is accepted or refused with named problems", () => {
    expect(() => validateCatalog(small)).not.toThrow();
    fc.assert(fc.property(damagedCatalogue, expectValidOrNamedProblems), { numRuns: 300 });
  }, 20_000);

  it("the demo catalogue cut anywhere is refused with named problems", () => {
    fc.assert(
      fc.property(fc.nat({ max: demo.length - 1 }), (at) => expectValidOrNamedProblems(demo.slice(0, at))),
      { numRuns: 40 },
    );
  }, 20_000);

  it("any JSON document sent instead of YAML is accepted or refused with named problems", () => {
    const smallJson = parse(small) as Record<string, unknown>;
    const mutatedJson = fc
      .tuple(fc.constantFrom(...Object.keys(smallJson)), fc.jsonValue({ maxDepth: 3 }))
      .map(([key, value]) => ({ ...smallJson, [key]: value }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), mutatedJson), (body) => {
        let text: string;
        try {
          text = catalogText(body);
        } catch (error) {
          if (error instanceof AppError && error.code === "validation") return;
          throw error;
        }
        expectValidOrNamedProblems(text);
      }),
      { numRuns: 150 },
    );
  }, 20_000);

  it("regression: an alias without its anchor and an alias bomb are refused as problems, not crashes", () => {
    expect(() => validateCatalog("*!")).toThrow(CatalogError);
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x, x]",
      ...["b", "c", "d", "e", "f", "g", "h"].map(
        (k, i) =>
          `${k}: &${k} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(", ")}]`,
      ),
    ].join("\n");
    expect(() => validateCatalog(bomb)).toThrow(CatalogError);
  });

  it("refusals are worded in French, quoting only what the editor wrote", () => {
    const english = ["subject: expected a string", "invalid value (required)", "it must not be unknown"];
    for (const message of english) expect(() => expectFrench(message)).toThrow();
    expectFrench("le service « must-be-unknown » n’existe pas dans le catalogue");
    expect(() => validateCatalog(small.replace("regime: information", "regime: [information]"))).toThrow(
      'subjects[0] (id "voirie.eclairage").regime : attendu : du texte ; trouvé : une liste',
    );
  });

  it("regression: deep nesting is refused as a problem, not a stack overflow", () => {
    expect(() => validateCatalog(`${"[".repeat(20_000)}${"]".repeat(20_000)}`)).toThrow(CatalogError);
  });
});
