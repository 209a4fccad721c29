import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Command } from "commander";
import { databaseUrlOption, platformDatabaseUrl } from "../platform.ts";

interface CallsOptions {
  format: string;
  mapping?: string;
  site?: string;
  databaseUrl?: string;
}

/**
 * `guichet intake calls FILE`: imports a switchboard call log through the same path as the upload
 * page and prints the import report as JSON. Exit code 0 when every line imported, 2 when some
 * lines were refused (listed in the report; the others are imported), 1 when nothing could be done.
 */
export function registerIntakeCalls(intake: Command): void {
  intake
    .command("calls")
    .description(
      "importe un journal d’appels du standard (rapport JSON : lignes, importées, doublons, rappels, erreurs)",
    )
    .argument("<file>", "fichier CSV (Master.csv d’Asterisk, ou CSV générique)")
    .requiredOption("--format <format>", "asterisk | generic")
    .option("--mapping <file>", "fichier de correspondance JSON des colonnes (format generic)")
    .option("--site <id>", "site du standard (identifiant du catalogue, ex. mairie-siege)")
    .addOption(databaseUrlOption())
    .action(async (file: string, options: CallsOptions) => {
      if (options.format !== "asterisk" && options.format !== "generic") {
        throw new Error(`--format: asterisk or generic expected, not "${options.format}"`);
      }
      if (options.format === "generic" && !options.mapping)
        throw new Error("--mapping is required with --format generic");
      if (options.site !== undefined && !/^[a-z0-9][a-z0-9.-]{0,79}$/.test(options.site)) {
        throw new Error("--site: a catalogue id expected (lower case, digits, dots and dashes)");
      }
      const databaseUrl = await platformDatabaseUrl(options.databaseUrl);
      // Loaded here: the rest of the CLI does not need NestJS and Prisma.
      const { callMappingSchema, loadIntakeConfig, openPhoneChannel } = await import("@guichet/intake");
      let mapping: ReturnType<typeof callMappingSchema.parse> | undefined;
      if (options.mapping) {
        const parsed = callMappingSchema.safeParse(JSON.parse(await readFile(options.mapping, "utf8")));
        if (!parsed.success) {
          const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(racine)"}: ${i.message}`);
          throw new Error(`--mapping ${options.mapping}: ${problems.join("; ")}`);
        }
        mapping = parsed.data;
      }
      const config = loadIntakeConfig({ ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" });
      const phone = await openPhoneChannel(databaseUrl, {
        referencePrefix: config.referencePrefix,
        phone: config.phone ?? { ctiSecret: null, switchboardTimeZone: "Europe/Paris" },
      });
      try {
        const report = await phone.channel.importCalls.execute({
          input: createReadStream(file),
          format: options.format,
          mapping,
          siteId: options.site ?? null,
          fileName: basename(file),
        });
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        if (report.errors.length > 0) process.exitCode = 2;
      } finally {
        await phone.close();
      }
    });
}
