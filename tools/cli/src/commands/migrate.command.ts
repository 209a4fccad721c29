import { migrate } from "@guichet/db";
import type { Command } from "commander";
import { databaseUrlOption, platformDatabaseUrl } from "../platform.ts";
import { migrationsDir, services } from "../services.ts";

/** Applies every service's SQL migrations: the same mechanism in development, CI, Docker and air-gapped servers. */
export async function migrateAll(databaseUrl: string, log: (line: string) => void = () => {}): Promise<void> {
  for (const service of services) {
    const { applied } = await migrate({
      connectionString: databaseUrl,
      schema: service.schema,
      migrationsDir: migrationsDir(service),
    });
    log(`${service.name}: ${applied.length ? applied.join(", ") : "à jour"}`);
  }
}

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("applique les migrations de tous les services (DATABASE_URL)")
    .addOption(databaseUrlOption())
    .action(async (options: { databaseUrl?: string }) => {
      const databaseUrl = await platformDatabaseUrl(options.databaseUrl);
      await migrateAll(databaseUrl, (line) => process.stdout.write(`${line}\n`));
    });
}
