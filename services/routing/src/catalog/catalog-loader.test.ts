import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { handlingSnapshotSchema } from "@guichet/contracts";
import { describe, expect, it } from "vitest";
import { CatalogError, handlingSnapshot } from "./catalog.ts";
import { parseCatalog } from "./catalog-loader.ts";
import { serializeCatalog } from "./catalog-serializer.ts";

const realYaml = readFileSync(
  fileURLToPath(new URL("../../../../data/loire-authion/catalog.yaml", import.meta.url)),
  "utf8",
);

/** A small valid catalogue; each test breaks one thing in it. */
function yaml(overrides: { calendars?: string; services?: string; subjects?: string } = {}): string {
  return `
commune: { name: Test, timezone: Europe/Paris, reference_prefix: TS }
defaults:
  targets: { registration_receipt_minutes: 5, acknowledgement_business_days: 1, first_response_business_days: 5, resolution_business_days: 20 }
  decision_delay: P2M
calendars:
${overrides.calendars ?? '  office: { monday: ["08:30-12:30", "13:30-17:30"] }'}
sites:
  - { id: siege, name: Mairie, kind: mairie, calendar: office, address: "1 place de la Mairie" }
services:
${overrides.services ?? "  - { id: accueil, name: Accueil, role: triage, calendar: office }\n  - { id: voirie, name: Voirie, calendar: office }"}
subjects:
${overrides.subjects ?? "  - { id: voirie.eclairage, service: voirie, label: Éclairage, regime: information, keywords: [lampadaire] }"}
`;
}

function problemsOf(text: string): { path: string; message: string }[] {
  try {
    parseCatalog(text);
  } catch (error) {
    if (error instanceof CatalogError) return [...error.problems];
    throw error;
  }
  throw new Error("expected a CatalogError");
}

describe("parseCatalog", () => {
  it("loads the Loire-Authion catalogue with defaults resolved", () => {
    const catalog = parseCatalog(realYaml);
    expect(catalog.subjects).toHaveLength(38);
    expect(catalog.services.find((s) => s.role === "triage")?.id).toBe("accueil");
    expect(catalog.services.find((s) => s.id === "alm")?.role).toBe("partner");
    const permission = catalog.subjects.find((s) => s.id === "voirie.permission");
    expect(permission?.decisionDelay).toBe("P2M");
    const attestation = catalog.subjects.find((s) => s.id === "etat-civil.attestation-accueil");
    expect(attestation?.decisionDelay).toBe("P1M");
    const acte = catalog.subjects.find((s) => s.id === "etat-civil.acte");
    expect(acte?.decisionDelay).toBeNull();
    expect(acte?.targets).toEqual({
      acknowledgementBusinessDays: 1,
      firstResponseBusinessDays: 5,
      resolutionBusinessDays: 5,
    });
    expect(catalog.services[0]?.postalAddress).toBe("1 place de la Mairie, Brain-sur-l'Authion, 49800 Loire-Authion");
    expect(catalog.calendars.find((c) => c.id === "mairie-siege")?.weekly.thursday).toEqual([
      "08:30-12:30",
      "13:30-19:00",
    ]);
  });

  it("names a subject whose service does not exist", () => {
    const subjects = "  - { id: voirie.eclairage, service: voiree, label: É, regime: information, keywords: [x] }";
    expect(problemsOf(yaml({ subjects }))).toEqual([
      { path: 'subjects[0] (id "voirie.eclairage")', message: "le service « voiree » n’existe pas dans le catalogue" },
    ]);
  });

  it("names duplicate ids", () => {
    const subjects =
      "  - { id: a.b, service: voirie, label: A, regime: information }\n  - { id: a.b, service: voirie, label: B, regime: information }";
    expect(problemsOf(yaml({ subjects }))).toEqual([
      { path: 'subjects[1] (id "a.b")', message: "identifiant en double, déjà utilisé par subjects[0]" },
    ]);
  });

  it("names a service whose calendar is missing", () => {
    const services =
      "  - { id: accueil, name: Accueil, role: triage, calendar: office }\n  - { id: voirie, name: Voirie, calendar: back-offise }";
    expect(problemsOf(yaml({ services }))).toEqual([
      { path: 'services[1] (id "voirie")', message: "le calendrier « back-offise » n’existe pas dans calendars" },
    ]);
  });

  it("refuses reversed and overlapping ranges", () => {
    const calendars = '  office: { monday: ["13:30-12:00"], tuesday: ["08:00-12:30", "12:00-14:00"] }';
    expect(problemsOf(yaml({ calendars }))).toEqual([
      { path: "calendars.office.monday[0]", message: "la plage « 13:30-12:00 » finit avant de commencer" },
      { path: "calendars.office.tuesday", message: "les plages « 08:00-12:30 » et « 12:00-14:00 » se chevauchent" },
    ]);
  });

  it("refuses an unknown regime, listing the allowed ones", () => {
    const subjects = "  - { id: a.b, service: voirie, label: A, regime: silence }";
    expect(problemsOf(yaml({ subjects }))).toEqual([
      {
        path: 'subjects[0] (id "a.b").regime',
        message: "régime « silence » inconnu ; régimes possibles : sva, svr, information, document, external",
      },
    ]);
  });

  it("requires exactly one triage service", () => {
    const services = "  - { id: voirie, name: Voirie, calendar: office }";
    expect(problemsOf(yaml({ services, subjects: "  []" }).replace("subjects:\n  []", "subjects: []"))).toEqual([
      {
        path: "services",
        message: "aucun service n’a le rôle « triage » : il en faut un, qui reçoit les demandes non attribuées",
      },
    ]);
  });

  it("collects every problem at once and reports misspelt keys", () => {
    const subjects =
      "  - { id: a.b, service: nope, label: A, regime: information, keyword: [x] }\n  - { id: c.d, service: gone, label: C, regime: information }";
    const problems = problemsOf(yaml({ subjects }));
    expect(problems).toHaveLength(2);
    expect(problems[0]?.path).toBe('subjects[0] (id "a.b")');
    expect(problems[0]?.message).toBe("champ inconnu : « keyword » (faute de frappe ?)");
    expect(problems[1]).toEqual({
      path: 'subjects[1] (id "c.d")',
      message: "le service « gone » n’existe pas dans le catalogue",
    });
  });

  it("reports YAML syntax errors with their line", () => {
    expect(problemsOf("commune: [unclosed\n")).toEqual([
      { path: "(yaml) ligne 2", message: "indentation incorrecte, ou crochet [ ou accolade { non refermé (colonne 1)" },
    ]);
    expect(problemsOf("commune: 1\ncommune: 2\n")).toEqual([
      { path: "(yaml) ligne 2", message: "clé en double dans le même bloc (colonne 1)" },
    ]);
  });

  it("words zod's problems in French and keeps their path", () => {
    const subjects =
      "  - { id: A.B, service: voirie, label: A, regime: information, resolution_business_days: -2, decision_delay: 2 mois }\n" +
      "  - { id: c.d, label: C, regime: information, keywords: lampadaire }";
    expect(problemsOf(yaml({ subjects }))).toEqual([
      {
        path: 'subjects[0] (id "A.B").id',
        message: "identifiant non valable : lettres minuscules, chiffres, points et tirets uniquement",
      },
      {
        path: 'subjects[0] (id "A.B").decision_delay',
        message:
          "délai non valable : une durée en mois ou en jours au format ISO 8601, par exemple P2M (2 mois) ou P15D (15 jours)",
      },
      {
        path: 'subjects[0] (id "A.B").resolution_business_days',
        message: "nombre trop petit : 0 au minimum (trouvé : -2)",
      },
      { path: 'subjects[1] (id "c.d").service', message: "champ obligatoire manquant" },
      { path: 'subjects[1] (id "c.d").keywords', message: "attendu : une liste ; trouvé : du texte" },
    ]);
  });
});

