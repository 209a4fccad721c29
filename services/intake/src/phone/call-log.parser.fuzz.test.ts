import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { AppError } from "@guichet/runtime";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CallLogSource, lineMessage, parseCallLog } from "./call-log.parser.ts";
import { type CallMapping, callMappingSchema } from "./call-mapping.schema.ts";
import type { CallRowResult } from "./call-row.ts";

// Property-based fuzzing of the call-log importers (`guichet intake calls`, every --format): what a
// switchboard export or an operator's spreadsheet can hold must end as an imported call, an
// ignored row or a French error naming its line — never a crash, and never the loss of good rows.

const fixtures = new URL("../../test/fixtures/calls/", import.meta.url);
const asteriskFile = readFileSync(new URL("Master.csv", fixtures));
const genericFile = readFileSync(new URL("generic-calls.csv", fixtures));
const mapping = callMappingSchema.parse(JSON.parse(readFileSync(new URL("generic-mapping.json", fixtures), "utf8")));
/** The same columns by position, for a file without a header line. */
const positional: CallMapping = callMappingSchema.parse({
  delimiter: ";",
  header: false,
  dateFormat: "dd/MM/yyyy HH:mm:ss",
  columns: { callId: 1, start: 2, answer: 3, end: 4, caller: 5, callee: 6, queue: 7, agent: 8, disposition: 9 },
});

type Format = { name: string; file: Buffer; source: Omit<CallLogSource, "input">; header: boolean };
const FORMATS: Format[] = [
  {
    name: "asterisk",
    file: asteriskFile,
    header: false,
    source: { format: "asterisk", siteId: "s", asteriskTimeZone: "Europe/Paris" },
  },
  {
    name: "generic",
    file: genericFile,
    header: true,
    source: { format: "generic", mapping, siteId: "s", asteriskTimeZone: "UTC" },
  },
  {
    name: "generic without header",
    file: Buffer.from(genericFile.toString("utf8").split("\n").slice(1).join("\n")),
    header: false,
    source: { format: "generic", mapping: positional, siteId: "s", asteriskTimeZone: "UTC" },
  },
];

/** Every message a line may carry: French, and each names what is wrong. */
const FRENCH_LINE_ERRORS = [
  /^guillemets non fermés \(ligne tronquée \?\)$/,
  /^caractère inattendu après des guillemets fermants \(colonne \d+\)$/,
  /^guillemet isolé dans la colonne \d+$/,
  /^caractère nul \(octet 0x00\) : fichier binaire ou corrompu \?$/,
  /^\d+ colonnes au lieu de 16 à 21 \(format Master\.csv d’Asterisk attendu\)$/,
  /^\d+ colonnes, \d+ au moins attendues$/,
  /^date invalide « [\s\S]{0,41} » /,
  /^(durée|durée facturée) invalide « [\s\S]{0,41} » \(secondes attendues\)$/,
  /^durée facturée supérieure à la durée de l’appel$/,
  /^fin d’appel antérieure au début$/,
  /^décroché antérieur au début de l’appel$/,
  /^heure de décroché absente pour un appel répondu$/,
  /^statut (inconnu )?« [\s\S]{0,41} » /,
];

async function parse(format: Format, bytes: Uint8Array): Promise<{ lines: Map<number, CallRowResult> } | AppError> {
  const lines = new Map<number, CallRowResult>();
  try {
    for await (const { line, result } of parseCallLog({ ...format.source, input: Readable.from([Buffer.from(bytes)]) }))
      lines.set(line, result);
    return { lines };
  } catch (error) {
    // Only the importer's own refusal of the whole file: anything else is a crash.
    if (error instanceof AppError && error.code === "validation") return error;
    throw error;
  }
}

function expectFrenchAndStorable(result: { lines: Map<number, CallRowResult> } | AppError): void {
  if (result instanceof AppError) {
    expect(result.message).toMatch(
      /^(ligne 1 : en-tête illisible : |mapping: colonne '\w+' : en-tête « .+ » introuvable)/,
    );
    return;
  }
  for (const [line, row] of result.lines) {
    if (row.kind === "error") {
      expect(
        FRENCH_LINE_ERRORS.some((pattern) => pattern.test(row.message)),
        row.message,
      ).toBe(true);
      expect(lineMessage(line, row)).toMatch(new RegExp(`^ligne ${line} : `));
    }
    // PostgreSQL text and jsonb refuse NUL: a row or report holding one would fail the whole batch.
    expect(JSON.stringify(row)).not.toContain("\\u0000");
  }
}

const callKeys = (result: { lines: Map<number, CallRowResult> }) =>
  new Set([...result.lines.values()].flatMap((row) => (row.kind === "call" ? [row.call.key] : [])));

