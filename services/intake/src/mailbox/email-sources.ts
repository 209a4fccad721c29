import { fileURLToPath } from "node:url";
import { createPool, migrate, Outbox, prismaAdapter } from "@guichet/db";
import type { ServiceInfrastructure } from "@guichet/runtime";
import type pg from "pg";
import { PrismaClient } from "../../generated/prisma/client.ts";
import type { IntakeConfig } from "../config.ts";
import { ReferenceAllocator } from "../requests/reference-allocator.ts";
import { RequestRepository } from "../requests/request.repository.ts";
import { SubmitRequestUseCase } from "../requests/submit-request/submit-request.usecase.ts";
import { EmailChannel, type MailLogger } from "./email-channel.ts";
import { ImapCursorRepository } from "./imap-cursor.repository.ts";
import { ImapPoller } from "./imap-poller.ts";
import { type RunningSmtpReceiver, startSmtpReceiver } from "./smtp-receiver.ts";

interface ChannelParts {
  pool: pg.Pool;
  schema: string;
  outbox: Outbox;
  prisma: PrismaClient;
  logger?: MailLogger;
}

function emailChannel(config: IntakeConfig, parts: ChannelParts): EmailChannel {
  // The same use case as the web channel: one way for a request to come into being.
  const submitRequest = new SubmitRequestUseCase(
    new RequestRepository(parts.prisma),
    new ReferenceAllocator(parts.pool, parts.schema, config.referencePrefix),
    parts.outbox,
  );
  return new EmailChannel({
    pool: parts.pool,
    schema: parts.schema,
    outbox: parts.outbox,
    submitRequest,
    referencePrefix: config.referencePrefix,
    email: config.email,
    ...(parts.logger ? { logger: parts.logger } : {}),
  });
}

export interface EmailSources {
  channel: EmailChannel;
  /** The SMTP receiver's port, null when disabled. */
  smtpPort: number | null;
  imap: ImapPoller | null;
  close(): Promise<void>;
}

/** Starts the configured sources of mail inside the running intake service. */
export async function startEmailSources(
  config: IntakeConfig,
  infrastructure: ServiceInfrastructure,
  prisma: PrismaClient,
): Promise<EmailSources> {
  const { pool, schema, outbox, logger } = infrastructure;
  const channel = emailChannel(config, { pool, schema, outbox, prisma, logger });
  let smtp: RunningSmtpReceiver | null = null;
  let imap: ImapPoller | null = null;
  const close = async () => {
    await imap?.close();
    await smtp?.close();
  };
  try {
    if (config.email.smtp) smtp = await startSmtpReceiver(config.email.smtp, channel, logger);
    if (config.email.imap) {
      imap = new ImapPoller(config.email.imap, channel, new ImapCursorRepository(pool, schema), logger);
      await imap.start();
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { channel, smtpPort: smtp?.port ?? null, imap, close };
}

export interface StandaloneEmailChannel {
  channel: EmailChannel;
  close(): Promise<void>;
}

/**
 * The e-mail path without the HTTP service, for `guichet intake eml` and the benchmark: the same
 * migrations, database and outbox; the running intake service's relay publishes the events.
 */
export async function openEmailChannel(config: IntakeConfig, schema = "intake"): Promise<StandaloneEmailChannel> {
  const databaseUrl = config.infrastructure.databaseUrl;
  await migrate({
    connectionString: databaseUrl,
    schema,
    migrationsDir: fileURLToPath(new URL("../../migrations", import.meta.url)),
  });
  const pool = createPool(databaseUrl, { applicationName: "guichet-intake-eml" });
  const prisma = new PrismaClient({ adapter: prismaAdapter(databaseUrl, schema) });
  const channel = emailChannel(config, { pool, schema, outbox: new Outbox(schema), prisma });
  return {
    channel,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
