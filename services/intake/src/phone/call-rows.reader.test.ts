import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { parseCsvLine, readCsvRows } from "./call-rows.reader.ts";

describe("reading call logs line by line", () => {
  it("parses RFC 4180 quoting with any delimiter", () => {
    expect(parseCsvLine('"a","b ""c""",,d', ",")).toEqual(["a", 'b "c"', "", "d"]);
    expect(parseCsvLine('1;"x;y";', ";")).toEqual(["1", "x;y", ""]);
    expect(parseCsvLine('"unterminated,1,2', ",")).toBe("guillemets non fermés (ligne tronquée ?)");
    expect(parseCsvLine('a,b"c', ",")).toBe("guillemet isolé dans la colonne 2");
  });

  it("numbers lines as an editor does, skipping blank ones, and keeps going after a broken line", async () => {
    const input = Readable.from(['\uFEFFh1,h2\r\n"broken,1\r\n\r\n', "x,y\n"]);
    const rows = [];
    for await (const row of readCsvRows(input, { delimiter: "," })) rows.push(row);
    expect(rows).toEqual([
      { line: 1, record: ["h1", "h2"] },
      { line: 2, error: "guillemets non fermés (ligne tronquée ?)" },
      { line: 4, record: ["x", "y"] },
    ]);
  });
});
