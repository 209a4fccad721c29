import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { DEFAULT_NATS_URL, findPostgres, probeNats, probePostgres } from "@guichet/testing/servers";
import { Option } from "commander";
import pg from "pg";
import { z } from "zod";
import { repoRoot } from "./services.ts";

/**
 * Where the local platform is. `guichet start` finds or starts PostgreSQL and NATS, then records
 * here what it uses, so every other command (`intake eml`, `report sla`, `dlq`…) talks to the
 * same database and server without the operator exporting anything. The file holds only local
 * URLs (the embedded PostgreSQL's fixed local password at most) and is removed on a clean stop.
 */
export const stateDir = `${repoRoot}.guichet`;
const recordFile = `${stateDir}/platform.json`;

/** The database `guichet start` creates on the server it finds or starts. */
export const PLATFORM_DATABASE = "guichet";

const recordSchema = z.object({ databaseUrl: z.string().min(1), natsUrl: z.string().min(1) });
type PlatformRecord = z.output<typeof recordSchema>;

export function recordPlatform(record: PlatformRecord, file = recordFile): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

export function forgetPlatform(file = recordFile): void {
  rmSync(file, { force: true });
}

function readRecord(file: string): PlatformRecord | undefined {
  try {
    return recordSchema.parse(JSON.parse(readFileSync(file, "utf8")));
  } catch {
    return undefined;
  }
}

async function answers(probe: Promise<void>): Promise<boolean> {
  return probe.then(
    () => true,
    () => false,
  );
}

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return (await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])).rowCount === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The platform's database, found the way `guichet start` finds it: the explicit URL (option or
 * DATABASE_URL), else what a running `guichet start` recorded, else the `guichet` database on the
 * local server (GUICHET_POSTGRES_ADMIN_URL, else 127.0.0.1:5432).
 */
export async function platformDatabaseUrl(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  file = recordFile,
): Promise<string> {
  if (explicit === "")
    throw new Error(
      "--database-url is empty: give a URL, or leave it out to use DATABASE_URL or the platform's database",
    );
  const given = explicit ?? env.DATABASE_URL;
  if (given) return given;
  const recorded = readRecord(file)?.databaseUrl;
  if (recorded && (await answers(probePostgres(recorded)))) return recorded;
  const server = await findPostgres({ url: env.GUICHET_POSTGRES_ADMIN_URL }).catch(() => undefined);
  if (server && (await databaseExists(server, PLATFORM_DATABASE))) return withDatabase(server, PLATFORM_DATABASE);
  throw new Error(
    "aucune base Guichet trouvée : démarrez la plateforme (`npm start`, qui crée la base « guichet »), " +
      "ou indiquez-la avec DATABASE_URL ou --database-url",
  );
}

/** The platform's NATS: the explicit URL (option or NATS_URL), else what `guichet start` recorded, else 127.0.0.1:4222. */
export async function platformNatsUrl(
  explicit: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
  file = recordFile,
): Promise<string> {
  const given = explicit ?? env.NATS_URL;
  if (given) return given;
  const recorded = readRecord(file)?.natsUrl;
  if (recorded && (await answers(probeNats(recorded)))) return recorded;
  return DEFAULT_NATS_URL;
}

export function databaseUrlOption(description = "PostgreSQL"): Option {
  return new Option(
    "--database-url <url>",
    `${description} (défaut : DATABASE_URL, sinon la base de la plateforme lancée par guichet start)`,
  );
}

export function natsUrlOption(): Option {
  return new Option(
    "--nats-url <url>",
    "NATS, plusieurs serveurs séparés par des virgules (défaut : NATS_URL, sinon celui de guichet start)",
  );
}
