import type { Catalog } from "../catalog/catalog.ts";
import type { ActiveCatalog } from "../catalog-store/catalog-versions.ts";
import { catalogRules } from "../domain/catalog-rules.ts";
import { decideRoute, type RouteDecision, type RouteInput, type RouteThresholds } from "../domain/route-decision.ts";
import type { ActiveModel } from "./routing-models.ts";

export interface RoutingOutcome {
  decision: RouteDecision;
  catalog: Catalog;
  catalogVersion: number;
  /** The model that was consulted, null when none was loaded. */
  modelVersion: number | null;
}

export interface RoutingSources {
  catalog(): ActiveCatalog;
  model(): ActiveModel | null;
}

/**
 * The routing decision over whatever catalogue and model are active right now. Synchronous and
 * side-effect free: the consumer stores its answer, `guichet route --explain` only prints it.
 */
export class RoutingEngine {
  constructor(
    private readonly sources: RoutingSources,
    private readonly thresholds: Partial<RouteThresholds> = {},
  ) {}

  decide(input: RouteInput): RoutingOutcome {
    const { version, catalog } = this.sources.catalog();
    const model = this.sources.model();
    const decision = decideRoute(input, {
      catalog,
      rules: catalogRules(catalog),
      model: model?.classifier ?? null,
      thresholds: this.thresholds,
      catalogVersion: version,
    });
    // The model's version only matters when it had a say (not for a subject chosen by a person).
    const consulted = decision.method !== "direct" && model !== null;
    return { decision, catalog, catalogVersion: version, modelVersion: consulted ? model.version : null };
  }
}
