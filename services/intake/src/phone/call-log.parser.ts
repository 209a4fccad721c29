import type { Readable } from "node:stream";
import { AppError } from "@guichet/runtime";
import { parseAsteriskRecord } from "./asterisk-cdr.parser.ts";
import type { CallMapping } from "./call-mapping.schema.ts";
import type { CallRowResult } from "./call-row.ts";
import { type CsvRow, readCsvRows } from "./call-rows.reader.ts";
import { columnIndexes, genericCsvParser } from "./generic-csv.parser.ts";

export type CallLogFormat = "asterisk" | "generic";

export interface CallLogSource {
  input: Readable;
  format: CallLogFormat;
  /** Required for the generic format. */
  mapping?: CallMapping | undefined;
  siteId: string | null;
  /** Zone of the switchboard's clock for Asterisk files (Europe/Paris unless usegmtime=yes). */
  asteriskTimeZone: string;
}

export interface CallLogLine {
  line: number;
  result: CallRowResult;
}

/**
 * The pure half of a call-log import: every data line of the file with what its parser made of it,
 * header skipped. A broken line is an error result and the next lines go on; only a file no line of
 * which can be read (no mapping, unreadable header, header without a mapped column) throws
 * AppError("validation").
 */
export async function* parseCallLog(source: CallLogSource): AsyncGenerator<CallLogLine> {
  const parse = parserFor(source);
  for await (const row of readCsvRows(source.input, { delimiter: source.mapping?.delimiter ?? "," })) {
    const result = parse(row);
    if (result !== "header") yield { line: row.line, result };
  }
}

/** What the import report says of a broken line: French, with its number and column. */
export function lineMessage(line: number, result: CallRowResult & { kind: "error" }): string {
  return result.column
    ? `ligne ${line} : colonne '${result.column}' : ${result.message}`
    : `ligne ${line} : ${result.message}`;
}

function parserFor(source: CallLogSource): (row: CsvRow) => CallRowResult | "header" {
  const wrapError = (row: CsvRow & { error: string }): CallRowResult => ({
    kind: "error",
    column: null,
    message: row.error,
  });
  if (source.format === "asterisk") {
    const options = { siteId: source.siteId, timeZone: source.asteriskTimeZone };
    return (row) => ("error" in row ? wrapError(row) : parseAsteriskRecord(row.record, options));
  }
  const mapping = source.mapping;
  if (!mapping) {
    throw new AppError("validation", "mapping: fichier de correspondance obligatoire pour le format générique", [
      { field: "mapping", message: "obligatoire pour le format générique" },
    ]);
  }
  let parseRow: ((record: string[]) => CallRowResult) | undefined;
  const resolve = (header: string[] | null) => {
    try {
      return genericCsvParser(mapping, columnIndexes(mapping, header), source.siteId);
    } catch (error) {
      const message = (error as Error).message;
      throw new AppError("validation", `mapping: ${message}`, [{ field: "mapping.columns", message }]);
    }
  };
  if (!mapping.header) parseRow = resolve(null);
  return (row) => {
    if (!parseRow) {
      // The first line is the header: a broken header makes every line unreadable.
      if ("error" in row) throw new AppError("validation", `ligne ${row.line} : en-tête illisible : ${row.error}`);
      parseRow = resolve(row.record);
      return "header";
    }
    return "error" in row ? wrapError(row) : parseRow(row.record);
  };
}
