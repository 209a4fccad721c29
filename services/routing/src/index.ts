// The service as a library: the operator CLI and end-to-end tests boot it the way main.ts does.
export { type RoutingConfig, loadRoutingConfig } from "./config.ts";
export { startRouting } from "./routing.app.ts";
