import path from "node:path";
import { createTestDatabase, freePort, uniqueNamespace } from "@guichet/testing/servers";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import pg from "pg";
import { migrateAll } from "../commands/migrate.command.ts";
import { repoRoot } from "../services.ts";
import { type Launched, launch, waitForHttpReady, waitForLogLine } from "./launch.ts";
import { deleteReferenceStream, setUpReference } from "./reference/reference.setup.ts";
import { type StageBreakdown, stageBreakdown } from "./stages.ts";
import { TransactionCounter } from "./transactions.ts";

/** What the load generator and the figures need from a running pipeline. */
export interface SystemUnderTest {
  label: string;
  /** One per intake instance. */
  intakeUrls: string[];
  /** The four services, in hop order (intake, routing, notification, reporting). */
  processes: Launched[];
  /** How many of these requests are fully acknowledged (the last hop has recorded the acknowledgement). */
  completed(requestIds: string[]): Promise<number>;
  /** Receipt → acknowledgement sent, in ms, of those that are. */
  delays(requestIds: string[]): Promise<number[]>;
  /** The product only: where these requests waited, from the timestamps its services store. */
  stages?(requestIds: string[]): Promise<StageBreakdown>;
  /** Its database's transactions so far, the bench's own excluded (waits for the statistics). */
  transactions(): Promise<number>;
  stop(): Promise<void>;
}

export interface Infrastructure {
  adminUrl: string;
  natsUrl: string;
  smtpUrl: string;
  logDir: string;
  cpuProfile: boolean;
  /** `--trace-gc` on every process (the soak reads the heap left after each major GC). */
  traceGc?: boolean;
  replicas: number;
  /** Instances of each service (a cluster run starts two). */
  instances: number;
  logLevel: string;
}

const HOPS = ["intake", "routing", "notification", "reporting"] as const;

/** The reference pipeline: its own database and stream, the same servers, four processes. */
export async function startReference(infra: Infrastructure, variant: "simple" | "batched"): Promise<SystemUnderTest> {
  const database = await createTestDatabase(infra.adminUrl);
  const prefix = `ref${uniqueNamespace()}`;
  await setUpReference({ databaseUrl: database.url, natsUrl: infra.natsUrl, prefix, replicas: infra.replicas });
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const counter = new TransactionCounter(pool);
  const intakePorts = await Promise.all(Array.from({ length: infra.instances }, () => freePort()));
  const processes: Launched[] = [];
  for (let instance = 0; instance < infra.instances; instance++)
    for (const role of HOPS) {
      processes.push(
        launch({
          name: `reference-${variant}-${role}${instance ? `-${instance + 1}` : ""}`,
          script: `${repoRoot}tools/cli/src/bench/reference/main.ts`,
          env: {
            PATH: process.env.PATH,
            REF_ROLE: role,
            REF_DATABASE_URL: database.url,
            REF_NATS_URL: infra.natsUrl,
            REF_PREFIX: prefix,
            REF_PORT: String(intakePorts[instance]),
            REF_SMTP_URL: infra.smtpUrl,
            REF_VARIANT: variant,
          },
          logDir: infra.logDir,
          cpuProfile: infra.cpuProfile,
          traceGc: infra.traceGc,
        }),
      );
    }
  await Promise.all(processes.map((p) => waitForLogLine(p, "ready")));
  return {
    label: `référence ${variant === "batched" ? "groupée" : "simple"}${infra.instances > 1 ? ` ×${infra.instances}` : ""}`,
    intakeUrls: intakePorts.map((port) => `http://127.0.0.1:${port}`),
    processes,
    async completed(ids) {
      const result = await counter.query<{ n: string }>(
        "SELECT count(*) AS n FROM ref_report WHERE request_id = ANY($1::uuid[])",
        [ids],
      );
      return Number(result.rows[0]?.n ?? 0);
    },
    async delays(ids) {
      const result = await counter.query<{ ms: number }>(
        "SELECT (extract(epoch FROM acknowledged_at - received_at) * 1000)::float8 AS ms FROM ref_report WHERE request_id = ANY($1::uuid[])",
        [ids],
      );
      return result.rows.map((r) => r.ms);
    },
    transactions: () => counter.settled(),
    async stop() {
      for (const p of processes) await p.stop();
      await pool.end();
      await deleteReferenceStream(infra.natsUrl, prefix);
      await database.drop();
    },
  };
}

/**
 * The product: its four services as `guichet start` runs them (node --import tsx main.ts), on its
 * own database (migrated like `guichet migrate`), its own NATS namespace and free ports.
 */
