import { runMain } from "@guichet/runtime";
import { loadRoutingConfig } from "./config.ts";

await runMain("routing", loadRoutingConfig, async (config) => (await import("./routing.app.ts")).startRouting(config));
