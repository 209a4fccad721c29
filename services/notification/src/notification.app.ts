import { fileURLToPath } from "node:url";
import { prismaAdapter } from "@guichet/db";
import { type RunningService, startService } from "@guichet/runtime";
import { type DynamicModule, Module } from "@nestjs/common";
import { PrismaClient } from "../generated/prisma/client.ts";
import { AcknowledgementEventsController } from "./acknowledgements/acknowledgement-events.controller.ts";
import { createComposer } from "./acknowledgements/composer.factory.ts";
import { HandleRequestReceivedUseCase } from "./acknowledgements/handle-request-received.usecase.ts";
import { HandleRequestRoutedUseCase } from "./acknowledgements/handle-request-routed.usecase.ts";
import type { MessageComposer } from "./acknowledgements/message-composer.ts";
import type { NotificationConfig } from "./config.ts";
import { createSmtpSender, type MailSender } from "./delivery/mail-sender.ts";
import { MessageDispatcher } from "./delivery/message-dispatcher.ts";

export const NOTIFICATION_SCHEMA = "notification";

@Module({})
class NotificationModule {}

/** Boots notification: used by main.ts and by end-to-end tests. */
export async function startNotification(
  config: NotificationConfig,
  overrides: { sender?: MailSender; composer?: MessageComposer } = {},
): Promise<RunningService & { dispatcher: MessageDispatcher }> {
  let prisma: PrismaClient | undefined;
  let dispatcher: MessageDispatcher | undefined;
  const sender = overrides.sender ?? createSmtpSender(config.smtpUrl, config.mailFrom, config.sendConcurrency);
  const service = await startService({
    name: "notification",
    schema: NOTIFICATION_SCHEMA,
    migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)),
    infrastructure: config.infrastructure,
    port: config.port,
    consumer: {},
    module: (infrastructure): DynamicModule => {
      prisma = new PrismaClient({ adapter: prismaAdapter(config.infrastructure.databaseUrl, NOTIFICATION_SCHEMA) });
      const composer = overrides.composer ?? createComposer(config.town);
      dispatcher = new MessageDispatcher({
        pool: infrastructure.pool,
        schema: NOTIFICATION_SCHEMA,
        outbox: infrastructure.outbox,
        sender,
        messageIdDomain: config.messageIdDomain,
        logger: infrastructure.logger,
        batchSize: config.sendConcurrency * 4,
      });
      return {
        module: NotificationModule,
        controllers: [AcknowledgementEventsController],
        providers: [
          { provide: MessageDispatcher, useValue: dispatcher },
          {
            provide: HandleRequestReceivedUseCase,
            useValue: new HandleRequestReceivedUseCase(prisma, infrastructure.inbox, composer, config.messageIdDomain),
          },
          {
            provide: HandleRequestRoutedUseCase,
            useValue: new HandleRequestRoutedUseCase(prisma, infrastructure.inbox, composer, config.messageIdDomain),
          },
        ],
      };
    },
    beforeClose: async () => {
      await dispatcher?.stop();
      sender.close();
      await prisma?.$disconnect();
    },
  });
  if (!dispatcher) throw new Error("notification module was not built");
  dispatcher.start();
  return { ...service, dispatcher };
}
