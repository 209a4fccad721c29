import { createReadStream } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAsteriskRecord } from "./asterisk-cdr.parser.ts";
import type { CallRowResult } from "./call-row.ts";
import { readCsvRows } from "./call-rows.reader.ts";

const fixture = new URL("../../test/fixtures/calls/Master.csv", import.meta.url);
const options = { siteId: "mairie-siege", timeZone: "Europe/Paris" };

async function parseFixture(): Promise<Map<number, CallRowResult>> {
  const results = new Map<number, CallRowResult>();
  for await (const row of readCsvRows(createReadStream(fixture), { delimiter: "," })) {
    results.set(
      row.line,
      "error" in row ? { kind: "error", column: null, message: row.error } : parseAsteriskRecord(row.record, options),
    );
  }
  return results;
}

function call(results: Map<number, CallRowResult>, line: number) {
  const result = results.get(line);
  if (result?.kind !== "call") throw new Error(`line ${line}: ${JSON.stringify(result)}`);
  return result.call;
}

describe("Asterisk Master.csv", () => {
  it("reads every line of a real-shaped file, reporting broken ones by line and column", async () => {
    const results = await parseFixture();
    expect(results.size).toBe(32);
    const errors = [...results]
      .filter(([, r]) => r.kind === "error")
      .map(([line, r]) => [line, r.kind === "error" && r.column]);
    expect(errors).toEqual([
      [6, null],
      [11, "start"],
      [15, "duration"],
      [16, null],
      [25, "start"],
      [29, "disposition"],
    ]);
    const ignored = [...results].filter(([, r]) => r.kind === "ignored").map(([line]) => line);
    expect(ignored).toEqual([17, 18]);
  });

  it("classifies answered, missed, busy, abandoned and withheld calls", async () => {
    const results = await parseFixture();
    expect(call(results, 1)).toMatchObject({
      source: "asterisk-cdr",
      siteId: "mairie-siege",
      caller: "+33612345678",
      callerStatus: "identified",
      outcome: "answered",
      queue: "accueil",
      agentId: "PJSIP/201",
      waitSeconds: 28,
      talkSeconds: 210,
      offeredAt: new Date("2026-03-02T08:01:12Z"),
      answeredAt: new Date("2026-03-02T08:01:40Z"),
      endedAt: new Date("2026-03-02T08:05:10Z"),
    });
    expect(call(results, 7)).toMatchObject({ outcome: "missed", waitSeconds: 300, talkSeconds: 0, agentId: null });
    expect(call(results, 9)).toMatchObject({ outcome: "missed", disposition: "BUSY", caller: "+33241885566" });
    expect(call(results, 10)).toMatchObject({ outcome: "abandoned", waitSeconds: 95, agentId: null });
    expect(call(results, 12)).toMatchObject({ outcome: "answered", caller: null, callerStatus: "withheld" });
    expect(call(results, 13)).toMatchObject({ outcome: "missed", caller: null, callerStatus: "withheld" });
    expect(call(results, 19)).toMatchObject({ outcome: "missed", callerStatus: "foreign", disposition: "FAILED" });
  });

  it("uses the uniqueid as call key, so the same row twice has the same key", async () => {
    const results = await parseFixture();
    expect(call(results, 22).key).toBe(call(results, 1).key);
    expect(call(results, 1).key).toMatch(/^asterisk-cdr:mairie-siege:\d+\.\d+$/);
    expect(call(results, 2).key).not.toBe(call(results, 1).key);
  });

  it("reads local times across both daylight-saving changes", async () => {
    const results = await parseFixture();
    // 01:58 CET, before the spring change; the call ends at 03:01 CEST, 3 minutes later.
    expect(call(results, 23)).toMatchObject({ offeredAt: new Date("2026-03-29T00:58:00Z"), waitSeconds: 180 });
    expect(call(results, 24).offeredAt).toEqual(new Date("2026-03-29T01:10:00Z"));
    // 02:50 happens twice on 25 October: the end time (03:05 CET) and the duration pick the second.
    expect(call(results, 26).offeredAt).toEqual(new Date("2026-10-25T01:50:00Z"));
    const gap = results.get(25);
    expect(gap?.kind === "error" && gap.message).toContain("heure inexistante");
  });

  it("accepts the layouts of cdr.conf options and refuses other widths", () => {
    const base = [
      "",
      "0612345678",
      "0241573000",
      "from-trunk",
      "",
      "PJSIP/trunk-1",
      "PJSIP/201-0000002a",
      "Queue",
      "accueil",
      "2026-01-05 10:00:00",
      "2026-01-05 10:00:30",
      "2026-01-05 10:05:00",
      "270",
      "240",
      "ANSWERED",
      "DOCUMENTATION",
    ];
    const bare = parseAsteriskRecord(base, options);
    expect(bare.kind === "call" && bare.call.key).toMatch(/^asterisk-cdr:mairie-siege:row-[0-9a-f]{32}$/);
    const withNewColumns = parseAsteriskRecord([...base, "1767603600.7", "", "", "1767603600.7", "3"], options);
    expect(withNewColumns.kind === "call" && withNewColumns.call.key).toBe("asterisk-cdr:mairie-siege:1767603600.7#3");
    const tooShort = parseAsteriskRecord(base.slice(0, 12), options);
    expect(tooShort).toMatchObject({ kind: "error", column: null });
    expect(parseAsteriskRecord([...base.slice(0, 13), "300", ...base.slice(14)], options)).toMatchObject({
      kind: "error",
      column: "billsec",
    });
  });

  it("reads times written in UTC when cdr.conf has usegmtime=yes", () => {
    const record = [
      "",
      "0612345678",
      "0241573000",
      "from-trunk",
      "",
      "PJSIP/trunk-1",
      "",
      "Queue",
      "accueil",
      "2026-07-01 08:00:00",
      "",
      "2026-07-01 08:01:00",
      "60",
      "0",
      "NO ANSWER",
      "DOCUMENTATION",
    ];
    const result = parseAsteriskRecord(record, { siteId: null, timeZone: "UTC" });
    expect(result.kind === "call" && result.call.offeredAt).toEqual(new Date("2026-07-01T08:00:00Z"));
  });
});
