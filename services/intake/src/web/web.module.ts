import type { ServiceInfrastructure } from "@guichet/runtime";
import { type DynamicModule, Module } from "@nestjs/common";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import type { IntakeConfig } from "../config.ts";
import { CounterPageController } from "../counter/counter-page.controller.ts";
import { Open311RequestsController } from "../open311/open311-requests.controller.ts";
import type { PhoneChannel } from "../phone/phone-channel.ts";
import { PostalPageController } from "../postal/postal-page.controller.ts";
import type { SubmitRequestUseCase } from "../requests/submit-request/submit-request.usecase.ts";
import { WebRequestsController } from "../requests/web-requests.controller.ts";
import { EntryIndexController } from "../staff-pages/entry-index.controller.ts";
import { ENTRY_PHONE_CHANNEL, PhonePagesController } from "../staff-pages/phone-pages.controller.ts";
import { CitizenFormController } from "./citizen-form.controller.ts";
import { WEB_CHANNEL, webChannel } from "./web-channel.ts";

@Module({})
class WebModule {}

/**
 * Citizen web channel (form, JSON API, Open311) and the staff entry pages (counter, postal mail,
 * phone notes and call-log upload), all over the shared submit-request use case.
 */
export function webModule(
  config: IntakeConfig,
  deps: {
    infrastructure: ServiceInfrastructure;
    prisma: PrismaClient;
    submitRequest: SubmitRequestUseCase;
    phone: PhoneChannel;
  },
): DynamicModule {
  const channel = webChannel({
    config: config.web,
    publicUrl: config.publicUrl,
    identitySecret: config.infrastructure.identitySecret,
    submitRequest: deps.submitRequest,
    prisma: deps.prisma,
    pool: deps.infrastructure.pool,
    schema: deps.infrastructure.schema,
  });
  return {
    module: WebModule,
    controllers: [
      WebRequestsController,
      CitizenFormController,
      Open311RequestsController,
      EntryIndexController,
      CounterPageController,
      PostalPageController,
      PhonePagesController,
    ],
    providers: [
      { provide: WEB_CHANNEL, useValue: channel },
      { provide: ENTRY_PHONE_CHANNEL, useValue: deps.phone },
    ],
  };
}
