import type { Command } from "commander";
import { databaseUrlOption, platformDatabaseUrl } from "../platform.ts";

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * `guichet route --explain`: where a request would go and why, storing nothing.
 * stdin: {"channel","subject","body","site"?}; stdout: {"serviceId","subjectId","method","confidence","explanation"};
 * stderr: which catalogue and model decided. Exit 2 on a malformed request.
 */
export function registerRoute(program: Command): void {
  program
    .command("route")
    .description("décide où irait une demande (JSON sur l’entrée standard), sans rien enregistrer")
    .requiredOption("--explain", "affiche la décision et son explication")
    .addOption(databaseUrlOption("PostgreSQL (catalogue et modèle actifs)"))
    .option("--catalog <file>", "catalogue utilisé si la base ne répond pas")
    .action(async (options: { databaseUrl?: string; catalog?: string }) => {
      const routing = await import("@guichet/routing");
      let input: ReturnType<typeof routing.parseExplainInput>;
      try {
        input = routing.parseExplainInput(await readStdin());
      } catch (error) {
        process.stderr.write(`guichet route: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      const { result, sources } = await routing.explainRoute(input, {
        // Without a reachable database, the decision comes from the catalogue file (said on stderr).
        databaseUrl: await platformDatabaseUrl(options.databaseUrl).catch(() => undefined),
        catalogFile: options.catalog ?? routing.DEFAULT_CATALOG_FILE,
        bootstrapFile: routing.DEFAULT_BOOTSTRAP_FILE,
      });
      process.stderr.write(`catalogue: ${sources.catalog}\nmodèle: ${sources.model}\n`);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
}
