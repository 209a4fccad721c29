import type { Envelope } from "@guichet/contracts";
import type { DeliveryContext } from "@guichet/messaging";
import { Controller, Inject } from "@nestjs/common";
import { Ctx, EventPattern, Payload } from "@nestjs/microservices";
import { ProjectEventUseCase } from "./project-event.usecase.ts";

/** Reporting listens to every event of the pipeline. */
@Controller()
export class ProjectionEventsController {
  constructor(@Inject(ProjectEventUseCase) private readonly project: ProjectEventUseCase) {}

  @EventPattern([
    "request.received.v1",
    "request.routed.v1",
    "request.sent-to-triage.v1",
    "acknowledgement.sent.v1",
    "acknowledgement.failed.v1",
  ])
  async onEvent(@Payload() event: Envelope, @Ctx() context: DeliveryContext) {
    await this.project.execute(event, context.streamSeq);
  }
}
