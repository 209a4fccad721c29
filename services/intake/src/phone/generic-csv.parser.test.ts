import { createReadStream, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { callMappingSchema } from "./call-mapping.schema.ts";
import type { CallRowResult } from "./call-row.ts";
import { readCsvRows } from "./call-rows.reader.ts";
import { columnIndexes, dateReader, genericCsvParser } from "./generic-csv.parser.ts";

const fixtures = new URL("../../test/fixtures/calls/", import.meta.url);
const mapping = callMappingSchema.parse(JSON.parse(readFileSync(new URL("generic-mapping.json", fixtures), "utf8")));

async function parseFixture(): Promise<Map<number, CallRowResult>> {
  const results = new Map<number, CallRowResult>();
  let parse: ((record: string[]) => CallRowResult) | undefined;
  for await (const row of readCsvRows(createReadStream(new URL("generic-calls.csv", fixtures)), mapping)) {
    if ("error" in row) throw new Error(row.error);
    if (!parse) {
      parse = genericCsvParser(mapping, columnIndexes(mapping, row.record), "mairie-siege");
      continue;
    }
    results.set(row.line, parse(row.record));
  }
  return results;
}

describe("generic call-log CSV with a mapping", () => {
  it("maps columns by header name, reads French dates and the file's own status words", async () => {
    const results = await parseFixture();
    expect(results.get(2)).toMatchObject({
      kind: "call",
      call: {
        key: "generic-csv:mairie-siege:C-2026-0001",
        caller: "+33612345678",
        outcome: "answered",
        queue: "Accueil",
        agentId: "m.lefevre",
        offeredAt: new Date("2026-03-02T07:31:02Z"),
        waitSeconds: 18,
        talkSeconds: 267,
      },
    });
    expect(results.get(3)).toMatchObject({ call: { outcome: "abandoned", caller: "+33241573012", waitSeconds: 120 } });
    expect(results.get(5)).toMatchObject({ call: { outcome: "missed", caller: null, callerStatus: "withheld" } });
    expect(results.get(7)).toMatchObject({ call: { outcome: "missed", disposition: "Hors horaires" } });
    // The first of the two 02:30 on 25 October (UTC+2), there being no duration to tell them apart.
    expect(results.get(10)).toMatchObject({ call: { offeredAt: new Date("2026-10-25T00:30:00Z") } });
    expect(results.get(11)).toMatchObject({ call: { key: "generic-csv:mairie-siege:C-2026-0001" } });
  });

  it("reports the column and reason of bad rows", async () => {
    const results = await parseFixture();
    const errors = [...results].filter(([, r]) => r.kind === "error");
    expect(errors.map(([line, r]) => [line, r.kind === "error" && r.column])).toEqual([
      [6, "start"],
      [8, "disposition"],
      [9, "start"],
    ]);
    const [, bad] = errors[0] ?? [];
    expect(bad?.kind === "error" && bad.message).toBe(
      "date invalide « 31/02/2026 12:20:00 » (date ou heure hors limites)",
    );
  });

  it("refuses a mapping naming a column the header lacks, and a bad mapping file", () => {
    expect(() => columnIndexes(mapping, ["ID appel", "Date"])).toThrow("colonne 'caller'");
    const invalid = callMappingSchema.safeParse({ columns: { caller: "A" }, timeZone: "Europe/Pariss" });
    expect(invalid.success).toBe(false);
    expect(invalid.error?.issues.map((i) => i.path.join("."))).toEqual(["timeZone", "columns.start"]);
  });

  it("reads ISO dates with and without offsets", () => {
    const read = dateReader("iso", "Europe/Paris");
    expect(read("2026-01-05T10:00:00")).toEqual({ ok: true, ms: Date.parse("2026-01-05T09:00:00Z") });
    expect(read("2026-01-05T10:00:00+01:00")).toEqual({ ok: true, ms: Date.parse("2026-01-05T09:00:00Z") });
    expect(read("05/01/2026")).toMatchObject({ ok: false });
  });
});
