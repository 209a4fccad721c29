import { createInterface } from "node:readline";
import type { Readable } from "node:stream";

export type CsvRow = { line: number; record: string[] } | { line: number; error: string };

export interface CsvReadOptions {
  delimiter: string;
}

/**
 * Streams CSV records with their line numbers, one physical line per record. Call logs never put a
 * line break inside a field (Asterisk writes one line per call), and reading each line on its own
 * confines a broken line — a record truncated by a switchboard crash, a stray quote — to itself,
 * where a whole-stream CSV parser (csv-parse) lets an unclosed quote swallow every following line.
 */
export async function* readCsvRows(input: Readable, options: CsvReadOptions): AsyncGenerator<CsvRow> {
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const rawText of lines) {
    line++;
    const text = line === 1 ? rawText.replace(/^\uFEFF/, "") : rawText;
    if (text.trim() === "") continue;
    // PostgreSQL text refuses NUL: one stored in a call would fail its whole batch, not just the line.
    if (text.includes("\u0000")) {
      yield { line, error: "caractère nul (octet 0x00) : fichier binaire ou corrompu ?" };
      continue;
    }
    const parsed = parseCsvLine(text, options.delimiter);
    yield typeof parsed === "string" ? { line, error: parsed } : { line, record: parsed };
  }
}

/** RFC 4180 fields of one line ("" escapes a quote inside a quoted field), or why it is broken. */
export function parseCsvLine(text: string, delimiter: string): string[] | string {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text.startsWith('"', i)) {
      let value = "";
      let j = i + 1;
      for (;;) {
        const quote = text.indexOf('"', j);
        if (quote < 0) return "guillemets non fermés (ligne tronquée ?)";
        value += text.slice(j, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          j = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (!text.startsWith(delimiter, i))
        return `caractère inattendu après des guillemets fermants (colonne ${fields.length})`;
      i += delimiter.length;
    } else {
      const next = text.indexOf(delimiter, i);
      const value = next < 0 ? text.slice(i) : text.slice(i, next);
      if (value.includes('"')) return `guillemet isolé dans la colonne ${fields.length + 1}`;
      fields.push(value);
      if (next < 0) return fields;
      i = next + delimiter.length;
    }
  }
}
