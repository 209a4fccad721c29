import { readFile, writeFile } from "node:fs/promises";
import { userInfo } from "node:os";
import type { Command } from "commander";
import { databaseUrlOption, platformDatabaseUrl } from "../platform.ts";

/** `guichet catalog import FILE` / `guichet catalog export [--out FILE]` (format: docs/catalog.md). */
export function registerCatalog(program: Command): void {
  const catalog = program.command("catalog").description("catalogue « qui fait quoi » (docs/catalog.md)");
  catalog
    .command("import <file>")
    .description("valide le fichier et l’enregistre comme nouvelle version active (refusé : la version active reste)")
    .addOption(databaseUrlOption())
    .option("--by <name>", "auteur de la version", process.env.GUICHET_OPERATOR ?? userInfo().username)
    .option("-m, --comment <text>", "résumé de la modification")
    .option("--check", "valide seulement, sans enregistrer")
    .action(async (file: string, options: { databaseUrl?: string; by: string; comment?: string; check?: boolean }) => {
      const routing = await import("@guichet/routing");
      const content = await readFile(file, "utf8");
      try {
        if (options.check) {
          routing.normaliseCatalog(content);
          process.stdout.write(`${file}: catalogue valide\n`);
          return;
        }
        const { version, modelVersion } = await routing.importCatalogFile(
          await platformDatabaseUrl(options.databaseUrl),
          content,
          {
            source: file,
            createdBy: options.by,
            ...(options.comment ? { comment: options.comment } : {}),
          },
        );
        process.stdout.write(
          `catalogue importé : version ${version} active, modèle réentraîné (version ${modelVersion})\n`,
        );
      } catch (error) {
        if (!(error instanceof routing.CatalogError)) throw error;
        process.stderr.write(`guichet catalog import: ${file} refusé, la version active reste inchangée\n`);
        for (const p of error.problems) process.stderr.write(`  ${p.path} : ${p.message}\n`);
        process.exitCode = 2;
      }
    });
  catalog
    .command("export")
    .description("écrit la version active (ou --version N) du catalogue en YAML")
    .addOption(databaseUrlOption())
    .option("--version <n>", "version à exporter", (v) => Number.parseInt(v, 10))
    .option("--out <file>", "fichier de sortie (sinon la sortie standard)")
    .action(async (options: { databaseUrl?: string; version?: number; out?: string }) => {
      const routing = await import("@guichet/routing");
      const content = await routing.exportCatalog(await platformDatabaseUrl(options.databaseUrl), options.version);
      if (content === null)
        throw new Error(options.version ? `no catalogue version ${options.version}` : "no catalogue stored yet");
      if (options.out) {
        await writeFile(options.out, content);
        process.stderr.write(`catalogue écrit dans ${options.out}\n`);
      } else process.stdout.write(content);
    });
}
