import { loadReportingConfig, rebuildProjections } from "@guichet/reporting";
import type { Command } from "commander";
import { databaseUrlOption, platformDatabaseUrl, platformNatsUrl } from "../platform.ts";

export function registerReporting(program: Command): void {
  const reporting = program.command("reporting").description("projections du service reporting");
  reporting
    .command("rebuild")
    .description("vide les projections et rejoue tout le flux d’événements (idempotent)")
    .addOption(databaseUrlOption())
    .action(async (options: { databaseUrl?: string }) => {
      const databaseUrl = await platformDatabaseUrl(options.databaseUrl);
      const config = loadReportingConfig({
        ...process.env,
        DATABASE_URL: databaseUrl,
        NATS_URL: await platformNatsUrl(undefined),
        LOG_LEVEL: "silent",
      });
      const result = await rebuildProjections(config, (line) => process.stderr.write(`${line}\n`));
      process.stdout.write(
        `${result.events} événements rejoués (${result.skipped} ignorés) : ${result.requests} demandes, ` +
          `${result.calls} appels, en ${(result.durationMs / 1000).toFixed(1)} s\n`,
      );
    });
}
