import { availableParallelism, loadavg, totalmem } from "node:os";
import { startNatsCluster } from "@guichet/testing/servers";
import type { Command } from "commander";
import { formatTable, runSuite, verdict } from "../chaos/chaos-suite.ts";
import { clusterNodeLoss, PROFILES, singleServerFaults } from "../chaos/faults.ts";

interface ChaosOptions {
  full?: boolean;
  rate?: number;
  smtpOutage?: number;
  json?: boolean;
}

/** The machine a run's figures belong to, printed under the table. */
function machine(): string {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
  return `${availableParallelism()} cœurs, ${(totalmem() / 2 ** 30).toFixed(0)} Gio de mémoire, charge ${load}`;
}

/**
 * `guichet chaos`: starts its own isolated platform (PostgreSQL, NATS, mail catcher, five
 * supervised services on free ports), breaks it in every way listed in docs/operations.md under a
 * steady load, and prints one table. Exits 1 when a row lost, duplicated or refused anything, or
 * resent a message where its fault allows no resend (verdict in chaos-suite.ts).
 */
export function registerChaos(program: Command): void {
  program
    .command("chaos")
    .description("essai de résistance : pannes sous charge sur une plateforme isolée, et un tableau des résultats")
    .option("--full", "charge plus forte et pannes de durée réelle (SMTP 5 min) ; par défaut : profil CI court")
    .option("--rate <n>", "demandes par seconde", Number)
    .option("--smtp-outage <s>", "durée de la panne SMTP en secondes", Number)
    .option("--json", "résultats en JSON")
    .action(async (options: ChaosOptions) => {
      const base = PROFILES[options.full ? "full" : "ci"];
      const profile = {
        ...base,
        ratePerSecond: options.rate ?? base.ratePerSecond,
        smtpOutageMs: options.smtpOutage !== undefined ? options.smtpOutage * 1000 : base.smtpOutageMs,
      };
      const say = (line: string) => process.stdout.write(`${line}\n`);
      const started = Date.now();
      say(`Essai de résistance, profil ${profile.name} (${profile.ratePerSecond} demandes/s) — ${machine()}`);
      const rows = await runSuite({
        profile,
        faults: singleServerFaults(),
        log: say,
        platform: { smallNatsStore: true, log: say },
      });
      // Second platform on a 3-node cluster (R3 stream) for the loss of one node.
      say("Grappe NATS de 3 nœuds :");
      const cluster = await startNatsCluster(3);
      try {
        rows.push(
          ...(await runSuite({ profile, faults: [clusterNodeLoss], log: say, platform: { cluster, log: say } })),
        );
      } finally {
        await cluster.stop();
      }
      if (options.json) say(JSON.stringify({ profile: profile.name, machine: machine(), rows }));
      say("");
      say(formatTable(rows));
      say("");
      say(`Durée ${Math.round((Date.now() - started) / 1000)} s — ${machine()}`);
      const problems = verdict(rows);
      for (const problem of problems) say(`ÉCHEC ${problem}`);
      const resent = rows.reduce((sum, row) => sum + row.resent, 0);
      if (resent)
        say(
          `${resent} renvoi(s) du même message (même Message-ID) après un kill -9 de notification : ` +
            "livraison au moins une fois à la remise SMTP (docs/adr/0010).",
        );
      if (!problems.length) say("Aucune demande perdue, aucun accusé en double, chaque service revenu seul.");
      // Explicit: a server's handle left open must not keep the command (or CI) waiting.
      process.exit(problems.length ? 1 : 0);
    });
}
