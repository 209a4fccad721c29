import { prismaAdapter } from "@guichet/db";
import type { ServiceInfrastructure } from "@guichet/runtime";
import { type DynamicModule, Module } from "@nestjs/common";
import { PrismaClient } from "../generated/prisma/client.ts";
import type { IntakeConfig } from "./config.ts";
import { SUBMIT_REQUEST } from "./intake.tokens.ts";
import { ReferenceAllocator } from "./requests/reference-allocator.ts";
import { RequestRepository } from "./requests/request.repository.ts";
import { SubmitRequestUseCase } from "./requests/submit-request/submit-request.usecase.ts";
import { WebRequestsController } from "./requests/web-requests.controller.ts";

@Module({})
class IntakeModule {}

export function intakeModule(
  config: IntakeConfig,
  infrastructure: ServiceInfrastructure,
  prisma: PrismaClient,
): DynamicModule {
  const references = new ReferenceAllocator(infrastructure.pool, infrastructure.schema, config.referencePrefix);
  const submitRequest = new SubmitRequestUseCase(new RequestRepository(prisma), references, infrastructure.outbox);
  return {
    module: IntakeModule,
    controllers: [WebRequestsController],
    providers: [{ provide: SUBMIT_REQUEST, useValue: submitRequest }],
  };
}

export function createIntakePrisma(infrastructure: ServiceInfrastructure): PrismaClient {
  return new PrismaClient({ adapter: prismaAdapter(infrastructure.options.databaseUrl, infrastructure.schema) });
}
