import { describe, expect, it } from "vitest";
import { statusSchema, transferSchema } from "./desk-input.schema.ts";

const problems = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  (result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]);

describe("desk inputs", () => {
  it("asks for a citizen-facing note to wait for the citizen and an outcome to close, naming the field", () => {
    expect(problems(statusSchema.safeParse({ status: "waiting-citizen", note: " " }))).toEqual([
      ["note", "Message à l’usager : obligatoire pour demander un complément"],
    ]);
    expect(problems(statusSchema.safeParse({ status: "closed" }))).toEqual([
      ["outcome", "Issue : obligatoire pour clôturer"],
    ]);
    expect(problems(statusSchema.safeParse({ status: "closed", outcome: "perhaps" }))).toEqual([
      ["outcome", "Issue : valeur inconnue"],
    ]);
    expect(statusSchema.parse({ status: "in-progress", outcome: "granted", note: "" })).toEqual({
      status: "in-progress",
      note: null,
      outcome: null,
    });
    expect(problems(statusSchema.safeParse({ status: "new" }))[0]?.[0]).toBe("status");
  });

  it("needs a reason and a destination to transfer; empty form fields count as missing", () => {
    expect(problems(transferSchema.safeParse({ toServiceId: "", subjectId: "", reason: "" }))).toEqual([
      ["reason", "Motif du transfert : obligatoire"],
    ]);
    expect(problems(transferSchema.safeParse({ toServiceId: "", subjectId: "", reason: "pas pour nous" }))).toEqual([
      ["toServiceId", "Service destinataire : choisissez un service ou un sujet"],
    ]);
    expect(transferSchema.parse({ subjectId: "ccas.aide", reason: " hors voirie " })).toEqual({
      toServiceId: null,
      subjectId: "ccas.aide",
      reason: "hors voirie",
    });
  });
});
