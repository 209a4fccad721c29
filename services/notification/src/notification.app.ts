import { fileURLToPath } from "node:url";
import { prismaAdapter } from "@guichet/db";
import { INFRASTRUCTURE, type RunningService, startService } from "@guichet/runtime";
import { type DynamicModule, Module } from "@nestjs/common";
import { PrismaClient } from "../generated/prisma/client.ts";
import { AcknowledgementEventsController } from "./acknowledgements/acknowledgement-events.controller.ts";
import { HandleFollowUpUseCase } from "./acknowledgements/handle-follow-up.usecase.ts";
import { HandleRequestReceivedUseCase } from "./acknowledgements/handle-request-received.usecase.ts";
import { HandleRequestRoutedUseCase } from "./acknowledgements/handle-request-routed.usecase.ts";
import { MessageComposer } from "./acknowledgements/message-composer.ts";
import { ReceiptRepository } from "./acknowledgements/receipt.repository.ts";
import type { UseCaseDeps } from "./acknowledgements/use-case.deps.ts";
import { HandleSlaAlertUseCase } from "./alerts/handle-sla-alert.usecase.ts";
import { AppointmentEventsController } from "./appointments/appointment-events.controller.ts";
import { HandleAppointmentEventUseCase } from "./appointments/handle-appointment-event.usecase.ts";
import { HandleMessageBouncedUseCase } from "./bounces/handle-message-bounced.usecase.ts";
import { DEFAULT_TRIAGE_CONFIG, type NotificationConfig, type SmsConfig } from "./config.ts";
import { createSmtpSender, type MailSender } from "./delivery/mail-sender.ts";
import { MessageDispatcher } from "./delivery/message-dispatcher.ts";
import { createOvhSmsSender } from "./delivery/sms/ovh-sms.sender.ts";
import type { SmsSender } from "./delivery/sms/sms-sender.ts";
import { createWebhookSmsSender } from "./delivery/sms/webhook-sms.sender.ts";
import { LettersController } from "./http/letters.controller.ts";
import { RequestMessagesController } from "./http/request-messages.controller.ts";
import { TemplatesController } from "./http/templates.controller.ts";
import { TemplatesPageController } from "./http/templates-page.controller.ts";
import { LetterBatchService } from "./letters/letter-batch.service.ts";
import { NOTIFICATION_STORE } from "./notification.store.ts";
import { DEFAULT_POLICY } from "./policy/notification-policy.ts";
import { TemplateOverridesService } from "./templates/template-overrides.service.ts";
import { TownSettings } from "./templates/town-settings.ts";
import { HandleSentToTriageUseCase } from "./triage/handle-sent-to-triage.usecase.ts";
import { TriageAcknowledgementScheduler } from "./triage/triage-acknowledgement.scheduler.ts";

export const NOTIFICATION_SCHEMA = "notification";

/** How often each instance re-reads the town's wording overrides (another instance may have saved). */
const TEMPLATE_REFRESH_MS = 30_000;

@Module({})
class NotificationModule {}

function smsSenderOf(config: SmsConfig | undefined): SmsSender | undefined {
  if (!config || config.provider === "none") return undefined;
  return config.provider === "ovh" ? createOvhSmsSender(config) : createWebhookSmsSender(config);
}

/** Boots notification: used by main.ts and by end-to-end tests. */
export async function startNotification(
  config: NotificationConfig,
  overrides: { sender?: MailSender; sms?: SmsSender; now?: () => Date } = {},
): Promise<
  RunningService & {
    dispatcher: MessageDispatcher;
    letters: LetterBatchService;
    triageScheduler: TriageAcknowledgementScheduler;
  }
