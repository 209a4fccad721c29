import { mkdirSync } from "node:fs";
import { startMailCatcher } from "@guichet/mailcatcher";
import { startNats, startPostgres, waitFor } from "@guichet/testing/servers";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "@guichet/web-gateway";
import type { Command } from "commander";
import pg from "pg";
import { forgetPlatform, PLATFORM_DATABASE, recordPlatform, stateDir, withDatabase } from "../platform.ts";
import { repoRoot, service, services, serviceUrl } from "../services.ts";
import { Supervisor } from "../supervisor.ts";
import { migrateAll } from "./migrate.command.ts";

async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  return withDatabase(adminUrl, name);
}

/**
 * `guichet start`: the whole platform on one machine. Uses PostgreSQL and NATS where they already
 * run (DATABASE_URL / NATS_URL, else the default ports), otherwise starts them with their data
 * under .guichet/; then the mail catcher, migrations, the four services, and prints the URLs.
 */
export function registerStart(program: Command): void {
  program
    .command("start")
    .description("démarre toute la plateforme en local avec le catalogue de démonstration")
    .action(async () => {
      mkdirSync(stateDir, { recursive: true });
      const say = (line: string) => process.stdout.write(`${line}\n`);
      const postgres = await startPostgres({
        url: process.env.GUICHET_POSTGRES_ADMIN_URL,
        dataDir: `${stateDir}/postgres`,
        port: 5433,
      });
      say(postgres.started ? `PostgreSQL démarré (données dans .guichet/postgres)` : `PostgreSQL trouvé`);
      const nats = await startNats({ url: process.env.NATS_URL, storeDir: `${stateDir}/nats` });
      say(nats.started ? `NATS démarré (données dans .guichet/nats)` : `NATS trouvé : ${nats.url}`);
      const databaseUrl = process.env.DATABASE_URL ?? (await ensureDatabase(postgres.url, PLATFORM_DATABASE));
      await migrateAll(databaseUrl);
      // The other commands (intake eml, report, dlq…) find this database and server through it.
      recordPlatform({ databaseUrl, natsUrl: nats.url });
      const mail = await startMailCatcher({
        smtpPort: Number(process.env.MAILCATCHER_SMTP_PORT ?? 1025),
        httpPort: Number(process.env.MAILCATCHER_HTTP_PORT ?? 1080),
      });

      const env = {
        ...process.env,
        DATABASE_URL: databaseUrl,
        NATS_URL: nats.url,
        SMTP_URL: mail.smtpUrl,
        // Demo accounts with fixed passwords on this local platform only (services/web seeds them).
        GUICHET_DEMO: process.env.GUICHET_DEMO ?? "true",
      };
      // Supervised: a service that crashes is started again (bounded backoff), the others keep running.
      const supervisor = new Supervisor(
        services.map((service) => ({
          name: service.name,
          command: process.execPath,
          args: ["--import", "tsx", `${repoRoot}services/${service.name}/src/main.ts`],
          env,
          stdio: ["ignore", "inherit", "inherit"],
        })),
        { say },
      );
      supervisor.start();
      let stopping = false;
      const stop = async () => {
        if (stopping) return;
        stopping = true;
        say("Arrêt de la plateforme…");
        await supervisor.stop();
        forgetPlatform();
        await mail.stop();
        await nats.stop();
        await postgres.stop();
        process.exit(0);
      };
      process.once("SIGINT", () => void stop());
      process.once("SIGTERM", () => void stop());

      for (const service of services) {
        await waitFor(async () => (await fetch(`${serviceUrl(service)}/readyz`).catch(() => undefined))?.ok, {
          what: `${service.name} ready`,
          timeoutMs: 60_000,
        });
      }
      say("");
      say("Guichet est prêt :");
      say(`  Site (citoyens et agents) : ${serviceUrl(service("web"))}/`);
      if (env.GUICHET_DEMO === "true")
        say(
          `  Comptes de démonstration  : ${DEMO_ACCOUNTS.map((a) => a.id).join(", ")} — mot de passe « ${DEMO_PASSWORD} »`,
        );
      say(`  Déposer une demande (API) : POST ${serviceUrl(service("intake"))}/api/requests`);
      say(`  Courriels envoyés         : ${mail.httpUrl}`);
      say(
        `  Chronologie d’une demande (agents connectés) : ${serviceUrl(service("web"))}/api/requests/<référence>/timeline`,
      );
      say("");
      say(
        `Essai : curl -s -X POST ${serviceUrl(service("intake"))}/api/requests -H 'content-type: application/json' \\`,
      );
      say(
        `  -d '{"subjectId":"voirie.chaussee","body":"Nid de poule rue des Lilas","citizen":{"name":"Jeanne Martin","email":"jeanne@example.org"}}'`,
      );
      say("Ctrl-C pour tout arrêter.");
    });
}
