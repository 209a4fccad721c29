import { fileURLToPath } from "node:url";
import { prismaAdapter } from "@guichet/db";
import { type RunningService, startService } from "@guichet/runtime";
import { type DynamicModule, Module } from "@nestjs/common";
import { PrismaClient } from "../generated/prisma/client.ts";
import { CatalogVersions } from "./catalog-store/catalog-versions.ts";
import type { RoutingConfig } from "./config.ts";
import { RouteRequestUseCase } from "./routing/route-request/route-request.usecase.ts";
import { createRouter } from "./routing/router.factory.ts";
import { RoutingEventsController } from "./routing/routing-events.controller.ts";

export const ROUTING_SCHEMA = "routing";

@Module({})
class RoutingModule {}

/** Boots routing: used by main.ts and by end-to-end tests. */
export async function startRouting(config: RoutingConfig): Promise<RunningService & { catalogs: CatalogVersions }> {
  const prisma = new PrismaClient({ adapter: prismaAdapter(config.infrastructure.databaseUrl, ROUTING_SCHEMA) });
  const catalogs = new CatalogVersions(prisma);
  const service = await startService({
    name: "routing",
    schema: ROUTING_SCHEMA,
    migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)),
    infrastructure: config.infrastructure,
    port: config.port,
    consumer: {},
    module: (infrastructure): DynamicModule => ({
      module: RoutingModule,
      controllers: [RoutingEventsController],
      providers: [
        {
          provide: RouteRequestUseCase,
          useValue: new RouteRequestUseCase(
            prisma,
            infrastructure.inbox,
            infrastructure.outbox,
            catalogs,
            createRouter(),
          ),
        },
      ],
    }),
    // The catalogue is loaded before the consumer receives its first request.
    prepare: async () => {
      await catalogs.load(config.initialCatalogFile);
    },
    beforeClose: () => prisma.$disconnect(),
  });
  return { ...service, catalogs };
}
