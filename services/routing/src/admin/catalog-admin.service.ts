import { AppError } from "@guichet/runtime";
import { stringify } from "yaml";
import { CatalogError } from "../catalog/catalog.ts";
import { validateCatalog } from "../catalog/catalog-validation.ts";
import type { CatalogVersions } from "../catalog-store/catalog-versions.ts";
import type { RoutingModels } from "../routing/routing-models.ts";

/** A catalogue problem in the shape of the HTTP edge's field problems (path = the faulty entry). */
function catalogProblems(error: CatalogError): { field: string; message: string }[] {
  return error.problems.map((p) => ({ field: p.path || "(catalogue)", message: p.message }));
}

/** The catalogue sent by an editor: YAML text, or the same document as JSON. */
export function catalogText(body: unknown): string {
  if (typeof body === "string") return body;
  if (body && typeof body === "object") return stringify(body, { lineWidth: 0 });
  throw new AppError("validation", "catalogue vide", [{ field: "(body)", message: "le catalogue est vide" }]);
}

/** Validates without storing; throws AppError("validation") naming every faulty entry. */
export function checkCatalog(text: string): void {
  try {
    validateCatalog(text);
  } catch (error) {
    if (error instanceof CatalogError) throw new AppError("validation", error.message, catalogProblems(error));
    throw error;
  }
}

/**
 * Stores a new version (the active one stays when it is refused), then retrains the model so that
 * it knows the new subjects and forgets removed ones before the next decision.
 */
export async function saveCatalog(
  catalogs: CatalogVersions,
  models: RoutingModels,
  text: string,
  origin: { createdBy: string; comment?: string; source: string },
): Promise<number> {
  try {
    const active = await catalogs.import(text, origin);
    await models.train(active, origin.createdBy);
    return active.version;
  } catch (error) {
    if (error instanceof CatalogError) throw new AppError("validation", error.message, catalogProblems(error));
    throw error;
  }
}
