import { describe, expect, it } from "vitest";
import { loireAuthionCatalog } from "../domain/test-catalog.fixture.ts";
import { openingHours, searchDirectory } from "./directory-search.ts";

const catalog = loireAuthionCatalog();
const ids = (q: string) => searchDirectory(catalog, q).map((e) => e.subjectId);

describe("searchDirectory", () => {
  it("lists every subject for an empty query", () => {
    expect(ids("")).toHaveLength(catalog.subjects.length);
  });

  it("tolerates case, missing accents, plurals, elisions and typos", () => {
    expect(ids("Lampadaires")[0]).toBe("voirie.eclairage");
    expect(ids("lampadère")[0]).toBe("voirie.eclairage");
    expect(ids("l'eclairage")[0]).toBe("voirie.eclairage");
    expect(ids("CIMETIERE")[0]).toBe("cimetieres.concession");
    expect(ids("acte de naissance")[0]).toBe("etat-civil.acte");
    expect(ids("cantines")).toContain("enfance.restauration-periscolaire");
  });

  it("finds unfinished words and the service name", () => {
    expect(ids("médiath")[0]).toBe("vie-associative.culture");
    expect(ids("police municipale")).toContain("police.objets-trouves");
  });

  it("requires every meaningful word", () => {
    expect(ids("permis de construire")[0]).toBe("urbanisme.autorisation");
    expect(ids("xylophone")).toEqual([]);
  });

  it("answers well under 50 ms", () => {
    searchDirectory(catalog, "warm up");
    const started = performance.now();
    for (let i = 0; i < 100; i++) searchDirectory(catalog, `lampadere ${i % 3 ? "rue" : ""}`);
    expect((performance.now() - started) / 100).toBeLessThan(50);
  });

  it("writes opening hours in French, one line per open day", () => {
    const hours = openingHours(catalog.calendars.find((c) => c.id === "mairie-siege"));
    expect(hours[0]).toBe("lundi : 08:30–12:30, 13:30–17:30");
    expect(hours).toHaveLength(6);
  });
});
