// The service as a library: the operator CLI and end-to-end tests boot it the way main.ts does.

export { CatalogError } from "./catalog/catalog.ts";
export { loadRoutingConfig, type RoutingConfig } from "./config.ts";
// Operator CLI helpers (guichet route | catalog | routing).
export {
  DEFAULT_BOOTSTRAP_FILE,
  DEFAULT_CATALOG_FILE,
  explainRoute,
  exportCatalog,
  importCatalogFile,
  normaliseCatalog,
  parseExplainInput,
  retrainModel,
} from "./routing/routing-tools.ts";
export { startRouting } from "./routing.app.ts";