describe("serializeCatalog", () => {
  it("round-trips the real catalogue", () => {
    const catalog = parseCatalog(realYaml);
    expect(parseCatalog(serializeCatalog(catalog))).toEqual(catalog);
  });

  it("writes only what entries declared, not resolved defaults", () => {
    const text = serializeCatalog(parseCatalog(realYaml));
    expect(text).not.toContain("role: service");
    expect(text.match(/decision_delay:/g)).toHaveLength(5); // defaults + 4 subjects that declare one
  });
});

describe("handlingSnapshot", () => {
  const catalog = parseCatalog(realYaml);

  it("gives the facts the acknowledgement needs, in the contract's shape", () => {
    const snapshot = handlingSnapshot(catalog, "voirie", "voirie.eclairage");
    expect(handlingSnapshotSchema.parse(snapshot)).toEqual(snapshot);
    expect(snapshot).toEqual({
      service: {
        id: "voirie",
        name: "Services techniques — voirie, éclairage public, réseaux",
        email: "services-techniques@mairie.loire-authion.example",
        phone: "02 41 00 01 20",
        postalAddress: "1 place de la Mairie, Brain-sur-l'Authion, 49800 Loire-Authion",
        calendarId: "back-office",
      },
      subject: {
        id: "voirie.eclairage",
        label: "Éclairage public en panne",
        regime: "information",
        decisionDelay: null,
      },
      targets: { acknowledgementBusinessDays: 1, firstResponseBusinessDays: 5, resolutionBusinessDays: 10 },
    });
  });

  it("uses the default targets without a subject", () => {
    const snapshot = handlingSnapshot(catalog, "accueil", null);
    expect(snapshot.subject).toBeNull();
    expect(snapshot.targets).toEqual({
      acknowledgementBusinessDays: 1,
      firstResponseBusinessDays: 5,
      resolutionBusinessDays: 20,
    });
  });

  it("refuses unknown ids", () => {
    expect(() => handlingSnapshot(catalog, "nope", null)).toThrow('service "nope" does not exist');
    expect(() => handlingSnapshot(catalog, "voirie", "nope")).toThrow('subject "nope" does not exist');
  });
});
