import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test } from "vitest";
import { selfTimeByPackage, topSelfTime } from "./cpu-profile.ts";

const frame = (id: number, functionName: string, url: string) => ({
  id,
  callFrame: { functionName, url, lineNumber: 9 },
});

test("ranks self time by function and by package, without idle samples", () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "guichet-profile-")), "x.cpuprofile");
  writeFileSync(
    file,
    JSON.stringify({
      nodes: [
        frame(1, "(idle)", ""),
        frame(2, "query", "file:///repo/node_modules/pg/lib/client.js"),
        frame(3, "interpret", "file:///repo/node_modules/@prisma/client/runtime/client.js"),
        frame(4, "execute", "file:///repo/services/routing/src/route.ts"),
      ],
      samples: [1, 1, 1, 2, 3, 3, 4, 3],
      timeDeltas: [5000, 5000, 5000, 1000, 1000, 1000, 1000, 1000],
    }),
  );
  expect(topSelfTime(file)).toEqual([
    { fn: "interpret @prisma/client/runtime/client.js:10", ms: 3, share: 0.6 },
    { fn: "query pg/lib/client.js:10", ms: 1, share: 0.2 },
    { fn: "execute services/routing/src/route.ts:10", ms: 1, share: 0.2 },
  ]);
  expect(selfTimeByPackage(file).map((t) => t.fn)).toEqual(["@prisma/client", "pg", "services/routing"]);
});
