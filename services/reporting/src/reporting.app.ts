import { fileURLToPath } from "node:url";
import { type RunningService, startService } from "@guichet/runtime";
import { type DynamicModule, Module } from "@nestjs/common";
import type { ReportingConfig } from "./config.ts";
import { ProjectEventUseCase } from "./projections/project-event.usecase.ts";
import { ProjectionEventsController } from "./projections/projection-events.controller.ts";
import { RequestTimelineQuery } from "./timeline/request-timeline.query.ts";
import { TimelineController } from "./timeline/timeline.controller.ts";

export const REPORTING_SCHEMA = "reporting";

@Module({})
class ReportingModule {}

/** Boots reporting: used by main.ts and by end-to-end tests. */
export function startReporting(config: ReportingConfig): Promise<RunningService> {
  return startService({
    name: "reporting",
    schema: REPORTING_SCHEMA,
    migrationsDir: fileURLToPath(new URL("../migrations", import.meta.url)),
    infrastructure: config.infrastructure,
    port: config.port,
    consumer: {},
    module: (infrastructure): DynamicModule => ({
      module: ReportingModule,
      controllers: [ProjectionEventsController, TimelineController],
      providers: [
        {
          provide: ProjectEventUseCase,
          useValue: new ProjectEventUseCase(infrastructure.pool, REPORTING_SCHEMA, infrastructure.inbox),
        },
        { provide: RequestTimelineQuery, useValue: new RequestTimelineQuery(infrastructure.pool, REPORTING_SCHEMA) },
      ],
    }),
  });
}