/** A damaged line: each is what a crash, a wrong export setting or a hostile file produces. */
const damage = fc.oneof(
  fc.nat().map((n) => (line: string) => line.slice(0, n % Math.max(1, line.length))),
  fc.constant((line: string) => line.replaceAll(",", ";").replaceAll(";", "\t")),
  fc.constant((line: string) => `${line}"`),
  fc.constant((line: string) => line.replaceAll('"', "")),
  fc.nat().map((n) => (line: string) => `${line.slice(0, n % line.length)}\u0000${line.slice(n % line.length)}`),
  fc.constant((line: string) => `${line}${"9".repeat(100_000)}`),
  fc.constant((line: string) => line.replace(/\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4}/, "2026-02-30")),
  fc.string({ maxLength: 40 }).map((junk) => (line: string) => `${junk}${line}`),
);

describe("call-log importers under fuzzing", () => {
  for (const format of FORMATS) {
    describe(format.name, () => {
      it("random bytes end as calls, ignored rows or French errors naming the line, never a crash", async () => {
        await fc.assert(
          fc.asyncProperty(fc.uint8Array({ maxLength: 2_000 }), async (bytes) =>
            expectFrenchAndStorable(await parse(format, bytes)),
          ),
          { numRuns: 150 },
        );
      });

      it("invalid UTF-8, NUL bytes and truncation anywhere in a valid file stay confined and French", async () => {
        const bytesOf = fc
          .tuple(fc.nat(), fc.constantFrom([0xff], [0xc3], [0x00], [0xe2, 0x82], [0x0d], [0x22]))
          .map(([at, bytes]) => {
            const cut = at % format.file.length;
            return Buffer.concat([format.file.subarray(0, cut), Buffer.from(bytes), format.file.subarray(cut)]);
          });
        const truncated = fc.nat().map((at) => format.file.subarray(0, at % format.file.length));
        await fc.assert(
          fc.asyncProperty(fc.oneof(bytesOf, truncated), async (bytes) =>
            expectFrenchAndStorable(await parse(format, bytes)),
          ),
          { numRuns: 150 },
        );
      });

      it("damaged lines of a partly bad file never lose the good ones (docs/channels.md)", async () => {
        const text = format.file.toString("utf8");
        const clean = await parse(format, format.file);
        if (clean instanceof AppError) throw clean;
        const lines = text.split("\n");
        const first = format.header ? 1 : 0;
        await fc.assert(
          fc.asyncProperty(fc.array(fc.tuple(fc.nat(), damage), { minLength: 1, maxLength: 4 }), async (damages) => {
            const damaged = [...lines];
            const touched = new Set<number>();
            for (const [at, change] of damages) {
              const index = first + (at % (lines.length - first));
              if ((damaged[index] ?? "") === "") continue;
              damaged[index] = change(damaged[index] ?? "");
              touched.add(index);
            }
            const result = await parse(format, Buffer.from(damaged.join("\n")));
            expectFrenchAndStorable(result);
            if (result instanceof AppError) throw result;
            const kept = callKeys(result);
            for (const [line, row] of clean.lines)
              if (row.kind === "call" && !touched.has(line - 1))
                expect(kept.has(row.call.key), `line ${line}`).toBe(true);
          }),
          { numRuns: 100 },
        );
      });
    });
  }

  it("a corrupted generic header refuses the whole file, naming the header", async () => {
    const [header = "", ...rows] = genericFile.toString("utf8").split("\n");
    await fc.assert(
      fc.asyncProperty(damage, async (change) => {
        const result = await parse(FORMATS[1] as Format, Buffer.from([change(header), ...rows].join("\n")));
        expectFrenchAndStorable(result);
      }),
      { numRuns: 60 },
    );
  });

  it("regression: a NUL byte makes its line an error instead of failing the PostgreSQL batch", async () => {
    const [header = "", first = "", ...rows] = genericFile.toString("utf8").split("\n");
    const result = await parse(
      FORMATS[1] as Format,
      Buffer.from([header, first.replace("Accueil", "Acc\u0000ueil"), ...rows].join("\n")),
    );
    if (result instanceof AppError) throw result;
    expect(result.lines.get(2)).toEqual({
      kind: "error",
      column: null,
      message: "caractère nul (octet 0x00) : fichier binaire ou corrompu ?",
    });
    expect(result.lines.get(3)?.kind).toBe("call");
  });

  it("regression: a huge field is quoted shortened in the error, not whole in the stored report", async () => {
    const line =
      asteriskFile.toString("utf8").split("\n")[0]?.replace("2026-03-02 09:01:12", "9".repeat(200_000)) ?? "";
    const result = await parse(FORMATS[0] as Format, Buffer.from(line));
    if (result instanceof AppError) throw result;
    const row = result.lines.get(1);
    expect(row?.kind === "error" && row.message).toMatch(/^date invalide « 9{40}… » \(AAAA-MM-JJ HH:MM:SS attendu\)$/);
  });
});
