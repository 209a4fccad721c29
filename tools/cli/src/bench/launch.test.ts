import { describe, expect, test } from "vitest";
import { heapAfterMajorGc } from "./launch.ts";

describe("heapAfterMajorGc", () => {
  test("reads the heap left by the last full collection, ignoring scavenges and other lines", () => {
    const log = [
      '{"level":30,"msg":"ready"}',
      "[123:0x5d1c000]     1500 ms: Scavenge 40.1 (52.3) -> 33.0 (52.3) MB, pooled: 0 MB, 1.20 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure;",
      "[123:0x5d1c000]     9000 ms: Mark-Compact 180.2 (200.1) -> 150.3 (195.0) MB, pooled: 0 MB, 12.50 / 0.00 ms  (average mu = 0.98) finalize incremental marking via task; GC in old space requested",
      "[123:0x5d1c000]    19000 ms: Mark-Compact (reduce) 170.0 (190.0) -> 148.7 (185.0) MB, pooled: 0 MB, 10.00 / 0.00 ms  (average mu = 0.97) low memory notification",
      "[123:0x5d1c000]    19500 ms: Scavenge 160.1 (190.3) -> 152.0 (190.3) MB, pooled: 0 MB",
    ].join("\n");
    expect(heapAfterMajorGc(log)).toBe(148.7);
    expect(heapAfterMajorGc('{"level":30}\n')).toBeUndefined();
  });

  test("matches what Node's own --trace-gc prints", async () => {
    const { execFileSync } = await import("node:child_process");
    const out = execFileSync(process.execPath, ["--trace-gc", "--expose-gc", "-e", "globalThis.gc()"], {
      encoding: "utf8",
    });
    expect(heapAfterMajorGc(out)).toBeGreaterThan(0);
  });
});
