import { type Envelope, events } from "@guichet/contracts";
import type { DeliveryContext } from "@guichet/messaging";
import { Controller, Inject } from "@nestjs/common";
import { Ctx, EventPattern, Payload } from "@nestjs/microservices";
import { ProjectEventUseCase } from "./project-event.usecase.ts";

/** Every catalogued event: what reporting does not project per request it simply skips. */
const ALL_EVENTS = Object.values(events).map((def) => `${def.type}.v${def.version}`);

/** Reporting listens to every event of the pipeline. */
@Controller()
export class ProjectionEventsController {
  constructor(@Inject(ProjectEventUseCase) private readonly project: ProjectEventUseCase) {}

  @EventPattern(ALL_EVENTS)
  async onEvent(@Payload() event: Envelope, @Ctx() context: DeliveryContext) {
    await this.project.execute(event, context.streamSeq);
  }
}
