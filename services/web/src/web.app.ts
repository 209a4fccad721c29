import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { createPool, Inbox, migrate } from "@guichet/db";
import { type ConsumerHandle, Messaging } from "@guichet/messaging";
import { createLogger } from "@guichet/telemetry";
import type pg from "pg";
import { AuditRepository } from "./audit/audit.repository.ts";
import { AUDIT_CONSUMER, RecordAuditEventUseCase } from "./audit/record-audit-event.usecase.ts";
import { OidcSignIn } from "./auth/oidc.sign-in.ts";
import { SessionStore } from "./auth/session.store.ts";
import { SignInUseCase } from "./auth/sign-in.usecase.ts";
import type { WebConfig } from "./config.ts";
import { Gateway } from "./http/gateway.ts";
import { RateLimiter } from "./http/rate-limit.ts";
import { createWebRoutes } from "./http/web.routes.ts";
import { ManageUsersUseCase } from "./users/manage-users.usecase.ts";
import { seedDemoUsers } from "./users/seed-demo-users.ts";
import { UserRepository } from "./users/user.repository.ts";

export const WEB_SCHEMA = "web";
export const WEB_MIGRATIONS_DIR = fileURLToPath(new URL("../migrations", import.meta.url));

export interface RunningWeb {
  url: string;
  pool: pg.Pool;
  users: UserRepository;
  manageUsers: ManageUsersUseCase;
  audit: AuditRepository;
  close(): Promise<void>;
}

/** The accounts part of the gateway, for the CLI (`guichet users`) and `guichet start`'s demo seed. */
export async function openAccounts(databaseUrl: string) {
  await migrate({ connectionString: databaseUrl, schema: WEB_SCHEMA, migrationsDir: WEB_MIGRATIONS_DIR });
  const pool = createPool(databaseUrl, { applicationName: "guichet-web-accounts", max: 2 });
  const users = new UserRepository(pool, WEB_SCHEMA);
  const sessions = new SessionStore(pool, WEB_SCHEMA, { idleMinutes: 30, absoluteHours: 10 });
  const manageUsers = new ManageUsersUseCase(users, sessions, new AuditRepository(pool, WEB_SCHEMA));
  return {
    users,
    manageUsers,
    seedDemoUsers: (options: { demo: boolean }) => seedDemoUsers(users, manageUsers, options),
    close: () => pool.end(),
  };
}

/**
 * Boots the web gateway: migrations of the web schema, the audit.recorded consumer, the HTTP
 * server in front of the four services. Plain node:http (no Nest): it mostly streams bytes.
 */
export async function startWeb(config: WebConfig): Promise<RunningWeb> {
  const options = config.infrastructure;
  const logger = createLogger({ service: "web", level: options.logLevel });
  await migrate({
    connectionString: options.databaseUrl,
    schema: WEB_SCHEMA,
    migrationsDir: WEB_MIGRATIONS_DIR,
    logger,
  });
  const pool = createPool(options.databaseUrl, { applicationName: "guichet-web", logger });
  const messaging = await Messaging.connect({
    servers: options.natsUrl,
    namespace: options.namespace,
    name: "web",
    replicas: options.natsReplicas,
    logger,
  });
  const users = new UserRepository(pool, WEB_SCHEMA);
  const sessions = new SessionStore(pool, WEB_SCHEMA, config.session);
  const audit = new AuditRepository(pool, WEB_SCHEMA);
  const manageUsers = new ManageUsersUseCase(users, sessions, audit);
  if (config.demo) {
    const created = await seedDemoUsers(users, manageUsers, { demo: true });
    if (created.length) logger.info({ accounts: created }, "demo accounts created");
  }
  const recordAudit = new RecordAuditEventUseCase(pool, new Inbox(WEB_SCHEMA), audit);
  let consumer: ConsumerHandle | undefined;
  let stopping = false;
  const startConsumer = async () => {
    await messaging.ensureStream();
    consumer = await messaging.consume({
      durable: AUDIT_CONSUMER,
      events: ["auditRecorded"],
      handler: (envelope) => recordAudit.execute(envelope),
      concurrency: 4,
    });
  };
  // JetStream may be slow to create the stream (a new 3-node cluster under load answers after the
  // request's timeout): the gateway serves anyway, and the audit consumer starts as soon as it can
  // (audit events wait in the stream meanwhile). Crashing here would take the town's entry point down.
  const retryConsumer = async () => {
    for (let attempt = 1; !stopping; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 500 * attempt)));
      if (stopping) return;
      try {
        await startConsumer();
        logger.info({ attempt }, "audit consumer started");
        return;
      } catch (error) {
        logger.warn({ err: (error as Error).message, attempt }, "audit consumer not started yet; retried");
      }
    }
  };
  let consumerRetry: Promise<void> | undefined;
  await startConsumer().catch((error: unknown) => {
    logger.warn({ err: (error as Error).message }, "audit consumer not started yet; retried in the background");
    consumerRetry = retryConsumer();
  });

  const oidc = config.oidc ? new OidcSignIn(config.oidc, config.publicUrl, pool, WEB_SCHEMA) : null;
  let gateway: Gateway | undefined;
  const routes = createWebRoutes({
    config,
    pool,
    messaging,
    users,
    sessions,
    audit,
    signIn: new SignInUseCase(users, audit, config.lockout),
    manageUsers,
    oidc,
    gateway: () => gateway as Gateway,
  });
  gateway = new Gateway({ config, users, sessions, rateLimiter: new RateLimiter(), logger, routes });
  const server = createServer({ requestTimeout: 300_000, headersTimeout: 30_000 }, gateway.handle);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, options.host, () => resolve());
  });
  const housekeeping = async () => {
    await sessions.purgeExpired();
    await audit.purgeOlderThan(config.auditRetentionDays);
  };
  const purge = setInterval(
    () => void housekeeping().catch((error: unknown) => logger.warn({ err: (error as Error).message }, "purge failed")),
    10 * 60_000,
  );
  purge.unref();
  const address = server.address() as AddressInfo;
  const url = `http://${options.host}:${address.port}`;
  logger.info({ url }, "web started");

  let closing: Promise<void> | undefined;
  return {
    url,
    pool,
    users,
    manageUsers,
    audit,
    close() {
      closing ??= (async () => {
        clearInterval(purge);
        stopping = true;
        await consumerRetry;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await consumer?.stop();
        await messaging.close();
        await pool.end();
        logger.info({}, "web stopped");
      })();
      return closing;
    },
  };
}
