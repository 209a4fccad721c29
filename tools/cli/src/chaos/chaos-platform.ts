import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { type CaughtMessage, type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import {
  type EmbeddedPostgresServer,
  freePort,
  type NatsCluster,
  type NatsServerProcess,
  probeNats,
  startEmbeddedPostgres,
  startNatsServer,
  waitFor,
} from "@guichet/testing/servers";
import pg from "pg";
import { migrateAll } from "../commands/migrate.command.ts";
import { repoRoot, type ServiceEntry, services } from "../services.ts";
import { Supervisor } from "../supervisor.ts";

/** Where the NATS side of a chaos platform lives: one server it owns, or a cluster someone else owns. */
export interface NatsTarget {
  url: string;
  /** Present when the platform owns a single server (it can restart it). */
  server?: NatsServerProcess;
}

/** One e-mail as the SMTP server received it. */
export interface Delivery {
  messageId: string | null;
  at: number;
}

/**
 * Every e-mail the platform sent, across mail-catcher restarts (an SMTP outage stops the catcher):
 * the arrival instants of each Message-ID, and the deliveries to each envelope recipient.
 */
export class MailLedger {
  private readonly arrivalsById = new Map<string, number[]>();
  private readonly byRecipient = new Map<string, Delivery[]>();
  private readonly seen = new Set<string>();

  collect(messages: readonly CaughtMessage[]): void {
    for (const message of messages) {
      if (this.seen.has(message.id)) continue;
      this.seen.add(message.id);
      const at = Date.parse(message.receivedAt);
      if (message.messageId) {
        const arrivals = this.arrivalsById.get(message.messageId) ?? [];
        arrivals.push(at);
        this.arrivalsById.set(message.messageId, arrivals);
      }
      for (const to of new Set(message.envelope.to.map((address) => address.toLowerCase()))) {
        const deliveries = this.byRecipient.get(to) ?? [];
        deliveries.push({ messageId: message.messageId, at });
        this.byRecipient.set(to, deliveries);
      }
    }
  }

  /** How many times the message with this Message-ID arrived (0: never). */
  count(messageId: string): number {
    return this.arrivalsById.get(messageId)?.length ?? 0;
  }

  firstAt(messageId: string): number | undefined {
    const arrivals = this.arrivalsById.get(messageId);
    return arrivals?.length ? Math.min(...arrivals) : undefined;
  }

  /** Every message whose envelope named this recipient, in arrival order of collection. */
  deliveriesTo(address: string): readonly Delivery[] {
    return this.byRecipient.get(address.toLowerCase()) ?? [];
  }
}

export interface ChaosPlatformOptions {
  /** A NATS cluster the caller owns (services connect to its first node, R3 streams); without it the platform starts its own server. */
  cluster?: NatsCluster;
  /**
   * Put the NATS JetStream store on a small tmpfs of its own, so the disk-full row can fill it (only
   * where the process may mount one: root, and a kernel or container that allows it).
   */
  smallNatsStore?: boolean;
  log: (line: string) => void;
}

export const MESSAGE_ID_DOMAIN = "chaos.guichet.example";

/** The size of the tmpfs under the NATS store: far above what the load writes, small enough to fill at once. */
const NATS_STORE_TMPFS_SIZE = "256m";

/** Where the NATS store lives: on a tmpfs the suite mounted, or not (and why, in French, for the table). */
export type NatsStore = { tmpfs: string } | { tmpfs?: undefined; whyNot: string };

/** Mounts a small tmpfs on `dir` when this process may; otherwise says why not. */
function mountSmallTmpfs(dir: string): NatsStore {
  if (process.getuid?.() !== 0) return { whyNot: "il faut être root pour monter un tmpfs" };
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${NATS_STORE_TMPFS_SIZE},mode=0755`, "tmpfs", dir], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    return { tmpfs: dir };
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { whyNot: `montage d’un tmpfs refusé : ${stderr || (error as Error).message}` };
  }
}

/**
 * A whole Guichet platform that belongs to the chaos suite alone: its own PostgreSQL cluster (a
 * temporary data directory, a free port), its own nats-server (or the caller's cluster) and
 * namespace, its own mail catcher, and the five services as separate processes under the same
 * Supervisor as `guichet start`, every port picked free. Nothing of the machine's PostgreSQL or NATS
 * data, nor the default ports, is touched.
 */
export class ChaosPlatform {
  readonly root: string;
  readonly mail = new MailLedger();
  readonly urls = new Map<ServiceEntry["name"], string>();
  readonly namespace = `chaos_${randomBytes(4).toString("hex")}`;
  readonly logPath = path.join(tmpdir(), `guichet-${this.namespace}.log`);
  supervisor!: Supervisor;
  postgres!: EmbeddedPostgresServer;
  nats!: NatsTarget;
  databaseUrl = "";
  private catcher: MailCatcher | undefined;
  private smtpPort = 0;
  private pgPort = 0;
  private pgDataDir = "";
  private readonly options: ChaosPlatformOptions;
  private collector: NodeJS.Timeout | undefined;
  private stopped = false;
  natsStore: NatsStore = { whyNot: "magasin NATS sur le disque de la machine" };

  constructor(options: ChaosPlatformOptions) {
    this.options = options;
    this.root = mkdtempSync(path.join(tmpdir(), "guichet-chaos-"));
    // PostgreSQL runs as the postgres user when we are root: it must reach its data directory.
    if (userInfo().uid === 0) chmodSync(this.root, 0o755);
  }

  async start(): Promise<void> {
    const { log } = this.options;
    this.pgPort = await freePort();
    this.pgDataDir = path.join(this.root, "postgres", "data");
    mkdirSync(path.dirname(this.pgDataDir), { recursive: true });
    if (userInfo().uid === 0) chmodSync(path.dirname(this.pgDataDir), 0o755);
    await this.startPostgres();
    this.databaseUrl = await this.createDatabase();
    log(`PostgreSQL propre à l’essai sur le port ${this.pgPort}`);
    const seed = this.options.cluster?.nodes[0];
    if (seed) this.nats = { url: seed.url };
    else {
      const storeDir = path.join(this.root, "nats");
      if (this.options.smallNatsStore) this.natsStore = mountSmallTmpfs(storeDir);
      const server = await startNatsServer({ storeDir });
      this.nats = { url: server.url, server };
    }
    log(`NATS : ${this.nats.url}`);
    await migrateAll(this.databaseUrl);
    this.smtpPort = await freePort();
    await this.startMail();
    this.collector = setInterval(() => this.collectMail(), 200);

    const ports = new Map<ServiceEntry["name"], number>();
    for (const service of services) ports.set(service.name, await freePort());
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "development",
      DATABASE_URL: this.databaseUrl,
      NATS_URL: this.nats.url,
      NATS_REPLICAS: this.options.cluster ? "3" : "1",
      GUICHET_NAMESPACE: this.namespace,
      LOG_LEVEL: "warn",
      HOST: "127.0.0.1",
      SMTP_URL: `smtp://127.0.0.1:${this.smtpPort}`,
      MAIL_MESSAGE_ID_DOMAIN: MESSAGE_ID_DOMAIN,
      GUICHET_CATALOG_FILE: `${repoRoot}data/loire-authion/catalog.yaml`,
      // The load comes from one address: the per-IP limits of public forms (gateway and intake)
      // would refuse it, where a town's citizens come from thousands of addresses.
      RATE_LIMIT_PUBLIC_FORMS_PER_MINUTE: "1000000",
      INTAKE_SUBMISSIONS_BURST: "1000000",
      INTAKE_SUBMISSIONS_PER_HOUR: "100000000",
      GUICHET_DEMO: "false",
    };
    for (const service of services) {
      const port = ports.get(service.name) ?? 0;
      env[service.portVariable] = String(port);
      env[`${service.name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}`;
      this.urls.set(service.name, `http://127.0.0.1:${port}`);
    }
    env.GUICHET_PUBLIC_URL = this.url("web");
    // Outside the platform's directory, so it survives the clean-up for whoever reads a failed run.
    const logFile = openSync(this.logPath, "a");
    this.supervisor = new Supervisor(
      services.map((service) => ({
        name: service.name,
        command: process.execPath,
        args: ["--import", "tsx", `${repoRoot}services/${service.name}/src/main.ts`],
        env,
        stdio: ["ignore", logFile, logFile],
      })),
      { say: (line) => log(`  superviseur : ${line}`), backoff: { initialMs: 500, maxMs: 5_000 } },
    );
    this.supervisor.start();
    // Generous: five services boot at once, on a busy CI machine too.
    await this.waitReady(300_000);
    log(`Plateforme prête (journaux des services : ${this.logPath})`);
  }

  get cluster(): NatsCluster | undefined {
    return this.options.cluster;
  }

  /** The JetStream stream of the platform's namespace (libs/messaging names it after the namespace). */
  get stream(): string {
    return this.namespace.toUpperCase().replace(/[^A-Z0-9]/g, "_");
  }

  url(name: ServiceEntry["name"]): string {
    const url = this.urls.get(name);
    if (!url) throw new Error(`no URL for ${name}`);
    return url;
  }

  /** Every service answers /readyz (database reachable) and reports NATS connected. */
  async ready(): Promise<boolean> {
    const answers = await Promise.all(
      services.map(async (service) => {
        const response = await fetch(`${this.url(service.name)}/readyz`, { signal: AbortSignal.timeout(2_000) }).catch(
          () => undefined,
        );
        if (!response?.ok) return false;
        const body = (await response.json().catch(() => ({}))) as { nats?: string };
        return body.nats === undefined || body.nats === "ok";
      }),
    );
    return answers.every(Boolean);
  }

  waitReady(timeoutMs: number): Promise<boolean> {
    return waitFor(async () => ((await this.ready()) ? true : undefined), {
      what: "every service ready",
      timeoutMs,
      intervalMs: 250,
    });
  }

  async stopPostgres(): Promise<void> {
    await this.postgres.stop();
  }

  async startPostgres(): Promise<void> {
    this.postgres = await startEmbeddedPostgres({ dataDir: this.pgDataDir, port: this.pgPort, durable: false });
  }

  /** Cuts every connection of the platform's database (pg_terminate_backend), as a failover or a DBA would. */
  async terminateConnections(): Promise<number> {
    const client = new pg.Client({ connectionString: this.postgres.url });
    await client.connect();
    try {
      const result = await client.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'guichet' AND pid <> pg_backend_pid()",
      );
      return result.rowCount ?? 0;
    } finally {
      await client.end();
    }
  }

  async stopMail(): Promise<void> {
    this.collectMail();
    await this.catcher?.stop();
    this.catcher = undefined;
  }

  async startMail(): Promise<void> {
    this.catcher = await startMailCatcher({ smtpPort: this.smtpPort, httpPort: 0, maxMessages: 1_000_000 });
  }

  collectMail(): void {
    if (this.catcher) this.mail.collect(this.catcher.messages());
  }

  private get fillerPath(): string | undefined {
    return this.natsStore.tmpfs && path.join(this.natsStore.tmpfs, "filler");
  }

  /** Fills the NATS store's tmpfs with a filler file until the filesystem refuses (ENOSPC); returns the bytes written. */
  fillNatsStore(): number {
    const filler = this.fillerPath;
    if (!filler) throw new Error("the NATS store is not on a tmpfs of the suite");
    const chunk = Buffer.alloc(1 << 20);
    const fd = openSync(filler, "w");
    let written = 0;
    try {
      for (;;) written += writeSync(fd, chunk);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOSPC") throw error;
    } finally {
      closeSync(fd);
    }
    return written;
  }

  freeNatsStore(): void {
    const filler = this.fillerPath;
    if (filler) rmSync(filler, { force: true });
  }

  /** JetStream of the platform's own server answers an API request within `timeoutMs`. */
  async jetStreamAnswers(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        await probeNats(this.nats.url, 2_000);
        return true;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    return false;
  }

  /** Rows of intake's request table among these ids. */
  async storedIds(ids: readonly string[]): Promise<Set<string>> {
    const rows = await this.query<{ id: string }>("SELECT id FROM intake.request WHERE id = ANY($1::uuid[])", [ids]);
    return new Set(rows.map((row) => row.id));
  }

  /**
   * Notification's queue rows beyond the first, per request, for a registration receipt or an
   * acknowledgement: each extra row is a second, different message of one kind for one request.
   */
  async extraMessageRows(ids: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.query<{ request_id: string; extra: number }>(
      `SELECT request_id, (count(*) - 1)::int AS extra FROM notification.message
        WHERE request_id = ANY($1::uuid[]) AND kind IN ('registration', 'acknowledgement')
        GROUP BY request_id, kind HAVING count(*) > 1`,
      [ids],
    );
    const extra = new Map<string, number>();
    for (const row of rows) extra.set(row.request_id, (extra.get(row.request_id) ?? 0) + row.extra);
    return extra;
  }

  private async query<Row extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<Row[]> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    await client.connect();
    try {
      return (await client.query<Row>(sql, values)).rows;
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.collector);
    await this.supervisor?.stop();
    await this.catcher?.stop();
    await this.nats?.server?.stop();
    if (this.natsStore.tmpfs) {
      try {
        execFileSync("umount", [this.natsStore.tmpfs]);
      } catch (error) {
        this.options.log(`Démontage du tmpfs ${this.natsStore.tmpfs} impossible : ${(error as Error).message}`);
      }
    }
    await this.postgres?.stop().catch(() => {});
    rmSync(this.root, { recursive: true, force: true });
  }

  private async createDatabase(): Promise<string> {
    const client = new pg.Client({ connectionString: this.postgres.url });
    await client.connect();
    try {
      await client.query('CREATE DATABASE "guichet"');
    } finally {
      await client.end();
    }
    const url = new URL(this.postgres.url);
    url.pathname = "/guichet";
    return url.toString();
  }
}
