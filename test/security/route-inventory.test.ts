import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { MATRIX } from "../e2e/site.authorization.matrix.ts";
import { ACCESS, declaredRoutes, inventoryTable } from "./route-inventory.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const routes = declaredRoutes(root);

/** "/api/desk/{requestId}/notes?x" → "/api/desk/:requestId/notes". */
const normalise = (path: string) => path.split("?")[0]?.replace(/\{([a-zA-Z]+)\}/g, ":$1") ?? path;

describe("every HTTP route is listed with who may call it", () => {
  it("lists every route the controllers declare, and no other", () => {
    expect(routes.map((r) => r.route).sort()).toEqual(Object.keys(ACCESS).sort());
  });

  it("agrees with the authorisation matrix the end-to-end test enforces", () => {
    for (const row of MATRIX) {
      const route = `${row.method} ${normalise(row.path)}`;
      const declared = Object.keys(ACCESS).find((key) =>
        new RegExp(`^${key.replace(/[.]/g, "\\.").replace(/:[a-zA-Z]+/g, "[^/]+")}$`).test(route),
      );
      if (!declared) continue; // gateway routes (services/web) are not NestJS controllers
      const who = ACCESS[declared] ?? "";
      for (const role of row.allowed) expect(who, `${route} allows ${role}`).toContain(role);
    }
  });

  it("is published in docs/security.md as generated", () => {
    const doc = readFileSync(`${root}docs/security.md`, "utf8");
    const section = /<!-- routes:start -->\n([\s\S]*?)\n<!-- routes:end -->/.exec(doc)?.[1];
    // Compared cell by cell: the Markdown formatter (biome) aligns the columns.
    const cells = (table: string) =>
      table
        .trim()
        .split("\n")
        .map((line) =>
          line
            .split("|")
            .map((cell) => cell.trim())
            .map((cell) => (/^-+$/.test(cell) ? "---" : cell))
            .join("|"),
        );
    expect(cells(section ?? ""), "docs/security.md between <!-- routes:start --> and <!-- routes:end -->").toEqual(
      cells(inventoryTable(routes)),
    );
  });
});
