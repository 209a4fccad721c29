// The service as a library: the operator CLI and end-to-end tests boot it the way main.ts does.
export { loadRoutingConfig, type RoutingConfig } from "./config.ts";
export { startRouting } from "./routing.app.ts";
