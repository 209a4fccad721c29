import { catalogRules } from "../domain/catalog-rules.ts";
import { RuleCompileError } from "../domain/keyword-rules.ts";
import { type Catalog, CatalogError } from "./catalog.ts";
import { parseCatalog } from "./catalog-loader.ts";

/**
 * Everything a catalogue must pass before it may become active: the YAML, cross-references,
 * calendars, and its routing rules compiled. @throws CatalogError naming each faulty entry.
 */
export function validateCatalog(yamlText: string): Catalog {
  const catalog = parseCatalog(yamlText);
  try {
    catalogRules(catalog);
  } catch (error) {
    if (error instanceof RuleCompileError)
      throw new CatalogError(error.problems.map((message) => ({ path: "rules", message })));
    throw error;
  }
  return catalog;
}
