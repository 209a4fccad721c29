// The service as a library: the operator CLI and end-to-end tests boot it the way main.ts does.
export { loadReportingConfig, type ReportingConfig } from "./config.ts";
export { type RebuildResult, rebuildProjections } from "./rebuild/rebuild-projections.ts";
export { startReporting } from "./reporting.app.ts";
export { slaReportText } from "./reports/sla-report.cli.ts";
