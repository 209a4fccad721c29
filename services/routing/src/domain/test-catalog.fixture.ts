import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Catalog } from "../catalog/catalog.ts";
import { parseCatalog } from "../catalog/catalog-loader.ts";

/** The Loire-Authion demo catalogue, shared by the domain tests (read once per test file). */
export function loireAuthionCatalog(): Catalog {
  return parseCatalog(
    readFileSync(fileURLToPath(new URL("../../../../data/loire-authion/catalog.yaml", import.meta.url)), "utf8"),
  );
}
