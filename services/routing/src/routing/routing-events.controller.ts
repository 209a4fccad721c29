import type { Envelope, RequestReceivedV1 } from "@guichet/contracts";
import { Controller, Inject } from "@nestjs/common";
import { EventPattern, Payload } from "@nestjs/microservices";
import { RouteRequestUseCase } from "./route-request/route-request.usecase.ts";

/** The message edge of routing. */
@Controller()
export class RoutingEventsController {
  constructor(@Inject(RouteRequestUseCase) private readonly routeRequest: RouteRequestUseCase) {}

  @EventPattern("request.received.v1")
  async requestReceived(@Payload() event: Envelope<RequestReceivedV1>) {
    await this.routeRequest.execute(event);
  }
}
