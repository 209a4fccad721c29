import { spawnSync } from "node:child_process";
import { userInfo } from "node:os";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { databaseUrlOption, platformDatabaseUrl } from "../platform.ts";
import { repoRoot } from "../services.ts";

/** `guichet routing train` (learned model) and `guichet routing quality` (labelled-set benchmark). */
export function registerRouting(program: Command): void {
  const routing = program.command("routing").description("modèle de routage appris et qualité du routage");
  routing
    .command("train")
    .description("réentraîne le modèle sur l’historique routé (corrections des agents comprises) et l’active")
    .addOption(databaseUrlOption())
    .option("--by <name>", "auteur", process.env.GUICHET_OPERATOR ?? userInfo().username)
    .action(async (options: { databaseUrl?: string; by: string }) => {
      const databaseUrl = await platformDatabaseUrl(options.databaseUrl);
      const tools = await import("@guichet/routing");
      const summary = await tools.retrainModel(databaseUrl, {
        createdBy: options.by,
        catalogFile: tools.DEFAULT_CATALOG_FILE,
        bootstrapFile: tools.DEFAULT_BOOTSTRAP_FILE,
      });
      process.stdout.write(
        `modèle version ${summary.version} : ${summary.examples} exemples (${summary.historyExamples} de l’historique, ${summary.bootstrapExamples} du jeu étiqueté), ${(summary.trainingMs / 1000).toFixed(2)} s, source ${summary.source}\n` +
          "Les instances de routing le chargent à leur prochaine vérification (ROUTING_REFRESH_SECONDS).\n",
      );
    });
  routing
    .command("quality")
    .description("précision, rappel par service et part envoyée au tri, par validation croisée sur le jeu étiqueté")
    .option("--verbose", "liste les erreurs")
    .action((options: { verbose?: boolean }) => {
      const script = `${repoRoot}services/routing/bench/routing-quality.ts`;
      const tsx = fileURLToPath(import.meta.resolve("tsx/cli"));
      const result = spawnSync(process.execPath, [tsx, script, ...(options.verbose ? ["--verbose"] : [])], {
        stdio: "inherit",
      });
      process.exitCode = result.status ?? 1;
    });
}
