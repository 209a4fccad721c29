import { runMain } from "@guichet/runtime";
import { loadReportingConfig } from "./config.ts";

await runMain("reporting", loadReportingConfig, async (config) =>
  (await import("./reporting.app.ts")).startReporting(config),
);
