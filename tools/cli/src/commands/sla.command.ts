import { readFileSync } from "node:fs";
import { CalendarError, loadCalendars, slaDue, slaElapsed } from "@guichet/calendar";
import type { Command } from "commander";
import { repoRoot } from "../services.ts";

const defaultCatalog = process.env.GUICHET_CATALOG_FILE ?? `${repoRoot}data/loire-authion/catalog.yaml`;

function calendars(file: string) {
  return loadCalendars(readFileSync(file, "utf8"));
}

function print(work: () => unknown): void {
  try {
    process.stdout.write(`${JSON.stringify(work())}\n`);
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    process.stderr.write(`guichet sla: ${error.message}\n`);
    process.exit(2);
  }
}

const number = (value: string) => Number(value);

export function registerSla(program: Command): void {
  const sla = program.command("sla").description("calculs de délais sur les calendriers du catalogue");
  sla
    .command("due")
    .description("échéance d’un délai : heures ouvrées, jours ouvrés ou mois calendaires")
    .requiredOption("--calendar <id>", "calendrier du catalogue (ex. mairie-siege)")
    .requiredOption("--from <iso>", "instant de départ, ISO 8601 avec fuseau")
    .option("--business-hours <h>", "heures ouvrées", number)
    .option("--jours-ouvres <n>", "jours ouvrés", number)
    .option("--months <p>", "mois calendaires", number)
    .option("--catalog <file>", "fichier catalogue YAML", defaultCatalog)
    .action(
      (options: {
        calendar: string;
        from: string;
        businessHours?: number;
        joursOuvres?: number;
        months?: number;
        catalog: string;
      }) => print(() => slaDue(calendars(options.catalog), options)),
    );
  sla
    .command("elapsed")
    .description("temps ouvré écoulé entre deux instants")
    .requiredOption("--calendar <id>", "calendrier du catalogue")
    .requiredOption("--from <iso>", "début, ISO 8601 avec fuseau")
    .requiredOption("--to <iso>", "fin, ISO 8601 avec fuseau")
    .option("--catalog <file>", "fichier catalogue YAML", defaultCatalog)
    .action((options: { calendar: string; from: string; to: string; catalog: string }) =>
      print(() => slaElapsed(calendars(options.catalog), options)),
    );
}
