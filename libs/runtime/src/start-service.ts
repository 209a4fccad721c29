import type { DeliveryPolicy } from "@guichet/contracts";
import { createPool, Inbox, migrate, Outbox, OutboxRelay } from "@guichet/db";
import { JetStreamTransport, Messaging } from "@guichet/messaging";
import { createLogger, type Logger } from "@guichet/telemetry";
import { type DynamicModule, Module, type Type } from "@nestjs/common";
import { NestFactory } from "@nestjs/core";
import type { NestExpressApplication } from "@nestjs/platform-express";
import type pg from "pg";
import type { InfrastructureOptions } from "./config.ts";
import { HealthController } from "./health.controller.ts";
import { HttpErrorFilter } from "./http-error.filter.ts";
import { HttpTracingInterceptor } from "./http-tracing.interceptor.ts";
import { INFRASTRUCTURE } from "./tokens.ts";

/** What every service gets, injected under the INFRASTRUCTURE token. */
export interface ServiceInfrastructure {
  name: string;
  schema: string;
  options: InfrastructureOptions;
  logger: Logger;
  pool: pg.Pool;
  messaging: Messaging;
  outbox: Outbox;
  inbox: Inbox;
}

export interface ServiceSpec {
  /** Service name: logs, connection name, durable consumer name. */
  name: string;
  /** The service's own PostgreSQL schema. */
  schema: string;
  migrationsDir: string;
  infrastructure: InfrastructureOptions;
  port: number;
  /** The service's feature module, built once the infrastructure is up. */
  module(infrastructure: ServiceInfrastructure): Type | DynamicModule;
  /** Consumes events through @EventPattern handlers when set. */
  consumer?: { durable?: string; concurrency?: number; policy?: Partial<DeliveryPolicy> };
  /** Body size limit of the HTTP API (default 1 MB). */
  bodyLimit?: string;
  /** Runs after migrations, before HTTP and consumers start (load reference data). */
  prepare?(infrastructure: ServiceInfrastructure): Promise<void>;
  /** Called before the infrastructure closes (stop timers, flush). */
  beforeClose?(): Promise<void>;
}

export interface RunningService {
  app: NestExpressApplication;
  url: string;
  infrastructure: ServiceInfrastructure;
  relay: OutboxRelay;
  close(): Promise<void>;
}

/**
 * Boots one service: migrations, database pool, JetStream, the outbox relay, the HTTP API and the
 * event consumer. Services call it from main.ts; end-to-end tests call it to run all four in one
 * process against real servers.
 */
export async function startService(spec: ServiceSpec): Promise<RunningService> {
  const options = spec.infrastructure;
  const logger = createLogger({ service: spec.name, level: options.logLevel });
  await migrate({
    connectionString: options.databaseUrl,
    schema: spec.schema,
    migrationsDir: spec.migrationsDir,
    logger,
  });
  const pool = createPool(options.databaseUrl, { applicationName: `guichet-${spec.name}` });
  const messaging = await Messaging.connect({
    servers: options.natsUrl,
    namespace: options.namespace,
    name: spec.name,
    replicas: options.natsReplicas,
    logger,
  });
  await messaging.ensureStream().catch((error: unknown) => {
    // Intake must keep accepting while NATS is down: the relay provisions the stream on its first success.
    logger.warn({ err: (error as Error).message }, "stream not provisioned yet");
  });
  const infrastructure: ServiceInfrastructure = {
    name: spec.name,
    schema: spec.schema,
    options,
    logger,
    pool,
    messaging,
    outbox: new Outbox(spec.schema),
    inbox: new Inbox(spec.schema),
  };
  const relay = new OutboxRelay({ pool, schema: spec.schema, publisher: messaging, logger });
  await spec.prepare?.(infrastructure);

  @Module({
    imports: [spec.module(infrastructure)],
    controllers: [HealthController],
    providers: [{ provide: INFRASTRUCTURE, useValue: infrastructure }],
  })
  class RootModule {}

  const app = await NestFactory.create<NestExpressApplication>(RootModule, {
    logger: false,
    bodyParser: false,
    abortOnError: false,
  });
  app.useBodyParser("json", { limit: spec.bodyLimit ?? "1mb" });
  app.useBodyParser("urlencoded", { limit: spec.bodyLimit ?? "1mb", extended: false });
  app.useGlobalFilters(new HttpErrorFilter(logger));
  app.useGlobalInterceptors(new HttpTracingInterceptor(spec.name));
  if (spec.consumer) {
    app.connectMicroservice(
      {
        strategy: new JetStreamTransport(messaging, {
          durable: spec.consumer.durable ?? spec.name,
          concurrency: spec.consumer.concurrency ?? options.consumerConcurrency,
          policy: spec.consumer.policy,
        }),
      },
      { inheritAppConfig: true },
    );
    await app.startAllMicroservices();
  }
  await app.listen(spec.port, options.host);
  relay.start();
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${options.host}:${address.port}`;
  logger.info({ url }, `${spec.name} started`);

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await spec.beforeClose?.();
      await app.close();
      await relay.stop();
      await messaging.close();
      await pool.end();
      logger.info({}, `${spec.name} stopped`);
    })();
    return closing;
  };
  return { app, url, infrastructure, relay, close };
}
