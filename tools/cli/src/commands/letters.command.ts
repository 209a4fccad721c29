import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { operatorIdentity } from "../operator-identity.ts";
import { services, serviceUrl } from "../services.ts";

interface BatchOptions {
  out: string;
  limit: string;
  url: string;
  staffId: string;
}

/**
 * `guichet letters batch --out FILE`: takes the mail room's next print batch from notification
 * (POST /api/letters/batches) as one PDF. The letters are marked printed and their messages sent:
 * print the file, fold, post. The same batch can be downloaded again from
 * /api/letters/batches/{id}.pdf.
 */
export function registerLetters(program: Command): void {
  const letters = program.command("letters").description("courriers postaux : lots d’impression du service courrier");
  const notification = services.find((s) => s.name === "notification");
  letters
    .command("batch")
    .description("prend le prochain lot de courriers à imprimer (un seul PDF) et les marque imprimés")
    .requiredOption("--out <file>", "fichier PDF à écrire")
    .option("--limit <n>", "nombre maximal de courriers dans le lot", "200")
    .option(
      "--url <url>",
      "URL du service notification",
      notification ? serviceUrl(notification) : "http://127.0.0.1:3003",
    )
    .option("--staff-id <id>", "agent qui prend le lot (journalisé)", process.env.USER ?? "service-courrier")
    .action(async (options: BatchOptions) => {
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error("--limit : un entier de 1 à 1000");
      const identity = operatorIdentity(options.staffId, ["reception"]);
      const response = await fetch(`${options.url}/api/letters/batches?limit=${limit}`, {
        method: "POST",
        headers: { "x-guichet-identity": identity },
      });
      if (response.status === 204) {
        process.stdout.write("Aucun courrier en attente d’impression.\n");
        return;
      }
      if (response.status !== 201) {
        throw new Error(`notification a répondu ${response.status} : ${(await response.text()).slice(0, 300)}`);
      }
      await writeFile(options.out, Buffer.from(await response.arrayBuffer()));
      const count = response.headers.get("x-guichet-letters");
      const pages = response.headers.get("x-guichet-pages");
      const batchId = response.headers.get("x-guichet-batch-id");
      process.stdout.write(`${count} courrier(s), ${pages} page(s) → ${options.out} (lot ${batchId})\n`);
    });
}
