import { loadReportingConfig, rebuildProjections } from "@guichet/reporting";
import type { Command } from "commander";

export function registerReporting(program: Command): void {
  const reporting = program.command("reporting").description("projections du service reporting");
  reporting
    .command("rebuild")
    .description("vide les projections et rejoue tout le flux d’événements (idempotent)")
    .option("--database-url <url>", "PostgreSQL", process.env.DATABASE_URL)
    .action(async (options: { databaseUrl?: string }) => {
      if (!options.databaseUrl) throw new Error("DATABASE_URL is not set (or pass --database-url)");
      const config = loadReportingConfig({ ...process.env, DATABASE_URL: options.databaseUrl, LOG_LEVEL: "silent" });
      const result = await rebuildProjections(config, (line) => process.stderr.write(`${line}\n`));
      process.stdout.write(
        `${result.events} événements rejoués (${result.skipped} ignorés) : ${result.requests} demandes, ` +
          `${result.calls} appels, en ${(result.durationMs / 1000).toFixed(1)} s\n`,
      );
    });
}
