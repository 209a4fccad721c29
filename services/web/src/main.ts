import { runMain } from "@guichet/runtime";
import { loadWebConfig } from "./config.ts";

await runMain("web", loadWebConfig, async (config) => (await import("./web.app.ts")).startWeb(config));
