import { slaReportText } from "@guichet/reporting";
import type { Command } from "commander";
import { databaseUrlOption, platformDatabaseUrl } from "../platform.ts";

export function registerReport(program: Command): void {
  const report = program.command("report").description("rapports de délais (tous services)");
  report
    .command("sla")
    .description("volumes, délais médian et p90, part dans l’objectif, par dimension et période")
    .requiredOption("--from <date>", "premier jour de réception, AAAA-MM-JJ (inclus)")
    .requiredOption("--to <date>", "dernier jour de réception, AAAA-MM-JJ (inclus)")
    .option("--group-by <dims>", "service,subject,site,channel,experiment (séparés par des virgules)")
    .option("--period <p>", "day | week | month | year")
    .option("--service <ids>", "filtre sur des services (séparés par des virgules)")
    .option("--format <f>", "csv | json", "json")
    .addOption(databaseUrlOption())
    .action(
      async (options: {
        from: string;
        to: string;
        groupBy?: string;
        period?: string;
        service?: string;
        format: string;
        databaseUrl?: string;
      }) => {
        if (options.format !== "csv" && options.format !== "json") throw new Error("--format: csv or json");
        const { databaseUrl, format, ...raw } = options;
        process.stdout.write(await slaReportText(await platformDatabaseUrl(databaseUrl), raw, format));
      },
    );
}