export async function startProduct(infra: Infrastructure): Promise<SystemUnderTest> {
  const database = await createTestDatabase(infra.adminUrl);
  await migrateAll(database.url);
  const namespace = uniqueNamespace();
  const ports = Object.fromEntries(await Promise.all(HOPS.map(async (hop) => [hop, await freePort()] as const)));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    DATABASE_URL: database.url,
    NATS_URL: infra.natsUrl,
    NATS_REPLICAS: String(infra.replicas),
    GUICHET_NAMESPACE: namespace,
    LOG_LEVEL: infra.logLevel,
    HOST: "127.0.0.1",
    ROUTING_URL: `http://127.0.0.1:${ports.routing}`,
    SMTP_URL: infra.smtpUrl,
    GUICHET_CATALOG_FILE: `${repoRoot}data/loire-authion/catalog.yaml`,
    // The bench is one client IP sending thousands of requests: the per-IP limit would refuse them.
    INTAKE_SUBMISSIONS_BURST: "1000000000",
    INTAKE_SUBMISSIONS_PER_HOUR: "1000000000",
  };
  const processes: Launched[] = [];
  const intakeUrls: string[] = [];
  for (let instance = 0; instance < infra.instances; instance++)
    for (const hop of HOPS) {
      // A second instance answers HTTP on its own port and shares its service's durable consumer.
      const port = instance === 0 ? ports[hop] : await freePort();
      if (hop === "intake") intakeUrls.push(`http://127.0.0.1:${port}`);
      processes.push(
        launch({
          name: `product-${hop}${instance ? `-${instance + 1}` : ""}`,
          script: `${repoRoot}services/${hop}/src/main.ts`,
          env: { ...env, [`${hop.toUpperCase()}_PORT`]: String(port) },
          logDir: infra.logDir,
          cpuProfile: infra.cpuProfile,
          traceGc: infra.traceGc,
        }),
      );
      await waitForHttpReady(`http://127.0.0.1:${port}/readyz`, `${hop} ready`);
    }
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  const counter = new TransactionCounter(pool);
  return {
    label: infra.instances > 1 ? `produit ×${infra.instances}` : "produit",
    intakeUrls,
    processes,
    async completed(ids) {
      const result = await counter.query<{ n: string }>(
        "SELECT count(*) AS n FROM reporting.request_fact WHERE request_id = ANY($1::uuid[]) AND acknowledged_at IS NOT NULL",
        [ids],
      );
      return Number(result.rows[0]?.n ?? 0);
    },
    async delays(ids) {
      const result = await counter.query<{ ms: number }>(
        `SELECT (extract(epoch FROM acknowledged_at - received_at) * 1000)::float8 AS ms
         FROM reporting.request_fact WHERE request_id = ANY($1::uuid[]) AND acknowledged_at IS NOT NULL`,
        [ids],
      );
      return result.rows.map((r) => r.ms);
    },
    stages: (ids) => stageBreakdown(pool, ids),
    transactions: () => counter.settled(),
    async stop() {
      for (const p of processes) await p.stop();
      await pool.end();
      await deleteNamespaceStreams(infra.natsUrl, namespace);
      await database.drop();
    },
  };
}

async function deleteNamespaceStreams(natsUrl: string, namespace: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(",") });
  try {
    const jsm = await jetstreamManager(nc);
    for await (const stream of jsm.streams.list())
      if (stream.config.name.toLowerCase().startsWith(namespace)) await jsm.streams.delete(stream.config.name);
  } finally {
    await nc.close();
  }
}

/** The mail catcher both pipelines send to, in its own process so its parsing is not the bench's CPU. */
export async function startMailCatcherProcess(
  logDir: string,
): Promise<{ smtpUrl: string; httpUrl: string; process: Launched }> {
  const [smtpPort, httpPort] = [await freePort(), await freePort()];
  const catcher = launch({
    name: "mailcatcher",
    script: path.join(repoRoot, "tools/mailcatcher/src/main.ts"),
    env: { PATH: process.env.PATH, MAILCATCHER_SMTP_PORT: String(smtpPort), MAILCATCHER_HTTP_PORT: String(httpPort) },
    logDir,
  });
  await waitForHttpReady(`http://127.0.0.1:${httpPort}/healthz`, "mail catcher ready");
  return { smtpUrl: `smtp://127.0.0.1:${smtpPort}`, httpUrl: `http://127.0.0.1:${httpPort}`, process: catcher };
}