> {
  let prisma: PrismaClient | undefined;
  let dispatcher: MessageDispatcher | undefined;
  let triageScheduler: TriageAcknowledgementScheduler | undefined;
  let letters: LetterBatchService | undefined;
  let templates: TemplateOverridesService | undefined;
  let refresh: NodeJS.Timeout | undefined;
  const sender =
    overrides.sender ?? createSmtpSender(config.smtpUrl, config.mailFrom, config.sendConcurrency, config.mailReplyTo);
  const sms = overrides.sms ?? smsSenderOf(config.sms);
  const town = new TownSettings(config.town);
  const composer = new MessageComposer(town);
  const triage = config.triage ?? DEFAULT_TRIAGE_CONFIG;
  const service = await startService({
    name: "notification",
    schema: NOTIFICATION_SCHEMA,
    migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)),
    infrastructure: config.infrastructure,
    port: config.port,
    consumer: {},
    prepare: async (infrastructure) => {
      templates = new TemplateOverridesService(infrastructure.pool, town);
      await templates.load();
    },
    module: (infrastructure): DynamicModule => {
      prisma = new PrismaClient({ adapter: prismaAdapter(config.infrastructure.databaseUrl, NOTIFICATION_SCHEMA) });
      dispatcher = new MessageDispatcher({
        pool: infrastructure.pool,
        schema: NOTIFICATION_SCHEMA,
        outbox: infrastructure.outbox,
        sender,
        sms,
        composer,
        quietHours: config.quietHours,
        messageIdDomain: config.messageIdDomain,
        logger: infrastructure.logger,
        // Each parallel send holds a pooled connection: leave the rest of the pool to the consumers.
        concurrency: Math.min(config.sendConcurrency, 4),
        now: overrides.now,
      });
      letters = new LetterBatchService(infrastructure.pool, infrastructure.outbox);
      const wakeDispatcher = dispatcher;
      triageScheduler = new TriageAcknowledgementScheduler({
        pool: infrastructure.pool,
        outbox: infrastructure.outbox,
        composer,
        policy: config.policy ?? DEFAULT_POLICY,
        smsEnabled: sms !== undefined,
        messageIdDomain: config.messageIdDomain,
        triage,
        logger: infrastructure.logger,
        onQueued: () => wakeDispatcher.wake(),
        now: overrides.now,
      });
      const deps: UseCaseDeps = {
        db: prisma,
        receipts: new ReceiptRepository(infrastructure.pool, infrastructure.inbox, infrastructure.outbox),
        inbox: infrastructure.inbox,
        outbox: infrastructure.outbox,
        composer,
        messageIdDomain: config.messageIdDomain,
        policy: config.policy ?? DEFAULT_POLICY,
        smsEnabled: sms !== undefined,
        survey: config.survey ?? { baseUrl: null },
      };
      const fallback = { composer, messageIdDomain: config.messageIdDomain, smsEnabled: sms !== undefined };
      return {
        module: NotificationModule,
        controllers: [
          AcknowledgementEventsController,
          AppointmentEventsController,
          RequestMessagesController,
          LettersController,
          TemplatesController,
          TemplatesPageController,
        ],
        providers: [
          { provide: INFRASTRUCTURE, useValue: infrastructure },
          { provide: NOTIFICATION_STORE, useValue: prisma },
          { provide: MessageComposer, useValue: composer },
          { provide: MessageDispatcher, useValue: dispatcher },
          { provide: LetterBatchService, useValue: letters },
          { provide: TemplateOverridesService, useValue: templates },
          { provide: TownSettings, useValue: town },
          { provide: HandleRequestReceivedUseCase, useValue: new HandleRequestReceivedUseCase(deps) },
          { provide: HandleRequestRoutedUseCase, useValue: new HandleRequestRoutedUseCase(deps) },
          { provide: HandleFollowUpUseCase, useValue: new HandleFollowUpUseCase(deps) },
          { provide: HandleAppointmentEventUseCase, useValue: new HandleAppointmentEventUseCase(deps) },
          { provide: HandleSentToTriageUseCase, useValue: new HandleSentToTriageUseCase(deps, triage) },
          {
            provide: HandleSlaAlertUseCase,
            useValue: new HandleSlaAlertUseCase(deps, triage, config.town.contactEmail ?? null),
          },
          {
            provide: HandleMessageBouncedUseCase,
            useValue: new HandleMessageBouncedUseCase(prisma, infrastructure.inbox, infrastructure.outbox, fallback),
          },
        ],
      };
    },
    beforeClose: async () => {
      clearInterval(refresh);
      await triageScheduler?.stop();
      await dispatcher?.stop();
      sender.close();
      await prisma?.$disconnect();
    },
  });
  if (!dispatcher || !letters || !triageScheduler) throw new Error("notification module was not built");
  dispatcher.start();
  triageScheduler.start();
  const loaded = templates;
  refresh = setInterval(() => {
    loaded?.load().catch((error: unknown) => {
      service.infrastructure.logger.warn({ err: (error as Error).message }, "template refresh failed");
    });
  }, TEMPLATE_REFRESH_MS);
  refresh.unref();
  return { ...service, dispatcher, letters, triageScheduler };
}
