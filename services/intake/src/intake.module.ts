import { prismaAdapter } from "@guichet/db";
import type { ServiceInfrastructure } from "@guichet/runtime";
import { type DynamicModule, Module } from "@nestjs/common";
import { PrismaClient } from "../generated/prisma/client.ts";
import type { IntakeConfig } from "./config.ts";
import { SUBMIT_REQUEST } from "./intake.tokens.ts";
import { defaultPhoneConfig } from "./phone/phone.config.ts";
import { phoneModule } from "./phone/phone.module.ts";
import { phoneChannel } from "./phone/phone-channel.ts";
import { ReferenceAllocator } from "./requests/reference-allocator.ts";
import { RequestRepository } from "./requests/request.repository.ts";
import { SubmitRequestUseCase } from "./requests/submit-request/submit-request.usecase.ts";
import { webModule } from "./web/web.module.ts";

@Module({})
class IntakeModule {}

export function intakeModule(
  config: IntakeConfig,
  infrastructure: ServiceInfrastructure,
  prisma: PrismaClient,
): DynamicModule {
  const references = new ReferenceAllocator(infrastructure.pool, infrastructure.schema, config.referencePrefix);
  const submitRequest = new SubmitRequestUseCase(
    new RequestRepository(prisma, infrastructure.schema, infrastructure.pool),
    references,
    infrastructure.outbox,
  );
  const phone = phoneModule(
    config.phone ?? defaultPhoneConfig,
    {
      schema: infrastructure.schema,
      outbox: infrastructure.outbox,
      prisma,
      submitRequest,
    },
    config.infrastructure.identitySecret,
  );
  // Web, Open311, counter, postal and the agents' entry pages (the phone pages use the phone channel's use cases).
  const web = webModule(config, {
    infrastructure,
    prisma,
    submitRequest,
    phone: phoneChannel(config.phone ?? defaultPhoneConfig, {
      schema: infrastructure.schema,
      outbox: infrastructure.outbox,
      prisma,
      submitRequest,
    }),
  });
  return {
    module: IntakeModule,
    imports: [phone, web],
    providers: [{ provide: SUBMIT_REQUEST, useValue: submitRequest }],
  };
}

export function createIntakePrisma(infrastructure: ServiceInfrastructure): PrismaClient {
  return new PrismaClient({ adapter: prismaAdapter(infrastructure.options.databaseUrl, infrastructure.schema) });
}
