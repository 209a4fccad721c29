import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { prismaAdapter } from "@guichet/db";
import { INFRASTRUCTURE, type RunningService, startService } from "@guichet/runtime";
import { type DynamicModule, Module } from "@nestjs/common";
import { PrismaClient } from "../generated/prisma/client.ts";
import { CatalogAdminController } from "./admin/catalog-admin.controller.ts";
import { CatalogVersions } from "./catalog-store/catalog-versions.ts";
import type { RoutingConfig } from "./config.ts";
import { Desk } from "./desk/desk.module.ts";
import { DirectoryController } from "./directory/directory.controller.ts";
import { Open311Controller } from "./directory/open311.controller.ts";
import { parseLabelledRequests } from "./domain/routing-evaluation.ts";
import { RouteRequestUseCase } from "./routing/route-request/route-request.usecase.ts";
import { RoutingEngine } from "./routing/routing-engine.ts";
import { RoutingEventsController } from "./routing/routing-events.controller.ts";
import { RoutingModels } from "./routing/routing-models.ts";

export const ROUTING_SCHEMA = "routing";

@Module({})
class RoutingModule {}

/** Boots routing: used by main.ts and by end-to-end tests. */
export async function startRouting(
  config: RoutingConfig,
): Promise<RunningService & { catalogs: CatalogVersions; models: RoutingModels; engine: RoutingEngine }> {
  const prisma = new PrismaClient({ adapter: prismaAdapter(config.infrastructure.databaseUrl, ROUTING_SCHEMA) });
  const catalogs = new CatalogVersions(prisma);
  const models = new RoutingModels(prisma, async () =>
    parseLabelledRequests(await readFile(config.routing.bootstrapFile, "utf8")),
  );
  const engine = new RoutingEngine(
    { catalog: () => catalogs.current(), model: () => models.current() },
    config.routing.triageThreshold === undefined ? {} : { route: config.routing.triageThreshold },
  );
  let refresher: NodeJS.Timeout | undefined;
  const desk = new Desk(prisma, catalogs);
  const service = await startService({
    name: "routing",
    schema: ROUTING_SCHEMA,
    migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)),
    infrastructure: config.infrastructure,
    port: config.port,
    consumer: {},
    module: (infrastructure): DynamicModule => ({
      module: RoutingModule,
      imports: [desk.module(infrastructure)],
      controllers: [RoutingEventsController, CatalogAdminController, DirectoryController, Open311Controller],
      providers: [
        {
          provide: RouteRequestUseCase,
          useValue: new RouteRequestUseCase(infrastructure.pool, infrastructure.inbox, infrastructure.outbox, engine),
        },
        { provide: CatalogVersions, useValue: catalogs },
        { provide: RoutingModels, useValue: models },
        { provide: RoutingEngine, useValue: engine },
        // Root-module providers are not visible to this feature module: controllers that need the
        // infrastructure (CatalogAdminController) get it here.
        { provide: INFRASTRUCTURE, useValue: infrastructure },
      ],
    }),
    // The catalogue is loaded before the consumer receives its first request.
    prepare: async (infrastructure) => {
      await models.load(await catalogs.load(config.initialCatalogFile));
      // Versions stored by another process (guichet catalog import, guichet routing train).
      refresher = setInterval(() => {
        Promise.all([catalogs.refresh(), models.refresh()]).catch((error: unknown) =>
          infrastructure.logger.warn({ err: (error as Error).message }, "catalogue or model refresh failed"),
        );
      }, config.routing.refreshSeconds * 1000);
      refresher.unref();
      // The desk projection has its own durable consumer (routing-desk).
      await desk.start(infrastructure);
    },
    beforeClose: async () => {
      clearInterval(refresher);
      await desk.stop();
      await prisma.$disconnect();
    },
  });
  return { ...service, catalogs, models, engine };
}
